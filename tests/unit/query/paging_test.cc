// Deep paging with cursors (SearchRequest::cursor) and the search time limit.

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "kb/analysis/analyzer.h"
#include "kb/index/document_builder.h"
#include "kb/index/index_writer.h"
#include "kb/query/searcher.h"
#include "kb/util/error.h"

#include "support/temp_dir.h"

namespace kb::query {
namespace {

using Sort = SearchRequest::Sort;

// Document `i` of the test collection: weights and dates repeat, so that many hits tie
// and the order falls back on document ids; some have no date.
index::IndexedDocument numbered_document(int i) {
    index::IndexedDocument doc;
    doc.id = "doc-" + std::to_string(i);
    doc.language = "sl";
    doc.title = i % 5 == 0 ? "Zelena infrastruktura" : "Poročilo";
    doc.text = std::string(i % 3 == 0 ? "Zelena zelena infrastruktura. " : "Zelena streha. ") +
               "Občina in projekt številka " + std::to_string(i % 7) + ".";
    if (i % 11 != 0) {
        doc.date = "20" + std::to_string(10 + i % 13) + "-0" + std::to_string(1 + i % 9);
    }
    return doc;
}

void put_documents(const std::filesystem::path& index, int from, int to) {
    analysis::Analyzer analyzer;
    index::IndexWriter writer(index);
    for (int i = from; i < to; ++i) {
        const index::IndexedDocument doc = numbered_document(i);
        writer.put(index::id_term(doc.id), index::build_document(doc, analyzer));
    }
    writer.commit();
}

void remove_documents(const std::filesystem::path& index, const std::vector<std::string>& ids) {
    index::IndexWriter writer(index);
    for (const std::string& id : ids) {
        writer.remove(index::id_term(id));
    }
    writer.commit();
}

SearchRequest query(std::string q, Sort sort, unsigned size) {
    SearchRequest r;
    r.q = std::move(q);
    r.sort = sort;
    r.size = size;
    return r;
}

std::vector<std::string> ids_of(const SearchResponse& r) {
    std::vector<std::string> ids;
    for (const Hit& hit : r.hits) {
        ids.push_back(hit.id);
    }
    return ids;
}

// Every hit of `request`, by numbered pages of 100.
std::vector<std::string> all_by_pages(Searcher& searcher, SearchRequest request) {
    std::vector<std::string> ids;
    request.size = 100;
    for (request.page = 1;; ++request.page) {
        const SearchResponse r = searcher.search(request);
        const std::vector<std::string> page = ids_of(r);
        ids.insert(ids.end(), page.begin(), page.end());
        if (page.size() < request.size) {
            return ids;
        }
    }
}

// Every hit of `request`, following next_cursor from the first page.
std::vector<std::string> all_by_cursor(Searcher& searcher, SearchRequest request) {
    std::vector<std::string> ids;
    for (;;) {
        const SearchResponse r = searcher.search(request);
        const std::vector<std::string> page = ids_of(r);
        ids.insert(ids.end(), page.begin(), page.end());
        if (r.next_cursor.empty()) {
            EXPECT_EQ(ids.size(), r.total);
            return ids;
        }
        EXPECT_EQ(page.size(), request.size) << "a page before the last is full";
        request.cursor = r.next_cursor;
        request.page = 1;
    }
}

class PagingTest : public ::testing::Test {
protected:
    void SetUp() override { put_documents(index_, 0, 400); }
    test::TempDir dir_;
    std::filesystem::path index_ = dir_ / "idx";
};

TEST_F(PagingTest, CursorsWalkTheSameOrderAsPagesInBothSorts) {
    Searcher searcher(index_);
    for (const Sort sort : {Sort::Relevance, Sort::Date}) {
        for (const char* q : {"zelena", "zelena infrastruktura", ""}) {
            const SearchRequest r = query(q, sort, 7);
            const std::vector<std::string> by_pages = all_by_pages(searcher, r);
            ASSERT_GT(by_pages.size(), 100u) << q;
            EXPECT_EQ(all_by_cursor(searcher, r), by_pages)
                << "q='" << q << "' sort=" << (sort == Sort::Date ? "date" : "relevance");
        }
    }
}

TEST_F(PagingTest, ANumberedPageGivesTheCursorOfTheNextOne) {
    Searcher searcher(index_);
    SearchRequest r = query("zelena", Sort::Relevance, 10);
    r.page = 3;
    const SearchResponse third = searcher.search(r);
    r.page = 4;
    const SearchResponse fourth = searcher.search(r);
    SearchRequest next = query("zelena", Sort::Relevance, 10);
    next.cursor = third.next_cursor;
    const SearchResponse after_third = searcher.search(next);
    EXPECT_EQ(ids_of(after_third), ids_of(fourth));
    EXPECT_EQ(after_third.page, 4u);
    EXPECT_EQ(after_third.total, fourth.total);
    EXPECT_EQ(after_third.facets.at("lang").front().count, fourth.facets.at("lang").front().count);
}

// Between two pages kb-indexer commits: documents before the cursor go away, new ones sort
// before it. The next page still starts right after the previous page's last hit, however
// far the position moved (beyond the window the searcher looks at first).
TEST_F(PagingTest, TheNextPageStartsAfterTheLastHitWhenTheIndexChanges) {
    for (const Sort sort : {Sort::Relevance, Sort::Date}) {
        // (removed, added): a few each; more removed than the window's slack; more added.
        for (const auto& [removed, added] : {std::pair{3, 3}, std::pair{40, 0}, std::pair{0, 60}}) {
            put_documents(index_, 0, 400);
            remove_documents(index_, [] {
                std::vector<std::string> ids;
                for (int i = 1000; i < 1100; ++i) {
                    ids.push_back("doc-" + std::to_string(i));
                }
                return ids;
            }());
            Searcher searcher(index_);
            SearchRequest r = query("zelena", sort, 10);
            r.page = 5;
            const SearchResponse before = searcher.search(r);
            const std::vector<std::string> expected_order = all_by_pages(searcher, r);
            ASSERT_FALSE(before.next_cursor.empty());
            // Remove hits of the first pages; add some that sort first (the word in the
            // title, newest dates).
            std::vector<std::string> gone;
            for (int i = 0; i < removed; ++i) {
                gone.push_back(expected_order[static_cast<std::size_t>(i)]);
            }
            remove_documents(index_, gone);
            {
                analysis::Analyzer analyzer;
                index::IndexWriter writer(index_);
                for (int i = 1000; i < 1000 + added; ++i) {
                    index::IndexedDocument doc = numbered_document(i);
                    doc.title = "Zelena zelena zelena";
                    doc.text = "Zelena zelena zelena zelena.";
                    doc.date = "2030-01-01";
                    writer.put(index::id_term(doc.id), index::build_document(doc, analyzer));
                }
                writer.commit();
            }
            SearchRequest next = query("zelena", sort, 10);
            next.cursor = before.next_cursor;
            const std::vector<std::string> got = ids_of(searcher.search(next));
            const auto last =
                std::find(expected_order.begin(), expected_order.end(), before.hits.back().id);
            ASSERT_NE(last, expected_order.end());
            const std::vector<std::string> want(last + 1, last + 11);
            if (sort == Sort::Date) {
                EXPECT_EQ(got, want) << "removed " << removed << ", added " << added;
            } else {
                // Relevance weights change with the collection's statistics; the hits that
                // follow are still the next ones of the old order, give or take a tie.
                int shared = 0;
                for (const std::string& id : got) {
                    shared += std::count(want.begin(), want.end(), id);
                }
                EXPECT_GE(shared, 8) << "removed " << removed << ", added " << added;
                const std::vector<std::string> seen = ids_of(before);
                EXPECT_EQ(std::count(seen.begin(), seen.end(), got.front()), 0);
            }
        }
    }
}

TEST_F(PagingTest, BadOrForeignCursorsAreRefusedNamingTheParameter) {
    Searcher searcher(index_);
    const SearchResponse first = searcher.search(query("zelena", Sort::Relevance, 10));
    ASSERT_FALSE(first.next_cursor.empty());
    for (const std::string& bad :
         {std::string("nonsense"), std::string("c1.1.2.3.4"), first.next_cursor + "0",
          first.next_cursor.substr(0, first.next_cursor.size() - 1) + "x",
          std::string("c1.ffffffffffffffff.ffffffff.0.0."), std::string("c1....."),
          std::string("c1.1.2.3.7ff8000000000000."), std::string(5000, '.')}) {
        SearchRequest r = query("zelena", Sort::Relevance, 10);
        r.cursor = bad;
        try {
            searcher.search(r);
            ADD_FAILURE() << "accepted cursor '" << bad << "'";
        } catch (const InputError& e) {
            EXPECT_EQ(e.source(), "cursor") << bad;
        }
    }
    for (SearchRequest other :
         {query("infrastruktura", Sort::Relevance, 10), query("zelena", Sort::Date, 10)}) {
        other.cursor = first.next_cursor;
        EXPECT_THROW(searcher.search(other), InputError);
    }
    // A forged cursor past every document and hit gives an empty page, not a huge match.
    SearchRequest deep = query("zelena", Sort::Relevance, 10);
    deep.cursor = "c1." + first.next_cursor.substr(3, first.next_cursor.find('.', 3) - 3) +
                  ".ffffffff.ffffff.0.";
    EXPECT_TRUE(searcher.search(deep).hits.empty());
}

// More documents than numbered pages reach (kMaxResultWindow), built once.
class BigIndexTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new test::TempDir();
        put_documents(*dir_ / "idx", 0, static_cast<int>(kMaxResultWindow) + 150);
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }
    static std::filesystem::path index() { return *dir_ / "idx"; }
    static inline test::TempDir* dir_ = nullptr;
};

TEST_F(BigIndexTest, CursorsGoBeyondTheWindowOfNumberedPages) {
    Searcher searcher(index());
    SearchRequest r = query("", Sort::Date, 100);
    r.page = kMaxResultWindow / 100 + 1;
    EXPECT_THROW(searcher.search(r), InputError);
    r.page = kMaxResultWindow / 100;
    SearchResponse page = searcher.search(r);
    r.page = 1;
    r.cursor = page.next_cursor;
    page = searcher.search(r);
    EXPECT_EQ(page.hits.size(), 100u);
    EXPECT_EQ(page.page, kMaxResultWindow / 100 + 1);
    r.cursor = page.next_cursor;
    page = searcher.search(r);
    EXPECT_EQ(page.hits.size(), 50u);
    EXPECT_TRUE(page.next_cursor.empty());
}

TEST_F(BigIndexTest, ATimeLimitCutsTheMatchShortAndSaysSo) {
    Searcher searcher(index());
    SearchRequest r = query("zelena OR streha OR projekt OR občina", Sort::Relevance, 10);
    const SearchResponse full = searcher.search(r);
    EXPECT_FALSE(full.timed_out);
    EXPECT_EQ(full.total, kMaxResultWindow + 150);
    r.time_limit_ms = 1;
    bool timed_out = false;
    for (int attempt = 0; attempt < 5 && !timed_out; ++attempt) {
        const SearchResponse cut = searcher.search(r);
        timed_out = cut.timed_out;
        if (timed_out) {
            EXPECT_LT(cut.total, full.total);  // partial: not every match was counted
        }
    }
    EXPECT_TRUE(timed_out);
}

}  // namespace
}  // namespace kb::query
