#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "facet_columns.h"

namespace kb::query {

// A posting source giving each document a weight by the value of one slot, read from a
// FacetColumn, without decoding the slot for every document it checks. As the right side
// of OP_AND_MAYBE (the recency boost) it gives what Xapian's ValueMapPostingSource with
// the same mapping gives; alone it matches only the documents with a weight above 0,
// where ValueMapPostingSource matches every document with a value, most with weight 0. For one
// local database whose columns are of the match's revision; shards keep ValueMapPostingSource,
// which a remote xapian-tcpsrv can unserialise.
class ColumnWeightSource : public Xapian::PostingSource {
public:
    // `columns` must hold `slot`; kept alive as long as the source.
    ColumnWeightSource(std::shared_ptr<const FacetColumns> columns,
                       Xapian::valueno slot,
                       const std::map<std::string, double>& weights);

    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return matching_; }
    Xapian::doccount get_termfreq_max() const override { return matching_; }
    double get_weight() const override;
    Xapian::docid get_docid() const override { return did_; }
    void next(double min_wt) override;
    void skip_to(Xapian::docid did, double min_wt) override;
    bool check(Xapian::docid did, double min_wt) override;
    bool at_end() const override { return did_ >= column_->ids.size(); }
    Xapian::PostingSource* clone() const override;
    void init(const Xapian::Database& db) override;
    std::string get_description() const override;

private:
    ColumnWeightSource(std::shared_ptr<const FacetColumns> columns,
                       const FacetColumn* column,
                       std::vector<double> by_id,
                       Xapian::doccount matching);
    // Moves to the first document from `did` on with a weight.
    void settle(Xapian::docid did);

    std::shared_ptr<const FacetColumns> columns_;
    const FacetColumn* column_;
    std::vector<double> by_id_;      // the weight of each value id; 0: no match
    Xapian::doccount matching_ = 0;  // documents with a weight
    Xapian::docid did_ = 0;          // 0 before the start; ids.size() at the end
};

}  // namespace kb::query
