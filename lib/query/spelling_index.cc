#include "spelling_index.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <mutex>
#include <thread>

#include "keyed_registry.h"

namespace kb::query {
namespace {

// Decodes UTF-8 `word` into `out` (folded words are mostly ASCII; Bulgarian stays Cyrillic).
void decode(std::string_view word, std::u32string& out) {
    out.clear();
    const auto* s = reinterpret_cast<const unsigned char*>(word.data());
    std::size_t i = 0;
    while (i < word.size()) {
        char32_t c = s[i];
        std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        n = std::min(n, word.size() - i);
        if (n > 1) {
            c &= (0x7F >> n);
            for (std::size_t k = 1; k < n; ++k) {
                c = (c << 6) | (s[i + k] & 0x3F);
            }
        }
        out += c;
        i += n;
    }
}

// The set of a word's letters as bits. One edit adds at most one letter and removes at most
// one, so words `d` edits apart differ in at most 2d bits (hash collisions only lower that).
std::uint64_t signature(std::u32string_view letters) {
    std::uint64_t bits = 0;
    for (const char32_t c : letters) {
        bits |= std::uint64_t{1} << ((static_cast<std::uint32_t>(c) * 0x9E3779B1u) >> 26);
    }
    return bits;
}

// Optimal string alignment distance, giving up (returning limit + 1) beyond `limit`.
std::size_t distance(std::u32string_view a, std::u32string_view b, std::size_t limit) {
    if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) {
        return limit + 1;
    }
    thread_local std::vector<std::size_t> before;
    thread_local std::vector<std::size_t> previous;
    thread_local std::vector<std::size_t> current;
    before.assign(b.size() + 1, 0);
    previous.resize(b.size() + 1);
    current.assign(b.size() + 1, 0);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        previous[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        std::size_t row_min = current[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                current[j] = std::min(current[j], before[j - 2] + 1);  // transposition
            }
            row_min = std::min(row_min, current[j]);
        }
        if (row_min > limit) {
            return limit + 1;
        }
        before.swap(previous);
        previous.swap(current);
    }
    return previous[b.size()];
}

// Unprefixed terms begin with a lower-case letter, a digit or a non-ASCII byte; prefixes
// are upper case (schema.h). Digits are no words to suggest.
bool is_word(std::string_view term) {
    const auto c = static_cast<unsigned char>(term.front());
    return (c >= 'a' && c <= 'z') || c >= 0x80;
}

}  // namespace

SpellingIndex::SpellingIndex(const Xapian::Database& db) {
    const Xapian::doccount min_count = db.get_doccount() >= kMinDocumentsForHapaxes ? 2 : 1;
    std::u32string letters;
    auto it = db.allterms_begin();
    it.skip_to("a");  // past the digits and the prefixed terms
    for (; it != db.allterms_end(); ++it) {
        const std::string term = *it;
        if (!is_word(term) || term.size() > 0xFFFF || words_.size() > 0xFFFF'0000u) {
            continue;
        }
        const Xapian::doccount count = it.get_termfreq();
        if (count < min_count) {
            continue;
        }
        decode(term, letters);
        entries_.push_back(
            Entry{signature(letters), static_cast<std::uint32_t>(words_.size()), count,
                  static_cast<std::uint16_t>(term.size()),
                  static_cast<std::uint16_t>(std::min<std::size_t>(letters.size(), 0xFFFF)),
                  letters.front()});
        words_ += term;
    }
    std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
        return a.lead != b.lead         ? a.lead < b.lead
               : a.letters != b.letters ? a.letters < b.letters
                                        : a.offset < b.offset;
    });
    entries_.shrink_to_fit();
    words_.shrink_to_fit();
}

std::size_t SpellingIndex::memory_bytes() const {
    return words_.capacity() + entries_.capacity() * sizeof(Entry);
}

std::optional<std::string> SpellingIndex::closest(std::string_view folded,
                                                  std::size_t limit,
                                                  Xapian::doccount min_count) const {
    thread_local std::u32string word;
    thread_local std::u32string candidate;
    decode(folded, word);
    if (word.empty()) {
        return std::nullopt;
    }
    const char32_t lead = word.front();
    const std::uint64_t own_signature = signature(word);
    const Entry* best = nullptr;
    std::size_t best_distance = limit + 1;
    const std::size_t shortest = word.size() > limit ? word.size() - limit : 1;
    for (std::size_t length = shortest; length <= word.size() + limit; ++length) {
        const auto key = [](const Entry& e) {
            return std::pair(e.lead, std::size_t{e.letters});
        };
        const auto range =
            std::equal_range(entries_.begin(), entries_.end(), std::pair(lead, length),
                             [&](const auto& a, const auto& b) {
                                 if constexpr (std::is_same_v<std::decay_t<decltype(a)>, Entry>) {
                                     return key(a) < b;
                                 } else {
                                     return a < key(b);
                                 }
                             });
        for (auto e = range.first; e != range.second; ++e) {
            if (e->count <= min_count ||
                static_cast<std::size_t>(std::popcount(e->signature ^ own_signature)) > 2 * limit ||
                (best != nullptr && best_distance == 1 && e->count < best->count)) {
                continue;
            }
            const std::string_view text(words_.data() + e->offset, e->bytes);
            if (text == folded) {
                continue;
            }
            decode(text, candidate);
            const std::size_t d = distance(word, candidate, limit);
            if (d > limit) {
                continue;
            }
            // Ties go to the word in more documents, then to the first in byte order.
            if (d < best_distance ||
                (d == best_distance &&
                 (e->count > best->count ||
                  (e->count == best->count &&
                   text < std::string_view(words_.data() + best->offset, best->bytes))))) {
                best = &*e;
                best_distance = d;
            }
        }
    }
    if (best == nullptr) {
        return std::nullopt;
    }
    return std::string(words_.data() + best->offset, best->bytes);
}

namespace {

using Clock = std::chrono::steady_clock;

struct Slot {
    std::mutex mutex;
    std::shared_ptr<const SpellingIndex> index;
    std::string fingerprint;  // of the revision `index` was built from
    bool building = false;
    Clock::time_point last_start{};
    std::jthread builder;  // joined when the registry ends, at exit
};

KeyedRegistry<Slot>& registry() {
    static KeyedRegistry<Slot> instance;
    return instance;
}

}  // namespace

std::string SharedSpelling::fingerprint(const Xapian::Database& db) {
    return std::to_string(db.get_doccount()) + ':' + std::to_string(db.get_lastdocid()) + ':' +
           std::to_string(db.get_total_length()) + ':' + db.get_uuid();
}

std::shared_ptr<const SpellingIndex> SharedSpelling::get(const std::string& key,
                                                         const Xapian::Database& db,
                                                         const Opener& opener,
                                                         std::chrono::milliseconds min_interval) {
    Slot& slot = registry().slot(key);
    const std::string current = fingerprint(db);
    std::lock_guard lock(slot.mutex);
    if (!slot.index) {  // the first: built here, the other threads wait for it
        slot.index = std::make_shared<const SpellingIndex>(db);
        slot.fingerprint = current;
        slot.last_start = Clock::now();
        return slot.index;
    }
    const Clock::time_point now = Clock::now();
    if (slot.fingerprint != current && !slot.building && now - slot.last_start >= min_interval) {
        if (slot.builder.joinable()) {
            slot.builder.join();  // finished: `building` is false
        }
        slot.building = true;
        slot.last_start = now;
        slot.builder = std::jthread([&slot, opener] {
            std::shared_ptr<const SpellingIndex> fresh;
            std::string built_from;
            try {
                const Xapian::Database own = opener();
                built_from = fingerprint(own);
                fresh = std::make_shared<const SpellingIndex>(own);
            } catch (...) {
                // Unreadable now (a switch, a shard down): the old words serve; next time.
            }
            std::lock_guard done(slot.mutex);
            if (fresh) {
                slot.index = std::move(fresh);
                slot.fingerprint = std::move(built_from);
            }
            slot.building = false;
        });
    }
    return slot.index;
}

}  // namespace kb::query
