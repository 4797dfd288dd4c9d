#pragma once

#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

struct sb_stemmer;

namespace kb::analysis {

class LemmaDictionary;
class SuffixStripper;

// The Snowball stemmer of libstemmer for a language Xapian 1.4 lacks (Serbian, which also
// suits Bosnian and Croatian).
// Thread safety: one instance per thread.
class SnowballStem {
public:
    // Throws: ConfigError if libstemmer has no such algorithm.
    explicit SnowballStem(const std::string& algorithm);
    ~SnowballStem();
    SnowballStem(const SnowballStem&) = delete;
    SnowballStem& operator=(const SnowballStem&) = delete;

    std::string operator()(const std::string& word);
    const std::string& algorithm() const { return algorithm_; }

private:
    sb_stemmer* stemmer_;
    std::string algorithm_;
};

// A Xapian stemmer that gives a word's dictionary lemma (the first of its dictionaries that
// knows the word: Morfologik, then Hunspell), else the stem of a fallback Snowball stemmer,
// else, for languages that have one, the word with its ending stripped, else the word
// itself. Handed to Xapian::Stem, which owns it.
// Thread safety: one instance per thread (the dictionary is shared safely).
class LexiconStem : public Xapian::StemImplementation {
public:
    LexiconStem(std::vector<std::shared_ptr<LemmaDictionary>> dictionaries,
                std::unique_ptr<SnowballStem> fallback,
                const SuffixStripper* stripper = nullptr);
    ~LexiconStem() override;

    std::string operator()(const std::string& word) override;
    std::string get_description() const override;

private:
    std::vector<std::shared_ptr<LemmaDictionary>> dictionaries_;
    std::unique_ptr<SnowballStem> fallback_;
    const SuffixStripper* stripper_;  // for words no dictionary knows; may be null
};

}  // namespace kb::analysis
