#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace kb::analysis {

// Unicode normalisation of single words with ICU.
//  - case_fold: NFKC_Casefold ("Größe" -> "grösse", "ﬁ" -> "fi").
//  - fold: removes diacritics from every Latin letter with ICU's Latin-ASCII
//    (ł->l, đ->d, ß->ss, č->c). With `cyrillic_to_latin`, Serbian/Bosnian Cyrillic is first
//    written in Gaj Latin with Serbian-Latin/BGN ("београд" -> "beograd", "њујорк" ->
//    "njujork"), which also repairs Latin look-alikes typed inside Cyrillic words.
// Latin-ASCII is slow (about 10 us a word): pure ASCII words skip it, words made of
// letters up to U+052F (and Latin Extended Additional) are folded with a table read off ICU
// once per process, and the rest are cached per word. The references returned by fold()
// and gaj_latin() stay valid until the next call of the same function.
// Thread safety: one instance per thread.
// Throws: InternalError if ICU fails.
class TextNormalizer {
public:
    TextNormalizer();
    ~TextNormalizer();
    TextNormalizer(const TextNormalizer&) = delete;

    // Bounds each of its word caches (fold, transliteration) to `words` entries.
    void set_max_cached_words(std::size_t words);
    TextNormalizer& operator=(const TextNormalizer&) = delete;

    std::string case_fold(std::string_view utf8);
    const std::string& fold(const std::string& case_folded, bool cyrillic_to_latin);

    // Serbian/Bosnian Cyrillic in Gaj Latin with its diacritics ("ђорђе" -> "đorđe"), for
    // the Latin dictionaries; the word itself when it has no Cyrillic.
    const std::string& gaj_latin(const std::string& case_folded);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kb::analysis
