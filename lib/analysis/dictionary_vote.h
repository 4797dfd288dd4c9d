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
// language, or as many as another but more of the words that are its function words
// (stop_words.h: "Datum i vreme" is BCMS by its "i", where Slovenian says "in");
// bs/hr/sr share one dictionary and win as "hr" (callers tell them apart).
// Dictionaries are loaded on first use and shared with the Stemmers of the process.
// Thread safety: one instance per thread.
class DictionaryVote {
public:
    explicit DictionaryVote(DictionaryPaths paths = {});
    ~DictionaryVote();
    DictionaryVote(const DictionaryVote&) = delete;
    DictionaryVote& operator=(const DictionaryVote&) = delete;

    // One word of the text in the three forms the dictionaries and stop lists need.
    struct Word {
        std::string norm;    // case folded, with diacritics
        std::string latin;   // norm with Serbian Cyrillic in Gaj Latin
        std::string folded;  // no diacritics, as stop_words.h wants it
    };

    // The winning canonical code for the words of a text, or empty.
    std::string winner(const std::vector<Word>& words);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kb::analysis
