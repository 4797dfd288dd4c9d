#include "lemma_dictionary.h"

#include <optional>
#include <tuple>

#include "kb/util/utf8.h"

namespace kb::analysis {

// Lemmas no longer than the word first (projekta -> projekt, not the verb projektati), then
// the shortest (roku -> rok: Hunspell also returns "roku" itself), then the longest prefix
// shared with the word, then byte order. Measured with tools/bench/conflation:
// shortest-first beat longest-prefix-first for every language.
std::string choose_lemma(const std::string& word, const std::vector<std::string>& lemmas) {
    const auto common_prefix = [&](const std::string& s) {
        std::size_t n = 0;
        while (n < s.size() && n < word.size() && s[n] == word[n]) {
            ++n;
        }
        return n;
    };
    const std::size_t word_length = util::code_point_count(word);
    using Key = std::tuple<bool, std::size_t, std::size_t, const std::string*>;
    std::optional<Key> best;
    for (const std::string& lemma : lemmas) {
        if (lemma.empty()) {
            continue;
        }
        const std::size_t length = util::code_point_count(lemma);
        const Key key{length > word_length, length, word.size() - common_prefix(lemma), &lemma};
        const auto rank = [](const Key& k) {
            return std::tie(std::get<0>(k), std::get<1>(k), std::get<2>(k), *std::get<3>(k));
        };
        if (!best || rank(key) < rank(*best)) {
            best = key;
        }
    }
    return best ? *std::get<3>(*best) : std::string();
}

}  // namespace kb::analysis
