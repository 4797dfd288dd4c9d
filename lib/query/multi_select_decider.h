#pragma once

#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "facet_columns.h"

namespace kb::query {

// Multi-select facet counts in the match that ranks the hits. A selected facet's counts
// must ignore its own filter (a client offers "add another language" with true numbers),
// which took one more match per selected facet. Instead the match runs the query without
// the selected facets' filters and this decider, reading FacetColumns, accepts the
// documents that pass every filter, and counts, for each selected facet, the documents
// that pass every other filter: the same counts, in one match. For one local database
// whose columns are of the match's revision. One match at a time.
class MultiSelectDecider : public Xapian::MatchDecider {
public:
    // One selected facet: which documents pass its filter, and what it counts.
    struct Selection {
        std::string name;              // the facet ("lang", ..., "year" for a date range)
        const FacetColumn* tested;     // the column its filter reads
        std::vector<char> passes;      // by value id of `tested`: the filter lets it pass
        const FacetColumn* counted;    // the column whose ids it counts
        Xapian::doccount passing = 0;  // documents of the index that pass its filter
    };

    // Whether one match with this decider costs less than the matches it replaces: one
    // per selection, each over the query's documents that pass the other selections. With
    // shares s_i of documents passing each filter, those visit about sum_i prod_{j != i}
    // s_j times the query's documents, this match all of them once: never more for one
    // selection; for several selective ones (an empty query with a language and a region)
    // the separate matches visit fewer.
    static bool pays(const std::vector<Selection>& selections, Xapian::doccount documents);

    // A filter on facet `name` keeping documents that hold any of `selected` ids.
    static Selection any_of(std::string name,
                            const FacetColumn& column,
                            const std::vector<std::string>& selected);
    // A date range: documents whose `dates` value is within [from, to] (byte order, as
    // Xapian's OP_VALUE_RANGE), counting `years`.
    static Selection range(std::string name,
                           const FacetColumn& dates,
                           const std::string& from,
                           const std::string& to,
                           const FacetColumn& years);

    // `also`: another decider every accepted document must pass first (the time budget),
    // or nullptr; it must outlive this object, as the columns must.
    MultiSelectDecider(std::vector<Selection> selections, const Xapian::MatchDecider* also);

    bool operator()(const Xapian::Document& doc) const override;

    // Whether `name` is one of the selections.
    bool selects(const std::string& name) const;
    // The counts of the selection `name` (each id with its documents).
    std::map<std::string, Xapian::doccount> counts(const std::string& name) const;
    // Forgets the counts, for another match.
    void reset();

private:
    std::vector<Selection> selections_;
    const Xapian::MatchDecider* also_;
    mutable std::vector<std::vector<Xapian::doccount>> counts_;  // by selection, value id
};

}  // namespace kb::query
