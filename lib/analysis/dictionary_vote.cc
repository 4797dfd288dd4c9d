#include "dictionary_vote.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <unordered_map>
#include <utility>

#include "kb/analysis/stop_words.h"

#include "hunspell_dictionary.h"
#include "lemma_dictionary.h"

namespace kb::analysis {
namespace {

// The candidates: the dictionaries the Stemmers use for the language, and these Hunspell
// dictionaries (Debian's hunspell-* packages) whether the Stemmers use them or not, so that
// languages Snowball stems vote too. bs/hr/sr/me share the Serbo-Croatian ones, as "hr".
struct Candidate {
    std::string_view code;
    std::array<std::string_view, 3> hunspell;
};
constexpr std::array<Candidate, 10> kCandidates = {{
    {"pl", {"pl_PL"}},
    {"sl", {"sl_SI"}},
    {"hr", {"hr_HR", "sr_Latn_RS", "bs_BA"}},
    {"cs", {"cs_CZ"}},
    {"sk", {"sk_SK"}},
    {"bg", {"bg_BG"}},
    {"en", {"en_US"}},
    {"de", {"de_DE"}},
    {"hu", {"hu_HU"}},
    {"ro", {"ro_RO"}},
}};

}  // namespace

struct DictionaryVote::Impl {
    DictionaryPaths paths;
    std::map<std::string_view, std::vector<std::shared_ptr<LemmaDictionary>>> dictionaries;

    const std::vector<std::shared_ptr<LemmaDictionary>>& for_language(const Candidate& c) {
        auto it = dictionaries.find(c.code);
        if (it != dictionaries.end()) {
            return it->second;
        }
        std::vector<std::shared_ptr<LemmaDictionary>> found = lemma_dictionaries(c.code, paths);
        for (const std::string_view name : c.hunspell) {
            if (name.empty()) {
                continue;
            }
            auto h = HunspellDictionary::get(paths.hunspell_dir, std::string(name));
            if (h && std::find(found.begin(), found.end(), h) == found.end()) {
                found.push_back(std::move(h));
            }
        }
        return dictionaries.emplace(c.code, std::move(found)).first->second;
    }

    bool knows(const Candidate& c, const std::string& word) {
        for (const auto& d : for_language(c)) {
            if (!d->lemmas(word).empty()) {
                return true;
            }
        }
        return false;
    }

    // Bit i: candidate i knows `word`. Cached: Hunspell has no cache of its own, and the
    // same short texts (interface strings, titles) come back.
    std::uint16_t known_by(const std::string& word, const std::string& latin_word) {
        if (const auto it = known.find(word); it != known.end()) {
            return it->second;
        }
        std::uint16_t bits = 0;
        for (std::size_t i = 0; i < kCandidates.size(); ++i) {
            // The bs/hr/sr dictionaries are Latin: Serbian Cyrillic is looked up in Gaj Latin.
            const std::string& asked = kCandidates[i].code == "hr" ? latin_word : word;
            bits |= knows(kCandidates[i], asked) ? static_cast<std::uint16_t>(1U << i) : 0;
        }
        if (known.size() >= kMaxCachedWords) {
            known.clear();
        }
        return known.emplace(word, bits).first->second;
    }

    static constexpr std::size_t kMaxCachedWords = 100'000;
    std::unordered_map<std::string, std::uint16_t> known;
};

DictionaryVote::DictionaryVote(DictionaryPaths paths) : impl_(std::make_unique<Impl>()) {
    impl_->paths = std::move(paths);
}

DictionaryVote::~DictionaryVote() = default;

std::string DictionaryVote::winner(const std::vector<Word>& words) {
    if (words.empty()) {
        return {};
    }
    // Per candidate: words its dictionaries know, then those of them that are its function
    // words; the best pair wins if no other candidate has the same.
    std::array<std::pair<std::size_t, std::size_t>, kCandidates.size()> scores{};
    for (const Word& w : words) {
        const std::uint16_t bits = impl_->known_by(w.norm, w.latin);
        for (std::size_t i = 0; i < kCandidates.size(); ++i) {
            if (((bits >> i) & 1U) != 0) {
                ++scores[i].first;
                scores[i].second += is_stop_word(kCandidates[i].code, w.folded) ? 1 : 0;
            }
        }
    }
    const auto best = std::max_element(scores.begin(), scores.end());
    const bool tied = std::count(scores.begin(), scores.end(), *best) > 1 || best->first == 0;
    if (tied || 2 * best->first < words.size()) {
        return {};
    }
    return std::string(kCandidates[static_cast<std::size_t>(best - scores.begin())].code);
}

}  // namespace kb::analysis
