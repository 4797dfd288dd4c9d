#pragma once

#include <span>
#include <string>
#include <string_view>

namespace kb::analysis {

// One language kbsearch knows by name. `code` is the ISO 639-1 code used in terms, facets
// and the API ("sr" for Serbian in either script).
struct LanguageInfo {
    std::string_view code;
    std::string_view english_name;
    std::string_view native_name;
};

// All languages with a name in the table, ordered by code.
std::span<const LanguageInfo> known_languages() noexcept;

// The entry for `code` (case-insensitive; a BCP-47 tag such as "sr-Cyrl" or "pl_PL" is cut
// to its language subtag), or nullptr.
const LanguageInfo* find_language(std::string_view code) noexcept;

// Canonical language code for a BCP-47 tag or code: "sr-Latn" -> "sr", "PL" -> "pl",
// "sh" -> "hr"; empty if it is not a well-formed language subtag.
std::string canonical_language(std::string_view tag);

// True for Bosnian, Croatian, Serbian (and Montenegrin): one analysis group, whose
// Cyrillic is folded to Gaj Latin.
bool is_bcms(std::string_view code) noexcept;

}  // namespace kb::analysis
