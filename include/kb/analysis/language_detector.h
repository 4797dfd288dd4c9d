#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kb::analysis {

// The language of a text: canonical ISO 639-1 code ("und" when undetermined), ISO 15924
// script of most of its letters ("Latn", "Cyrl", ...), and a confidence in [0, 1].
struct LanguageGuess {
    std::string code = "und";
    std::string script;
    double confidence = 0.0;
    bool reliable = false;
    // Other languages CLD2 found in parts of the text (canonical codes, best first): a hint
    // that the text may mix languages.
    std::vector<std::string> also_seen;
};

// Detects the language of a document with CLD2, and decides between Bosnian, Croatian and
// Serbian with disambiguate_bcms() since CLD2 cannot.
// Thread safety: one instance per thread.
class LanguageDetector {
public:
    LanguageDetector();
    ~LanguageDetector();
    LanguageDetector(const LanguageDetector&) = delete;
    LanguageDetector& operator=(const LanguageDetector&) = delete;

    // `utf8` may be invalid UTF-8 (it is checked); only its first 64 KB are read.
    LanguageGuess detect(std::string_view utf8);

    // Like detect(), without telling Bosnian, Croatian and Serbian apart: for texts where
    // only the analysis group matters (they share one), `code` is CLD2's pick within the
    // group and `confidence` is for the group. Cheaper than detect() on such texts.
    LanguageGuess detect_group(std::string_view utf8);

    // The dominant script of `utf8` ("Latn", "Cyrl", ...; empty if it has no letters).
    static std::string dominant_script(std::string_view utf8);

private:
    // detect() on a sanitised sample; `tell_bcms_apart` as detect() (else detect_group()).
    LanguageGuess detect_prefix(std::string_view utf8, bool tell_bcms_apart);
    LanguageGuess detect_sample(std::string_view sample, bool tell_bcms_apart);  // valid UTF-8

    // Words of `sample` folded for the BCMS markers (Cyrillic in Latin, no diacritics).
    std::vector<std::string> folded_words(std::string_view sample);

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kb::analysis
