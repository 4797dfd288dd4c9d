#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kb::util {

// True if `text` is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF).
bool is_valid_utf8(std::string_view text) noexcept;

// Returns `text` with every ill-formed UTF-8 sequence replaced by U+FFFD, so that later
// stages (ICU, CLD2, JSON output) can trust their input.
std::string sanitize_utf8(std::string_view text);

// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string html_escape(std::string_view text);
void append_html_escaped(std::string& out, std::string_view text);

// Length in bytes of the longest prefix of `text` that is at most `max_bytes` long and
// does not end inside a UTF-8 sequence.
std::size_t utf8_prefix_length(std::string_view text, std::size_t max_bytes) noexcept;

// Number of code points in valid UTF-8 `text` (bytes that are not continuation bytes).
std::size_t code_point_count(std::string_view text) noexcept;

// True if every byte is ASCII.
bool is_ascii(std::string_view text) noexcept;

// Appends code point `c` (at most U+10FFFF) to `out` as UTF-8.
void append_utf8(std::string& out, char32_t c);

}  // namespace kb::util
