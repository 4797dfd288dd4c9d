#include "column_weight_source.h"

#include <algorithm>
#include <stdexcept>

namespace kb::query {

ColumnWeightSource::ColumnWeightSource(std::shared_ptr<const FacetColumns> columns,
                                       Xapian::valueno slot,
                                       const std::map<std::string, double>& weights)
    : columns_(std::move(columns)), column_(columns_ ? columns_->column(slot) : nullptr) {
    if (column_ == nullptr) {
        throw std::invalid_argument("ColumnWeightSource: no column for slot " +
                                    std::to_string(slot));
    }
    by_id_.assign(column_->values.size(), 0.0);
    double most = 0;
    for (std::size_t id = 1; id < column_->values.size(); ++id) {
        const auto found = weights.find(column_->values[id]);
        if (found != weights.end() && found->second > 0) {
            by_id_[id] = found->second;
            most = std::max(most, found->second);
            matching_ += column_->documents[id];
        }
    }
    set_maxweight(most);
}

ColumnWeightSource::ColumnWeightSource(std::shared_ptr<const FacetColumns> columns,
                                       const FacetColumn* column,
                                       std::vector<double> by_id,
                                       Xapian::doccount matching)
    : columns_(std::move(columns)), column_(column), by_id_(std::move(by_id)), matching_(matching) {
    set_maxweight(by_id_.empty() ? 0.0 : *std::max_element(by_id_.begin(), by_id_.end()));
}

double ColumnWeightSource::get_weight() const {
    return by_id_[column_->ids[did_]];
}

void ColumnWeightSource::settle(Xapian::docid did) {
    const std::vector<std::uint32_t>& ids = column_->ids;
    while (did < ids.size() && by_id_[ids[did]] == 0) {
        ++did;
    }
    did_ = std::min<std::size_t>(did, ids.size());
}

void ColumnWeightSource::next(double min_wt) {
    if (min_wt > get_maxweight()) {
        did_ = static_cast<Xapian::docid>(column_->ids.size());
        return;
    }
    settle(did_ + 1);
}

void ColumnWeightSource::skip_to(Xapian::docid did, double min_wt) {
    if (min_wt > get_maxweight()) {
        did_ = static_cast<Xapian::docid>(column_->ids.size());
        return;
    }
    if (did > did_) {
        settle(did);
    }
}

bool ColumnWeightSource::check(Xapian::docid did, double min_wt) {
    skip_to(did, min_wt);  // an array: as cheap as a check could be, and exact
    return true;
}

Xapian::PostingSource* ColumnWeightSource::clone() const {
    return new ColumnWeightSource(columns_, column_, by_id_, matching_);
}

void ColumnWeightSource::init(const Xapian::Database&) {
    did_ = 0;
}

std::string ColumnWeightSource::get_description() const {
    return "ColumnWeightSource(" + std::to_string(matching_) + " documents)";
}

}  // namespace kb::query
