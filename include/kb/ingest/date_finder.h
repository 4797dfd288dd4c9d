#pragma once

#include <string>
#include <string_view>

namespace kb::ingest {

// The publication date written in a document's text, as "YYYY-MM-DD"; empty if none is
// found. Looks only at the first 3 KB: first at lines labelled as a publication date
// ("Data publikacji", "Datum objave", "Objavljeno", "Published", "Veröffentlicht",
// "Datum:", ...) and the non-empty line after such a label; then at the first date in the
// head of the document, before its running text (the first line over 200 bytes, or three
// consecutive lines over 50), or in the first 40 bytes of that first paragraph (a dateline:
// "Zagreb, 4. listopada 2021. – ..."). Dates further into the text are mostly those of
// events and deadlines, not of the document. Understands
//   2020-07-01 (also with a time after it), 2024. 11. 20. (Hungarian);
//   21.11.2024, 21. 11. 2024, 21/11/2024, 21-11-2024 (day first, never month first);
//   day, month name, year: "4 listopada 2021", "20. novembra 2024", "1. siječnja 2024.",
//   "20 noiembrie 2024", "20. November 2024", "20th November 2024", "20 ноември 2024",
//   "20. новембра 2024" (Polish, Czech, Slovak, Slovenian, Croatian, Bosnian, Serbian in
//   both scripts, Hungarian, Romanian, German, English, Bulgarian, Russian; nominative and
//   genitive forms, English and German abbreviations);
//   "November 20, 2024" and "2024. november 20." (Hungarian).
// Case and diacritics are ignored ("SIJECNJA" matches "siječnja"). Only real dates between
// 1990-01-01 and 2100-12-31 count. Numbers that are parts of longer numbers are not dates:
// "2.11.2024.1", "1.21.11.2024", a date right after another number ("+385 21/11/2024",
// but a time such as "08:48 21.11.2024" is fine) or after "version"/"wersja"/"verzija".
// `language_hint` (a BCP 47 tag such as "hr" or "hr-HR") resolves the one ambiguous month
// name: "listopad" is October in Croatian and Bosnian ("hr", "bs") and November otherwise.
// Thread safety: safe to call concurrently.
// Throws: InternalError if ICU's data is missing; std::bad_alloc.
std::string find_publication_date(std::string_view text, std::string_view language_hint = "");

}  // namespace kb::ingest
