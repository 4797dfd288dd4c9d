#include <chrono>
#include <cstdint>
#include <fstream>
#include <map>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "support/process.h"
#include "support/temp_dir.h"

namespace kb::test {
namespace {

const std::string kIndexer = KB_INDEXER_PATH;
const std::string kCorpus = KB_CORPUS_DIR;

void write(const std::filesystem::path& path, const std::string& content) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

TEST(IndexerCli, IndexesTheCorpusAndReRunsWithoutDuplicates) {
    TempDir dir;
    const std::string index = (dir / "idx").string();
    const ProcessResult first = run_process({kIndexer, "--index", index, kCorpus});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    Xapian::Database db(index);
    const Xapian::doccount count = db.get_doccount();
    EXPECT_GE(count, 65u);  // 5 seeds + at least 60 documents
    EXPECT_TRUE(db.term_exists("Qseeds/001_260d3d3c4cd1868a.txt"));

    const ProcessResult second = run_process({kIndexer, "--index", index, kCorpus});
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_NE(second.out.find("added=0"), std::string::npos) << second.out;
    db.reopen();
    EXPECT_EQ(db.get_doccount(), count);
}

TEST(IndexerCli, CorpusCoversTheRequiredLanguages) {
    TempDir dir;
    const std::string index = (dir / "idx").string();
    ASSERT_EQ(run_process({kIndexer, "--index", index, kCorpus}).exit_code, 0);
    Xapian::Database db(index);
    for (const char* lang : {"pl", "sl", "hr", "sr", "bs", "cs", "sk", "de", "en", "hu"}) {
        EXPECT_GE(db.get_termfreq(std::string("L") + lang), 3u) << lang;
    }
}

TEST(IndexerCli, BadFilesAreReportedAndTheRestIsIndexed) {
    TempDir dir;
    write(dir / "src/good.txt", "Dobra praksa v regiji Savinjska in mestu Velenje.\n");
    write(dir / "src/empty.txt", "");
    write(dir / "src/binary.txt", std::string("\x7f"
                                              "ELF\0\0\0binary",
                                              13));
    write(dir / "src/page.html",
          "<html lang=\"pl\"><title>Tytuł</title><p>Treść strony.</p></html>");
    write(dir / "src/ignored.pdf", "%PDF-1.4 not yet supported");
    const ProcessResult r =
        run_process({kIndexer, "--index", (dir / "idx").string(), (dir / "src").string()});
    EXPECT_EQ(r.exit_code, 65) << r.err;
    EXPECT_NE(r.err.find("empty.txt"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("binary.txt"), std::string::npos) << r.err;
    Xapian::Database db((dir / "idx").string());
    EXPECT_EQ(db.get_doccount(), 2u);
    EXPECT_TRUE(db.term_exists("Lpl"));
}

TEST(IndexerCli, AParagraphInAnotherLanguageGetsItsOwnStems) {
    TempDir dir;
    const std::string polish =
        "Komisja Europejska uruchomiła nową platformę dedykowaną wspieraniu talentów w "
        "regionach europejskich, w tym w tych, które zmagają się ze spadkiem liczby osób z "
        "wyższym wykształceniem. Samorządy województw mogą z niej korzystać bezpłatnie.";
    const std::string english =
        "The European Commission is funding a new platform dedicated to supporting talent in "
        "the regions of Europe, including those facing a decline in the number of people with "
        "higher education. Regional authorities can use it free of charge from next month.";
    write(dir / "src/mixed.txt", polish + "\n\n" + english + "\n\n" + polish + "\n");
    const ProcessResult r =
        run_process({kIndexer, "--index", (dir / "idx").string(), (dir / "src").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Xapian::Database db((dir / "idx").string());
    EXPECT_TRUE(db.term_exists("Lpl"));
    EXPECT_TRUE(db.term_exists("Zfund"));  // English stem of "funding"
    const std::string data = db.get_document(1).get_data();
    EXPECT_NE(data.find("\"languages\":[\"en\"]"), std::string::npos) << data;
}

TEST(IndexerCli, UsageAndMissingSourceExitCodes) {
    TempDir dir;
    EXPECT_EQ(run_process({kIndexer}).exit_code, 64);
    EXPECT_EQ(run_process({kIndexer, "--index", (dir / "i").string()}).exit_code, 64);
    EXPECT_EQ(run_process({kIndexer, "--bogus"}).exit_code, 64);
    const ProcessResult missing =
        run_process({kIndexer, "--index", (dir / "i").string(), (dir / "nope").string()});
    EXPECT_EQ(missing.exit_code, 66);
    EXPECT_NE(missing.err.find("nope"), std::string::npos);
    EXPECT_EQ(run_process({kIndexer, "--help"}).exit_code, 0);
}

TEST(IndexerCli, MalformedTaxonomyStopsWith78AndTheLine) {
    TempDir dir;
    write(dir / "src/a.txt", "Dobra praksa v regiji.\n");
    write(dir / "taxonomy.xml", "<taxonomy>\n  <topics>\n    <topic id=\"a\">\n  </topics>\n");
    const ProcessResult r = run_process({kIndexer, "--index", (dir / "idx").string(), "--taxonomy",
                                         (dir / "taxonomy.xml").string(), (dir / "src").string()});
    EXPECT_EQ(r.exit_code, 78) << r.err;
    EXPECT_NE(r.err.find("taxonomy.xml:"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "idx" / "gen-1")) << "nothing may be written";
}

TEST(IndexerCli, CannotCreateIndexExitCode) {
    TempDir dir;
    write(dir / "src/a.txt", "Some text to index here.");
    write(dir / "blocker", "a file where the index folder should be");
    const ProcessResult r =
        run_process({kIndexer, "--index", (dir / "blocker/idx").string(), (dir / "src").string()});
    EXPECT_TRUE(r.exit_code == 73 || r.exit_code == 74) << r.exit_code << r.err;
    EXPECT_NE(r.err.find("blocker"), std::string::npos) << r.err;
}

TEST(IndexerCli, AnalyzePrintsOneJsonObjectPerToken) {
    const ProcessResult r =
        run_process({kIndexer, "--analyze", "--lang", "sr"}, "Београд, Beograd!\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out,
              "{\"token\":\"Београд\",\"lang\":\"sr\",\"norm\":\"београд\",\"folded\":\"beograd\","
              "\"stem\":\"beograd\",\"position\":1,\"offset\":0}\n"
              "{\"token\":\"Beograd\",\"lang\":\"sr\",\"norm\":\"beograd\",\"folded\":\"beograd\","
              "\"stem\":\"beograd\",\"position\":2,\"offset\":16}\n");
    const ProcessResult detected =
        run_process({kIndexer, "--analyze"}, "The regions are developing their economies quickly.");
    EXPECT_NE(detected.out.find("\"lang\":\"en\""), std::string::npos);
    EXPECT_NE(detected.out.find("\"stem\":\"region\""), std::string::npos);
    EXPECT_EQ(run_process({kIndexer, "--analyze", "--lang", "1!"}, "x").exit_code, 64);
}

// The parallel pipeline and shards (issue #8).

// Concatenation without `"literal" + std::string`, which trips a false -Wrestrict in GCC 12.
template <typename... Parts>
std::string join(const Parts&... parts) {
    std::string s;
    (s.append(parts), ...);
    return s;
}

nlohmann::json read_report(const std::filesystem::path& path) {
    std::ifstream in(path);
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_object()) {
        j.erase("seconds");
    }
    return j;
}

// A folder of many documents in several languages, with a footer repeated on most of them
// (the repeated-line filter depends on the order documents are seen in), a sidecar and
// files that fail.
void write_mixed_folder(const std::filesystem::path& src) {
    const std::string pl =
        "Rozwój regionów i uczenie się przez całe życie w województwie lubuskim. Projekt "
        "wspiera młodzież, przedsiębiorstwa i samorządy w regionach przygranicznych.";
    const std::string sl =
        "Savinjska regija in mesto Velenje sta pripravila nov program za mlade. Beg možganov "
        "ostaja največji izziv razvoja regije.";
    const std::string sr =
        "Град Београд и општине у Србији покрећу програм за задржавање младих талената у "
        "региону.";
    const std::string en =
        "The regional development agency funds training for young people and small "
        "businesses in border regions.";
    const std::string texts[] = {pl, sl, sr, en};
    for (int i = 0; i < 60; ++i) {
        const std::string n = std::to_string(i);
        std::string body = join(std::string("Dokument "), n, std::string("\n\n"), texts[i % 4],
                                std::string("\n\n"), texts[(i / 4) % 4], std::string(" "), n);
        if (i % 3 != 0) {
            body += "\n\nStrona główna | Aktualności | Kontakt | Mapa strony\n";
        }
        write(src / join(std::string("d"), std::to_string(i % 7), std::string("/f"), n,
                         std::string(".txt")),
              body);
    }
    write(src / "page.html",
          "<html lang=\"pl\"><title>Tytuł strony</title><p>Treść strony o funduszach.</p></html>");
    write(src / "d1/f1.meta.json", R"({"title": "Z opisem", "topics": ["nie ma takiego"]})");
    write(src / "bad/empty.txt", "");
    write(src / "bad/binary.txt", std::string("\x7f"
                                              "ELF\0\0\0binary",
                                              13));
}

// Everything of a document but its docid and index time: terms with wdf and positions,
// values, and its data.
std::string describe(const Xapian::Database& db, Xapian::docid docid) {
    std::string out;
    for (auto t = db.termlist_begin(docid); t != db.termlist_end(docid); ++t) {
        out += join(*t, std::string(":"), std::to_string(t.get_wdf()), std::string("@"));
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
            out += join(std::to_string(*p), std::string(","));
        }
        out += ' ';
    }
    const Xapian::Document doc = db.get_document(docid);
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
        out += join(std::string("\nvalue "), std::to_string(v.get_valueno()), std::string("="), *v);
    }
    nlohmann::json data = nlohmann::json::parse(doc.get_data(), nullptr, false);
    if (data.is_object()) {
        data.erase("indexed_at");
    }
    return join(out, std::string("\ndata "), data.dump());
}

// Every document of `db` by id term, described (with its docid if `with_docid`).
std::map<std::string, std::string> documents(const Xapian::Database& db, bool with_docid = false) {
    std::map<std::string, std::string> out;
    for (auto t = db.allterms_begin("Q"); t != db.allterms_end("Q"); ++t) {
        const Xapian::PostingIterator p = db.postlist_begin(*t);
        out[*t] = describe(db, *p);
        if (with_docid) {
            out[*t] += join(std::string("\ndocid "), std::to_string(*p));
        }
    }
    return out;
}

std::map<std::string, std::vector<std::string>> synonyms(const Xapian::Database& db) {
    std::map<std::string, std::vector<std::string>> out;
    for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k) {
        for (auto s = db.synonyms_begin(*k); s != db.synonyms_end(*k); ++s) {
            out[*k].push_back(*s);
        }
    }
    return out;
}

TEST(IndexerCli, TheIndexDoesNotDependOnTheNumberOfJobs) {
    TempDir dir;
    write_mixed_folder(dir / "src");
    const auto index_with = [&](const std::string& jobs) {
        const std::string index = (dir / join(std::string("idx"), jobs)).string();
        const ProcessResult r = run_process({kIndexer, "--jobs", jobs, "--index", index, "--report",
                                             (dir / join(std::string("report"), jobs)).string(),
                                             (dir / "src").string(), kCorpus});
        EXPECT_EQ(r.exit_code, 65) << r.err;
        return r;
    };
    const ProcessResult one = index_with("1");
    const ProcessResult four = index_with("4");
    // The same report: counts, and the failures and warnings in the same order.
    EXPECT_EQ(one.err, four.err);
    const nlohmann::json report = read_report(dir / "report1");
    EXPECT_EQ(report, read_report(dir / "report4"));
    ASSERT_EQ(report["failed"].size(), 2u) << report.dump();
    EXPECT_NE(one.err.find("not in the taxonomy"), std::string::npos) << one.err;

    const Xapian::Database db1((dir / "idx1").string());
    const Xapian::Database db4((dir / "idx4").string());
    EXPECT_EQ(db1.get_doccount(), report["added"].get<unsigned>());
    EXPECT_EQ(db1.get_doccount(), db4.get_doccount());
    // The writer takes the files in crawl order: even the document numbers are the same.
    const auto docs1 = documents(db1, true);
    const auto docs4 = documents(db4, true);
    ASSERT_EQ(docs1.size(), db1.get_doccount());
    for (const auto& [term, description] : docs1) {
        const auto other = docs4.find(term);
        ASSERT_NE(other, docs4.end()) << term;
        EXPECT_EQ(description, other->second) << term;
    }
    EXPECT_EQ(synonyms(db1), synonyms(db4));
    // The repeated footer was left out of later documents, in both.
    EXPECT_EQ(docs4.at("Qd3/f59.txt").find("Mapa strony"), std::string::npos);
    EXPECT_NE(docs4.at("Qd0/f14.txt").find("Mapa strony"), std::string::npos);

    // An unchanged re-run with --jobs 4 changes nothing.
    const Xapian::rev revision = db4.get_revision();
    const ProcessResult again =
        run_process({kIndexer, "--jobs", "4", "--index", (dir / "idx4").string(), "--report",
                     (dir / "again").string(), (dir / "src").string(), kCorpus});
    EXPECT_EQ(again.exit_code, 65) << again.err;
    const nlohmann::json rerun = read_report(dir / "again");
    EXPECT_EQ(rerun["added"], 0);
    EXPECT_EQ(rerun["updated"], 0);
    EXPECT_EQ(rerun["deleted"], 0);
    EXPECT_EQ(rerun["unchanged"], report["added"]);
    EXPECT_EQ(rerun["failed_before"], 2);
    EXPECT_EQ(Xapian::Database((dir / "idx4").string()).get_revision(), revision);

    EXPECT_EQ(run_process({kIndexer, "--jobs", "0", "--index", (dir / "idx0").string(),
                           (dir / "src").string()})
                  .exit_code,
              64);
}

std::uint64_t fnv1a64(std::string_view bytes) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (const char b : bytes) {
        hash = (hash ^ static_cast<unsigned char>(b)) * 1099511628211ULL;
    }
    return hash;
}

TEST(IndexerCli, ShardsSplitTheDocumentsByIdAndKeepThemThere) {
    TempDir dir;
    write_mixed_folder(dir / "src");
    const std::string sharded = (dir / "sharded").string();
    const auto run_sharded = [&](const std::vector<std::string>& extra) {
        std::vector<std::string> argv = {kIndexer, "--index", sharded, "--report",
                                         (dir / "report").string()};
        argv.insert(argv.end(), extra.begin(), extra.end());
        argv.push_back((dir / "src").string());
        return run_process(argv);
    };
    ASSERT_EQ(run_sharded({"--shards", "3"}).exit_code, 65);
    ASSERT_EQ(run_process({kIndexer, "--index", (dir / "single").string(), (dir / "src").string()})
                  .exit_code,
              65);
    const auto shard = [&](int i) {
        return Xapian::Database(
            (dir / "sharded" / join(std::string("shard-"), std::to_string(i))).string());
    };

    // Each document in the shard of its id, and the union is the unsharded index.
    std::map<std::string, std::string> all;
    for (int i = 0; i < 3; ++i) {
        const Xapian::Database db = shard(i);
        EXPECT_GT(db.get_doccount(), 0u) << i;
        for (const auto& [term, description] : documents(db)) {
            EXPECT_EQ(fnv1a64(term.substr(1)) % 3, static_cast<std::uint64_t>(i)) << term;
            EXPECT_TRUE(all.emplace(term, description).second) << term << " in two shards";
        }
    }
    const auto single = documents(Xapian::Database((dir / "single").string()));
    ASSERT_EQ(all.size(), single.size());
    for (const auto& [term, description] : single) {
        ASSERT_TRUE(all.count(term)) << term;
        EXPECT_EQ(all[term], description) << term;
    }

    // A re-run changes nothing; failures are remembered in their shards.
    std::vector<Xapian::rev> revisions;
    for (int i = 0; i < 3; ++i) {
        revisions.push_back(shard(i).get_revision());
    }
    EXPECT_EQ(run_sharded({"--shards", "3"}).exit_code, 65);
    nlohmann::json report = read_report(dir / "report");
    EXPECT_EQ(report["added"], 0);
    EXPECT_EQ(report["updated"], 0);
    EXPECT_EQ(report["failed_before"], 2);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(shard(i).get_revision(), revisions[static_cast<std::size_t>(i)]) << i;
    }

    // Another number of shards, or none, is refused; so are shards over a plain index.
    const ProcessResult two = run_sharded({"--shards", "2"});
    EXPECT_EQ(two.exit_code, 64);
    EXPECT_NE(two.err.find("--shards 3"), std::string::npos) << two.err;
    EXPECT_EQ(run_sharded({}).exit_code, 64);
    EXPECT_EQ(run_process({kIndexer, "--index", (dir / "single").string(), "--shards", "2",
                           (dir / "src").string()})
                  .exit_code,
              64);

    // A deleted file leaves its shard; a changed one is updated in its shard.
    const std::string gone = "Qd5/f12.txt";
    const int home = static_cast<int>(fnv1a64(gone.substr(1)) % 3);
    ASSERT_TRUE(shard(home).term_exists(gone));
    std::filesystem::remove(dir / "src/d5/f12.txt");
    write(dir / "src/d6/f13.txt", "Zmieniony dokument o talentach w regionach.");
    std::filesystem::last_write_time(
        dir / "src/d6/f13.txt",
        std::filesystem::last_write_time(dir / "src/d6/f13.txt") + std::chrono::seconds(10));
    EXPECT_EQ(run_sharded({"--shards", "3", "--rebuild"}).exit_code, 65);
    report = read_report(dir / "report");
    EXPECT_EQ(report["added"], single.size() - 1);  // --rebuild: every shard from scratch
    EXPECT_EQ(run_sharded({"--shards", "3"}).exit_code, 65);
    report = read_report(dir / "report");
    EXPECT_EQ(report["added"], 0);
    EXPECT_EQ(report["deleted"], 0);
    std::size_t total = 0;
    for (int i = 0; i < 3; ++i) {
        EXPECT_FALSE(shard(i).term_exists(gone)) << i;
        total += shard(i).get_doccount();
    }
    EXPECT_EQ(total, single.size() - 1);
    {
        const Xapian::Database db = shard(static_cast<int>(fnv1a64("d6/f13.txt") % 3));
        const Xapian::PostingIterator p = db.postlist_begin("Qd6/f13.txt");
        ASSERT_NE(p, db.postlist_end("Qd6/f13.txt"));
        EXPECT_NE(db.get_document(*p).get_data().find("Zmieniony"), std::string::npos);
    }

    // Without --rebuild: a deletion is an ordinary incremental change of one shard.
    std::filesystem::remove(dir / "src/d6/f13.txt");
    EXPECT_EQ(run_sharded({"--shards", "3"}).exit_code, 65);
    report = read_report(dir / "report");
    EXPECT_EQ(report["deleted"], 1);
    EXPECT_FALSE(shard(static_cast<int>(fnv1a64("d6/f13.txt") % 3)).term_exists("Qd6/f13.txt"));
}

}  // namespace
}  // namespace kb::test
