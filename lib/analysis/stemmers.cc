#include "kb/analysis/stemmers.h"

#include <map>
#include <optional>

#include <xapian.h>

#include "apertium_analyser.h"
#include "hunspell_dictionary.h"
#include "lemma_dictionary.h"
#include "lexicon_stem.h"
#include "morfologik_dictionary.h"
#include "suffix_stripper.h"
#include "word_cache.h"

namespace kb::analysis {
namespace {

struct LanguageStemmer {
    std::optional<Xapian::Stem> stem;
    WordCache cache;
};

// Languages Xapian 1.4 has no stemmer for, and the dictionaries asked for their lemmas, in
// order: Morfologik (PoliMorf for Polish) or an Apertium morphological analyser first, as
// they know the morphology (Hunspell's dictionaries are spelling lists whose "stems" are
// often the inflected form itself); then Hunspell, for the words those do not know, where it
// helps; then, for Bosnian, Croatian and Serbian, the Snowball Serbian stemmer.
// Hunspell behind Apertium, measured with tools/bench/conflation (recall / precision): bg
// 0.872 / 0.906 -> 0.889 / 0.906, so it stays; hr 0.976 / 0.928 -> 0.979 / 0.922, sr
// 0.979 / 0.944 -> 0.980 / 0.943 and sl 0.943 / 0.933 either way, so for those it is only
// used when Apertium's analyser is missing (it costs a quarter of the cold analysis time).
struct LexiconLanguage {
    std::string_view code;
    std::string_view hunspell;
    bool serbian_snowball = false;
    std::string_view morfologik_jar = {};
    std::string_view morfologik_entry = {};
    std::string_view apertium = {};  // under /usr/share/apertium
    bool hunspell_behind_apertium = true;
};
// apertium-hbs-eng's Serbo-Croatian analyser knows more words than apertium-hbs-slv's (hr
// recall 0.970 -> 0.979); apertium-hbs-slv has the Slovenian one, apertium-mkd-bul the
// Bulgarian one (bg 0.804 -> 0.889).
constexpr std::string_view kApertiumSlovenian = "apertium-hbs-slv/slv-hbs.automorf.bin";
constexpr std::string_view kApertiumBcms = "apertium-hbs-eng/hbs-eng.automorf.bin";
constexpr std::string_view kApertiumBulgarian = "apertium-mkd-bul/bul-mkd.automorf.bin";
constexpr LexiconLanguage kLexiconLanguages[] = {
    {"pl", "pl_PL", false, "morfologik-polish.jar", "morfologik/stemming/polish/polish.dict"},
    {"sl", "sl_SI", false, {}, {}, kApertiumSlovenian, false},
    {"hr", "hr_HR", true, {}, {}, kApertiumBcms, false},
    {"bs", "bs_BA", true, {}, {}, kApertiumBcms, false},
    {"sr", "sr_Latn_RS", true, {}, {}, kApertiumBcms, false},
    {"me", "sr_ME", true, {}, {}, kApertiumBcms, false},
    {"cs", "cs_CZ"},
    {"sk", "sk_SK"},
    {"bg", "bg_BG", false, {}, {}, kApertiumBulgarian},
};

std::vector<std::shared_ptr<LemmaDictionary>> lemma_dictionaries(const LexiconLanguage& l,
                                                                 const DictionaryPaths& paths) {
    std::vector<std::shared_ptr<LemmaDictionary>> dictionaries;
    if (!l.morfologik_jar.empty()) {
        if (auto m = MorfologikDictionary::get(paths.java_dir / l.morfologik_jar,
                                               std::string(l.morfologik_entry))) {
            dictionaries.push_back(std::move(m));
        }
    }
    bool analyser = false;
    if (!l.apertium.empty()) {
        if (auto a = ApertiumAnalyser::get(paths.apertium_dir / l.apertium)) {
            dictionaries.push_back(std::move(a));
            analyser = true;
        }
    }
    if (!analyser || l.hunspell_behind_apertium) {
        if (auto h = HunspellDictionary::get(paths.hunspell_dir, std::string(l.hunspell))) {
            dictionaries.push_back(std::move(h));
        }
    }
    return dictionaries;
}

std::optional<Xapian::Stem> make_stemmer(const std::string& lang, const DictionaryPaths& paths) {
    if (lang.empty()) {
        return std::nullopt;
    }
    for (const LexiconLanguage& l : kLexiconLanguages) {
        if (l.code == lang) {
            std::vector<std::shared_ptr<LemmaDictionary>> dictionaries =
                lemma_dictionaries(l, paths);
            auto fallback =
                l.serbian_snowball ? std::make_unique<SnowballStem>("serbian") : nullptr;
            const SuffixStripper* stripper = SuffixStripper::for_language(l.code);
            if (dictionaries.empty() && !fallback && stripper == nullptr) {
                return std::nullopt;
            }
            // Xapian::Stem takes ownership of the implementation (reference counted).
            return Xapian::Stem(
                new LexiconStem(std::move(dictionaries), std::move(fallback), stripper));
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

std::vector<std::shared_ptr<LemmaDictionary>> lemma_dictionaries(std::string_view lang,
                                                                 const DictionaryPaths& paths) {
    for (const LexiconLanguage& l : kLexiconLanguages) {
        if (l.code == lang) {
            return lemma_dictionaries(l, paths);
        }
    }
    return {};
}

struct Stemmers::Impl {
    DictionaryPaths paths;
    std::size_t max_cached_words = 0;  // 0: WordCache's default
    std::map<std::string, LanguageStemmer, std::less<>> by_language;

    LanguageStemmer& get(std::string_view lang) {
        auto it = by_language.find(lang);
        if (it == by_language.end()) {
            LanguageStemmer s;
            s.stem = make_stemmer(std::string(lang), paths);
            s.cache.set_max_entries(max_cached_words);
            it = by_language.emplace(std::string(lang), std::move(s)).first;
        }
        return it->second;
    }
};

Stemmers::Stemmers(DictionaryPaths paths) : impl_(std::make_unique<Impl>()) {
    impl_->paths = std::move(paths);
}
Stemmers::~Stemmers() = default;

void Stemmers::set_max_cached_words(std::size_t words) {
    impl_->max_cached_words = words;
    for (auto& [lang, s] : impl_->by_language) {
        s.cache.set_max_entries(words);
    }
}

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
