#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "kb/index/schema.h"

namespace kb::query {

// Calls fn(id) for each id of `joined`, a list-valued slot's value (ids joined by
// schema::kListSeparator), in order; empty ids are passed over.
template <typename Fn>
void for_each_listed_id(std::string_view joined, Fn&& fn) {
    std::size_t start = 0;
    while (start < joined.size()) {
        std::size_t end = joined.find(index::schema::kListSeparator, start);
        if (end == std::string_view::npos) {
            end = joined.size();
        }
        if (end > start) {
            fn(joined.substr(start, end - start));
        }
        start = end + 1;
    }
}

// One value slot of every document, decoded once: the distinct values (whole slot values,
// ids joined by schema::kListSeparator for topics and regions) and, by docid, which one
// each document holds. Counting a facet over a match is then an array increment per
// document instead of a value-stream step that decodes the slot (FacetSpy), and a weight
// by value (the recency boost, ColumnWeightSource) an array lookup instead of Glass's
// ValuePostingSource::check (16% of a search at 200k documents, callgrind).
struct FacetColumn {
    std::vector<std::string> values;       // [0]: no value
    std::vector<std::uint32_t> documents;  // by value id: the documents holding it
    std::vector<std::uint32_t> ids;        // by docid: the value id; 0 none or no document
    // The ids a value joins (topics, regions with their ancestors): value v's are
    // parts[part_begin[v] .. part_begin[v + 1]), indexes into part_names. A facet's counts
    // add each value's count to its parts without splitting strings in every search.
    std::vector<std::string> part_names;
    std::vector<std::uint32_t> parts;
    std::vector<std::uint32_t> part_begin;  // values.size() + 1 entries

    // Each id with the documents counted for it, from documents counted by value id
    // (`by_value`, values.size() entries).
    std::map<std::string, Xapian::doccount> counts_by_id(
        const std::vector<Xapian::doccount>& by_value) const;
};

// The columns of some value slots of one local database at one revision. Immutable, so
// shared by every thread (SharedFacetColumns). Memory: 4 bytes per slot and docid (about
// 4 MB for 5 slots at 200,000 documents) and the distinct values.
class FacetColumns {
public:
    // Reads `slots` of `db` (one database, not shards: docids are its own), and the values
    // of `order` as ranks (order_ranks()) unless it is Xapian::BAD_VALUENO. Throws
    // Xapian::Error.
    FacetColumns(const Xapian::Database& db,
                 std::span<const Xapian::valueno> slots,
                 Xapian::valueno order = Xapian::BAD_VALUENO);

    // The column of `slot`, or nullptr if it was not read.
    const FacetColumn* column(Xapian::valueno slot) const;

    // By docid: 0 for no `order` value, else 1 + the rank of the document's value among
    // the distinct values of the slot in byte order. A sort by these ranks is the sort by
    // the values (OrderKeyMaker). Empty if no order slot was read.
    const std::vector<std::uint32_t>& order_ranks() const { return order_ranks_; }

    // The database revision they were read at (uuid and revision, revision_of()).
    const std::string& revision() const { return revision_; }

    // What identifies `db`'s state: its UUID and revision. Two handles on the same
    // database and revision see the same documents, values and docids.
    static std::string revision_of(const Xapian::Database& db);

    std::size_t memory_bytes() const;

private:
    std::string revision_;
    std::vector<std::pair<Xapian::valueno, FacetColumn>> columns_;
    std::vector<std::uint32_t> order_ranks_;
};

// One FacetColumns per index location, shared by every Searcher of this process. Columns
// must be of the exact revision a match runs on (counts are exact), so get() returns
// nullptr until they are: the caller counts from value streams meanwhile, and a
// background thread reads the columns of the index as it is now with a handle of its
// own. No search ever waits for a build (about 0.1 s per slot at 200,000 documents).
class SharedFacetColumns {
public:
    using Opener = std::function<Xapian::Database()>;

    // The columns of `slots` and `order` for `key` (the location), if they are of `db`'s
    // revision; otherwise nullptr, and a build starts unless one is running or the columns
    // are of a newer revision than `db` (its handle has not reopened yet). Every call for
    // one key must pass the same slots.
    static std::shared_ptr<const FacetColumns> get(const std::string& key,
                                                   const Xapian::Database& db,
                                                   std::span<const Xapian::valueno> slots,
                                                   Xapian::valueno order,
                                                   const Opener& opener);

    // Waits for a running build of `key` to end (tests, benchmarks).
    static void wait(const std::string& key);
};

}  // namespace kb::query
