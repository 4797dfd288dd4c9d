#include "query/spelling.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace kb::query {
namespace {

// An in-memory index whose folded words are `words`, each in `count` documents.
Xapian::Database index_of(const std::vector<std::pair<std::string, int>>& words) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const auto& [word, count] : words) {
        for (int i = 0; i < count; ++i) {
            Xapian::Document doc;
            doc.add_term(word);
            db.add_document(doc);
        }
    }
    db.commit();
    return db;
}

TEST(Spelling, SuggestsTheClosestCommonWordOfTheIndex) {
    const Xapian::Database db = index_of({{"velenje", 5},
                                          {"mozganov", 4},
                                          {"mozgani", 2},
                                          {"talent", 6},
                                          {"beg", 1},
                                          {"be", 40},
                                          {"wojewodztwo", 3},
                                          {"wojewodztwa", 30}});
    EXPECT_EQ(spelling_suggestion(db, "velenej").value_or(""), "velenje");   // transposition
    EXPECT_EQ(spelling_suggestion(db, "mozganv").value_or(""), "mozganov");  // as close as
    // "mozgani", in more documents
    EXPECT_EQ(spelling_suggestion(db, "talnet").value_or(""), "talent");
    // The smallest distance wins over the more frequent word.
    EXPECT_EQ(spelling_suggestion(db, "wojewodstwo").value_or(""), "wojewodztwo");
    // Words the index has are left alone: a short rare one too ("beg", not "be").
    EXPECT_FALSE(spelling_suggestion(db, "velenje").has_value());
    EXPECT_FALSE(spelling_suggestion(db, "beg").has_value());
    // Nothing close, too short, or another first letter: no suggestion.
    EXPECT_FALSE(spelling_suggestion(db, "xyzzy").has_value());
    EXPECT_FALSE(spelling_suggestion(db, "ta").has_value());
    EXPECT_FALSE(spelling_suggestion(db, "alent").has_value());
}

TEST(Spelling, ARareLongWordGivesWayToAMuchMoreCommonNeighbour) {
    const Xapian::Database db =
        index_of({{"regionalny", 1}, {"regionalne", 25}, {"regionalni", 2}});
    EXPECT_EQ(spelling_suggestion(db, "regionalny").value_or(""), "regionalne");
    // Not 10 times as common: kept.
    const Xapian::Database even = index_of({{"regionalny", 2}, {"regionalne", 5}});
    EXPECT_FALSE(spelling_suggestion(even, "regionalny").has_value());
}

}  // namespace
}  // namespace kb::query
