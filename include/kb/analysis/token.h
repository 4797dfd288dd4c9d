#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace kb::analysis {

// One word of analysed text. `folded` is the positional index term and `stem` the
// canonical term (both without prefix); see Analyzer for how they are made.
struct Token {
    std::string text;            // as written in the input
    std::size_t offset = 0;      // byte offset of `text` in the input
    std::uint32_t position = 0;  // word position, 1-based, as stored in the index
    std::string norm;            // NFKC case folded
    std::string folded;          // norm without diacritics; BCMS Cyrillic in Gaj Latin
    std::string stem;            // stem or lemma of the word, folded like `folded`
    bool is_number = false;
};

}  // namespace kb::analysis
