#pragma once

#include <string>
#include <vector>

#include "kb/analysis/stemmers.h"

namespace kb::analysis {

// The language whose dictionary knows most of the words of a short text, for texts CLD2
// gives up on ("Datum i vreme", "Upravljanje bojom"): the morphological dictionaries that
// stem pl, sl, bs/hr/sr, cs, sk and bg, and Hunspell's for those and for en, de, hu and ro,
// know inflected forms, which a list of frequent words does not. Only languages with a
// dictionary can win.
// The winner must know at least half of the words and strictly more than any other
// language; bs/hr/sr share one dictionary and win as "hr" (callers tell them apart).
// Dictionaries are loaded on first use and shared with the Stemmers of the process.
// Thread safety: one instance per thread.
class DictionaryVote {
public:
    explicit DictionaryVote(DictionaryPaths paths = {});
    ~DictionaryVote();
    DictionaryVote(const DictionaryVote&) = delete;
    DictionaryVote& operator=(const DictionaryVote&) = delete;

    // `words` case folded (with diacritics; Serbian Cyrillic in Gaj Latin for `latin_words`):
    // the winning canonical code, or empty.
    std::string winner(const std::vector<std::string>& words,
                       const std::vector<std::string>& latin_words);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kb::analysis
