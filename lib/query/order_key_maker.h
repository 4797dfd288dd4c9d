#pragma once

#include <memory>
#include <string>

#include <xapian.h>

#include "facet_columns.h"

namespace kb::query {

// The sort key of a document from FacetColumns::order_ranks(): four bytes, big-endian, of
// its rank, or "" for none. Sorting by it is sorting by the order slot's values (ranks
// keep their byte order, and "" sorts first as a missing value does), without Glass
// decoding the slot for every document the match ranks: about a fifth of a search at
// 200,000 documents (tools/bench/query). For one local database whose columns are of the
// match's revision.
class OrderKeyMaker : public Xapian::KeyMaker {
public:
    // `columns` must have order ranks.
    explicit OrderKeyMaker(std::shared_ptr<const FacetColumns> columns);

    std::string operator()(const Xapian::Document& doc) const override;

private:
    std::shared_ptr<const FacetColumns> columns_;
};

}  // namespace kb::query
