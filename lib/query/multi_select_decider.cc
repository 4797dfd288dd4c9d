#include "multi_select_decider.h"

#include <algorithm>
#include <stdexcept>

namespace kb::query {

MultiSelectDecider::Selection MultiSelectDecider::any_of(std::string name,
                                                         const FacetColumn& column,
                                                         const std::vector<std::string>& selected) {
    Selection s{std::move(name), &column, std::vector<char>(column.values.size(), 0), &column, 0};
    for (std::size_t id = 1; id < column.values.size(); ++id) {
        for (std::uint32_t p = column.part_begin[id]; p < column.part_begin[id + 1]; ++p) {
            const std::string& part = column.part_names[column.parts[p]];
            if (std::find(selected.begin(), selected.end(), part) != selected.end()) {
                s.passes[id] = 1;
                s.passing += column.documents[id];
                break;
            }
        }
    }
    return s;
}

MultiSelectDecider::Selection MultiSelectDecider::range(std::string name,
                                                        const FacetColumn& dates,
                                                        const std::string& from,
                                                        const std::string& to,
                                                        const FacetColumn& years) {
    Selection s{std::move(name), &dates, std::vector<char>(dates.values.size(), 0), &years, 0};
    for (std::size_t id = 1; id < dates.values.size(); ++id) {
        if (dates.values[id] >= from && dates.values[id] <= to) {
            s.passes[id] = 1;
            s.passing += dates.documents[id];
        }
    }
    return s;
}

bool MultiSelectDecider::pays(const std::vector<Selection>& selections,
                              Xapian::doccount documents) {
    if (selections.empty() || documents == 0) {
        return false;
    }
    double separate = 0;  // the separate matches' visits, in query documents
    for (std::size_t i = 0; i < selections.size(); ++i) {
        double share = 1;
        for (std::size_t j = 0; j < selections.size(); ++j) {
            if (j != i) {
                share *= static_cast<double>(selections[j].passing) / documents;
            }
        }
        separate += share;
    }
    return separate >= 1.0;
}

MultiSelectDecider::MultiSelectDecider(std::vector<Selection> selections,
                                       const Xapian::MatchDecider* also)
    : selections_(std::move(selections)), also_(also) {
    if (selections_.empty()) {
        throw std::invalid_argument("MultiSelectDecider: no selection");
    }
    reset();
}

void MultiSelectDecider::reset() {
    counts_.clear();
    for (const Selection& s : selections_) {
        counts_.emplace_back(s.counted->values.size(), 0);
    }
}

bool MultiSelectDecider::operator()(const Xapian::Document& doc) const {
    if (also_ != nullptr && !(*also_)(doc)) {
        return false;
    }
    const Xapian::docid did = doc.get_docid();
    std::size_t failed = selections_.size();  // the one selection it fails, if only one
    for (std::size_t i = 0; i < selections_.size(); ++i) {
        const std::vector<std::uint32_t>& ids = selections_[i].tested->ids;
        if (did >= ids.size() || !selections_[i].passes[ids[did]]) {
            if (failed != selections_.size()) {
                return false;  // fails two: in nobody's counts
            }
            failed = i;
        }
    }
    const auto count = [&](std::size_t i) {
        const std::vector<std::uint32_t>& ids = selections_[i].counted->ids;
        if (did < ids.size()) {
            ++counts_[i][ids[did]];
        }
    };
    if (failed != selections_.size()) {
        count(failed);  // passes every other filter: counts for the one it fails
        return false;
    }
    for (std::size_t i = 0; i < selections_.size(); ++i) {
        count(i);
    }
    return true;
}

bool MultiSelectDecider::selects(const std::string& name) const {
    return std::any_of(selections_.begin(), selections_.end(),
                       [&](const Selection& s) { return s.name == name; });
}

std::map<std::string, Xapian::doccount> MultiSelectDecider::counts(const std::string& name) const {
    for (std::size_t i = 0; i < selections_.size(); ++i) {
        if (selections_[i].name == name) {
            return selections_[i].counted->counts_by_id(counts_[i]);
        }
    }
    return {};
}

}  // namespace kb::query
