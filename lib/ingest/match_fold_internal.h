#pragma once

#include <string>
#include <string_view>

namespace kb::ingest {

// A form of `text` for matching against fixed phrases written without diacritics:
// lower case, diacritics removed ("Ż" -> "z", "č" -> "c", "й" -> "и"; also "ł" -> "l",
// "đ" -> "d", "ß" -> "ss"), runs of white space (including no-break space and line ends)
// collapsed to one ASCII space, no leading or trailing space. Ill-formed UTF-8 becomes
// U+FFFD. Meant for short text (lines, the head of a document): inputs longer than 64 MiB
// are cut.
// Thread safety: safe to call concurrently.
// Throws: InternalError if ICU's normalisation data is missing.
std::string fold_for_matching(std::string_view text);

}  // namespace kb::ingest
