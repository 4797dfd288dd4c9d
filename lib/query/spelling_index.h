#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace kb::query {

// The index's words (its unprefixed terms, the diacritic-folded forms) in memory, arranged
// for "did you mean": by first letter and length, each with a 64-bit signature of its
// letters, so that a query word meets only the words that can be within the edit distance
// (same first letter, length within the distance, signatures differing in at most two bits
// per edit) and not every word of its first letter, as a walk of Xapian's term list would.
// Words in a single document are left out once the index has kMinDocumentsForHapaxes
// documents: they make poor suggestions, and are half of a large vocabulary.
// Built once per index revision (SharedSpelling); immutable, so shared by every thread.
class SpellingIndex {
public:
    static constexpr Xapian::doccount kMinDocumentsForHapaxes = 1000;

    // Reads the unprefixed terms of `db`. Throws Xapian::Error.
    explicit SpellingIndex(const Xapian::Database& db);

    // The word closest to `folded` within `limit` edits (Damerau-Levenshtein, optimal
    // string alignment), sharing its first letter, not `folded` itself; ties go to the word
    // in most documents, then to the first in byte order. nullopt when none is close.
    // Words in at most `min_count`
    // documents are passed over.
    std::optional<std::string> closest(std::string_view folded,
                                       std::size_t limit,
                                       Xapian::doccount min_count) const;

    std::size_t size() const { return entries_.size(); }
    std::size_t memory_bytes() const;

private:
    struct Entry {
        std::uint64_t signature;  // letters hashed to bits
        std::uint32_t offset;     // in words_
        std::uint32_t count;      // documents (term frequency)
        std::uint16_t bytes;
        std::uint16_t letters;
        char32_t lead;  // first letter
    };
    std::string words_;           // every word, end to end
    std::vector<Entry> entries_;  // by lead, letters, then word
};

// One SpellingIndex per index location list, shared by every Searcher of this process
// that searches those locations. The first call builds it on the caller's thread; when the
// index changes later (another fingerprint()), a background thread builds the new one
// while callers go on with the old: a few minutes of staleness in suggestions is harmless,
// a pause of every search for the rebuild (~1 s at 200k documents) is not.
class SharedSpelling {
public:
    // Opens the databases anew for a background rebuild (a Xapian::Database handle cannot
    // be shared between threads).
    using Opener = std::function<Xapian::Database()>;

    // The index for `key` (the location list), current for `db` (the caller's own handle,
    // used for the first build), or a slightly older one while the new one is built.
    // A rebuild starts at most every `min_interval` while the index keeps changing (a
    // nightly run commits every few seconds): suggestions may lag the index by that much.
    static std::shared_ptr<const SpellingIndex> get(
        const std::string& key,
        const Xapian::Database& db,
        const Opener& opener,
        std::chrono::milliseconds min_interval = std::chrono::seconds(30));

    // What identifies a revision of `db`: documents, last docid, total length, UUID.
    static std::string fingerprint(const Xapian::Database& db);
};

}  // namespace kb::query
