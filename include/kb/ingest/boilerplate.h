#pragma once

#include <string>
#include <string_view>

namespace kb::ingest {

// True for a line that web pages carry around their content and that scraped text keeps:
// "JavaScript is disabled" notices, cookie consent lines and buttons, font-size and
// contrast controls ("CTRL+ ZA POVEČAVO", "PISAVA", "A- A A+"), skip links ("Skip to
// content", "Przejdź do treści") and lone language switches ("SI", "EN"), in Polish,
// Slovenian, Croatian, Bosnian, Serbian (both scripts), Czech, Slovak, German, Hungarian,
// Romanian, Bulgarian and English. Compared after trimming, case- and diacritic-
// insensitively; notices must be short (at most 300 bytes) and name both the subject and
// what it does ("javascript" and "disabled", "cookie" and "uses"), so a paragraph that
// merely mentions cookies or JavaScript is kept.
// Thread safety: safe to call concurrently.
// Throws: InternalError if ICU's data is missing; std::bad_alloc.
bool is_boilerplate_line(std::string_view line);

// `text` without its boilerplate lines (is_boilerplate_line); the blank line that
// separated a removed line from the previous paragraph goes with it. Returns `text`
// unchanged if no line is removed.
// Thread safety: safe to call concurrently.
// Throws: as is_boilerplate_line.
std::string remove_boilerplate_lines(std::string_view text);

}  // namespace kb::ingest
