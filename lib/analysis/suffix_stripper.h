#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kb::analysis {

// A light stemmer: removes the longest inflectional ending from a list while at least
// `min_stem` code points remain. Applied after the dictionary lemma for languages whose
// Hunspell dictionaries list many inflected forms as words of their own (Slovenian,
// Polish), it joins those forms and the words no dictionary knows.
// Thread safety: const methods only; may be shared.
class SuffixStripper {
public:
    SuffixStripper(std::vector<std::string> suffixes, std::size_t min_stem);

    // The stripper for `lang`, or nullptr if there is none.
    static const SuffixStripper* for_language(std::string_view lang);

    std::string operator()(const std::string& word) const;

private:
    std::vector<std::string> suffixes_;  // longest first
    std::size_t min_stem_;
};

}  // namespace kb::analysis
