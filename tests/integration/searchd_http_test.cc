#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <thread>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/text_file.h"

namespace kb::test {
namespace {

using Json = nlohmann::json;

using Reply = HttpReply;

// One kb-indexer run and one kb-searchd for all tests of this suite.
class SearchdTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        const std::string index = (*dir_ / "idx").string();
        const ProcessResult indexed =
            run_process({KB_INDEXER_PATH, "--index", index, KB_CORPUS_DIR});
        ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
        const std::string port_file = (*dir_ / "port").string();
        server_ = new BackgroundProcess({KB_SEARCHD_PATH, "--index", index, "--bind", "127.0.0.1",
                                         "--port", "0", "--port-file", port_file},
                                        (*dir_ / "searchd.log").string());
        port_ = wait_for_port_file(port_file);
        ASSERT_GT(port_, 0) << "kb-searchd did not start";
    }
    static void TearDownTestSuite() {
        if (server_ != nullptr) {
            // Generous: a loaded CI machine (ctest -j2 beside indexing tests) can be slow to
            // schedule the graceful stop; a hang still fails.
            EXPECT_EQ(server_->stop(SIGTERM, 20000), 0)
                << "kb-searchd did not stop cleanly on SIGTERM";
        }
        delete server_;
        delete dir_;
        server_ = nullptr;
        dir_ = nullptr;
    }

    static Reply get(const std::string& uri,
                     const std::string& method = "GET",
                     const std::string& body = "") {
        return http_request(port_, method, uri, body);
    }

    static std::vector<std::string> ids(const Json& body) {
        std::vector<std::string> out;
        for (const Json& hit : body["hits"]) {
            out.push_back(hit["id"].get<std::string>());
        }
        return out;
    }

    static inline TempDir* dir_ = nullptr;
    static inline BackgroundProcess* server_ = nullptr;
    static inline int port_ = 0;
};

TEST_F(SearchdTest, HealthzAnswersOk) {
    const Reply r = get("/healthz");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body["status"], "ok");
}

TEST_F(SearchdTest, FindsTheTalentMagnetPageWithVelenje) {
    const Reply r = get("/api/v1/search?q=Velenje");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
    ASSERT_GE(r.body["total"].get<int>(), 1);
    const Json& top = r.body["hits"][0];
    EXPECT_EQ(top["id"], "seeds/001_260d3d3c4cd1868a.txt");
    EXPECT_NE(top["title"].get<std::string>().find("TalentMagnet"), std::string::npos);
    EXPECT_EQ(top["lang"], "sl");
    EXPECT_NE(top["snippet"].get<std::string>().find("<mark>Velenje</mark>"), std::string::npos);
    EXPECT_GT(top["score"].get<double>(), 0.0);
    EXPECT_TRUE(r.body.contains("took_ms"));
    EXPECT_EQ(r.body["facets"]["lang"][0]["value"], "sl");
    EXPECT_EQ(r.body["facets"]["lang"][0]["label"], "Slovenian");
}

TEST_F(SearchdTest, FiltersByLanguageWithExactCounts) {
    const Reply all = get("/api/v1/search?size=100");
    ASSERT_EQ(all.status, 200);
    int bs_count = -1;
    int total = 0;
    for (const Json& v : all.body["facets"]["lang"]) {
        total += v["count"].get<int>();
        if (v["value"] == "bs") {
            bs_count = v["count"].get<int>();
        }
    }
    EXPECT_EQ(total, all.body["total"].get<int>());
    ASSERT_GE(bs_count, 3);

    const Reply bs = get("/api/v1/search?lang=bs&size=100");
    ASSERT_EQ(bs.status, 200);
    EXPECT_EQ(bs.body["total"].get<int>(), bs_count);
    EXPECT_EQ(static_cast<int>(bs.body["hits"].size()), bs_count);
    for (const Json& hit : bs.body["hits"]) {
        EXPECT_EQ(hit["lang"], "bs");
    }
    const auto bs_ids = ids(bs.body);
    EXPECT_NE(std::find(bs_ids.begin(), bs_ids.end(), "seeds/004_bea8ae7b33cd5770.txt"),
              bs_ids.end());

    // Two languages (OR); the language facet still counts the others.
    const Reply two = get("/api/v1/search?lang=bs&lang=sl&size=1");
    EXPECT_GT(two.body["total"].get<int>(), bs_count);
    EXPECT_GT(two.body["facets"]["lang"].size(), 2u);
}

TEST_F(SearchdTest, QueryWithoutDiacriticsFindsTheDocumentWithThem) {
    const Reply with =
        get("/api/v1/search?q=%22uczenie%20si%C4%99%20przez%20ca%C5%82e%20%C5%BCycie%22");
    const Reply without = get("/api/v1/search?q=%22uczenie%20sie%20przez%20cale%20zycie%22");
    ASSERT_EQ(with.status, 200);
    EXPECT_GE(with.body["total"].get<int>(), 1);
    EXPECT_EQ(ids(with.body), ids(without.body));
    EXPECT_NE(
        std::find(ids(with.body).begin(), ids(with.body).end(), "seeds/003_b2d877ae7cf5eb09.txt"),
        ids(with.body).end());
}

// Issue #3: inflected forms, text typed without diacritics, and either script of Serbian find
// the same documents.
TEST_F(SearchdTest, InflectedDiacriticlessAndCyrillicQueriesFindTheSameDocuments) {
    const auto sorted_ids = [&](const std::string& uri) {
        const Reply r = get(uri);
        EXPECT_EQ(r.status, 200) << uri;
        auto v = ids(r.body);
        std::sort(v.begin(), v.end());
        return v;
    };
    const auto contains = [](const std::vector<std::string>& v, const std::string& id) {
        return std::find(v.begin(), v.end(), id) != v.end();
    };
    // regionach / regionów / region
    const auto region = sorted_ids("/api/v1/search?lang=pl&size=100&q=region");
    EXPECT_TRUE(contains(region, "seeds/000_eb2aaa67d79241e9.txt"));
    EXPECT_EQ(sorted_ids("/api/v1/search?lang=pl&size=100&q=regionach"), region);
    EXPECT_EQ(sorted_ids("/api/v1/search?lang=pl&size=100&q=region%C3%B3w"), region);
    // Without diacritics, without quotes: stop words do not filter.
    const auto lifelong =
        sorted_ids("/api/v1/search?size=100&q=uczenie%20si%C4%99%20przez%20ca%C5%82e%20%C5%BCycie");
    EXPECT_TRUE(contains(lifelong, "seeds/003_b2d877ae7cf5eb09.txt"));
    EXPECT_EQ(sorted_ids("/api/v1/search?size=100&q=uczenie%20sie%20przez%20cale%20zycie"),
              lifelong);
    const Reply stop = get("/api/v1/search?q=uczenie%20sie%20przez%20cale%20zycie");
    EXPECT_EQ(stop.body["stop_words"], Json::array({"sie", "przez"}));
    // beg možganov / beg mozganov
    const auto brain = sorted_ids("/api/v1/search?size=100&q=beg%20mo%C5%BEganov");
    EXPECT_TRUE(contains(brain, "seeds/001_260d3d3c4cd1868a.txt"));
    EXPECT_EQ(sorted_ids("/api/v1/search?size=100&q=beg%20mozganov"), brain);
    // вештачка интелигенција / veštačka inteligencija / vestacka inteligencija: the Cyrillic
    // and the Latin Serbian article, in a form neither of them uses.
    const auto ai = sorted_ids(
        "/api/v1/search?size=100&q=%D0%B2%D0%B5%D1%88%D1%82%D0%B0%D1%87%D0%BA%D0%B0%20"
        "%D0%B8%D0%BD%D1%82%D0%B5%D0%BB%D0%B8%D0%B3%D0%B5%D0%BD%D1%86%D0%B8%D1%98%D0%B0");
    EXPECT_TRUE(contains(ai, "docs/sr-Cyrl/ntrex-cnbc-com-6772.txt"));
    EXPECT_TRUE(contains(ai, "docs/sr-Latn/ntrex-cnbc-com-6772.txt"));
    EXPECT_EQ(sorted_ids("/api/v1/search?size=100&q=ve%C5%A1ta%C4%8Dka%20inteligencija"), ai);
    EXPECT_EQ(sorted_ids("/api/v1/search?size=100&q=vestacka%20inteligencija"), ai);
}

// Issue #5: facets from the taxonomy over HTTP: filters, the region tree, labels, counts.
TEST_F(SearchdTest, TopicRegionAndTypeFacets) {
    // Talent retention, whatever the language: the Polish and the Slovenian seed.
    const Reply talent = get("/api/v1/search?topic=talent-retention&size=100");
    ASSERT_EQ(talent.status, 200);
    const auto talent_ids = ids(talent.body);
    for (const char* id : {"seeds/000_eb2aaa67d79241e9.txt", "seeds/001_260d3d3c4cd1868a.txt"}) {
        EXPECT_NE(std::find(talent_ids.begin(), talent_ids.end(), id), talent_ids.end()) << id;
    }
    // A country finds its cities: Slovenia finds the Velenje page.
    const Reply slovenia = get("/api/v1/search?region=SI&size=100&ui_lang=pl");
    const auto si_ids = ids(slovenia.body);
    EXPECT_NE(std::find(si_ids.begin(), si_ids.end(), "seeds/001_260d3d3c4cd1868a.txt"),
              si_ids.end());
    // The region facet is a tree SI > SI03 > si-velenje, labelled in Polish; the region
    // counts ignore the region filter, so other countries still show.
    const Json* si = nullptr;
    for (const Json& v : slovenia.body["facets"]["region"]) {
        if (v["value"] == "SI") {
            si = &v;
        }
    }
    ASSERT_NE(si, nullptr) << slovenia.body["facets"]["region"].dump();
    EXPECT_EQ((*si)["label"], "Słowenia");
    bool velenje = false;
    for (const Json& region : (*si)["children"]) {
        for (const Json& city : region.value("children", Json::array())) {
            velenje = velenje || city["value"] == "si-velenje";
        }
    }
    EXPECT_TRUE(velenje) << si->dump();
    EXPECT_GT(slovenia.body["facets"]["region"].size(), 1u);
    // AND across facets, OR within one.
    const Reply both = get("/api/v1/search?region=SI,BA&topic=talent-retention&size=100");
    for (const Json& hit : both.body["hits"]) {
        EXPECT_TRUE(hit["lang"] == "sl" || hit["lang"] == "bs" || hit["lang"] == "hr" ||
                    hit["lang"] == "sr")
            << hit.dump();
    }
    EXPECT_EQ(get("/api/v1/search?type=project-page&size=100").status, 200);
    EXPECT_EQ(get("/api/v1/search?ui_lang=!!").status, 400);
}

// Issue #5: a query naming a topic in any language finds that topic's documents in every
// language, after the documents that contain its words.
TEST_F(SearchdTest, CrossLanguagePrecedents) {
    for (const char* q : {"brain%20drain", "beg%20mo%C5%BEganov", "odliv%20mozgova",
                          "drena%C5%BC%20m%C3%B3zg%C3%B3w"}) {
        const Reply r = get(std::string("/api/v1/search?size=20&q=") + q);
        ASSERT_EQ(r.status, 200) << q;
        EXPECT_EQ(r.body["query_topics"], Json::array({"talent-retention"})) << q;
        const auto found = ids(r.body);
        for (const char* id :
             {"seeds/000_eb2aaa67d79241e9.txt", "seeds/001_260d3d3c4cd1868a.txt"}) {
            EXPECT_NE(std::find(found.begin(), found.end(), id), found.end()) << q << " " << id;
        }
    }
    // The document with the words themselves comes first.
    const Reply sl = get("/api/v1/search?q=beg%20mo%C5%BEganov");
    EXPECT_EQ(sl.body["hits"][0]["id"], "seeds/001_260d3d3c4cd1868a.txt");
    EXPECT_GT(sl.body["hits"][0]["score"].get<double>(), sl.body["hits"][1]["score"].get<double>());
    // The topic's documents obey the query's exclusions, in a group too.
    for (const char* q : {"brain%20drain%20-Velenje", "brain%20drain%20-(Velenje%20OR%20Koper)"}) {
        const auto without = ids(get(std::string("/api/v1/search?size=20&q=") + q).body);
        EXPECT_EQ(std::count(without.begin(), without.end(), "seeds/001_260d3d3c4cd1868a.txt"), 0)
            << q;
        EXPECT_EQ(std::count(without.begin(), without.end(), "seeds/000_eb2aaa67d79241e9.txt"), 1)
            << q;
    }
}

// Precedents of the Slovenian TalentMagnet page: the Polish talent platform (same topic, in
// another language) comes first; the page itself is never among them.
TEST_F(SearchdTest, SimilarDocumentsAcrossLanguages) {
    const Reply r = get("/api/v1/documents/seeds%2F001_260d3d3c4cd1868a.txt/similar?size=5");
    ASSERT_EQ(r.status, 200) << r.body.dump();
    const auto found = ids(r.body);
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found[0], "seeds/000_eb2aaa67d79241e9.txt");
    EXPECT_EQ(std::find(found.begin(), found.end(), "seeds/001_260d3d3c4cd1868a.txt"), found.end());
    EXPECT_LE(found.size(), 5u);
    EXPECT_EQ(get("/api/v1/documents/no-such-doc/similar").status, 404);
    EXPECT_EQ(get("/api/v1/documents/seeds%2F001_260d3d3c4cd1868a.txt/similar?size=0").status, 400);
    EXPECT_EQ(get("/api/v1/documents/seeds%2F001_260d3d3c4cd1868a.txt/similar?x=1").status, 400);
}

TEST_F(SearchdTest, DocumentEndpoint) {
    const Reply doc = get("/api/v1/documents/seeds%2F004_bea8ae7b33cd5770.txt");
    ASSERT_EQ(doc.status, 200);
    EXPECT_EQ(doc.body["id"], "seeds/004_bea8ae7b33cd5770.txt");
    EXPECT_EQ(doc.body["lang"], "bs");
    EXPECT_NE(doc.body["text"].get<std::string>().find("Tuzlanskog kantona"), std::string::npos);
    EXPECT_FALSE(doc.body.contains("path"));  // no server paths leak to clients
    // The facets and source of the document, as its search hit has them (a shared link to a
    // document shows the same metadata as the result list).
    const Reply search = get("/api/v1/search?q=Tuzlanskog%20kantona&size=100");
    bool found = false;
    for (const Json& hit : search.body["hits"]) {
        if (hit["id"] == doc.body["id"]) {
            found = true;
            for (const char* field : {"topics", "regions", "type", "date", "url", "title"}) {
                EXPECT_EQ(doc.body[field], hit[field]) << field;
            }
        }
    }
    EXPECT_TRUE(found);
    EXPECT_NE(std::find(doc.body["regions"].begin(), doc.body["regions"].end(), "BA"),
              doc.body["regions"].end())
        << doc.body["regions"].dump();

    const Reply missing = get("/api/v1/documents/..%2F..%2Fetc%2Fpasswd");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.body["error"]["code"], "not_found");
}

TEST_F(SearchdTest, UnknownPathIsJson404) {
    const Reply r = get("/no/such/path");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body["error"]["code"], "not_found");
    for (const char* path : {"/static/", "/static/no-such.js", "/static/..%2Fmain.cc",
                             "/static/../api_handler.cc", "/static/.hidden", "/index.html"}) {
        const Reply missing = get(path);
        EXPECT_EQ(missing.status, 404) << path;
        EXPECT_EQ(missing.body["error"]["code"], "not_found") << path;
    }
}

// The helpdesk page: its HTML at /, its scripts and styles under /static/, built into the
// binary, with a policy that lets the browser run nothing else.
TEST_F(SearchdTest, ServesTheWebPageWithAStrictContentPolicy) {
    const Reply page = get("/");
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
    EXPECT_NE(page.text.find("<html"), std::string::npos);
    const std::string csp = page.header("Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
    EXPECT_EQ(page.header("X-Content-Type-Options"), "nosniff");
    // Every script and style the page names is served, with its type.
    std::size_t assets = 0;
    for (std::size_t at = page.text.find("/static/"); at != std::string::npos;
         at = page.text.find("/static/", at + 1)) {
        const std::size_t end = page.text.find('"', at);
        const std::string path = page.text.substr(at, end - at);
        const Reply asset = get(path);
        EXPECT_EQ(asset.status, 200) << path;
        if (path.ends_with(".js")) {
            EXPECT_EQ(asset.content_type, "text/javascript; charset=utf-8") << path;
        } else if (path.ends_with(".css")) {
            EXPECT_EQ(asset.content_type, "text/css; charset=utf-8") << path;
        }
        ++assets;
    }
    EXPECT_GE(assets, 2u);
    // Revalidation: the same ETag gives 304 without a body; HEAD gives headers only.
    const std::string etag = page.header("ETag");
    ASSERT_FALSE(etag.empty());
    const HttpReply again = http_request(port_, "GET", "/", "", {{"If-None-Match", etag}});
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.text.empty());
    const HttpReply head = http_request(port_, "HEAD", "/");
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.text.empty());
    EXPECT_EQ(get("/", "POST", "{}").status, 405);
}

TEST_F(SearchdTest, BadParametersAreJson400NamingThem) {
    static const struct {
        const char* uri;
        const char* param;
    } cases[] = {
        {"/api/v1/search?size=1000", "size"},     {"/api/v1/search?size=abc", "size"},
        {"/api/v1/search?page=0", "page"},        {"/api/v1/search?page=9999&size=100", "page"},
        {"/api/v1/search?lang=klingon!", "lang"}, {"/api/v1/search?q=%ZZ", "q"},
        {"/api/v1/search?q=%C3%28", "q"},         {"/api/v1/search?frobnicate=1", "frobnicate"},
    };
    for (const auto& c : cases) {
        const Reply r = get(c.uri);
        EXPECT_EQ(r.status, 400) << c.uri;
        EXPECT_EQ(r.body["error"]["code"], "bad_parameter") << c.uri;
        EXPECT_EQ(r.body["error"]["param"], c.param) << c.uri;
        EXPECT_FALSE(r.body["error"]["message"].get<std::string>().empty());
    }
}

TEST_F(SearchdTest, OddQuerySyntaxNeverFails) {
    for (const char* q : {"%22unbalanced", "velenje%20AND", "OR%20OR%20OR", "(((", "-", "%22%22",
                          "title%3A", "lang%3A", "%E2%80%9Cvelenje%E2%80%9D", "a%20-%22b"}) {
        const Reply r = get(std::string("/api/v1/search?q=") + q);
        EXPECT_EQ(r.status, 200) << q;
        EXPECT_TRUE(r.body.contains("total")) << q;
    }
    EXPECT_EQ(get("/api/v1/search?q=%22velenje").body["query_relaxed"], true);
    EXPECT_GE(get("/api/v1/search?q=%22velenje").body["total"].get<int>(), 1);
}

TEST_F(SearchdTest, WrongMethodIs405) {
    const Reply r = get("/api/v1/search", "DELETE");
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.body["error"]["code"], "method_not_allowed");
    EXPECT_EQ(r.header("Allow"), "GET, POST");
    EXPECT_EQ(get("/api/v1/stats", "POST", "{}").status, 405);
}

TEST_F(SearchdTest, PostSearchTakesTheSameFieldsAsJson) {
    const Reply by_get = get("/api/v1/search?q=regionach&lang=pl&size=5");
    const Reply by_post =
        get("/api/v1/search", "POST", R"({"q": "regionach", "lang": ["pl"], "size": 5})");
    ASSERT_EQ(by_post.status, 200) << by_post.text;
    EXPECT_EQ(ids(by_post.body), ids(by_get.body));
    EXPECT_EQ(by_post.body["total"], by_get.body["total"]);
    const Reply bad = get("/api/v1/search", "POST", "{not json");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.body["error"]["param"], "body");
    const Reply nested = get("/api/v1/search", "POST", R"({"q": {"a": 1}})");
    EXPECT_EQ(nested.status, 400);
    EXPECT_EQ(nested.body["error"]["param"], "q");
    const Reply unknown = get("/api/v1/search", "POST", R"({"qq": "x"})");
    EXPECT_EQ(unknown.status, 400);
    const Reply huge =
        get("/api/v1/search", "POST", R"({"q": ")" + std::string(70 * 1024, 'a') + R"("})");
    EXPECT_EQ(huge.status, 413);
    EXPECT_EQ(huge.body["error"]["code"], "payload_too_large");
}

TEST_F(SearchdTest, ReadyzStatsAndFacetsDescribeTheIndex) {
    const Reply ready = get("/readyz");
    ASSERT_EQ(ready.status, 200);
    EXPECT_EQ(ready.body["status"], "ready");
    EXPECT_GT(ready.body["documents"].get<int>(), 100);

    const Reply stats = get("/api/v1/stats");
    ASSERT_EQ(stats.status, 200);
    EXPECT_EQ(stats.body["documents"], ready.body["documents"]);
    long long in_languages = 0;
    for (const Json& l : stats.body["languages"]) {
        in_languages += l["count"].get<long long>();
    }
    EXPECT_EQ(in_languages, stats.body["documents"].get<long long>());
    EXPECT_EQ(stats.body["languages"][0]["count"].get<long long>() >=
                  stats.body["languages"].back()["count"].get<long long>(),
              true);
    // kb-indexer committed moments ago.
    ASSERT_TRUE(stats.body["last_index_time"].is_string()) << stats.text;
    EXPECT_LT(stats.body["index_age_seconds"].get<long long>(), 3600);

    const Reply facets = get("/api/v1/facets?ui_lang=pl");
    ASSERT_EQ(facets.status, 200);
    EXPECT_EQ(facets.body["total"], stats.body["documents"]);
    for (const char* name : {"lang", "topic", "region", "type"}) {
        EXPECT_FALSE(facets.body["facets"][name].empty()) << name;
    }
    EXPECT_EQ(get("/api/v1/facets?ui_lang=12").status, 400);
    EXPECT_EQ(get("/api/v1/stats?x=1").status, 400);
}

TEST_F(SearchdTest, AnalyzeShowsTheTermsOfAText) {
    const Reply r = get("/api/v1/analyze?text=Beg%20mo%C5%BEganov%20v%20regijah&lang=sl");
    ASSERT_EQ(r.status, 200) << r.text;
    EXPECT_EQ(r.body["lang"], "sl");
    ASSERT_EQ(r.body["tokens"].size(), 4u);
    EXPECT_EQ(r.body["tokens"][1]["token"], "možganov");
    EXPECT_EQ(r.body["tokens"][1]["folded"], "mozganov");
    EXPECT_EQ(r.body["tokens"][3]["stem"], "regija");
    // Serbian Cyrillic and Latin give the same terms; the language is detected if not given.
    const Reply cyrillic =
        get("/api/v1/analyze", "POST", R"({"text": "Вештачка интелигенција у региону"})");
    ASSERT_EQ(cyrillic.status, 200) << cyrillic.text;
    EXPECT_EQ(cyrillic.body["tokens"][0]["folded"], "vestacka");
    EXPECT_EQ(get("/api/v1/analyze").status, 400);
    EXPECT_EQ(get("/api/v1/analyze?text=x&lang=klingon").body["error"]["param"], "lang");
}

TEST_F(SearchdTest, DatesFilterSortAndCountByYear) {
    // The sample corpus has three dated documents: 2024-11-21, 2021-11-04, 2015-12-09.
    const Reply all = get("/api/v1/search?q=&sort=date&size=3");
    ASSERT_EQ(all.status, 200) << all.text;
    ASSERT_EQ(all.body["hits"].size(), 3u);
    EXPECT_EQ(all.body["hits"][0]["date"], "2024-11-21");
    EXPECT_EQ(all.body["hits"][1]["date"], "2021-11-04");
    EXPECT_EQ(all.body["hits"][2]["date"], "2015-12-09");
    EXPECT_FALSE(all.body["hits"][0]["topics"].empty());
    EXPECT_FALSE(all.body["hits"][0]["type"].get<std::string>().empty());
    const Json& years = all.body["facets"]["year"];
    ASSERT_EQ(years.size(), 3u) << years;
    EXPECT_EQ(years[0]["value"], "2024");
    // A bound covers its whole period; the year counts ignore the range (multi-select).
    const Reply in_2021 = get("/api/v1/search?q=&date_from=2021&date_to=2021-12");
    EXPECT_EQ(in_2021.body["total"], 1);
    EXPECT_EQ(in_2021.body["facets"]["year"].size(), 3u);
    EXPECT_EQ(get("/api/v1/search?q=&date_from=2016").body["total"], 2);
    EXPECT_EQ(get("/api/v1/search?q=&date_to=2016-01-01").body["total"], 1);
    EXPECT_EQ(get("/api/v1/search?q=&date_from=2021-13").body["error"]["param"], "date_from");
    EXPECT_EQ(get("/api/v1/search?q=&date_from=2022&date_to=2021").body["error"]["param"],
              "date_to");
    EXPECT_EQ(get("/api/v1/search?q=&sort=newest").body["error"]["param"], "sort");
}

TEST_F(SearchdTest, EveryAnswerHasARequestIdInTheAccessLog) {
    const Reply a = get("/api/v1/search?q=Velenje");
    const Reply b = get("/api/v1/nothing");
    ASSERT_FALSE(a.header("X-Request-Id").empty());
    EXPECT_NE(a.header("X-Request-Id"), b.header("X-Request-Id"));
    // The log names each request by its id (the log is written as requests finish).
    std::string log;
    for (int i = 0; i < 50 && log.find(b.header("X-Request-Id")) == std::string::npos; ++i) {
        std::ifstream in(*dir_ / "searchd.log");
        log.assign(std::istreambuf_iterator<char>(in), {});
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_NE(log.find("access id=" + a.header("X-Request-Id") + " "), std::string::npos);
    EXPECT_NE(log.find("access id=" + b.header("X-Request-Id") + " "), std::string::npos);
}

TEST_F(SearchdTest, WildcardsAndFacetFieldsInTheQuery) {
    // prefix*: the folded prefix, typed without diacritics.
    const Reply wild = get("/api/v1/search?q=mozg*");
    ASSERT_EQ(wild.status, 200);
    EXPECT_FALSE(wild.body["query_relaxed"].get<bool>());
    const std::vector<std::string> found = ids(wild.body);
    EXPECT_NE(std::find(found.begin(), found.end(), "seeds/001_260d3d3c4cd1868a.txt"), found.end())
        << wild.text;
    EXPECT_GE(get("/api/v1/search?q=title:Talent*").body["total"].get<int>(), 2);
    EXPECT_EQ(get("/api/v1/search?q=title:Velen*").body["total"], 0);  // in the body only
    // A one-letter prefix is read as a word.
    EXPECT_TRUE(get("/api/v1/search?q=a*").body["query_relaxed"].get<bool>());
    // topic:, region:, type: filter like the parameters do.
    const Reply by_field = get("/api/v1/search?q=topic:talent-retention%20region:SI");
    const Reply by_param = get("/api/v1/search?q=&topic=talent-retention&region=SI");
    ASSERT_EQ(by_field.status, 200);
    EXPECT_GT(by_field.body["total"].get<int>(), 0);
    EXPECT_EQ(by_field.body["total"], by_param.body["total"]);
    EXPECT_EQ(ids(by_field.body), ids(by_param.body));
    const Reply excluded = get("/api/v1/search?q=topic:talent-retention%20-region:SI");
    EXPECT_EQ(excluded.body["total"].get<int>() + by_field.body["total"].get<int>(),
              get("/api/v1/search?q=topic:talent-retention").body["total"].get<int>());
}

TEST_F(SearchdTest, DidYouMeanFromTheIndexVocabulary) {
    const Reply typo = get("/api/v1/search?q=Velenej");
    ASSERT_EQ(typo.status, 200);
    EXPECT_EQ(typo.body["suggestion"], "velenje");
    EXPECT_EQ(get("/api/v1/search?q=talnet%20magnet").body["suggestion"], "talent magnet");
    // Field names and operators stay; good queries get none.
    EXPECT_EQ(get("/api/v1/search?q=title:Velenej").body["suggestion"], "title:velenje");
    EXPECT_TRUE(get("/api/v1/search?q=Velenje").body["suggestion"].is_null());
    EXPECT_TRUE(get("/api/v1/search?q=beg%20mo%C5%BEganov").body["suggestion"].is_null());
}

TEST_F(SearchdTest, SuggestCompletesTheLastWordAndTitles) {
    // Typed without diacritics: "mozg" completes to words of možganov/mózgów, folded.
    const Reply r = get("/api/v1/suggest?q=beg%20mozg");
    ASSERT_EQ(r.status, 200) << r.text;
    ASSERT_FALSE(r.body["queries"].empty()) << r.text;
    for (const Json& q : r.body["queries"]) {
        EXPECT_EQ(q["text"].get<std::string>().rfind("beg mozg", 0), 0u) << q;
        EXPECT_GT(q["count"].get<int>(), 0);
    }
    // Most frequent first.
    EXPECT_GE(r.body["queries"][0]["count"].get<int>(),
              r.body["queries"].back()["count"].get<int>());
    EXPECT_LT(r.body["took_ms"].get<double>(), 10.0);
    // Titles whose words start with what was typed, with their ids.
    const Reply t = get("/api/v1/suggest?q=Talent&size=3");
    ASSERT_EQ(t.status, 200);
    ASSERT_FALSE(t.body["titles"].empty()) << t.text;
    for (const Json& title : t.body["titles"]) {
        std::string text = title["title"].get<std::string>();
        std::transform(text.begin(), text.end(), text.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        EXPECT_NE(text.find("talent"), std::string::npos) << title;
    }
    EXPECT_LE(t.body["titles"].size(), 3u);
    // One letter, or a finished word, gives nothing; bad sizes are 400.
    EXPECT_TRUE(get("/api/v1/suggest?q=b").body["queries"].empty());
    EXPECT_TRUE(get("/api/v1/suggest?q=beg%20").body["queries"].empty());
    EXPECT_EQ(get("/api/v1/suggest?q=beg&size=0").status, 400);
    EXPECT_EQ(get("/api/v1/suggest?q=beg&size=50").status, 400);
}

// Checks `value` against an OpenAPI 3.0 schema (the subset the description uses: type,
// nullable, properties, required, items, additionalProperties, enum, $ref), appending what
// does not fit to `problems`.
void check_schema(const Json& spec,
                  const Json& schema,
                  const Json& value,
                  const std::string& where,
                  std::vector<std::string>& problems) {
    if (schema.contains("$ref")) {
        const std::string ref = schema["$ref"].get<std::string>();  // #/components/schemas/X
        const std::string name = ref.substr(ref.rfind('/') + 1);
        check_schema(spec, spec["components"]["schemas"][name], value, where, problems);
        return;
    }
    if (value.is_null()) {
        if (!schema.value("nullable", false)) {
            problems.push_back(where + ": null where the description does not allow it");
        }
        return;
    }
    const std::string type = schema.value("type", "");
    const bool fits =
        type.empty() || (type == "object" && value.is_object()) ||
        (type == "array" && value.is_array()) || (type == "string" && value.is_string()) ||
        (type == "integer" && value.is_number_integer()) ||
        (type == "number" && value.is_number()) || (type == "boolean" && value.is_boolean());
    if (!fits) {
        problems.push_back(where + ": " + value.type_name() + " where " + type + " is described");
        return;
    }
    if (schema.contains("enum") &&
        std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end()) {
        problems.push_back(where + ": " + value.dump() + " is not in the enum");
    }
    if (value.is_object()) {
        for (const auto& name : schema.value("required", Json::array())) {
            if (!value.contains(name.get<std::string>())) {
                problems.push_back(where + ": required '" + name.get<std::string>() + "' missing");
            }
        }
        for (const auto& [name, member] : value.items()) {
            const std::string at = where + "." + name;
            if (schema.contains("properties") && schema["properties"].contains(name)) {
                check_schema(spec, schema["properties"][name], member, at, problems);
            } else if (schema.contains("additionalProperties")) {
                check_schema(spec, schema["additionalProperties"], member, at, problems);
            } else if (schema.contains("properties")) {
                problems.push_back(at + ": not in the description");
            }
        }
    }
    if (value.is_array() && schema.contains("items")) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            check_schema(spec, schema["items"], value[i], where + "[" + std::to_string(i) + "]",
                         problems);
        }
    }
}

TEST_F(SearchdTest, EveryResponseMatchesTheOpenApiDescription) {
    const Reply described = get("/api/v1/openapi.json");
    ASSERT_EQ(described.status, 200);
    const Json& spec = described.body;
    ASSERT_EQ(spec["openapi"].get<std::string>().rfind("3.", 0), 0u);
    const std::string doc = "seeds%2F001_260d3d3c4cd1868a.txt";
    const std::string velenje = R"({"q": "Velenje", "lang": ["sl"], "size": 2})";
    // (path in the description, method, request, body, status expected)
    const std::vector<std::tuple<std::string, std::string, std::string, std::string, int>> calls = {
        {"/api/v1/search", "get", "/api/v1/search?q=beg+mozganov&region=SI", "", 200},
        {"/api/v1/search", "get", "/api/v1/search?q=&sort=date&date_from=2015", "", 200},
        {"/api/v1/search", "get", "/api/v1/search?q=Velenje&ui_lang=pl&topic=talent-retention", "",
         200},
        {"/api/v1/search", "get", "/api/v1/search?size=1000", "", 400},
        {"/api/v1/search", "post", "/api/v1/search", velenje, 200},
        {"/api/v1/search", "post", "/api/v1/search", "[1]", 400},
        {"/api/v1/documents/{id}", "get", "/api/v1/documents/" + doc, "", 200},
        {"/api/v1/documents/{id}", "get", "/api/v1/documents/nope", "", 404},
        {"/api/v1/documents/{id}/similar", "get", "/api/v1/documents/" + doc + "/similar", "", 200},
        {"/api/v1/documents/{id}/similar", "get", "/api/v1/documents/nope/similar", "", 404},
        {"/api/v1/suggest", "get", "/api/v1/suggest?q=Tal", "", 200},
        {"/api/v1/suggest", "get", "/api/v1/suggest?q=Tal&size=99", "", 400},
        {"/api/v1/facets", "get", "/api/v1/facets?ui_lang=sl", "", 200},
        {"/api/v1/analyze", "get", "/api/v1/analyze?text=Beg+mo%C5%BEganov", "", 200},
        {"/api/v1/analyze", "post", "/api/v1/analyze", R"({"text": "Вештачка", "lang": "sr"})",
         200},
        {"/api/v1/analyze", "get", "/api/v1/analyze", "", 400},
        {"/api/v1/stats", "get", "/api/v1/stats", "", 200},
        {"/healthz", "get", "/healthz", "", 200},
        {"/readyz", "get", "/readyz", "", 200},
        {"/api/v1/openapi.json", "get", "/api/v1/openapi.json", "", 200},
    };
    std::set<std::string> exercised;
    for (const auto& [path, method, uri, body, status] : calls) {
        std::string upper = method;
        std::transform(upper.begin(), upper.end(), upper.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        const Reply r = get(uri, upper, body);
        ASSERT_EQ(r.status, status) << upper << " " << uri << ": " << r.text.substr(0, 300);
        ASSERT_TRUE(spec["paths"].contains(path)) << path << " is not described";
        ASSERT_TRUE(spec["paths"][path].contains(method)) << method << " " << path;
        const Json& responses = spec["paths"][path][method]["responses"];
        const std::string code = std::to_string(status);
        ASSERT_TRUE(responses.contains(code)) << path << " " << method << " " << code;
        std::vector<std::string> problems;
        check_schema(spec, responses[code]["content"]["application/json"]["schema"], r.body,
                     upper + " " + uri, problems);
        EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
        exercised.insert(path);
    }
    // /metrics answers text; every other path of the description was called above.
    exercised.insert("/metrics");
    for (const auto& [path, item] : spec["paths"].items()) {
        EXPECT_TRUE(exercised.contains(path)) << path << " is described but not checked";
    }
}

TEST_F(SearchdTest, MetricsCountRequestsByEndpointAndStatus) {
    get("/api/v1/search?q=region");
    get("/api/v1/nothing-here");
    const Reply r = get("/metrics");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type.rfind("text/plain", 0), 0u) << r.content_type;
    const auto has = [&](const std::string& s) {
        return r.text.find(s) != std::string::npos;
    };
    EXPECT_TRUE(has("kbsearch_http_requests_total{endpoint=\"search\",status=\"200\"}")) << r.text;
    EXPECT_TRUE(has("kbsearch_http_requests_total{endpoint=\"not_found\",status=\"404\"}"));
    EXPECT_TRUE(
        has("kbsearch_http_request_duration_seconds_bucket{endpoint=\"search\",le=\"+Inf\"}"));
    EXPECT_TRUE(has("kbsearch_index_documents "));
    EXPECT_TRUE(has("kbsearch_index_age_seconds "));
    // Raw paths never become labels.
    EXPECT_FALSE(has("nothing-here"));
}

TEST_F(SearchdTest, CursorPagingWalksEveryHitOnceByGetAndPost) {
    for (const char* sort : {"relevance", "date"}) {
        // Every document by numbered pages of 100.
        std::vector<std::string> expected;
        for (const char* page : {"1", "2", "3"}) {
            const Reply r = get(cat(std::string("/api/v1/search?size=100&sort="), sort,
                                    std::string("&page="), page));
            ASSERT_EQ(r.status, 200);
            const std::vector<std::string> got = ids(r.body);
            expected.insert(expected.end(), got.begin(), got.end());
        }
        ASSERT_GT(expected.size(), 100u);
        ASSERT_LT(expected.size(), 200u);
        std::vector<std::string> by_get;
        std::vector<std::string> by_post;
        std::string cursor;
        for (int page = 0; page < 40; ++page) {
            const Reply r = get(cat(std::string("/api/v1/search?size=7&sort="), sort,
                                    cursor.empty() ? std::string() : "&cursor=" + cursor));
            ASSERT_EQ(r.status, 200) << r.text;
            const std::vector<std::string> got = ids(r.body);
            by_get.insert(by_get.end(), got.begin(), got.end());
            Json body = {{"size", 7}, {"sort", sort}};
            if (!cursor.empty()) {
                body["cursor"] = cursor;
            }
            const Reply p = get("/api/v1/search", "POST", body.dump());
            ASSERT_EQ(p.status, 200) << p.text;
            const std::vector<std::string> posted = ids(p.body);
            by_post.insert(by_post.end(), posted.begin(), posted.end());
            EXPECT_EQ(p.body["next_cursor"], r.body["next_cursor"]);
            if (r.body["next_cursor"].is_null()) {
                break;
            }
            cursor = r.body["next_cursor"].get<std::string>();
            // Opaque, but safe to put in a URL as it is.
            EXPECT_EQ(cursor.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-_"),
                      std::string::npos);
        }
        EXPECT_EQ(by_get, expected) << sort;
        EXPECT_EQ(by_post, expected) << sort;
    }
    const Reply first = get("/api/v1/search?q=region&size=2");
    const std::string cursor = first.body["next_cursor"].get<std::string>();
    const Reply both = get("/api/v1/search?q=region&size=2&page=2&cursor=" + cursor);
    EXPECT_EQ(both.status, 400);
    EXPECT_EQ(both.body["error"]["param"], "page");
    const Reply other = get("/api/v1/search?q=talent&size=2&cursor=" + cursor);
    EXPECT_EQ(other.status, 400);
    EXPECT_EQ(other.body["error"]["param"], "cursor");
    const Reply bad = get("/api/v1/search?q=region&cursor=c1.zz");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.body["error"]["param"], "cursor");
}

// A kb-searchd with CORS origins and API keys, over a one-document index.
class SearchdAccessTest : public ::testing::Test {
protected:
    static constexpr const char* kKey = "k3y-for-the-helpdesk-front-end";

    static void SetUpTestSuite() {
        dir_ = new TempDir();
        std::filesystem::create_directories(*dir_ / "src");
        {
            std::ofstream doc(*dir_ / "src/velenje.txt");
            doc << "TalentMagnet\n\nVelenje preprečuje beg možganov iz malih mest.\n";
            std::ofstream keys(*dir_ / "keys");
            keys << "# helpdesk\n" << kKey << "\n\n";
        }
        const std::string index = (*dir_ / "idx").string();
        const ProcessResult indexed =
            run_process({KB_INDEXER_PATH, "--index", index, (*dir_ / "src").string()});
        ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
        const std::string port_file = (*dir_ / "port").string();
        server_ = new BackgroundProcess(
            {KB_SEARCHD_PATH, "--index", index, "--port", "0", "--port-file", port_file,
             "--cors-origins", "https://kb.example.org,http://localhost:5173", "--api-keys-file",
             (*dir_ / "keys").string()},
            (*dir_ / "searchd.log").string());
        port_ = wait_for_port_file(port_file);
        ASSERT_GT(port_, 0) << "kb-searchd did not start";
    }
    static void TearDownTestSuite() {
        if (server_ != nullptr) {
            EXPECT_EQ(server_->stop(SIGTERM, 20000), 0);
        }
        delete server_;
        delete dir_;
        server_ = nullptr;
        dir_ = nullptr;
    }

    // status, and the response headers asked for
    static std::pair<int, std::map<std::string, std::string>> call(
        const std::string& method,
        const std::string& uri,
        const std::map<std::string, std::string>& headers) {
        const HttpReply reply = http_request(port_, method, uri, "", headers);
        std::map<std::string, std::string> got;
        for (const char* name : {"Access-Control-Allow-Origin", "Access-Control-Allow-Methods",
                                 "WWW-Authenticate", "Vary"}) {
            got[name] = reply.header(name);
        }
        return {reply.status, got};
    }

    static TempDir* dir_;
    static BackgroundProcess* server_;
    static int port_;
};

TempDir* SearchdAccessTest::dir_ = nullptr;
BackgroundProcess* SearchdAccessTest::server_ = nullptr;
int SearchdAccessTest::port_ = 0;

TEST_F(SearchdAccessTest, ApiKeysAreRequiredExceptForProbes) {
    const std::string bearer = std::string("Bearer ") + kKey;
    EXPECT_EQ(call("GET", "/api/v1/search?q=Velenje", {{"Authorization", bearer}}).first, 200);
    const auto missing = call("GET", "/api/v1/search?q=Velenje", {});
    EXPECT_EQ(missing.first, 401);
    EXPECT_EQ(missing.second.at("WWW-Authenticate"), "Bearer");
    EXPECT_EQ(
        call("GET", "/api/v1/stats", {{"Authorization", "Bearer not-the-key-at-all-123"}}).first,
        401);
    EXPECT_EQ(call("GET", "/metrics", {{"Authorization", kKey}}).first, 401);  // no "Bearer"
    EXPECT_EQ(call("GET", "/healthz", {}).first, 200);
    EXPECT_EQ(call("GET", "/readyz", {}).first, 200);
    EXPECT_EQ(call("GET", "/", {}).first, 200);  // the page holds no data; its calls need a key
}

TEST_F(SearchdAccessTest, CorsAllowsOnlyTheListedOrigins) {
    const std::string bearer = std::string("Bearer ") + kKey;
    const auto allowed = call("GET", "/api/v1/search?q=Velenje",
                              {{"Authorization", bearer}, {"Origin", "https://kb.example.org"}});
    EXPECT_EQ(allowed.first, 200);
    EXPECT_EQ(allowed.second.at("Access-Control-Allow-Origin"), "https://kb.example.org");
    EXPECT_EQ(allowed.second.at("Vary"), "Origin");
    const auto other = call("GET", "/api/v1/search?q=Velenje",
                            {{"Authorization", bearer}, {"Origin", "https://evil.example"}});
    EXPECT_EQ(other.first, 200);  // answered, but the browser will not hand it to the page
    EXPECT_EQ(other.second.at("Access-Control-Allow-Origin"), "");
    // Preflight: no key needed, the methods of the endpoint are listed.
    const auto preflight =
        call("OPTIONS", "/api/v1/search",
             {{"Origin", "http://localhost:5173"}, {"Access-Control-Request-Method", "POST"}});
    EXPECT_EQ(preflight.first, 204);
    EXPECT_EQ(preflight.second.at("Access-Control-Allow-Methods"), "GET, POST");
    EXPECT_EQ(preflight.second.at("Access-Control-Allow-Origin"), "http://localhost:5173");
    EXPECT_EQ(call("OPTIONS", "/api/v1/search", {{"Origin", "https://evil.example"}}).first, 403);
}

TEST(SearchdOptions, RefusesToServeOtherMachinesWithoutKeysAndBadKeyFiles) {
    TempDir dir;
    const std::string index = (dir / "idx").string();
    const ProcessResult open =
        run_process({KB_SEARCHD_PATH, "--index", index, "--bind", "0.0.0.0", "--port", "0"});
    EXPECT_EQ(open.exit_code, 78);
    EXPECT_NE(open.err.find("searchd.bind"), std::string::npos) << open.err;
    {
        std::ofstream keys(dir / "short");
        keys << "short\n";
    }
    const ProcessResult short_key = run_process(
        {KB_SEARCHD_PATH, "--index", index, "--api-keys-file", (dir / "short").string()});
    EXPECT_EQ(short_key.exit_code, 78);
    EXPECT_NE(short_key.err.find("short:1"), std::string::npos) << short_key.err;
    const ProcessResult missing = run_process(
        {KB_SEARCHD_PATH, "--index", index, "--api-keys-file", (dir / "none").string()});
    EXPECT_EQ(missing.exit_code, 78);
}

TEST(SearchdOptions, ConfigFileWithTheCommandLineOnTop) {
    TempDir dir;
    std::filesystem::create_directories(dir / "src");
    {
        std::ofstream doc(dir / "src/a.txt");
        doc << "Velenje preprečuje beg možganov.\n";
    }
    ASSERT_EQ(
        run_process({KB_INDEXER_PATH, "--index", (dir / "idx").string(), (dir / "src").string()})
            .exit_code,
        0);
    const auto write_config = [&](const std::string& text) {
        std::ofstream out(dir / "searchd.properties");
        out << text;
    };
    // The file gives the index and the port file; its bad thread count is overridden.
    write_config(cat(std::string("index.path = "), (dir / "idx").string(),
                     std::string("\nsearchd.port = 0\nsearchd.port_file = "),
                     (dir / "port").string(), std::string("\nsearchd.threads = many\n")));
    {
        BackgroundProcess server(
            {KB_SEARCHD_PATH, "--config", (dir / "searchd.properties").string(), "--threads", "4"},
            (dir / "searchd.log").string());
        const int port = wait_for_port_file((dir / "port").string());
        ASSERT_GT(port, 0) << "kb-searchd did not start from its config file";
        EXPECT_EQ(server.stop(SIGTERM, 20000), 0);
    }
    // Without the override, the bad value stops it, naming the key.
    ProcessResult r =
        run_process({KB_SEARCHD_PATH, "--config", (dir / "searchd.properties").string()});
    EXPECT_EQ(r.exit_code, 78);
    EXPECT_NE(r.err.find("searchd.threads"), std::string::npos) << r.err;
    // A misspelt key is not ignored.
    write_config(cat(std::string("index.path = "), (dir / "idx").string(),
                     std::string("\nsearchd.prot = 8080\n")));
    r = run_process({KB_SEARCHD_PATH, "--config", (dir / "searchd.properties").string()});
    EXPECT_EQ(r.exit_code, 78);
    EXPECT_NE(r.err.find("searchd.prot"), std::string::npos) << r.err;
    r = run_process({KB_SEARCHD_PATH, "--config", (dir / "nothing.properties").string()});
    EXPECT_EQ(r.exit_code, 78);
    // The example file of tools/ has only keys kb-searchd knows.
    const std::string example = std::string(KB_CORPUS_DIR) + "/../tools/kb-searchd.properties";
    BackgroundProcess from_example(
        {KB_SEARCHD_PATH, "--config", example, "--index", (dir / "idx").string(), "--port", "0",
         "--port-file", (dir / "port2").string()},
        (dir / "example.log").string());
    EXPECT_GT(wait_for_port_file((dir / "port2").string()), 0) << "tools/kb-searchd.properties";
    EXPECT_EQ(from_example.stop(SIGTERM, 20000), 0);
}

}  // namespace
}  // namespace kb::test
