// kb-indexer as cron runs it: incremental runs, the lock, and kill -9 in the middle of a run.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace kb::test {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

const std::string kIndexer = KB_INDEXER_PATH;

void write(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

// Moves a file's mtime forward, so a change is seen whatever the file system's resolution.
void bump_mtime(const fs::path& path, int seconds) {
    fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(seconds));
}

Json read_json(const fs::path& path) {
    std::ifstream in(path);
    return Json::parse(in, nullptr, false);
}

// Runs kb-indexer with a --report and returns the report.
Json run(const TempDir& dir, std::vector<std::string> extra = {}, int expected_exit = 0) {
    std::vector<std::string> argv = {kIndexer, "--index", (dir / "idx").string(), "--report",
                                     (dir / "report.json").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back((dir / "src").string());
    const ProcessResult r = run_process(argv);
    EXPECT_EQ(r.exit_code, expected_exit) << r.err;
    return read_json(dir / "report.json");
}

// Concatenation without `"literal" + std::string`, which trips a false -Wrestrict in GCC 12.
template <typename... Parts>
std::string cat(const Parts&... parts) {
    std::string s;
    (s.append(parts), ...);
    return s;
}

// The id of file `i` of write_many().
std::string many_id(int i) {
    return cat(std::string("d"), std::to_string(i % 20), std::string("/f"), std::to_string(i),
               std::string(".txt"));
}

std::string text(int i) {
    std::string s = cat(std::string("Dokument "), std::to_string(i),
                        std::string(": Rozwój regionów i uczenie się przez całe życie w "
                                    "województwie lubuskim. "));
    for (int k = 0; k < 12; ++k) {
        s += cat(std::string("Projekt numer "), std::to_string(i * 31 + k),
                 std::string(" wspiera młodzież, przedsiębiorstwa i samorządy w regionach "
                             "przygranicznych. "));
    }
    return s;
}

TEST(Incremental, AddChangeDeleteAndRememberFailures) {
    TempDir dir;
    write(dir / "src/a.txt", text(1));
    write(dir / "src/b.txt", text(2));
    write(dir / "src/sub/c.txt", text(3));
    Json r = run(dir);
    EXPECT_EQ(r["added"], 3);
    const std::string index = (dir / "idx").string();
    const auto revision = [&] {
        return Xapian::Database(index).get_revision();
    };
    const auto before = revision();

    // Unchanged: nothing is read or written.
    r = run(dir);
    EXPECT_EQ(r["unchanged"], 3);
    EXPECT_EQ(r["added"], 0);
    EXPECT_EQ(r["updated"], 0);
    EXPECT_EQ(revision(), before);

    // b changes, c is touched only, a vanishes, d is new, bad.txt is binary junk.
    write(dir / "src/b.txt", text(2) + " Nowy akapit o talentach.");
    bump_mtime(dir / "src/b.txt", 10);
    bump_mtime(dir / "src/sub/c.txt", 10);
    fs::remove(dir / "src/a.txt");
    write(dir / "src/d.txt", text(4));
    write(dir / "src/bad.txt", std::string("\x00\x01\x02junk", 7));
    r = run(dir, {}, 65);
    EXPECT_EQ(r["added"], 1);
    EXPECT_EQ(r["updated"], 1);
    EXPECT_EQ(r["unchanged"], 1);
    EXPECT_EQ(r["deleted"], 1);
    ASSERT_EQ(r["failed"].size(), 1u);
    EXPECT_NE(r["failed"][0]["path"].get<std::string>().find("bad.txt"), std::string::npos);
    {
        Xapian::Database db(index);
        EXPECT_EQ(db.get_doccount(), 3u);
        EXPECT_FALSE(db.term_exists("Qa.txt"));
        EXPECT_TRUE(db.term_exists("Qd.txt"));
        EXPECT_TRUE(db.term_exists("Qsub/c.txt"));
        EXPECT_EQ(db.get_termfreq("Ztalent"), 1u);  // the new paragraph of b
    }

    // The failed file is remembered: reported, not retried while it does not change.
    const auto after_change = revision();
    r = run(dir, {}, 65);
    EXPECT_EQ(r["unchanged"], 3);
    EXPECT_EQ(r["failed_before"], 1);
    EXPECT_NE(r["failed"][0]["reason"].get<std::string>().find("unchanged since"),
              std::string::npos);
    EXPECT_EQ(revision(), after_change);
    r = run(dir, {"--retry-failed"}, 65);
    EXPECT_EQ(r["failed_before"], 0);
    ASSERT_EQ(r["failed"].size(), 1u);

    // Fixed: indexed, and forgotten as a failure.
    write(dir / "src/bad.txt", "Teraz poprawny plik o rozwoju regionów.");
    bump_mtime(dir / "src/bad.txt", 20);
    r = run(dir);
    EXPECT_EQ(r["added"], 1);
    EXPECT_TRUE(r["failed"].empty());

    // --no-delete keeps documents whose files vanished.
    fs::remove(dir / "src/d.txt");
    r = run(dir, {"--no-delete"});
    EXPECT_EQ(r["deleted"], 0);
    EXPECT_TRUE(Xapian::Database(index).term_exists("Qd.txt"));
    r = run(dir);
    EXPECT_EQ(r["deleted"], 1);
}

TEST(Incremental, AnUnreadableFolderIsNotTakenForDeletedFiles) {
    // Root reads every folder: as root, kb-indexer runs as "nobody" here.
    std::vector<std::string> prefix;
    if (geteuid() == 0) {
        if (!fs::exists("/usr/sbin/runuser")) {
            GTEST_SKIP() << "running as root without runuser";
        }
        prefix = {"/usr/sbin/runuser", "-u", "nobody", "--"};
    }
    TempDir dir;
    write(dir / "src/a.txt", text(1));
    write(dir / "src/locked/b.txt", text(2));
    fs::permissions(dir.path(), fs::perms::all);  // nobody may write the index here
    fs::permissions(dir / "src", fs::perms::all);
    fs::permissions(dir / "src/locked", fs::perms::all);
    std::vector<std::string> argv = prefix;
    for (const std::string& a :
         {kIndexer, std::string("--index"), (dir / "idx").string(), (dir / "src").string()}) {
        argv.push_back(a);
    }
    const ProcessResult first = run_process(argv);
    ASSERT_EQ(first.exit_code, 0) << first.err;
    fs::permissions(dir / "src/locked", fs::perms::none);
    const ProcessResult second = run_process(argv);
    fs::permissions(dir / "src/locked", fs::perms::all);
    EXPECT_EQ(second.exit_code, 65) << second.err;
    EXPECT_NE(second.err.find("locked"), std::string::npos) << second.err;
    EXPECT_NE(second.out.find("deleted=0"), std::string::npos) << second.out;
    EXPECT_TRUE(Xapian::Database((dir / "idx").string()).term_exists("Qlocked/b.txt"));
}

TEST(Incremental, SymlinkLoopsAndUnreadableFilesDoNotStopTheRun) {
    // Root reads every file: as root, kb-indexer runs as "nobody" here.
    std::vector<std::string> argv;
    if (geteuid() == 0) {
        if (!fs::exists("/usr/sbin/runuser")) {
            GTEST_SKIP() << "running as root without runuser";
        }
        argv = {"/usr/sbin/runuser", "-u", "nobody", "--"};
    }
    TempDir dir;
    write(dir / "src/a.txt", text(1));
    write(dir / "src/secret.txt", text(2));
    fs::create_directory_symlink(dir / "src", dir / "src/loop");  // src/loop/loop/... forever
    fs::create_symlink(dir / "src/self", dir / "src/self");       // a link to itself
    fs::permissions(dir.path(), fs::perms::all);
    fs::permissions(dir / "src", fs::perms::all);
    fs::permissions(dir / "src/secret.txt", fs::perms::none);
    for (const std::string& a :
         {kIndexer, std::string("--index"), (dir / "idx").string(), (dir / "src").string()}) {
        argv.push_back(a);
    }
    const ProcessResult r = run_process(argv);
    EXPECT_EQ(r.exit_code, 65) << r.err;
    EXPECT_NE(r.err.find("secret.txt"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("added=1 "), std::string::npos) << r.out;
    Xapian::Database db((dir / "idx").string());
    EXPECT_EQ(db.get_doccount(), 1u);
    EXPECT_TRUE(db.term_exists("Qa.txt"));
}

// A tree big enough for a run to last a few seconds.
void write_many(const TempDir& dir, int files) {
    for (int i = 0; i < files; ++i) {
        write(dir / "src" / many_id(i), text(i));
    }
}

// Waits until `predicate` holds, up to `seconds`.
template <typename Predicate>
bool wait_until(Predicate predicate, int seconds) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < end) {
        if (predicate()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

Xapian::doccount committed_documents(const std::string& index) {
    try {
        return Xapian::Database(index).get_doccount();
    } catch (const Xapian::Error&) {
        return 0;  // not created yet
    }
}

// The first line of a file ("" if there is none).
std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    std::string s;
    std::getline(in, s);
    return s;
}

TEST(Incremental, ASecondIndexerExitsAt75WhileTheFirstRuns) {
    TempDir dir;
    write_many(dir, 3000);
    const std::string index = (dir / "idx").string();
    BackgroundProcess first({kIndexer, "--index", index, (dir / "src").string()},
                            (dir / "first.log").string());
    // The lock file names its holder once it holds the lock (the file alone may be there
    // a moment before).
    const std::string pid = std::to_string(first.pid());
    ASSERT_TRUE(wait_until([&] { return read_text(dir / "idx" / "kb-indexer.lock") == pid; }, 20));
    const auto start = std::chrono::steady_clock::now();
    const ProcessResult second = run_process({kIndexer, "--index", index, (dir / "src").string()});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(first.running()) << "the first run ended too soon for this test";
    EXPECT_EQ(second.exit_code, 75) << second.err;
    EXPECT_NE(second.err.find("locked"), std::string::npos) << second.err;
    EXPECT_NE(second.err.find(cat(std::string("(pid "), pid, std::string(")"))), std::string::npos)
        << second.err;
    EXPECT_LT(seconds, 5.0);
    // The first run was not disturbed: it completes, with every document.
    ASSERT_TRUE(wait_until([&] { return !first.running(); }, 300));
    EXPECT_EQ(first.stop(), 0);
    EXPECT_EQ(committed_documents(index), 3000u);
}

TEST(Incremental, KillNineMidRunThenReRunHasEveryDocumentOnce) {
    TempDir dir;
    const int files = 3000;
    write_many(dir, files);
    const std::string index = (dir / "idx").string();
    {
        BackgroundProcess first({kIndexer, "--index", index, (dir / "src").string()},
                                (dir / "first.log").string());
        // Kill it after its first commit and before its last.
        ASSERT_TRUE(wait_until([&] { return committed_documents(index) > 0; }, 60));
        ASSERT_TRUE(first.running()) << "the run ended before it could be killed";
        first.stop(SIGKILL);
    }
    const Xapian::doccount partial = committed_documents(index);
    EXPECT_GT(partial, 0u);
    EXPECT_LT(partial, static_cast<Xapian::doccount>(files));
    const ProcessResult again = run_process({kIndexer, "--index", index, (dir / "src").string()});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find(cat(std::string("unchanged="), std::to_string(partial))),
              std::string::npos)
        << again.out;
    Xapian::Database db(index);
    EXPECT_EQ(db.get_doccount(), static_cast<Xapian::doccount>(files));
    for (int i = 0; i < files; ++i) {
        const std::string id = cat(std::string("Q"), many_id(i));
        ASSERT_EQ(db.get_termfreq(id), 1u) << id;
    }
}

// GET `uri` from kb-searchd on 127.0.0.1:`port`; returns the status and the JSON body.
std::pair<int, Json> http_get(int port, const std::string& uri) {
    const HttpReply reply = http_request(port, "GET", uri);
    return {reply.status, reply.body};
}

TEST(Incremental, RebuildSwitchesReadersWhileTheyKeepAnswering) {
    TempDir dir;
    for (int i = 0; i < 300; ++i) {
        write(dir / "src" / cat(std::string("f"), std::to_string(i), std::string(".txt")), text(i));
    }
    const std::string index = (dir / "idx").string();
    ASSERT_EQ(run_process({kIndexer, "--index", index, (dir / "src").string()}).exit_code, 0);
    EXPECT_EQ(read_text(dir / "idx/XAPIANDB"), "glass gen-1");

    const std::string port_file = (dir / "port").string();
    BackgroundProcess server(
        {KB_SEARCHD_PATH, "--index", index, "--port", "0", "--port-file", port_file},
        (dir / "searchd.log").string());
    const int port = wait_for_port_file(port_file);
    ASSERT_GT(port, 0);

    // Requests go on during the rebuild; each must succeed and find the documents.
    std::atomic<bool> stop{false};
    std::atomic<int> requests{0};
    std::atomic<int> failures{0};
    std::thread client([&] {
        while (!stop) {
            try {
                const auto [status, body] = http_get(port, "/api/v1/search?q=regionach");
                if (status != 200 || body["total"].get<int>() < 300) {
                    ++failures;
                }
            } catch (const std::exception&) {
                ++failures;
            }
            ++requests;
        }
    });
    write(dir / "src/new.txt", "Raport o kwazarowych inicjatywach w regionach Podkarpacia.");
    const ProcessResult rebuilt =
        run_process({kIndexer, "--rebuild", "--index", index, (dir / "src").string()});
    // The switch is seen by the next request; let a few more run against the new index.
    const int before_switch = requests.load();
    wait_until([&] { return requests.load() > before_switch + 20; }, 20);
    stop = true;
    client.join();
    ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
    EXPECT_NE(rebuilt.out.find("added=301"), std::string::npos) << rebuilt.out;
    EXPECT_GT(requests.load(), 20);
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(http_get(port, "/api/v1/search?q=kwazarowych").second["total"], 1);
    EXPECT_EQ(read_text(dir / "idx/XAPIANDB"), "glass gen-2");
    EXPECT_TRUE(fs::exists(dir / "idx/gen-1"));  // kept for readers still on it

    // A normal run now updates generation 2; the next rebuild makes 3 and drops 1.
    fs::remove(dir / "src/new.txt");
    const ProcessResult normal = run_process({kIndexer, "--index", index, (dir / "src").string()});
    EXPECT_NE(normal.out.find("deleted=1"), std::string::npos) << normal.out;
    ASSERT_EQ(
        run_process({kIndexer, "--rebuild", "--index", index, (dir / "src").string()}).exit_code,
        0);
    EXPECT_EQ(read_text(dir / "idx/XAPIANDB"), "glass gen-3");
    EXPECT_FALSE(fs::exists(dir / "idx/gen-1"));
    EXPECT_TRUE(fs::exists(dir / "idx/gen-2"));
    EXPECT_EQ(http_get(port, "/api/v1/search?q=kwazarowych").second["total"], 0);
    EXPECT_EQ(server.stop(SIGTERM), 0);
}

// kb-indexer commits every 1000 documents; kb-searchd answers throughout a run, sees each
// commit at the next request (no restart), and no request fails (a reader overtaken by two
// commits gets DatabaseModifiedError, reopens and retries).
TEST(Incremental, SearchesDuringAnIndexingRunSeeEachCommitAndNeverFail) {
    TempDir dir;
    write_many(dir, 50);
    const std::string index = (dir / "idx").string();
    ASSERT_EQ(run_process({kIndexer, "--index", index, (dir / "src").string()}).exit_code, 0);
    write_many(dir, 2600);
    const std::string port_file = (dir / "port").string();
    BackgroundProcess server(
        {KB_SEARCHD_PATH, "--index", index, "--port", "0", "--port-file", port_file},
        (dir / "searchd.log").string());
    const int port = wait_for_port_file(port_file);
    ASSERT_GT(port, 0);

    std::atomic<bool> stop{false};
    std::atomic<int> failures{0};
    std::vector<int> totals;  // as the client saw them, in order (read after join())
    std::atomic<std::size_t> answered{0};
    std::thread client([&] {
        while (!stop) {
            try {
                const auto [status, body] = http_get(port, "/api/v1/search?q=regionach&size=3");
                if (status != 200) {
                    ++failures;
                } else {
                    totals.push_back(body["total"].get<int>());
                    ++answered;
                }
            } catch (const std::exception&) {
                ++failures;
            }
        }
    });
    const ProcessResult run = run_process({kIndexer, "--index", index, (dir / "src").string()});
    const std::size_t during = answered.load();
    wait_until([&] { return answered.load() > during + 5; }, 20);
    stop = true;
    client.join();
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(failures.load(), 0);
    ASSERT_FALSE(totals.empty());
    EXPECT_EQ(totals.front(), 50);
    EXPECT_EQ(totals.back(), 2600);
    EXPECT_TRUE(std::is_sorted(totals.begin(), totals.end()));  // never a step back
    // At least one commit in the middle of the run was seen before the end of it.
    EXPECT_TRUE(std::any_of(totals.begin(), totals.end(), [](int t) { return t > 50 && t < 2600; }))
        << "no intermediate commit seen";
    EXPECT_EQ(server.stop(SIGTERM), 0);
}

// Every format and every bad-input case of tests/data/ingest through the real kb-indexer.
TEST(Ingest, IndexesEveryFormatAndNamesEveryBadFile) {
    TempDir dir;
    fs::copy(KB_TEST_DATA_DIR "/ingest", dir / "src", fs::copy_options::recursive);
    Json r = run(dir, {}, 65);
    std::set<std::string> failed;
    for (const Json& f : r["failed"]) {
        failed.insert(fs::path(f["path"].get<std::string>()).filename().string());
        EXPECT_FALSE(f["reason"].get<std::string>().empty());
    }
    const std::set<std::string> expected_failures = {
        "binary.txt",    "bomb.docx",        "corrupt.docx",  "deep.docx",
        "deep.xml",      "empty.txt",        "encrypted.pdf", "malformed.docx",
        "malformed.xml", "no_document.docx", "scanned.pdf",   "truncated.pdf"};
    EXPECT_EQ(failed, expected_failures);
    // Malformed sidecars are warnings: their documents are indexed without them. So are
    // sidecar labels the taxonomy does not know ("fundusze UE", "urbanizam", type
    // "report"): they are kept as written.
    EXPECT_EQ(r["warnings"].size(), 6u) << r["warnings"].dump();

    Xapian::Database db((dir / "idx").string());
    for (const char* id : {"report.pdf", "report.docx", "report.odt", "tei.xml", "docbook.xml",
                           "page.xhtml", "polish-windows-1250.txt", "polish-iso-8859-2.txt",
                           "polish-utf16le-bom.txt", "serbian-windows-1251.txt",
                           "german-windows-1252.txt", "sidecar/raport.txt", "sidecar/broken.txt"}) {
        EXPECT_TRUE(db.term_exists(cat(std::string("Q"), std::string(id)))) << id;
    }
    // Legacy encodings are read as what they are: the same Polish words in each file.
    const auto docs_with = [&](const std::string& term) {
        return db.get_termfreq(term);
    };
    EXPECT_GE(docs_with("wojewodztwo"), 1u);
    EXPECT_GE(docs_with("beograd"), 1u);

    // The sidecar wins over the file: title and language.
    const auto stored = [&](const std::string& id) {
        Xapian::PostingIterator p = db.postlist_begin(cat(std::string("Q"), id));
        return Json::parse(db.get_document(*p).get_data());
    };
    const Json raport = stored("sidecar/raport.txt");
    EXPECT_EQ(raport["title"], "Sprawozdanie roczne Wydziału Rozwoju Regionalnego 2023");
    EXPECT_EQ(raport["date"], "2024-03-15");
    EXPECT_EQ(raport["lang"], "pl");
    EXPECT_EQ(raport["lang_source"], "metadata");
    // Its labels become taxonomy ids: "Małopolska" is PL21 (with its ancestors), "rozwój
    // regionalny" a trigger of regional-development.
    EXPECT_EQ(raport["topics"], Json::array({"regional-development", "fundusze UE"}));
    EXPECT_EQ(raport["regions"][0], "PL21");
    EXPECT_NE(raport["regions"].dump().find("\"PL\""), std::string::npos);

    // A changed sidecar alone re-indexes its document.
    const fs::path sidecar = dir / "src/sidecar/raport.txt.meta.json";
    std::string content;
    {
        std::ifstream in(sidecar);
        content.assign(std::istreambuf_iterator<char>(in), {});
    }
    const std::string old_title = "Sprawozdanie roczne";
    content.replace(content.find(old_title), old_title.size(), "Raport roczny");
    write(sidecar, content);
    bump_mtime(sidecar, 10);
    r = run(dir, {}, 65);
    EXPECT_EQ(r["updated"], 1);
    EXPECT_EQ(r["added"], 0);
    db.reopen();
    EXPECT_EQ(stored("sidecar/raport.txt")["title"].get<std::string>().rfind("Raport roczny", 0),
              0u);
}

// Sidecar topics, regions and type name taxonomy entries the way people write them; they
// are stored as ids, regions with their ancestors, and what the taxonomy lacks is kept
// with a warning.
TEST(Ingest, SidecarLabelsBecomeTaxonomyIds) {
    TempDir dir;
    write(dir / "src/praksa.txt", text(1));
    write(dir / "src/praksa.txt.meta.json",
          R"({"topics": ["Youth employment", "Zapošljavanje mladih", "podvodni ribolov"],
              "regions": ["Tuzlanski kanton"], "type": "Practice report"})");
    const Json r = run(dir);
    ASSERT_EQ(r["warnings"].size(), 1u) << r.dump();
    EXPECT_NE(r["warnings"][0].dump().find("podvodni ribolov"), std::string::npos)
        << r["warnings"].dump();
    Xapian::Database db((dir / "idx").string());
    Xapian::PostingIterator p = db.postlist_begin("Qpraksa.txt");
    ASSERT_NE(p, db.postlist_end("Qpraksa.txt"));
    const Json stored = Json::parse(db.get_document(*p).get_data());
    EXPECT_EQ(stored["topics"], Json::array({"youth-employment", "podvodni ribolov"}));
    const std::vector<std::string> regions = stored["regions"].get<std::vector<std::string>>();
    ASSERT_FALSE(regions.empty());
    EXPECT_EQ(regions.front(), "BA-03");
    EXPECT_NE(std::find(regions.begin(), regions.end(), "BA"), regions.end());
    EXPECT_EQ(stored["type"], "practice-report");
    // Filterable by the country of the canton.
    EXPECT_EQ(db.get_termfreq("XRBA"), 1u);
}

// After an upgrade that changes the index schema, the nightly run rebuilds by itself.
TEST(Incremental, AnIndexOfAnOlderSchemaIsRebuiltBesideTheLiveOne) {
    TempDir dir;
    write(dir / "src/a.txt", text(1));
    write(dir / "src/b.txt", text(2));
    run(dir);
    const std::string stub = (dir / "idx").string();
    {
        // Pretend an older build wrote it: the live generation says schema 1.
        Xapian::Database live(stub);
        std::string generation;
        for (const auto& entry : fs::directory_iterator(dir / "idx")) {
            if (entry.path().filename().string().rfind("gen-", 0) == 0) {
                generation = entry.path().string();
            }
        }
        ASSERT_FALSE(generation.empty());
        Xapian::WritableDatabase db(generation, Xapian::DB_OPEN);
        db.set_metadata("kb.schema", "1");
        db.commit();
    }
    const ProcessResult r = run_process({kIndexer, "--index", stub, (dir / "src").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("schema 1 -> "), std::string::npos) << r.err;
    Xapian::Database db(stub);
    EXPECT_NE(db.get_metadata("kb.schema"), "1");
    EXPECT_EQ(db.get_doccount(), 2u);
}

TEST(Ingest, FilesOverTheSizeCapAreRefusedByName) {
    TempDir dir;
    write(dir / "src/small.txt", text(1));
    write(dir / "src/big.txt", std::string(300 * 1024, 'a') + " koniec");
    const Json r = run(dir, {"--max-file-mb", "0.25"}, 65);
    ASSERT_EQ(r["failed"].size(), 1u);
    EXPECT_NE(r["failed"][0]["path"].get<std::string>().find("big.txt"), std::string::npos);
    EXPECT_NE(r["failed"][0]["reason"].get<std::string>().find("file too large"),
              std::string::npos);
    EXPECT_EQ(r["added"], 1);
    EXPECT_EQ(run_process({kIndexer, "--index", (dir / "idx").string(), "--max-file-mb", "zero",
                           (dir / "src").string()})
                  .exit_code,
              64);
}

// Menus and footers repeated across a source's scraped pages stay out of the indexed text.
TEST(Ingest, LinesRepeatedAcrossASourceAreLeftOut) {
    TempDir dir;
    for (int i = 0; i < 12; ++i) {
        write(dir / "src" / cat(std::string("p"), std::to_string(10 + i), std::string(".txt")),
              cat(std::string("Strona główna | Aktualności | Kontakt\n\n"), text(i),
                  std::string("\n\n© 2024 Urząd Marszałkowski Województwa Lubuskiego\n")));
    }
    run(dir);
    Xapian::Database db((dir / "idx").string());
    const auto stored_text = [&](const std::string& id) {
        Xapian::PostingIterator p = db.postlist_begin(cat(std::string("Q"), id));
        return Json::parse(db.get_document(*p).get_data())["text"].get<std::string>();
    };
    const std::string last = stored_text("p21.txt");
    EXPECT_EQ(last.find("Strona główna"), std::string::npos) << last.substr(0, 200);
    EXPECT_EQ(last.find("Urząd Marszałkowski"), std::string::npos);
    EXPECT_NE(last.find("Dokument 11"), std::string::npos);  // the page's own text stays
    // The first pages come before the filter has seen enough of the source.
    EXPECT_NE(stored_text("p10.txt").find("Strona główna"), std::string::npos);
}

TEST(Incremental, RebuildRefusesAnIndexWithoutGenerations) {
    TempDir dir;
    write(dir / "src/a.txt", text(1));
    {
        Xapian::WritableDatabase legacy((dir / "idx").string(), Xapian::DB_CREATE_OR_OPEN);
        legacy.commit();
    }
    const ProcessResult r = run_process(
        {kIndexer, "--rebuild", "--index", (dir / "idx").string(), (dir / "src").string()});
    EXPECT_EQ(r.exit_code, 64) << r.err;
    EXPECT_NE(r.err.find("without generations"), std::string::npos) << r.err;
    // A normal run still works on it.
    EXPECT_EQ(run_process({kIndexer, "--index", (dir / "idx").string(), (dir / "src").string()})
                  .exit_code,
              0);
}

}  // namespace
}  // namespace kb::test
