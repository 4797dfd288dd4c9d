#include "kb/analysis/stemmers.h"

#include <map>
#include <optional>

#include <xapian.h>

#include "hunspell_dictionary.h"
#include "lexicon_stem.h"
#include "suffix_stripper.h"
#include "word_cache.h"

namespace kb::analysis {
namespace {

struct LanguageStemmer {
    std::optional<Xapian::Stem> stem;
    WordCache cache;
};

// Languages Xapian 1.4 has no stemmer for, with their Hunspell dictionary and whether the
// Snowball Serbian stemmer (which suits all of Bosnian, Croatian and Serbian) catches the
// words the dictionary does not know.
struct LexiconLanguage {
    std::string_view code;
    std::string_view dictionary;
    bool serbian_snowball;
};
constexpr LexiconLanguage kLexiconLanguages[] = {
    {"pl", "pl_PL", false}, {"sl", "sl_SI", false},     {"hr", "hr_HR", true},
    {"bs", "bs_BA", true},  {"sr", "sr_Latn_RS", true}, {"me", "sr_ME", true},
    {"cs", "cs_CZ", false}, {"sk", "sk_SK", false},     {"bg", "bg_BG", false},
};

std::optional<Xapian::Stem> make_stemmer(const std::string& lang,
                                         const std::filesystem::path& dictionary_dir) {
    if (lang.empty()) {
        return std::nullopt;
    }
    for (const LexiconLanguage& l : kLexiconLanguages) {
        if (l.code == lang) {
            auto dictionary = HunspellDictionary::get(dictionary_dir, std::string(l.dictionary));
            auto fallback =
                l.serbian_snowball ? std::make_unique<SnowballStem>("serbian") : nullptr;
            const SuffixStripper* stripper = SuffixStripper::for_language(l.code);
            if (!dictionary && !fallback && stripper == nullptr) {
                return std::nullopt;
            }
            // Xapian::Stem takes ownership of the implementation (reference counted).
            return Xapian::Stem(
                new LexiconStem(std::move(dictionary), std::move(fallback), stripper));
        }
    }
    try {
        Xapian::Stem stem(lang);
        if (stem.is_none()) {
            return std::nullopt;
        }
        return stem;
    } catch (const Xapian::InvalidArgumentError&) {
        return std::nullopt;  // no stemmer for this language: words are their own stems
    }
}

}  // namespace

struct Stemmers::Impl {
    std::filesystem::path dictionary_dir;
    std::map<std::string, LanguageStemmer, std::less<>> by_language;

    LanguageStemmer& get(std::string_view lang) {
        auto it = by_language.find(lang);
        if (it == by_language.end()) {
            LanguageStemmer s;
            s.stem = make_stemmer(std::string(lang), dictionary_dir);
            it = by_language.emplace(std::string(lang), std::move(s)).first;
        }
        return it->second;
    }
};

Stemmers::Stemmers(std::filesystem::path dictionary_dir) : impl_(std::make_unique<Impl>()) {
    impl_->dictionary_dir = std::move(dictionary_dir);
}
Stemmers::~Stemmers() = default;

const std::string& Stemmers::stem(std::string_view lang, const std::string& case_folded) {
    LanguageStemmer& s = impl_->get(lang);
    if (!s.stem) {
        return case_folded;
    }
    return s.cache.get(case_folded, [&](const std::string& word) { return (*s.stem)(word); });
}

bool Stemmers::has_stemmer(std::string_view lang) {
    return impl_->get(lang).stem.has_value();
}

}  // namespace kb::analysis
