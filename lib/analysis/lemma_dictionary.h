#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kb/analysis/stemmers.h"

namespace kb::analysis {

// A source of dictionary lemmas for the word forms of one language (Morfologik, Hunspell).
// Thread safety: implementations may be called from any thread.
class LemmaDictionary {
public:
    virtual ~LemmaDictionary() = default;

    // Every lemma the dictionary gives for a case-folded UTF-8 word, case-folded, in the
    // dictionary's order; empty if it does not know the word.
    virtual std::vector<std::string> lemmas(const std::string& word) = 0;

    virtual const std::string& name() const = 0;
};

// One lemma out of several, deterministically, so that the forms of one word meet on one
// term; nullopt-like empty string if `lemmas` is empty. See lemma_dictionary.cc for the rule.
std::string choose_lemma(const std::string& word, const std::vector<std::string>& lemmas);

// The dictionaries Stemmers asks for the lemmas of `lang` (canonical code), in its order;
// empty for the languages Snowball stems. Shared by every user in the process.
// Throws: ConfigError if a dictionary file exists but is broken.
std::vector<std::shared_ptr<LemmaDictionary>> lemma_dictionaries(std::string_view lang,
                                                                 const DictionaryPaths& paths);

}  // namespace kb::analysis
