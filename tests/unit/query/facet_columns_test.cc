// FacetColumns and what reads them (FacetSpy, ColumnWeightSource, OrderKeyMaker): the same
// counts, weights and order as Xapian reading the value slots, and a Searcher that gives
// the same answers with them as without.

#include "query/facet_columns.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kb/analysis/analyzer.h"
#include "kb/index/document_builder.h"
#include "kb/index/index_writer.h"
#include "kb/index/schema.h"
#include "kb/query/searcher.h"

#include "query/column_weight_source.h"
#include "query/facet_spy.h"
#include "query/multi_select_decider.h"
#include "query/order_key_maker.h"
#include "support/temp_dir.h"

namespace kb::query {
namespace {

constexpr Xapian::valueno kIds = 4;    // one or several ids
constexpr Xapian::valueno kYear = 5;   // a year, or none
constexpr Xapian::valueno kOrder = 6;  // unique, or none; some equal
const std::string kSeparator(1, index::schema::kListSeparator);

// 3,000 documents with gaps in every slot, then every 97th from the tenth deleted.
void write_random_database(const std::filesystem::path& path) {
    Xapian::WritableDatabase writer(path.string(), Xapian::DB_CREATE);
    std::mt19937 random(11);
    for (int i = 0; i < 3000; ++i) {
        Xapian::Document doc;
        doc.add_term(random() % 2 == 0 ? "even" : "odd");
        const std::string word = std::string("w").append(std::to_string(random() % 7));
        doc.add_term(word, 1 + random() % 3);  // varied weights
        if (random() % 5 != 0) {
            std::string ids = std::string("id").append(std::to_string(random() % 9));
            if (random() % 2 == 0) {
                ids.append(kSeparator).append("id").append(std::to_string(9 + random() % 4));
            }
            doc.add_value(kIds, ids);
        }
        if (random() % 4 != 0) {
            doc.add_value(kYear, std::to_string(2010 + random() % 15));
        }
        if (random() % 6 != 0) {
            doc.add_value(kOrder, std::to_string(random() % 2500));  // a few equal
        }
        writer.add_document(doc);
    }
    for (Xapian::docid did = 10; did < 3000; did += 97) {
        writer.delete_document(did);
    }
    writer.commit();
}

class EveryThirdOut : public Xapian::MatchDecider {
public:
    bool operator()(const Xapian::Document& doc) const override { return doc.get_docid() % 3 != 0; }
};

class FacetColumnsTest : public ::testing::Test {
protected:
    void SetUp() override {
        write_random_database(dir_ / "db");
        db_ = Xapian::Database((dir_ / "db").string());
    }
    const Xapian::valueno slots_[2] = {kIds, kYear};
    test::TempDir dir_;
    Xapian::Database db_;
};

TEST_F(FacetColumnsTest, HoldEachDocumentsValueAndRank) {
    const FacetColumns columns(db_, slots_, kOrder);
    EXPECT_EQ(columns.revision(), FacetColumns::revision_of(db_));
    EXPECT_EQ(columns.column(kOrder), nullptr);
    const FacetColumn* ids = columns.column(kIds);
    ASSERT_NE(ids, nullptr);
    ASSERT_EQ(ids->ids.size(), db_.get_lastdocid() + 1);
    Xapian::doccount with_value = 0;
    std::vector<std::pair<std::string, std::uint32_t>> orders;  // value, rank
    for (Xapian::docid did = 1; did <= db_.get_lastdocid(); ++did) {
        std::string value;
        std::string order;
        try {
            const Xapian::Document doc = db_.get_document(did);
            value = doc.get_value(kIds);
            order = doc.get_value(kOrder);
        } catch (const Xapian::DocNotFoundError&) {
        }
        EXPECT_EQ(ids->values[ids->ids[did]], value) << did;
        with_value += value.empty() ? 0 : 1;
        const std::uint32_t rank = columns.order_ranks()[did];
        EXPECT_EQ(rank == 0, order.empty()) << did;
        if (!order.empty()) {
            orders.emplace_back(order, rank);
        }
    }
    // Ranks order as the values do, equal values equal ranks.
    std::sort(orders.begin(), orders.end());
    ASSERT_GT(orders.size(), 2000u);
    for (std::size_t i = 1; i < orders.size(); ++i) {
        EXPECT_EQ(orders[i].first == orders[i - 1].first, orders[i].second == orders[i - 1].second);
        EXPECT_GE(orders[i].second, orders[i - 1].second);
    }
    Xapian::doccount counted = 0;
    for (std::size_t id = 1; id < ids->values.size(); ++id) {
        counted += ids->documents[id];
    }
    EXPECT_EQ(counted, with_value);
    EXPECT_GT(columns.memory_bytes(), 2 * 3000 * sizeof(std::uint32_t));
}

// A spy on the columns counts as Xapian's ValueCountMatchSpy does, over gaps, lists of
// ids, documents a decider leaves out and deleted documents.
TEST_F(FacetColumnsTest, SpiesOnColumnsCountAsXapiansSpyDoes) {
    const FacetColumns columns(db_, slots_);
    const EveryThirdOut decider;
    for (const char* term : {"even", "odd", "w3"}) {
        for (const bool decide : {false, true}) {
            for (const Xapian::valueno slot : {kIds, kYear}) {
                FacetSpy on_columns(slot, &db_, &columns);
                FacetSpy builtin(slot, nullptr);
                Xapian::Enquire enquire(db_);
                enquire.set_query(
                    Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(term), Xapian::Query("w5")));
                enquire.add_matchspy(on_columns.spy());
                enquire.add_matchspy(builtin.spy());
                enquire.get_mset(0, 10, db_.get_doccount(), nullptr, decide ? &decider : nullptr);
                const auto counts = on_columns.counts();
                EXPECT_EQ(counts, builtin.counts()) << term << ' ' << slot << ' ' << decide;
                EXPECT_GE(counts.size(), 10u);
            }
        }
    }
}

// The recency boost from the year column ranks and weighs as ValueMapPostingSource does
// behind OP_AND_MAYBE.
TEST_F(FacetColumnsTest, AColumnWeightSourceWeighsAsValueMapPostingSource) {
    const auto columns = std::make_shared<const FacetColumns>(db_, slots_);
    const std::map<std::string, double> weights = {
        {"2024", 0.5}, {"2023", 0.4}, {"2021", 0.2}, {"1999", 0.9}, {"2015", 0.0}};
    const auto run = [&](bool on_columns, const Xapian::Query& text) {
        Xapian::PostingSource* source = nullptr;
        if (on_columns) {
            source = new ColumnWeightSource(columns, kYear, weights);
        } else {
            auto* mapped = new Xapian::ValueMapPostingSource(kYear);
            for (const auto& [value, weight] : weights) {
                mapped->add_mapping(value, weight);
            }
            source = mapped;
        }
        const Xapian::Query boost(source->release());
        Xapian::Enquire enquire(db_);
        enquire.set_query(text.empty() ? boost
                                       : Xapian::Query(Xapian::Query::OP_AND_MAYBE, text, boost));
        std::vector<std::pair<Xapian::docid, double>> hits;
        const Xapian::MSet mset = enquire.get_mset(0, 3000, db_.get_doccount());
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            hits.emplace_back(*it, it.get_weight());
        }
        return hits;
    };
    for (const Xapian::Query& text :
         {Xapian::Query("even"), Xapian::Query("w4"),
          Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("w1"), Xapian::Query("w2"))}) {
        const auto expected = run(false, text);
        const auto got = run(true, text);
        ASSERT_EQ(got.size(), expected.size()) << text.get_description();
        for (std::size_t i = 0; i < got.size(); ++i) {
            EXPECT_EQ(got[i].first, expected[i].first) << i;
            EXPECT_DOUBLE_EQ(got[i].second, expected[i].second) << i;
        }
        EXPECT_GT(got.size(), 100u);
    }
    // Alone: the documents with a weight, by weight.
    const auto alone = run(true, Xapian::Query());
    Xapian::doccount weighted = 0;
    for (Xapian::docid did = 1; did <= db_.get_lastdocid(); ++did) {
        try {
            const auto found = weights.find(db_.get_document(did).get_value(kYear));
            weighted += found != weights.end() && found->second > 0 ? 1 : 0;
        } catch (const Xapian::DocNotFoundError&) {
        }
    }
    EXPECT_EQ(alone.size(), weighted);
    EXPECT_GT(weighted, 300u);
    EXPECT_DOUBLE_EQ(alone.front().second, 0.5);
    EXPECT_DOUBLE_EQ(alone.back().second, 0.2);
}

// Sorting by the order ranks is sorting by the order slot, alone and after relevance.
TEST_F(FacetColumnsTest, TheOrderKeySortsAsTheValueDoes) {
    const auto columns = std::make_shared<const FacetColumns>(db_, slots_, kOrder);
    const OrderKeyMaker key(columns);
    for (const bool by_relevance : {false, true}) {
        for (const bool reverse : {false, true}) {
            const auto order = [&](bool by_key) {
                Xapian::Enquire enquire(db_);
                enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("w1"),
                                                Xapian::Query("even")));
                if (by_key) {
                    by_relevance
                        ? enquire.set_sort_by_relevance_then_key(const_cast<OrderKeyMaker*>(&key),
                                                                 reverse)
                        : enquire.set_sort_by_key(const_cast<OrderKeyMaker*>(&key), reverse);
                } else {
                    by_relevance ? enquire.set_sort_by_relevance_then_value(kOrder, reverse)
                                 : enquire.set_sort_by_value(kOrder, reverse);
                }
                std::vector<Xapian::docid> ids;
                const Xapian::MSet mset = enquire.get_mset(0, 3000);
                for (auto it = mset.begin(); it != mset.end(); ++it) {
                    ids.push_back(*it);
                }
                return ids;
            };
            const auto expected = order(false);
            EXPECT_GT(expected.size(), 1000u);
            EXPECT_EQ(order(true), expected) << by_relevance << reverse;
        }
    }
}

// One match with a MultiSelectDecider accepts the documents that pass every selection and
// counts each selection over the documents that pass every other one, as a brute force
// over the query's documents does.
TEST_F(FacetColumnsTest, AMultiSelectDeciderCountsEachSelectionWithoutItsOwnFilter) {
    const FacetColumns columns(db_, slots_);
    const FacetColumn& ids = *columns.column(kIds);
    const FacetColumn& years = *columns.column(kYear);
    const std::vector<std::string> selected = {"id1", "id10", "id12"};
    const std::string from = "2013";
    const std::string to = "2019\xff";
    for (const char* term : {"even", "odd", "w2"}) {
        const Xapian::Query query(Xapian::Query::OP_OR, Xapian::Query(term), Xapian::Query("w5"));
        std::vector<MultiSelectDecider::Selection> selections;
        selections.push_back(MultiSelectDecider::any_of("ids", ids, selected));
        selections.push_back(MultiSelectDecider::range("year", years, from, to, years));
        MultiSelectDecider decider(std::move(selections), nullptr);
        Xapian::Enquire enquire(db_);
        enquire.set_query(query);
        const Xapian::MSet mset = enquire.get_mset(0, 10, db_.get_doccount(), nullptr, &decider);

        // Brute force over every document of the query.
        Xapian::Enquire all(db_);
        all.set_query(query);
        const Xapian::MSet every = all.get_mset(0, db_.get_doccount());
        Xapian::doccount accepted = 0;
        std::map<std::string, Xapian::doccount> ids_counts;
        std::map<std::string, Xapian::doccount> year_counts;
        for (auto it = every.begin(); it != every.end(); ++it) {
            const Xapian::Document doc = it.get_document();
            const std::string value = doc.get_value(kIds);
            const std::string year = doc.get_value(kYear);
            bool in_ids = false;
            for_each_listed_id(value, [&](std::string_view id) {
                in_ids = in_ids || std::find(selected.begin(), selected.end(), std::string(id)) !=
                                       selected.end();
            });
            const bool in_range = !year.empty() && year >= from && year <= to;
            accepted += in_ids && in_range ? 1 : 0;
            if (in_range) {
                for_each_listed_id(value,
                                   [&](std::string_view id) { ++ids_counts[std::string(id)]; });
            }
            if (in_ids && !year.empty()) {
                ++year_counts[year];
            }
        }
        EXPECT_EQ(mset.get_matches_estimated(), accepted) << term;
        EXPECT_EQ(mset.get_matches_lower_bound(), mset.get_matches_upper_bound()) << term;
        EXPECT_EQ(decider.counts("ids"), ids_counts) << term;
        EXPECT_EQ(decider.counts("year"), year_counts) << term;
        EXPECT_GT(accepted, 50u);
        EXPECT_GT(ids_counts.size(), 8u);
        EXPECT_TRUE(decider.selects("ids"));
        EXPECT_FALSE(decider.selects("lang"));
        decider.reset();
        EXPECT_TRUE(decider.counts("year").empty());
    }
}

TEST(MultiSelectDecider, PaysForOneSelectionAndForBroadOnesOnly) {
    const auto with = [](std::vector<Xapian::doccount> passing) {
        std::vector<MultiSelectDecider::Selection> selections;
        for (const Xapian::doccount p : passing) {
            selections.push_back(MultiSelectDecider::Selection{"f", nullptr, {}, nullptr, p});
        }
        return MultiSelectDecider::pays(selections, 1000);
    };
    EXPECT_FALSE(with({}));
    EXPECT_TRUE(with({10}));              // one selection: replaces a match of the whole query
    EXPECT_TRUE(with({900, 500}));        // 0.5 + 0.9 of the query's documents, separately
    EXPECT_FALSE(with({100, 200}));       // 0.2 + 0.1: the separate matches visit fewer
    EXPECT_FALSE(with({500, 500, 500}));  // 3 x 0.25
    EXPECT_TRUE(with({800, 800, 800}));   // 3 x 0.64
}

TEST_F(FacetColumnsTest, SharedColumnsAreOfTheCallersRevisionOnly) {
    const std::string key = (dir_ / "db").string();
    const auto opener = [key] {
        return Xapian::Database(key);
    };
    EXPECT_EQ(SharedFacetColumns::get(key, db_, slots_, kOrder, opener), nullptr);
    SharedFacetColumns::wait(key);
    const auto first = SharedFacetColumns::get(key, db_, slots_, kOrder, opener);
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->revision(), FacetColumns::revision_of(db_));
    EXPECT_FALSE(first->order_ranks().empty());

    {
        Xapian::WritableDatabase writer(key);
        Xapian::Document doc;
        doc.add_value(kIds, "new");
        writer.add_document(doc);
        writer.commit();
    }
    // The old handle keeps its columns; a handle on the new revision waits for its own.
    EXPECT_EQ(SharedFacetColumns::get(key, db_, slots_, kOrder, opener), first);
    const Xapian::Database reopened(key);
    EXPECT_EQ(SharedFacetColumns::get(key, reopened, slots_, kOrder, opener), nullptr);
    SharedFacetColumns::wait(key);
    const auto second = SharedFacetColumns::get(key, reopened, slots_, kOrder, opener);
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(second->column(kIds)->values.back(), "new");
    // Now newer than the old handle: nothing for it, and no build started for it.
    EXPECT_EQ(SharedFacetColumns::get(key, db_, slots_, kOrder, opener), nullptr);
    SharedFacetColumns::wait(key);
    EXPECT_EQ(SharedFacetColumns::get(key, reopened, slots_, kOrder, opener), second);

    // An opener that fails leaves no columns and does not throw.
    const std::string other = key + "-other";
    EXPECT_EQ(SharedFacetColumns::get(
                  other, db_, slots_, kOrder,
                  []() -> Xapian::Database { throw Xapian::DatabaseOpeningError("gone"); }),
              nullptr);
    SharedFacetColumns::wait(other);
    EXPECT_EQ(SharedFacetColumns::get(other, db_, slots_, kOrder, opener), nullptr);
}

// A Searcher gives the same answers with the columns as without them: totals, hits and
// their order and scores, every facet count and the cursors, in both sorts, with filters,
// a date range and the recency boost.
TEST(SearcherWithFacetColumns, AnswersAsWithoutThem) {
    const test::TempDir dir;
    const std::filesystem::path index = dir / "idx";
    {
        analysis::Analyzer analyzer;
        index::IndexWriter writer(index);
        const char* topics[] = {"energy", "transport", "tourism", "innovation"};
        const char* regions[] = {"SI", "SI-savinjska", "PL", "PL-malopolskie", "HR"};
        for (int i = 0; i < 700; ++i) {
            index::IndexedDocument doc;
            doc.id = "doc-" + std::to_string(i);
            doc.language = i % 4 == 0 ? "pl" : "sl";
            doc.title = i % 5 == 0 ? "Zelena infrastruktura" : "Poročilo o projektu";
            doc.text = std::string(i % 3 == 0 ? "Zelena zelena infrastruktura. " : "Streha. ") +
                       "Občina in projekt številka " + std::to_string(i % 7) + ".";
            if (i % 11 != 0) {
                doc.date = std::to_string(2012 + i % 15) + "-0" + std::to_string(1 + i % 9);
            }
            doc.topics = {topics[i % 4]};
            if (i % 3 == 0) {
                doc.topics.push_back(topics[(i / 3) % 4]);
            }
            doc.regions = {regions[i % 5]};
            doc.type = i % 2 == 0 ? "report" : "project";
            writer.put(index::id_term(doc.id), index::build_document(doc, analyzer));
            if (i == 500) {
                writer.commit();
            }
        }
        for (int i = 0; i < 700; i += 13) {
            writer.remove(index::id_term("doc-" + std::to_string(i)));
        }
        writer.commit();
    }
    std::vector<SearchRequest> requests;
    for (const char* q : {"", "zelena", "infrastruktura projekt", "\"zelena infrastruktura\""}) {
        for (const auto sort : {SearchRequest::Sort::Relevance, SearchRequest::Sort::Date}) {
            SearchRequest r;
            r.q = q;
            r.sort = sort;
            r.size = 25;
            requests.push_back(r);
            r.filters["topic"] = {"energy", "tourism"};
            requests.push_back(r);
            r.filters["region"] = {"SI"};
            r.date_from = "2015";
            requests.push_back(r);
            r.page = 2;
            requests.push_back(r);
            r.page = 1;
            r.languages = {"pl"};
            r.filters["type"] = {"report"};
            r.date_to = "2020-06";
            requests.push_back(r);
            r.filters.erase("topic");
            r.filters.erase("region");
            r.date_from.clear();
            requests.push_back(r);
            // Filters that keep most documents: one match with MultiSelectDecider.
            r.languages.clear();
            r.filters = {{"type", {"report", "project"}}, {"topic", {"energy", "tourism"}}};
            r.date_from = "2000";
            r.date_to.clear();
            requests.push_back(r);
        }
    }
    SearcherOptions off;
    off.facet_columns = false;
    Searcher without({index.string()}, off);
    Searcher with({index.string()}, SearcherOptions{});
    (void)with.search(requests.front());  // starts the build of the columns
    SharedFacetColumns::wait(index.string());
    const Xapian::Database db(index.string());
    ASSERT_NE(SharedFacetColumns::get(index.string(), db, {}, Xapian::BAD_VALUENO,
                                      [] { return Xapian::Database(); }),
              nullptr)
        << "the Searcher's columns are of the index's revision";
    for (SearchRequest request : requests) {
        for (int page = 0; page < 3; ++page) {
            const SearchResponse a = without.search(request);
            const SearchResponse b = with.search(request);
            const std::string what = request.q + " sort " +
                                     std::to_string(static_cast<int>(request.sort)) + " page " +
                                     std::to_string(page);
            ASSERT_EQ(b.total, a.total) << what;
            ASSERT_EQ(b.hits.size(), a.hits.size()) << what;
            for (std::size_t i = 0; i < a.hits.size(); ++i) {
                EXPECT_EQ(b.hits[i].id, a.hits[i].id) << what << " hit " << i;
                EXPECT_DOUBLE_EQ(b.hits[i].score, a.hits[i].score) << what << " hit " << i;
            }
            ASSERT_EQ(b.facets.size(), a.facets.size()) << what;
            for (const auto& [facet, values] : a.facets) {
                const std::vector<FacetValue>& other = b.facets.at(facet);
                ASSERT_EQ(other.size(), values.size()) << what << ' ' << facet;
                for (std::size_t i = 0; i < values.size(); ++i) {
                    EXPECT_EQ(other[i].value, values[i].value) << what << ' ' << facet;
                    EXPECT_EQ(other[i].count, values[i].count) << what << ' ' << facet;
                }
            }
            EXPECT_EQ(b.next_cursor, a.next_cursor) << what;
            if (a.next_cursor.empty()) {
                break;
            }
            request.cursor = a.next_cursor;  // the next page by cursor
            request.page = 1;
        }
    }
}

}  // namespace
}  // namespace kb::query
