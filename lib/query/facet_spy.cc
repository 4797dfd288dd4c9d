#include "facet_spy.h"

#include <string_view>
#include <vector>

#include "kb/index/schema.h"

namespace kb::query {

// Counts whole slot values, read from a value stream that follows the match forward.
class FacetSpy::StreamSpy : public Xapian::MatchSpy {
public:
    StreamSpy(Xapian::valueno slot, const Xapian::Database& db)
        : slot_(slot), it_(db.valuestream_begin(slot)), end_(db.valuestream_end(slot)) {}

    void operator()(const Xapian::Document& doc, double) override {
        const Xapian::docid did = doc.get_docid();
        if (did < last_) {
            // Not in docid order (no match of Xapian 1.4 does this): ask the document.
            add(doc.get_value(slot_));
            return;
        }
        last_ = did;
        if (it_ == end_ || it_.get_docid() > did) {
            return;  // the stream is past it: no value
        }
        if (it_.get_docid() < did) {
            it_.skip_to(did);
            if (it_ == end_ || it_.get_docid() != did) {
                return;
            }
        }
        add(*it_);
    }

    const std::unordered_map<std::string, Xapian::doccount>& values() const { return values_; }

private:
    void add(const std::string& value) {
        if (!value.empty()) {
            ++values_[value];
        }
    }

    Xapian::valueno slot_;
    Xapian::ValueIterator it_;
    Xapian::ValueIterator end_;
    Xapian::docid last_ = 0;
    std::unordered_map<std::string, Xapian::doccount> values_;  // whole values
};

// Counts the value ids of a FacetColumn.
class FacetSpy::ColumnSpy : public Xapian::MatchSpy {
public:
    explicit ColumnSpy(const FacetColumn& column)
        : column_(column), counts_(column.values.size(), 0) {}

    void operator()(const Xapian::Document& doc, double) override {
        const Xapian::docid did = doc.get_docid();
        if (did < column_.ids.size()) {
            ++counts_[column_.ids[did]];
        }
    }

    const FacetColumn& column() const { return column_; }
    const std::vector<Xapian::doccount>& counts() const { return counts_; }

private:
    const FacetColumn& column_;
    std::vector<Xapian::doccount> counts_;  // by value id
};

FacetSpy::FacetSpy(Xapian::valueno slot,
                   const Xapian::Database* local,
                   const FacetColumns* columns) {
    const FacetColumn* column =
        local != nullptr && columns != nullptr ? columns->column(slot) : nullptr;
    if (column != nullptr) {
        column_ = std::make_unique<ColumnSpy>(*column);
    } else if (local != nullptr) {
        stream_ = std::make_unique<StreamSpy>(slot, *local);
    } else {
        builtin_.emplace(slot);
    }
}

FacetSpy::~FacetSpy() = default;

Xapian::MatchSpy* FacetSpy::spy() {
    if (column_) {
        return column_.get();
    }
    if (stream_) {
        return stream_.get();
    }
    return &*builtin_;
}

namespace {

// Adds `docs` to each id of `combination` (ids joined by kListSeparator).
void add_ids(std::string_view combination,
             Xapian::doccount docs,
             std::map<std::string, Xapian::doccount>& out) {
    for_each_listed_id(combination, [&](std::string_view id) { out[std::string(id)] += docs; });
}

}  // namespace

std::map<std::string, Xapian::doccount> FacetSpy::counts() const {
    std::map<std::string, Xapian::doccount> out;
    if (column_) {
        return column_->column().counts_by_id(column_->counts());
    }
    if (stream_) {
        for (const auto& [combination, docs] : stream_->values()) {
            add_ids(combination, docs, out);
        }
        return out;
    }
    for (auto it = builtin_->values_begin(); it != builtin_->values_end(); ++it) {
        add_ids(*it, it.get_termfreq(), out);
    }
    return out;
}

}  // namespace kb::query
