#include "query/facet_spy.h"

#include <random>
#include <string>

#include <gtest/gtest.h>

#include "kb/index/schema.h"

#include "support/temp_dir.h"

namespace kb::query {
namespace {

// Rejects every third document, as a time budget or a filter would leave gaps.
class EveryThirdOut : public Xapian::MatchDecider {
public:
    bool operator()(const Xapian::Document& doc) const override { return doc.get_docid() % 3 != 0; }
};

// The value stream and Xapian's ValueCountMatchSpy count the same, over gaps in the values,
// lists of ids, documents left out by a decider and deleted documents.
TEST(FacetSpy, TheValueStreamCountsAsXapiansSpyDoes) {
    const test::TempDir dir;
    Xapian::WritableDatabase writer((dir / "db").string(), Xapian::DB_CREATE);
    std::mt19937 random(5);
    const std::string separator(1, index::schema::kListSeparator);
    for (int i = 0; i < 3000; ++i) {
        Xapian::Document doc;
        doc.add_term(random() % 2 == 0 ? "even" : "odd");
        doc.add_term(std::string("w").append(std::to_string(random() % 7)));
        if (random() % 5 != 0) {  // some documents have no value
            std::string ids = std::string("id").append(std::to_string(random() % 9));
            if (random() % 2 == 0) {
                ids.append(separator).append("id").append(std::to_string(9 + random() % 4));
            }
            doc.add_value(4, ids);
        }
        writer.add_document(doc);
    }
    for (Xapian::docid did = 10; did < 3000; did += 97) {
        writer.delete_document(did);
    }
    writer.commit();
    const Xapian::Database db((dir / "db").string());
    const EveryThirdOut decider;
    for (const char* term : {"even", "odd", "w3"}) {
        for (const bool decide : {false, true}) {
            FacetSpy stream(4, &db);
            FacetSpy builtin(4, nullptr);
            Xapian::Enquire enquire(db);
            enquire.set_query(
                Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(term), Xapian::Query("w5")));
            enquire.add_matchspy(stream.spy());
            enquire.add_matchspy(builtin.spy());
            enquire.get_mset(0, 10, db.get_doccount(), nullptr, decide ? &decider : nullptr);
            const auto counts = stream.counts();
            EXPECT_EQ(counts, builtin.counts()) << term << (decide ? " with decider" : "");
            EXPECT_GE(counts.size(), 10u);
        }
    }
}

}  // namespace
}  // namespace kb::query
