#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "kb/analysis/stop_words.h"
#include "kb/index/document_builder.h"
#include "kb/index/index_writer.h"
#include "kb/query/api_json.h"
#include "kb/query/query_builder.h"
#include "kb/query/searcher.h"
#include "kb/query/snippet.h"
#include "kb/util/error.h"

#include "support/temp_dir.h"

namespace kb::query {
namespace {

SearchRequest request(std::string q,
                      std::vector<std::string> languages = {},
                      unsigned page = 1,
                      unsigned size = 10) {
    SearchRequest r;
    r.q = std::move(q);
    r.languages = std::move(languages);
    r.page = page;
    r.size = size;
    return r;
}

TEST(QueryBuilder, ExpandsWordsIntoFormsOfEveryCandidateLanguage) {
    analysis::Analyzer analyzer;
    QueryBuilder builder(analyzer);
    static const struct {
        const char* text;
        std::vector<std::string> langs;
        const char* description;
    } cases[] = {
        {"regions",
         {"en"},
         "Query(((regions SYNONYM Zregion) OR 0.5 * (Sregions SYNONYM ZSregion)))"},
        {"Regions",
         {"en", "pl"},
         "Query(((regions SYNONYM Zregion SYNONYM Zregions) OR 0.5 * (Sregions SYNONYM ZSregion "
         "SYNONYM ZSregions)))"},
        {"Београд",
         {"sr", "bg"},
         "Query(((beograd SYNONYM београд SYNONYM Zbeograd SYNONYM Zбеоград) OR 0.5 * (Sbeograd "
         "SYNONYM Sбеоград SYNONYM ZSbeograd SYNONYM ZSбеоград)))"},
        {"\"całe życie\"", {"pl"}, "Query((cale PHRASE 2 zycie))"},
        {"a -b",
         {"und"},
         "Query((((a SYNONYM Za) OR 0.5 * (Sa SYNONYM ZSa)) AND_NOT (b SYNONYM Zb)))"},
        {"a OR b c",
         {"und"},
         "Query(((((a SYNONYM Za) OR 0.5 * (Sa SYNONYM ZSa)) OR ((b SYNONYM Zb) OR 0.5 * (Sb "
         "SYNONYM ZSb))) AND ((c SYNONYM Zc) OR 0.5 * (Sc SYNONYM ZSc))))"},
        {"title:velenju", {"sl"}, "Query((Svelenju SYNONYM ZSvelenje))"},
    };
    for (const auto& c : cases) {
        const ParsedQuery parsed = builder.parse(c.text, c.langs);
        EXPECT_EQ(parsed.query.get_description(), c.description) << c.text;
        EXPECT_FALSE(parsed.relaxed) << c.text;
    }
}

TEST(QueryBuilder, OddSyntaxIsReadAsPlainWords) {
    analysis::Analyzer analyzer;
    QueryBuilder builder(analyzer);
    static const struct {
        const char* text;
        const char* description;
    } cases[] = {
        {"\"unbalanced quote",
         "Query((((unbalanced SYNONYM Zunbalanced) OR 0.5 * (Sunbalanced SYNONYM ZSunbalanced)) "
         "AND ((quote SYNONYM Zquote) OR 0.5 * (Squote SYNONYM ZSquote))))"},
        {"foo AND", "Query(((foo SYNONYM Zfoo) OR 0.5 * (Sfoo SYNONYM ZSfoo)))"},
        {"OR foo", "Query(((foo SYNONYM Zfoo) OR 0.5 * (Sfoo SYNONYM ZSfoo)))"},
        {"lang:??? x",
         "Query((((lang SYNONYM Zlang) OR 0.5 * (Slang SYNONYM ZSlang)) AND ((x SYNONYM Zx) OR 0.5 "
         "* (Sx SYNONYM ZSx))))"},
    };
    for (const auto& c : cases) {
        const ParsedQuery parsed = builder.parse(c.text, {"und"});
        EXPECT_EQ(parsed.query.get_description(), c.description) << c.text;
        EXPECT_TRUE(parsed.relaxed) << c.text;
    }
    const ParsedQuery lang = builder.parse("lang:pl x", {"und"});
    EXPECT_EQ(lang.languages, std::vector<std::string>{"pl"});
    EXPECT_FALSE(builder.parse("((( ))) ---", {"und"}).has_positive);
    EXPECT_FALSE(builder.parse("", {"und"}).has_positive);
}

TEST(QueryBuilder, StopWordsDoNotRankButPhrasesKeepThem) {
    analysis::Analyzer analyzer;
    QueryBuilder builder(analyzer);
    const ParsedQuery q = builder.parse("uczenie sie przez cale zycie", {"pl", "en"});
    EXPECT_EQ(q.stop_words, (std::vector<std::string>{"sie", "przez"}));
    EXPECT_EQ(q.and_groups, 3u);
    EXPECT_EQ(q.query.get_description().find("przez"), std::string::npos);
    EXPECT_EQ(q.highlight.folded.count("przez"), 0u);
    // A phrase keeps every word; so does a query of stop words only.
    const ParsedQuery phrase = builder.parse("\"uczenie się przez całe życie\"", {"pl"});
    EXPECT_TRUE(phrase.stop_words.empty());
    EXPECT_NE(phrase.query.get_description().find("przez"), std::string::npos);
    const ParsedQuery only = builder.parse("it is to be", {"en"});
    EXPECT_TRUE(only.stop_words.empty());
    EXPECT_EQ(only.and_groups, 4u);
    // Per language: "die" is a German stop word, not an English one; Cyrillic is folded.
    EXPECT_EQ(builder.parse("die regions", {"en"}).stop_words.size(), 0u);
    EXPECT_EQ(builder.parse("die regionen", {"de"}).stop_words, std::vector<std::string>{"die"});
    EXPECT_EQ(builder.parse("град и регион", {"sr"}).stop_words, std::vector<std::string>{"и"});
    // An explicit OR is the user's choice.
    EXPECT_TRUE(builder.parse("w OR regionach", {"pl"}).stop_words.empty());
}

// Grouping with parentheses, run against a small in-memory index of real documents.
class QueryGroupingTest : public ::testing::Test {
protected:
    void SetUp() override {
        struct Doc {
            const char* id;
            const char* title;
            const char* text;
            std::vector<std::string> topics;
        };
        const Doc docs[] = {
            {"ab", "Apple and banana", "Apple banana.", {}},
            {"ac", "Cherry", "Apple cherry.", {}},
            {"bc", "Banana", "Banana cherry.", {"talent-retention"}},
            {"d", "Fruit", "Durian.", {}},
        };
        for (const Doc& d : docs) {
            index::IndexedDocument doc;
            doc.id = d.id;
            doc.language = "en";
            doc.title = d.title;
            doc.text = d.text;
            doc.topics = d.topics;
            ids_[db_.add_document(index::build_document(doc, analyzer_))] = d.id;
        }
        db_.commit();
    }

    ParsedQuery parse(std::string_view text, Xapian::Query::op default_op = Xapian::Query::OP_AND) {
        return builder_.parse(text, {"en"}, default_op);
    }

    // The ids of the documents `q` finds; an empty query finds all (browsing).
    std::set<std::string> find(const ParsedQuery& q) {
        Xapian::Enquire enquire(db_);
        enquire.set_query(q.query.empty() ? Xapian::Query::MatchAll : q.query);
        std::set<std::string> out;
        for (const Xapian::docid id : enquire.get_mset(0, 10)) {
            out.insert(ids_.at(id));
        }
        return out;
    }
    std::set<std::string> find(std::string_view text) { return find(parse(text)); }

    analysis::Analyzer analyzer_;
    QueryBuilder builder_{analyzer_};
    Xapian::WritableDatabase db_{std::string(), Xapian::DB_BACKEND_INMEMORY};
    std::map<Xapian::docid, std::string> ids_;
};

using Ids = std::set<std::string>;

TEST_F(QueryGroupingTest, GroupsChangeWhatOrAndNotApplyTo) {
    static const struct {
        const char* text;
        Ids expected;
    } cases[] = {
        {"(apple OR durian) cherry", {"ac"}},
        {"apple (banana OR cherry)", {"ab", "ac"}},
        {"(apple banana) OR durian", {"ab", "d"}},  // without the group: apple (banana OR durian)
        {"apple banana OR durian", {"ab"}},         // OR binds tighter than the default AND
        {"((apple OR banana) cherry) OR durian", {"ac", "bc", "d"}},
        {"(apple (banana OR cherry)) OR (banana cherry)", {"ab", "ac", "bc"}},
        {"-(apple banana)", {"ac", "bc", "d"}},
        {"NOT (apple OR banana)", {"d"}},
        {"cherry -(apple OR durian)", {"bc"}},
        {"(apple -banana) OR durian", {"ac", "d"}},
        {"(-banana -cherry)", {"d"}},  // exclusions only: excluded from the query
        {"title:(apple banana)", {"ab"}},
        {"title:(banana OR cherry)", {"ab", "ac", "bc"}},
        {"title:(cherry OR durian)", {"ac"}},  // "durian" is no title word
        {"apple ()", {"ab", "ac"}},
    };
    for (const auto& c : cases) {
        const ParsedQuery q = parse(c.text);
        EXPECT_EQ(find(q), c.expected) << c.text << "\n" << q.query.get_description();
        EXPECT_FALSE(q.relaxed) << c.text;
    }
    EXPECT_FALSE(parse("-(apple banana)").has_positive);
    EXPECT_TRUE(parse("(apple banana) OR durian").has_positive);
}

TEST_F(QueryGroupingTest, UnbalancedParenthesesAreReadSensiblyAndRelaxed) {
    static const struct {
        const char* text;
        Ids expected;
        std::size_t and_groups;
    } cases[] = {
        {"(apple cherry", {"ac"}, 2},  // as if the '(' were not there
        {"apple cherry)", {"ac"}, 2},
        {"(apple OR durian)) cherry", {"ac"}, 2},
        {"-(apple banana", {"ac", "bc", "d"}, 0},  // still an exclusion
        {"durian OR (apple banana", {"ab", "d"}, 1},
        {"((apple OR banana) cherry", {"ac", "bc"}, 2},
        {")(", {"ab", "ac", "bc", "d"}, 0},
        {"(apple OR) cherry", {"ac"}, 2},
        {"cherry OR (-apple)", {"bc"}, 1},  // read as cherry -apple
        {"-(-apple)", {"ab", "ac", "bc", "d"}, 0},
    };
    for (const auto& c : cases) {
        const ParsedQuery q = parse(c.text);
        EXPECT_EQ(find(q), c.expected) << c.text << "\n" << q.query.get_description();
        EXPECT_EQ(q.and_groups, c.and_groups) << c.text;
        EXPECT_TRUE(q.relaxed) << c.text;
    }
    // An empty group is dropped silently.
    EXPECT_FALSE(parse("()").relaxed);
    EXPECT_FALSE(parse("()").has_positive);
    EXPECT_FALSE(parse("apple () cherry").relaxed);
}

TEST_F(QueryGroupingTest, DefaultOperatorJoinsTopLevelClausesOnly) {
    const ParsedQuery all = parse("(apple banana) durian");
    EXPECT_EQ(all.and_groups, 2u);
    EXPECT_EQ(find(all), Ids{});
    // The Searcher's fallback when no document has every clause: any top-level clause.
    const ParsedQuery any = parse("(apple banana) durian", Xapian::Query::OP_OR);
    EXPECT_EQ(find(any), (Ids{"ab", "d"}));
    EXPECT_EQ(find(parse("(apple cherry durian)", Xapian::Query::OP_OR)), Ids{});
    EXPECT_EQ(parse("(apple cherry durian)").and_groups, 1u);
    EXPECT_EQ(parse("(apple OR durian) cherry (banana)").and_groups, 3u);
    EXPECT_EQ(parse("(apple banana) OR durian").and_groups, 1u);
    EXPECT_EQ(parse("apple -(banana cherry)").and_groups, 1u);
}

TEST_F(QueryGroupingTest, StopWordsAreLeftOutPerGroup) {
    // "the" is in no document: a match shows it was left out.
    ParsedQuery q = parse("(the apple) banana");
    EXPECT_EQ(find(q), Ids{"ab"});
    EXPECT_EQ(q.stop_words, std::vector<std::string>{"the"});
    q = parse("(the) apple");  // a group of stop words only, beside other words
    EXPECT_EQ(find(q), (Ids{"ab", "ac"}));
    EXPECT_EQ(q.stop_words, std::vector<std::string>{"the"});
    q = parse("of (the apple) (for)");
    EXPECT_EQ(find(q), (Ids{"ab", "ac"}));
    EXPECT_EQ(q.stop_words, (std::vector<std::string>{"of", "the", "for"}));
    EXPECT_EQ(q.and_groups, 1u);
    // A query of stop words only keeps them, grouped or not; so does an explicit OR.
    EXPECT_TRUE(parse("(the of) it").stop_words.empty());
    EXPECT_TRUE(parse("apple (the OR cherry)").stop_words.empty());
    EXPECT_EQ(find(parse("apple (the OR cherry)")), Ids{"ac"});
}

TEST_F(QueryGroupingTest, FacetsInGroupsAreZeroWeightAlternatives) {
    const ParsedQuery q = parse("(topic:talent-retention OR durian)");
    EXPECT_TRUE(q.has_filter);
    EXPECT_TRUE(q.has_positive);
    // Facet terms have no wdf, so BM25 gives them no weight anyway; the scale keeps it so
    // under any weighting scheme.
    EXPECT_NE(q.query.get_description().find("0 * XTtalent-retention"), std::string::npos)
        << q.query.get_description();
    Xapian::Enquire enquire(db_);
    enquire.set_query(q.query);
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    ASSERT_EQ(mset.size(), 2u);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        if (ids_.at(*it) == "bc") {
            EXPECT_EQ(it.get_weight(), 0.0);  // found through its topic: no weight
        } else {
            EXPECT_EQ(ids_.at(*it), "d");
            EXPECT_GT(it.get_weight(), 0.0);
        }
    }
    // At the top level a facet filters, whatever the operators around it.
    EXPECT_EQ(find("topic:talent-retention OR durian"), Ids{});
    EXPECT_EQ(find("(topic:talent-retention OR durian) cherry"), Ids{"bc"});
    // A group of facets only filters too.
    const ParsedQuery facets = parse("(topic:talent-retention OR topic:none)");
    EXPECT_FALSE(facets.has_positive);
    EXPECT_TRUE(facets.has_filter);
    EXPECT_EQ(find(facets), Ids{"bc"});
    EXPECT_EQ(find("-(topic:talent-retention cherry)"), (Ids{"ab", "ac", "d"}));
}

TEST_F(QueryGroupingTest, HighlightsEveryPositiveWordAndNoExcludedOne) {
    const ParsedQuery q = parse("(apple OR durian) -(banana cherry) title:(fruit)");
    EXPECT_EQ(q.highlight.folded, (std::set<std::string, std::less<>>{"apple", "durian", "fruit"}));
    EXPECT_EQ(q.highlight.stems.count("banana"), 0u);
    EXPECT_EQ(q.highlight.stems.count("cherri"), 0u);
    const ParsedQuery lang = parse("lang:(sl) (apple lang:pl)");
    EXPECT_EQ(lang.languages, (std::vector<std::string>{"sl", "pl"}));
}

TEST(StopWords, ListsAreSortedFoldedAndPerLanguage) {
    for (const char* lang : {"pl", "sl", "hr", "cs", "sk", "bg", "en", "de", "hu", "ro"}) {
        const auto list = analysis::stop_words_for_tests(lang);
        ASSERT_FALSE(list.empty()) << lang;
        EXPECT_TRUE(std::is_sorted(list.begin(), list.end())) << lang;
        analysis::Analyzer analyzer;
        for (const std::string_view w : list) {
            // Each entry is in the form queries are compared in.
            EXPECT_EQ(analyzer.forms(std::string(w), lang).folded, w) << lang << ": " << w;
        }
    }
    EXPECT_TRUE(analysis::is_stop_word("sr", "je"));
    EXPECT_TRUE(analysis::is_stop_word("bs", "je"));
    EXPECT_FALSE(analysis::is_stop_word("en", "region"));
    EXPECT_FALSE(analysis::is_stop_word("und", "the"));
}

TEST(Snippet, MarksStemMatchesAndEscapesHtml) {
    analysis::Analyzer analyzer;
    QueryBuilder builder(analyzer);
    const ParsedQuery q = builder.parse("regions", {"en"});
    const std::string snippet = make_snippet(
        "<b>Intro</b> & text. Region policy helps regions grow.", "en", q.highlight, analyzer);
    EXPECT_EQ(snippet,
              "&lt;b&gt;Intro&lt;/b&gt; &amp; text. <mark>Region</mark> policy helps "
              "<mark>regions</mark> grow.");
}

TEST(Snippet, CutsLongTextAroundTheMatch) {
    analysis::Analyzer analyzer;
    QueryBuilder builder(analyzer);
    std::string text;
    for (int i = 0; i < 200; ++i) {
        text += "filler\n";
    }
    text += "the Velenje case";
    for (int i = 0; i < 200; ++i) {
        text += " filler";
    }
    const std::string snippet =
        make_snippet(text, "sl", builder.parse("velenje", {"sl"}).highlight, analyzer, 120);
    EXPECT_TRUE(snippet.starts_with("…"));
    EXPECT_TRUE(snippet.ends_with("…"));
    EXPECT_NE(snippet.find("<mark>Velenje</mark>"), std::string::npos);
    EXPECT_EQ(snippet.find('\n'), std::string::npos);
    EXPECT_LE(snippet.size(), 120u + 40u);
}

class SearcherTest : public ::testing::Test {
protected:
    void SetUp() override {
        analysis::Analyzer analyzer;
        index::IndexWriter writer(dir_ / "idx");
        struct Doc {
            const char* id;
            const char* lang;
            const char* title;
            const char* text;
        };
        const Doc docs[] = {
            {"pl1", "pl", "Rozwój regionów", "Fundusze dla regionów i miast."},
            {"pl2", "pl", "Uczenie się", "Uczenie się przez całe życie w regionach."},
            {"sl1", "sl", "Velenje", "Beg možganov iz Velenja in regije."},
            {"sr1", "sr", "Београд", "Град Београд и региони Србије."},
            {"en1", "en", "Regions", "Regional policy for regions and cities."},
        };
        for (const Doc& d : docs) {
            index::IndexedDocument doc;
            doc.id = d.id;
            doc.language = d.lang;
            doc.title = d.title;
            doc.text = d.text;
            index::FoldedStems folded_stems;
            writer.put(index::id_term(doc.id), index::build_document(doc, analyzer, &folded_stems));
            writer.add_folded_stems(folded_stems);
        }
        writer.commit();
    }
    test::TempDir dir_;
};

TEST_F(SearcherTest, FindsAcrossScriptsAndDiacritics) {
    Searcher searcher(dir_ / "idx");
    EXPECT_EQ(searcher.search(request("beograd")).total, 1u);
    EXPECT_EQ(searcher.search(request("Београд")).total, 1u);
    EXPECT_EQ(searcher.search(request("mozganov")).total, 1u);
    const SearchResponse r = searcher.search(request("regions", {"en"}));
    ASSERT_EQ(r.total, 1u);
    EXPECT_EQ(r.hits[0].id, "en1");
    EXPECT_NE(r.hits[0].snippet.find("<mark>regions</mark>"), std::string::npos);
}

TEST_F(SearcherTest, InflectedFormsFindTheSameDocuments) {
    Searcher searcher(dir_ / "idx");
    const auto ids = [&](const std::string& q) {
        std::set<std::string> out;
        for (const Hit& h : searcher.search(request(q, {"pl"})).hits) {
            out.insert(h.id);
        }
        return out;
    };
    const std::set<std::string> expected = {"pl1", "pl2"};
    EXPECT_EQ(ids("regionach"), expected);
    EXPECT_EQ(ids("regionów"), expected);
    EXPECT_EQ(ids("region"), expected);
    EXPECT_EQ(ids("regionow"), expected);  // typed without diacritics: through the synonyms
}

TEST_F(SearcherTest, QueriesWithoutDiacriticsAndWithStopWordsFindTheSameDocuments) {
    Searcher searcher(dir_ / "idx");
    const auto ids = [&](const std::string& q, std::vector<std::string> langs = {}) {
        std::set<std::string> out;
        for (const Hit& h : searcher.search(request(q, std::move(langs))).hits) {
            out.insert(h.id);
        }
        return out;
    };
    const std::set<std::string> pl2 = {"pl2"};
    EXPECT_EQ(ids("uczenie się przez całe życie"), pl2);
    EXPECT_EQ(ids("uczenie sie przez cale zycie"), pl2);
    EXPECT_EQ(ids("\"uczenie się przez całe życie\""), pl2);
    EXPECT_EQ(ids("\"uczenie sie przez cale zycie\"", {"pl"}), pl2);
    EXPECT_EQ(ids("\"życie przez\""), std::set<std::string>{});  // order matters in phrases
    // Stop words neither filter nor rank: "w" and "dla" are not required.
    EXPECT_EQ(ids("w regionach dla", {"pl"}), (std::set<std::string>{"pl1", "pl2"}));
    EXPECT_EQ(searcher.search(request("w regionach dla", {"pl"})).stop_words,
              (std::vector<std::string>{"w", "dla"}));
    EXPECT_EQ(ids("beg mozganov"), std::set<std::string>{"sl1"});
    EXPECT_EQ(ids("beg možganov"), std::set<std::string>{"sl1"});
}

TEST_F(SearcherTest, LanguageFilterAndExactMultiSelectFacetCounts) {
    Searcher searcher(dir_ / "idx");
    const SearchResponse all = searcher.search(request(""));
    EXPECT_EQ(all.total, 5u);
    ASSERT_EQ(all.facets.at("lang").size(), 4u);
    EXPECT_EQ(all.facets.at("lang")[0].value, "pl");
    EXPECT_EQ(all.facets.at("lang")[0].count, 2u);
    EXPECT_EQ(all.facets.at("lang")[0].label, "Polish");

    const SearchResponse pl = searcher.search(request("", {"pl", "sl"}));
    EXPECT_EQ(pl.total, 3u);
    // The language facet ignores its own filter: the other languages still show counts.
    EXPECT_EQ(pl.facets.at("lang").size(), 4u);
    for (const Hit& h : pl.hits) {
        EXPECT_TRUE(h.lang == "pl" || h.lang == "sl");
    }
}

TEST_F(SearcherTest, PagingAndFallbackToAnyWord) {
    Searcher searcher(dir_ / "idx");
    const SearchResponse p1 = searcher.search(request("", {}, 1, 2));
    const SearchResponse p3 = searcher.search(request("", {}, 3, 2));
    EXPECT_EQ(p1.hits.size(), 2u);
    EXPECT_EQ(p3.hits.size(), 1u);
    EXPECT_EQ(p3.total, 5u);
    const SearchResponse any = searcher.search(request("velenje nonexistentword"));
    EXPECT_TRUE(any.match_any);
    EXPECT_EQ(any.total, 1u);
}

// The fallback to any word ORs the top-level clauses: a group stays whole.
TEST_F(SearcherTest, FallbackToAnyClauseKeepsGroupsWhole) {
    Searcher searcher(dir_ / "idx");
    const SearchResponse grouped = searcher.search(request("(velenje nonexistentword)"));
    EXPECT_FALSE(grouped.match_any);
    EXPECT_EQ(grouped.total, 0u);
    const SearchResponse any = searcher.search(request("(velenje OR beograd) nonexistentword"));
    EXPECT_TRUE(any.match_any);
    EXPECT_EQ(any.total, 2u);
}

TEST_F(SearcherTest, RejectsBadParametersNamingThem) {
    Searcher searcher(dir_ / "idx");
    const auto param_of = [&](const SearchRequest& r) {
        try {
            searcher.search(r);
        } catch (const InputError& e) {
            return e.source();
        }
        return std::string("none");
    };
    EXPECT_EQ(param_of(request("", {}, 1, 0)), "size");
    EXPECT_EQ(param_of(request("", {}, 1, 101)), "size");
    EXPECT_EQ(param_of(request("", {}, 0)), "page");
    EXPECT_EQ(param_of(request("", {"not a code"})), "lang");
    EXPECT_EQ(param_of(request(std::string(kMaxQueryBytes + 1, 'a'))), "q");
}

TEST_F(SearcherTest, DocumentByIdAndJson) {
    Searcher searcher(dir_ / "idx");
    const auto doc = searcher.document("sl1");
    ASSERT_TRUE(doc.has_value());
    EXPECT_EQ(doc->title, "Velenje");
    EXPECT_EQ(doc->text, "Beg možganov iz Velenja in regije.");
    EXPECT_FALSE(searcher.document("missing").has_value());
    EXPECT_EQ(error_json("bad_parameter", "size: too big", "size"),
              R"({"error":{"code":"bad_parameter","message":"size: too big","param":"size"}})");
}

// A word typed without diacritics is no dictionary word ("vestacka"); the index's synonym
// table leads from its folded form to the lemma of the words that fold to it.
TEST(Searcher, WordsTypedWithoutDiacriticsReachTheirLemma) {
    test::TempDir dir;
    analysis::Analyzer analyzer;
    {
        index::IndexWriter writer(dir / "idx");
        const std::pair<const char*, const char*> docs[] = {
            {"cyr", "Вештачка интелигенција мења свет."},
            {"lat", "Razvoj veštačke inteligencije u Srbiji."},
        };
        for (const auto& [id, text] : docs) {
            index::IndexedDocument doc;
            doc.id = id;
            doc.language = "sr";
            doc.text = text;
            index::FoldedStems folded_stems;
            writer.put(index::id_term(doc.id), index::build_document(doc, analyzer, &folded_stems));
            writer.add_folded_stems(folded_stems);
        }
        writer.commit();
    }
    Searcher searcher(dir / "idx");
    for (const char* q : {"вештачка", "veštačka", "vestacka", "vestacke", "VESTACKE"}) {
        EXPECT_EQ(searcher.search(request(q)).total, 2u) << q;
    }
}

// Topic, region and type facets: filters, multi-select counts, the region tree, labels.
// Equal bodies: the word in a title ranks higher, and a recent date a little higher.
TEST(Searcher, TitleMatchesAndRecentDocumentsRankFirst) {
    test::TempDir dir;
    analysis::Analyzer analyzer;
    const auto year = [] {
        const std::time_t now = std::time(nullptr);
        std::tm utc{};
        gmtime_r(&now, &utc);
        return std::to_string(utc.tm_year + 1900);
    }();
    {
        index::IndexWriter writer(dir / "idx");
        const auto put = [&](const char* id, const char* title, const std::string& date) {
            index::IndexedDocument doc;
            doc.id = id;
            doc.language = "sl";
            doc.title = title;
            doc.text = "Poročilo o projektih. Zelena infrastruktura v občini.";
            doc.date = date;
            writer.put(index::id_term(doc.id), index::build_document(doc, analyzer));
        };
        put("old-plain", "Poročilo", "2005-01-10");
        put("old-title", "Zelena infrastruktura", "2005-01-10");
        put("new-plain", "Poročilo", year + "-01-10");
        // A collection around them, so that the words have their usual weight.
        for (int i = 0; i < 30; ++i) {
            index::IndexedDocument doc;
            doc.id = "other-" + std::to_string(i);
            doc.language = "sl";
            doc.title = "Novice";
            doc.text = "Mladi in zaposlovanje v regiji, številka " + std::to_string(i) + ".";
            writer.put(index::id_term(doc.id), index::build_document(doc, analyzer));
        }
        writer.commit();
    }
    Searcher searcher(dir / "idx");
    const SearchResponse r = searcher.search(request("zelena"));
    ASSERT_EQ(r.hits.size(), 3u);
    EXPECT_EQ(r.hits[0].id, "old-title");  // the title outweighs the recency boost
    EXPECT_EQ(r.hits[1].id, "new-plain");  // same text and title: the recent one first
    EXPECT_EQ(r.hits[2].id, "old-plain");
    EXPECT_GT(r.hits[1].score, r.hits[2].score);
    EXPECT_LT(r.hits[1].score - r.hits[2].score, 0.5);  // mild
}

TEST(Searcher, FacetFiltersCountsTreeAndLabels) {
    test::TempDir dir;
    analysis::Analyzer analyzer;
    {
        index::IndexWriter writer(dir / "idx");
        struct Doc {
            const char* id;
            const char* lang;
            std::vector<std::string> topics;
            std::vector<std::string> regions;
            const char* type;
        };
        const Doc docs[] = {
            {"a", "sl", {"talent-retention"}, {"SI", "SI03", "SI03-velenje"}, "project-page"},
            {"b", "pl", {"talent-retention", "youth-employment"}, {"PL", "PL43"}, "news"},
            {"c", "bs", {"youth-employment"}, {"BA", "BA-TZ"}, "news"},
            {"d", "sl", {"lifelong-learning"}, {"SI", "SI04"}, "practice-report"},
        };
        for (const Doc& d : docs) {
            index::IndexedDocument doc;
            doc.id = d.id;
            doc.language = d.lang;
            doc.text = "Regionalni razvoj in projekti.";
            doc.topics = d.topics;
            doc.regions = d.regions;
            doc.type = d.type;
            writer.put(index::id_term(doc.id), index::build_document(doc, analyzer));
        }
        writer.set_facet_metadata(
            R"({"topic": {"talent-retention": {"en": "Talent retention", "pl": "Zatrzymanie talentów"}},
                "region": {"SI": {"en": "Slovenia", "sl": "Slovenija"},
                           "SI03-velenje": {"sl": "Velenje", "de": "Wöllan", "*": "Velenje"}}})",
            R"({"SI03": "SI", "SI04": "SI", "SI03-velenje": "SI03", "PL43": "PL", "BA-TZ": "BA"})");
        writer.commit();
    }
    Searcher searcher(dir / "idx");
    const auto count_of = [](const std::vector<FacetValue>& values, const std::string& v) {
        for (const FacetValue& f : values) {
            if (f.value == v) {
                return static_cast<int>(f.count);
            }
        }
        return 0;
    };
    SearchRequest all;
    SearchResponse r = searcher.search(all);
    EXPECT_EQ(count_of(r.facets.at("topic"), "talent-retention"), 2);
    EXPECT_EQ(count_of(r.facets.at("region"), "SI"), 2);
    EXPECT_EQ(count_of(r.facets.at("type"), "news"), 2);

    // OR within a facet, AND across facets; a facet's counts ignore its own filter.
    SearchRequest slovenia;
    slovenia.filters["region"] = {"SI", "BA"};
    slovenia.filters["topic"] = {"talent-retention", "youth-employment"};
    r = searcher.search(slovenia);
    EXPECT_EQ(r.total, 2u);                               // a (SI, talent) and c (BA, youth)
    EXPECT_EQ(count_of(r.facets.at("region"), "PL"), 1);  // b is counted: region filter ignored
    EXPECT_EQ(count_of(r.facets.at("topic"), "lifelong-learning"), 1);  // d: topic ignored
    EXPECT_EQ(count_of(r.facets.at("type"), "practice-report"), 0);     // d is filtered out

    // Labels in ui_lang, English as the fallback, the id when there is none.
    SearchRequest polish;
    polish.ui_lang = "pl";
    r = searcher.search(polish);
    for (const FacetValue& v : r.facets.at("topic")) {
        if (v.value == "talent-retention") {
            EXPECT_EQ(v.label, "Zatrzymanie talentów");
        }
        if (v.value == "lifelong-learning") {
            EXPECT_EQ(v.label, "lifelong-learning");
        }
    }
    // A city named in its own language only: that name, not the id nor another language's.
    for (const FacetValue& v : r.facets.at("region")) {
        if (v.value == "SI03-velenje") {
            EXPECT_EQ(v.label, "Velenje");
        }
    }
    // Language names in the UI language, from ICU.
    EXPECT_EQ(r.facets.at("lang").front().label, "Słoweński");
    EXPECT_EQ(language_label("hr", "pl"), "Chorwacki");
    EXPECT_EQ(language_label("hr"), "Croatian");
    EXPECT_EQ(language_label("de", "sl"), "Nemščina");
    EXPECT_EQ(language_label("sr", "de"), "Serbisch");
    EXPECT_EQ(language_label("und"), "Undetermined");
    EXPECT_EQ(language_label("xx-nonsense", "pl"), "xx-nonsense");
    // The region facet as a tree: SI > SI03 > SI03-velenje.
    const nlohmann::json j = nlohmann::json::parse(to_json(searcher.search(all)));
    const nlohmann::json* si = nullptr;
    for (const auto& v : j["facets"]["region"]) {
        if (v["value"] == "SI") {
            si = &v;
        }
        EXPECT_NE(v["value"], "SI03");  // nested, not at the top
    }
    ASSERT_NE(si, nullptr);
    EXPECT_EQ((*si)["label"], "Slovenia");
    bool velenje = false;
    for (const auto& region : (*si)["children"]) {
        if (region["value"] == "SI03") {
            velenje = region["children"][0]["value"] == "SI03-velenje";
        }
    }
    EXPECT_TRUE(velenje) << (*si).dump();
    SearchRequest bad;
    bad.ui_lang = "!!";
    EXPECT_THROW(searcher.search(bad), InputError);
}

TEST(Searcher, AMissingIndexIsAnIndexErrorUntilItIsWritten) {
    test::TempDir dir;
    Searcher searcher(dir / "idx");
    EXPECT_THROW(searcher.search(request("velenje")), IndexError);
    EXPECT_THROW(searcher.stats(), IndexError);
    {
        analysis::Analyzer analyzer;
        index::IndexWriter writer(dir / "idx");
        index::IndexedDocument doc;
        doc.id = "sl1";
        doc.language = "sl";
        doc.title = "Velenje";
        doc.text = "Beg možganov iz Velenja.";
        writer.put(index::id_term(doc.id), index::build_document(doc, analyzer));
        writer.commit();
    }
    EXPECT_EQ(searcher.search(request("velenje")).total, 1u);
}

}  // namespace
}  // namespace kb::query
