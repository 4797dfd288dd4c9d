#pragma once

#include <map>
#include <string>

#include <xapian.h>

namespace kb::query {

// Counts, over the documents a match visits, each id of a value slot that holds several ids
// joined by schema::kListSeparator (topics, regions with their ancestors) or one (language,
// type, year).
//
// The counting is Xapian's own ValueCountMatchSpy, which counts whole slot values (each
// combination of ids); counts() then adds each combination's count to each of its ids.
// Being a builtin spy, it runs on remote shards too: a stock xapian-tcpsrv unserialises
// only the spies of Xapian's registry, and a custom MatchSpy makes a remote search throw
// UnimplementedError. The spy's results that travel back from a shard are its distinct
// combinations, a few hundred for the region lists of 14,000 documents (18 KB).
// Thread safety: one match at a time, like the Enquire it is added to.
class FacetSpy {
public:
    explicit FacetSpy(Xapian::valueno slot) : spy_(slot) {}

    // The spy to add to an Enquire (Enquire::add_matchspy); owned by this object, which
    // must outlive the get_mset() calls.
    Xapian::MatchSpy* spy() { return &spy_; }

    // Each id with the number of visited documents whose slot holds it.
    std::map<std::string, Xapian::doccount> counts() const;

private:
    Xapian::ValueCountMatchSpy spy_;
};

}  // namespace kb::query
