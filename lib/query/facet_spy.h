#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include <xapian.h>

#include "facet_columns.h"

namespace kb::query {

// Counts, over the documents a match visits, each id of a value slot that holds several ids
// joined by schema::kListSeparator (topics, regions with their ancestors) or one (language,
// type, year).
//
// Three ways of reading the slot, the same counts:
//   - over one local database whose FacetColumns are ready, the slot's column: an array
//     increment per document;
//   - over one local database otherwise, a value stream (Database::valuestream_begin) that moves
//     forward with the match, which visits documents in docid order. Xapian's own
//     ValueCountMatchSpy asks each document for its value instead, and Glass answers that
//     by finding the value chunk in the B-tree and decoding it from its start, for every
//     document and every slot: at 200k documents that was 40% of a search, a quarter of it
//     in pread() (perf, tools/bench/query);
//   - over shards, Xapian's ValueCountMatchSpy, which reads the document's own shard; a
//     remote shard needs it anyway: a stock xapian-tcpsrv unserialises
//     only the spies of Xapian's registry (a custom MatchSpy makes a remote search throw
//     UnimplementedError). The spy's results that travel back from a shard are its distinct
//     combinations, a few hundred for the region lists of 14,000 documents (18 KB).
// Thread safety: one match at a time, like the Enquire it is added to.
class FacetSpy {
public:
    // `local`: the database the match runs on, when it is one local database (the stream
    // is read from it); nullptr for shards: Xapian 1.4 gives the spies of a match over
    // several databases documents whose get_docid() is their shard's own docid.
    // `columns`: the columns of `local` at the revision the match runs on, or nullptr; they
    // must outlive this object.
    FacetSpy(Xapian::valueno slot,
             const Xapian::Database* local,
             const FacetColumns* columns = nullptr);
    ~FacetSpy();
    FacetSpy(const FacetSpy&) = delete;
    FacetSpy& operator=(const FacetSpy&) = delete;

    // The spy to add to an Enquire (Enquire::add_matchspy); owned by this object, which
    // must outlive the get_mset() calls.
    Xapian::MatchSpy* spy();

    // Each id with the number of visited documents whose slot holds it.
    std::map<std::string, Xapian::doccount> counts() const;

private:
    class ColumnSpy;
    class StreamSpy;
    std::unique_ptr<ColumnSpy> column_;
    std::unique_ptr<StreamSpy> stream_;
    std::optional<Xapian::ValueCountMatchSpy> builtin_;
};

}  // namespace kb::query
