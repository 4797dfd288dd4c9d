#pragma once

#include <string>
#include <vector>

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

}  // namespace kb::analysis
