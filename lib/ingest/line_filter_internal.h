#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace kb::ingest {

// `text` without the lines for which `drop(line)` is true (`line` without its '\n').
// The blank lines that separated a dropped line from the text before it are dropped with
// it, so paragraphs stay separated by one blank line and the text does not start with
// blank lines left behind. If nothing is dropped the text is returned unchanged; otherwise
// it ends with a single '\n' if it ended with one, and with none if it did not.
// Thread safety: safe to call concurrently if `drop` is.
// Throws: what `drop` throws, std::bad_alloc.
std::string filter_lines(std::string_view text,
                         const std::function<bool(std::string_view line)>& drop);

// `line` without leading and trailing spaces, tabs, CR and no-break spaces (U+00A0).
std::string_view trim_line(std::string_view line) noexcept;

}  // namespace kb::ingest
