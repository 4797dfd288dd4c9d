#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace kb::analysis {

// Stems case-folded words per language, one canonical term per word form, with a
// per-thread word cache:
//  - Xapian's Snowball stemmers where Xapian 1.4 has one (en, de, hu, ro, ...);
//  - Hunspell lemmas for pl, sl, hr, bs, sr (Latin; callers transliterate Cyrillic), me,
//    cs, sk, bg from `dictionary_dir` (Debian's hunspell-* packages);
//  - for bs/hr/sr words the dictionary does not know, the Snowball Serbian stemmer
//    (libstemmer); for the others the word itself.
// A missing dictionary degrades to the fallback; it is not an error.
// Thread safety: one instance per thread.
class Stemmers {
public:
    explicit Stemmers(std::filesystem::path dictionary_dir = "/usr/share/hunspell");
    ~Stemmers();
    Stemmers(const Stemmers&) = delete;
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
