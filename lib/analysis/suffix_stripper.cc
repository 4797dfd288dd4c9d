#include "suffix_stripper.h"

#include <algorithm>

#include "kb/util/utf8.h"

namespace kb::analysis {
SuffixStripper::SuffixStripper(std::vector<std::string> suffixes, std::size_t min_stem)
    : suffixes_(std::move(suffixes)), min_stem_(min_stem) {
    std::sort(suffixes_.begin(), suffixes_.end(), [](const std::string& a, const std::string& b) {
        return util::code_point_count(a) != util::code_point_count(b)
                   ? util::code_point_count(a) > util::code_point_count(b)
                   : a < b;
    });
}

std::string SuffixStripper::operator()(const std::string& word) const {
    const std::size_t length = util::code_point_count(word);
    for (const std::string& suffix : suffixes_) {
        if (word.size() > suffix.size() && word.ends_with(suffix) &&
            length - util::code_point_count(suffix) >= min_stem_) {
            return word.substr(0, word.size() - suffix.size());
        }
    }
    return word;
}

const SuffixStripper* SuffixStripper::for_language(std::string_view lang) {
    // Case endings of nouns and adjectives and the commonest verb endings.
    static const SuffixStripper slovenian(
        {"ega", "emu", "ima", "imi", "ih",  "im",  "om",  "em",  "ov",  "ev",  "ami", "ah",  "ama",
         "a",   "e",   "i",   "o",   "u",   "ja",  "je",  "ji",  "jo",  "ju",  "ovi", "ove", "ova",
         "ite", "ate", "amo", "emo", "imo", "ajo", "ejo", "ijo", "ati", "iti", "eti", "al",  "ala",
         "alo", "ali", "il",  "ila", "ilo", "ili", "el",  "ela", "elo", "eli"},
        3);
    static const SuffixStripper polish(
        {"ami",   "ach",  "om",   "ów",   "em",   "iem", "ie",   "y",    "a",     "e",     "i",
         "o",     "u",    "ę",    "ą",    "ego",  "emu", "ym",   "ymi",  "ych",   "ej",    "ich",
         "imi",   "im",   "ać",   "ić",   "yć",   "eć",  "ować", "ował", "owała", "owali", "owany",
         "owana", "ania", "enia", "anie", "enie", "ań",  "eń",   "ość",  "ości"},
        3);
    if (lang == "sl") {
        return &slovenian;
    }
    if (lang == "pl") {
        return &polish;
    }
    return nullptr;
}

}  // namespace kb::analysis
