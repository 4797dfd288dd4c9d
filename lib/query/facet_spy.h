#pragma once

#include <map>
#include <string>

#include <xapian.h>

namespace kb::query {

// Counts, over the documents a match visits, each id of a value slot that holds several ids
// joined by schema::kListSeparator (topics, regions with their ancestors) or one (language,
// type). Xapian's ValueCountMatchSpy counts whole slot values, not the ids in them.
class ListValueCountSpy : public Xapian::MatchSpy {
public:
    explicit ListValueCountSpy(Xapian::valueno slot) : slot_(slot) {}

    void operator()(const Xapian::Document& doc, double weight) override;
    Xapian::MatchSpy* clone() const override { return new ListValueCountSpy(slot_); }
    std::string name() const override { return "kb::ListValueCountSpy"; }

    const std::map<std::string, Xapian::doccount>& counts() const { return counts_; }

private:
    Xapian::valueno slot_;
    std::map<std::string, Xapian::doccount> counts_;
};

}  // namespace kb::query
