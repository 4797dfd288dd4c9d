#pragma once

#include <string>

namespace kb::analysis {

// Simple (per code point) Unicode case operations on one UTF-8 word, for dictionary lemmas
// and lookups. Text goes through TextNormalizer (NFKC_Casefold) instead.
// Thread safety: pure functions.

// Full Unicode case folding: "Warszawa" -> "warszawa", "ΣΟΦΊΑ" -> "σοφία".
std::string fold_case(const std::string& utf8);

// The first letter upper-cased, the rest unchanged: "ljubljani" -> "Ljubljani".
std::string title_case(const std::string& utf8);

}  // namespace kb::analysis
