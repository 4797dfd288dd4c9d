#include "lexicon_stem.h"

#include <libstemmer.h>

#include "kb/util/error.h"

#include "lemma_dictionary.h"
#include "suffix_stripper.h"

namespace kb::analysis {

SnowballStem::SnowballStem(const std::string& algorithm)
    : stemmer_(sb_stemmer_new(algorithm.c_str(), "UTF_8")), algorithm_(algorithm) {
    if (stemmer_ == nullptr) {
        throw ConfigError("libstemmer has no '" + algorithm + "' stemmer");
    }
}

SnowballStem::~SnowballStem() {
    sb_stemmer_delete(stemmer_);
}

std::string SnowballStem::operator()(const std::string& word) {
    const sb_symbol* out = sb_stemmer_stem(
        stemmer_, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
    if (out == nullptr) {
        return word;  // out of memory inside libstemmer: the word is still a fine term
    }
    return std::string(reinterpret_cast<const char*>(out),
                       static_cast<std::size_t>(sb_stemmer_length(stemmer_)));
}

LexiconStem::LexiconStem(std::vector<std::shared_ptr<LemmaDictionary>> dictionaries,
                         std::unique_ptr<SnowballStem> fallback,
                         const SuffixStripper* stripper)
    : dictionaries_(std::move(dictionaries)), fallback_(std::move(fallback)), stripper_(stripper) {}

LexiconStem::~LexiconStem() = default;

std::string LexiconStem::operator()(const std::string& word) {
    for (const auto& dictionary : dictionaries_) {
        const std::vector<std::string> lemmas = dictionary->lemmas(word);
        if (!lemmas.empty()) {
            return choose_lemma(word, lemmas);
        }
    }
    if (fallback_) {
        return (*fallback_)(word);
    }
    // A word no dictionary knows: strip its ending, so it meets its other forms.
    return stripper_ != nullptr ? (*stripper_)(word) : word;
}

std::string LexiconStem::get_description() const {
    std::string d = "kb::LexiconStem(";
    if (dictionaries_.empty()) {
        d += "no dictionary";
    }
    for (std::size_t i = 0; i < dictionaries_.size(); ++i) {
        d += (i > 0 ? ", " : "") + dictionaries_[i]->name();
    }
    if (fallback_) {
        d += ", snowball " + fallback_->algorithm();
    }
    if (stripper_ != nullptr) {
        d += ", suffix stripping";
    }
    return d + ")";
}

}  // namespace kb::analysis
