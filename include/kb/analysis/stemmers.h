#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace kb::analysis {

// Stems case-folded words per language, with a per-word cache.
// Uses Xapian's Snowball stemmers where Xapian 1.4 has one (en, de, hu, ro, ...); words of
// other languages are returned unchanged until issue #3 adds Hunspell and Snowball Serbian.
// Thread safety: one instance per thread.
class Stemmers {
public:
    Stemmers();
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
