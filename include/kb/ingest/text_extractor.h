#pragma once

#include <string>
#include <string_view>

#include "kb/ingest/extracted_document.h"

namespace kb::ingest {

// Plain text in any common encoding: UTF-8 or UTF-16 with or without BOM, legacy 8-bit
// encodings detected by uchardet (see decode_text in charset.h), recorded in `encoding`.
// Undecodable bytes become U+FFFD. Line ends are normalised to LF. Boilerplate lines
// (is_boilerplate_line in boilerplate.h) are removed from the text unless nothing else
// would be left. The title is the first heading-like line (see guess_title); `date` the
// publication date the text states (find_publication_date), `url` the source address it
// names (find_source_url).
// Thread safety: safe to call concurrently.
// Throws: InputError naming `source` if the text is empty or looks binary (NUL bytes
// outside UTF-16).
ExtractedDocument extract_text(std::string_view bytes, const std::string& source);

// The first line of `text` that reads like a title: at least four words, at most 250
// bytes, not mostly capitals, not a boilerplate line (is_boilerplate_line: "Twoja
// przeglądarka nie obsługuje skryptów JavaScript", cookie notices, font-size controls) and
// not page furniture that may stay in the text (a line mentioning JavaScript or cookies,
// "Spis treści", "Szukaj w ...", "Mapa strony", "Zaloguj", "Newsletter"). Falls back to
// the first non-empty line that is neither, cut at 200 bytes. Empty if the text has no
// letters.
// Thread safety: safe to call concurrently.
// Throws: InternalError if ICU's data is missing; std::bad_alloc.
std::string guess_title(std::string_view text);

}  // namespace kb::ingest
