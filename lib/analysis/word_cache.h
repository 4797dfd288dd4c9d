#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>

namespace kb::analysis {

// A per-thread cache of word -> word results of a slow step (transliteration, stemming).
// Bounded, so that a long run over many distinct words (numbers, names) cannot grow without
// limit; it is cleared when full, which is cheap and rare.
class WordCache {
public:
    static constexpr std::size_t kMaxEntries = 500'000;

    // At most `max_entries` words are kept (0: kMaxEntries).
    void set_max_entries(std::size_t max_entries) {
        max_ = max_entries == 0 ? kMaxEntries : max_entries;
    }

    // The cached result for `word`, computing it with `make(word)` on a miss. The reference
    // stays valid until the next call.
    template <typename Make>
    const std::string& get(const std::string& word, Make&& make) {
        if (const auto it = map_.find(word); it != map_.end()) {
            return it->second;
        }
        if (map_.size() >= max_) {
            map_.clear();
        }
        std::string value = make(word);
        return map_.emplace(word, std::move(value)).first->second;
    }

private:
    std::unordered_map<std::string, std::string> map_;
    std::size_t max_ = kMaxEntries;
};

}  // namespace kb::analysis
