#pragma once

#include <string>
#include <string_view>

#include "kb/ingest/extracted_document.h"

namespace kb::ingest {

// Plain text in any common encoding: UTF-8 or UTF-16 with or without BOM, legacy 8-bit
// encodings detected by uchardet (see decode_text in charset.h), recorded in `encoding`.
// Undecodable bytes become U+FFFD. Line ends are normalised to LF. The title is the first
// heading-like line (see guess_title).
// Thread safety: safe to call concurrently.
// Throws: InputError naming `source` if the text is empty or looks binary (NUL bytes
// outside UTF-16).
ExtractedDocument extract_text(std::string_view bytes, const std::string& source);

// The first line of `text` that reads like a title: at least four words, at most 250
// bytes, not mostly capitals and not a known boilerplate line ("Twoja przeglądarka nie
// obsługuje skryptów JavaScript", cookie notices, font-size controls). Falls back to the
// first non-empty line, cut at 200 bytes. Empty if the text has no letters.
std::string guess_title(std::string_view text);

// True for lines that scraped web pages carry on every page: script warnings, cookie
// notices, accessibility controls, menu entries.
bool is_boilerplate_line(std::string_view line);

}  // namespace kb::ingest
