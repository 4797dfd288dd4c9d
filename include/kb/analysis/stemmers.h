#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace kb::analysis {

// Where the dictionaries of Debian's packages are.
struct DictionaryPaths {
    std::filesystem::path hunspell_dir = "/usr/share/hunspell";  // hunspell-pl, -sl, ...
    std::filesystem::path java_dir = "/usr/share/java";          // libmorfologik-stemming2-java
    std::filesystem::path apertium_dir = "/usr/share/apertium";  // apertium-hbs-slv, ...
};

// Stems case-folded words per language, one canonical term per word form, with a
// per-thread word cache:
//  - Xapian's Snowball stemmers where Xapian 1.4 has one (en, de, hu, ro, ...);
//  - dictionary lemmas where Xapian has no stemmer: pl from Morfologik's PoliMorf; sl,
//    hr/bs/sr/me (Latin; callers transliterate Cyrillic) and bg from Apertium's
//    analysers; Hunspell for cs and sk, and behind Apertium for bg;
//  - for bs/hr/sr words the dictionary does not know, the Snowball Serbian stemmer
//    (libstemmer); for pl and sl a light suffix stripper; for the others the word itself.
// A missing dictionary degrades to the fallback; it is not an error.
// Thread safety: one instance per thread.
class Stemmers {
public:
    explicit Stemmers(DictionaryPaths paths = {});
    ~Stemmers();
    Stemmers(const Stemmers&) = delete;

    // Bounds each language's cache of stems to `words` entries.
    void set_max_cached_words(std::size_t words);
    Stemmers& operator=(const Stemmers&) = delete;

    // The stem of `case_folded` in `lang` (canonical code); the word itself if there is no
    // stemmer for the language.
    const std::string& stem(std::string_view lang, const std::string& case_folded);

    // True if words of `lang` are stemmed.
    bool has_stemmer(std::string_view lang);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kb::analysis
