#include "query/spelling.h"

#include <chrono>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace kb::query {
namespace {

// An in-memory index whose folded words are `words`, each in `count` documents.
Xapian::WritableDatabase index_of(const std::vector<std::pair<std::string, int>>& words) {
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

std::string suggest(const Xapian::Database& db, std::string_view word) {
    return spelling_suggestion(SpellingIndex(db), db, word).value_or("");
}

TEST(Spelling, SuggestsTheClosestCommonWordOfTheIndex) {
    const Xapian::Database db = index_of({{"velenje", 5},
                                          {"mozganov", 4},
                                          {"mozgani", 2},
                                          {"talent", 6},
                                          {"beg", 1},
                                          {"be", 40},
                                          {"wojewodztwo", 3},
                                          {"wojewodztwa", 30},
                                          {"Zvelenje", 50}});  // a prefixed term: no word
    EXPECT_EQ(suggest(db, "velenej"), "velenje");              // transposition
    EXPECT_EQ(suggest(db, "mozganv"), "mozganov");  // as close as "mozgani", in more documents
    EXPECT_EQ(suggest(db, "talnet"), "talent");
    // The smallest distance wins over the more frequent word.
    EXPECT_EQ(suggest(db, "wojewodstwo"), "wojewodztwo");
    // Words the index has are left alone: a short rare one too ("beg", not "be").
    EXPECT_EQ(suggest(db, "velenje"), "");
    EXPECT_EQ(suggest(db, "beg"), "");
    // Nothing close, too short, or another first letter: no suggestion.
    EXPECT_EQ(suggest(db, "xyzzy"), "");
    EXPECT_EQ(suggest(db, "ta"), "");
    EXPECT_EQ(suggest(db, "alent"), "");
    EXPECT_EQ(suggest(db, ""), "");
}

TEST(Spelling, ARareLongWordGivesWayToAMuchMoreCommonNeighbour) {
    const Xapian::Database db =
        index_of({{"regionalny", 1}, {"regionalne", 25}, {"regionalni", 2}});
    EXPECT_EQ(suggest(db, "regionalny"), "regionalne");
    // Not 10 times as common: kept.
    EXPECT_EQ(suggest(index_of({{"regionalny", 2}, {"regionalne", 5}}), "regionalny"), "");
}

TEST(Spelling, CyrillicWordsMeetByLetterNotByte) {
    const Xapian::Database db = index_of({{"развитие", 3}, {"развитиe", 1}, {"регион", 4}});
    EXPECT_EQ(suggest(db, "развитте"), "развитие");  // one letter (two bytes) off
    EXPECT_EQ(suggest(db, "регоин"), "регион");
}

// The letter signatures and length bands only skip words that cannot be close: the
// answers equal a plain scan of every word with the same first letter.
TEST(SpellingIndex, FindsWhatAScanOfEveryWordFinds) {
    std::mt19937 random(7);
    const std::string alphabet = "abcdeilnorstuvz";
    const auto word = [&](std::size_t length) {
        std::string w;
        for (std::size_t i = 0; i < length; ++i) {
            w += alphabet[random() % alphabet.size()];
        }
        return w;
    };
    std::vector<std::pair<std::string, int>> vocabulary;
    for (int i = 0; i < 3000; ++i) {
        // (At least 2 documents each: the index is large enough to leave out the others.)
        vocabulary.emplace_back(word(3 + random() % 8), 2 + static_cast<int>(random() % 5));
    }
    const Xapian::Database db = index_of(vocabulary);
    const SpellingIndex index(db);
    ASSERT_GE(db.get_doccount(), SpellingIndex::kMinDocumentsForHapaxes);
    // Plain scan, as spelling_suggestion did before the index (OSA distance, then count,
    // then the first in byte order).
    const auto scan = [&](const std::string& q, std::size_t limit) -> std::string {
        std::string best;
        Xapian::doccount best_count = 0;
        std::size_t best_distance = limit + 1;
        for (auto it = db.allterms_begin(q.substr(0, 1)); it != db.allterms_end(q.substr(0, 1));
             ++it) {
            const std::string c = *it;
            if (c == q) {
                continue;
            }
            // OSA distance by the textbook recurrence.
            std::vector<std::vector<std::size_t>> d(q.size() + 1,
                                                    std::vector<std::size_t>(c.size() + 1));
            for (std::size_t i = 0; i <= q.size(); ++i)
                d[i][0] = i;
            for (std::size_t j = 0; j <= c.size(); ++j)
                d[0][j] = j;
            for (std::size_t i = 1; i <= q.size(); ++i) {
                for (std::size_t j = 1; j <= c.size(); ++j) {
                    d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                                        d[i - 1][j - 1] + (q[i - 1] == c[j - 1] ? 0 : 1)});
                    if (i > 1 && j > 1 && q[i - 1] == c[j - 2] && q[i - 2] == c[j - 1]) {
                        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
                    }
                }
            }
            const std::size_t dist = d[q.size()][c.size()];
            const Xapian::doccount count = it.get_termfreq();
            if (dist <= limit &&
                (dist < best_distance || (dist == best_distance && count > best_count))) {
                best = c;
                best_count = count;
                best_distance = dist;
            }
        }
        return best;
    };
    int found = 0;
    for (int i = 0; i < 400; ++i) {
        const std::string q = word(3 + random() % 8);
        const std::size_t limit = 1 + random() % 2;
        const std::string expected = scan(q, limit);
        EXPECT_EQ(index.closest(q, limit, 0).value_or(""), expected) << q << " limit " << limit;
        found += !expected.empty();
    }
    EXPECT_GT(found, 100);  // the comparison was not only of empty answers
}

TEST(SpellingIndex, LeavesOutWordsOfOneDocumentInALargeIndex) {
    std::vector<std::pair<std::string, int>> words{{"talent", 1}, {"talents", 2}};
    words.emplace_back("filler", static_cast<int>(SpellingIndex::kMinDocumentsForHapaxes));
    const Xapian::Database db = index_of(words);
    EXPECT_EQ(SpellingIndex(db).closest("talnet", 2, 0).value_or(""), "talents");
    EXPECT_EQ(SpellingIndex(index_of({{"talent", 1}})).closest("talnet", 1, 0).value_or(""),
              "talent");
}

TEST(SharedSpelling, OneIndexPerLocationsRebuiltInTheBackgroundWhenTheIndexChanges) {
    const test::TempDir dir;
    const std::string path = (dir / "db").string();
    Xapian::WritableDatabase writer(path, Xapian::DB_CREATE);
    Xapian::Document velenje;
    velenje.add_term("velenje");
    writer.add_document(velenje);
    writer.commit();
    // The background build opens its own handle, as kb-searchd's Searcher does.
    const auto opener = [path] {
        return Xapian::Database(path);
    };
    const std::string key = "test:" + path;
    const auto get = [&](const Xapian::Database& db) {
        return SharedSpelling::get(key, db, opener, std::chrono::milliseconds(0));
    };
    Xapian::Database reader(path);
    const auto first = get(reader);
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(get(reader), first);
    EXPECT_EQ(first->closest("zagerb", 1, 0).value_or(""), "");

    Xapian::Document zagreb;
    zagreb.add_term("zagreb");
    writer.add_document(zagreb);
    writer.commit();
    ASSERT_TRUE(reader.reopen());
    // The old words serve at once; the new ones arrive from the background build.
    std::shared_ptr<const SpellingIndex> now = get(reader);
    for (int i = 0; i < 500 && now == first; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        now = get(reader);
    }
    ASSERT_NE(now, first);
    EXPECT_EQ(now->closest("zagerb", 1, 0).value_or(""), "zagreb");
    // Another list of locations has its own.
    EXPECT_NE(SharedSpelling::get(key + ",other", reader, opener), now);
}

}  // namespace
}  // namespace kb::query
