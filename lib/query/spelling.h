#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

#include "spelling_index.h"

namespace kb::query {

// "Did you mean": the index's own word closest to `folded` (a query word's diacritic-
// folded form) when the index does not have it, or (for words of 5+ letters) has it in at
// most 2 documents while a close word is in 10 times as many. Close: Damerau-Levenshtein
// distance 1 (2 for unknown words of 7 letters or more), same first letter; the smallest
// distance wins, then the most documents. Compared folded, so "mozganow" and "možganov"
// meet. `words` are the words of `db` (SharedSpelling); `db` gives the word's own count.
// nullopt when nothing is close.
// Thread safety: as `db`.
std::optional<std::string> spelling_suggestion(const SpellingIndex& words,
                                               const Xapian::Database& db,
                                               std::string_view folded);

}  // namespace kb::query
