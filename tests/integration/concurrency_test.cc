// kb-searchd under a steady load while kb-indexer re-indexes a changing folder: several
// clients, each on one keep-alive connection, send a mix of searches (with facets, with a
// language filter, for one file's unique word) and document fetches, through incremental
// runs that only add, runs that edit, delete and add, and a --rebuild. No request may fail
// (no 5xx, no dropped connection), and every answer must be a consistent snapshot of one
// commit:
//   - the language facet of a search for everything sums to its total;
//   - a search filtered by one language has as many hits as that language's facet count;
//   - a unique word finds at most its own file;
//   - a fetched hit is there (with a version of its own text), or its file was deleted;
//   - while runs only add, the total one connection sees never goes down;
//   - during the rebuild, the total is the old index's or the new one's, nothing between.
// (Two kb-indexers at once: Incremental.ASecondIndexerExitsAt75WhileTheFirstRuns.)

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/generated_folder.h"
#include "support/index_check.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace kb::test {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

const std::string kIndexer = KB_INDEXER_PATH;

std::string percent_encode(const std::string& s) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : s) {
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

// One keep-alive connection to kb-searchd, used for every request of a client.
class KeepAliveClient {
public:
    explicit KeepAliveClient(int port) : session_("127.0.0.1", static_cast<Poco::UInt16>(port)) {
        session_.setKeepAlive(true);
        session_.setTimeout(Poco::Timespan(30, 0));
    }

    // Status and JSON body. Throws Poco exceptions if the connection fails.
    std::pair<int, Json> get(const std::string& uri) {
        if (!session_.connected()) {
            ++connections_;
        }
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri,
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.setKeepAlive(true);
        session_.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::istream& in = session_.receiveResponse(response);
        std::string body;
        Poco::StreamCopier::copyToString(in, body);
        if (!response.getKeepAlive()) {
            ++closed_by_server_;
        }
        return {static_cast<int>(response.getStatus()), Json::parse(body, nullptr, false)};
    }

    int connections() const { return connections_; }
    int closed_by_server() const { return closed_by_server_; }

private:
    Poco::Net::HTTPClientSession session_;
    int connections_ = 0;
    int closed_by_server_ = 0;
};

enum class Phase { AddOnly, Changes, Rebuild, Done };

// What the clients may know of the folder, copied from it by the main thread (the only one
// that changes it) before each kb-indexer run.
class Facts {
public:
    void update(const GeneratedFolder& folder) {
        const std::lock_guard lock(mutex_);
        removed_ = folder.removed();
        id_of_version_ = folder.id_of_version();
        uids_.assign(folder.uid_of().begin(), folder.uid_of().end());
    }
    bool removed(const std::string& id) const {
        const std::lock_guard lock(mutex_);
        return removed_.count(id) > 0;
    }
    bool version_of(const std::string& version, const std::string& id) const {
        const std::lock_guard lock(mutex_);
        const auto it = id_of_version_.find(version);
        return it != id_of_version_.end() && it->second == id;
    }
    // A random (id, uid word) of a file written at some time.
    std::pair<std::string, std::string> any_uid(std::mt19937_64& rng) const {
        const std::lock_guard lock(mutex_);
        return uids_[std::uniform_int_distribution<std::size_t>(0, uids_.size() - 1)(rng)];
    }

private:
    mutable std::mutex mutex_;  // guards the three below
    std::set<std::string> removed_;
    std::map<std::string, std::string> id_of_version_;
    std::vector<std::pair<std::string, std::string>> uids_;
};

// Shared by the clients and the main thread.
struct Load {
    std::atomic<Phase> phase{Phase::AddOnly};
    std::atomic<long> rebuild_before{0};  // the total before and after the rebuild
    std::atomic<long> rebuild_after{0};
    std::atomic<long> rebuilds{0};  // the number of the current (or last) rebuild, from 1
    Facts facts;
    std::mutex mutex;                   // guards problems
    std::vector<std::string> problems;  // each inconsistent answer, described
    std::atomic<long> requests{0};
    std::atomic<long> server_errors{0};  // 5xx
    std::atomic<long> failed{0};         // exceptions: refused, reset, timed out
    std::atomic<long> rebuild_saw_after{0};
    std::atomic<long> fetched{0};
    std::atomic<long> fetched_deleted{0};

    void problem(const std::string& what) {
        const std::lock_guard lock(mutex);
        if (problems.size() < 50) {
            problems.push_back(what);
        }
    }
};

// One client thread: a keep-alive connection and a random mix of requests until Done.
class Client {
public:
    Client(int port, Load& load, std::uint64_t seed, int pause_ms)
        : http_(port), load_(load), rng_(seed), pause_(pause_ms) {}

    void run() {
        while (load_.phase.load() != Phase::Done) {
            std::this_thread::sleep_for(pause_);  // a steady load that leaves kb-indexer a core
            try {
                step();
            } catch (const std::exception& e) {
                ++load_.failed;
                load_.problem(std::string("request failed: ") + e.what());
                std::this_thread::sleep_for(std::chrono::milliseconds(100));  // no busy loop
            }
        }
    }

    int connections() const { return http_.connections(); }
    int closed_by_server() const { return http_.closed_by_server(); }

private:
    std::pair<int, Json> get(const std::string& uri) {
        auto reply = http_.get(uri);
        ++load_.requests;
        if (reply.first >= 500) {
            ++load_.server_errors;
            load_.problem(uri + ": " + std::to_string(reply.first) + " " + reply.second.dump());
        }
        return reply;
    }

    void step() {
        const int dice = std::uniform_int_distribution<int>(0, 99)(rng_);
        if (dice < 40 || hits_.empty()) {
            search_everything();
        } else if (dice < 55) {
            search_one_language();
        } else if (dice < 80) {
            fetch_a_hit();
        } else {
            search_a_unique_word();
        }
    }

    void search_everything() {
        const Phase sent = load_.phase.load();
        const int page = std::uniform_int_distribution<int>(1, 3)(rng_);
        const std::string uri = "/api/v1/search?size=10&page=" + std::to_string(page);
        const auto [status, body] = get(uri);
        if (status != 200) {
            load_.problem(uri + ": " + std::to_string(status));
            return;
        }
        const long total = body["total"].get<long>();
        long sum = 0;
        for (const Json& v : body["facets"]["lang"]) {
            sum += v["count"].get<long>();
            languages_.insert(v["value"].get<std::string>());
        }
        if (sum != total) {
            load_.problem(uri + ": language facet sums to " + std::to_string(sum) + ", total " +
                          std::to_string(total));
        }
        const long expected_hits = std::clamp<long>(total - (page - 1) * 10, 0, 10);
        if (static_cast<long>(body["hits"].size()) != expected_hits) {
            load_.problem(uri + ": " + std::to_string(body["hits"].size()) + " hits of " +
                          std::to_string(total));
        }
        for (const Json& hit : body["hits"]) {
            hits_.push_back(hit["id"].get<std::string>());
        }
        if (hits_.size() > 100) {
            hits_.erase(hits_.begin(), hits_.begin() + 50);
        }
        const Phase received = load_.phase.load();
        if (sent == Phase::AddOnly && received == Phase::AddOnly) {
            if (total < last_total_) {
                load_.problem("total went back from " + std::to_string(last_total_) + " to " +
                              std::to_string(total) + " while runs only added files");
            }
            last_total_ = total;
        } else {
            last_total_ = 0;
        }
        if (sent == Phase::Rebuild && received == Phase::Rebuild) {
            const long before = load_.rebuild_before.load();
            const long after = load_.rebuild_after.load();
            if (total != before && total != after) {
                load_.problem("during the rebuild: total " + std::to_string(total) +
                              ", neither the old index's " + std::to_string(before) +
                              " nor the new one's " + std::to_string(after));
            }
            const long rebuild = load_.rebuilds.load();
            if (total == after) {
                ++load_.rebuild_saw_after;
                saw_after_in_rebuild_ = rebuild;
            } else if (saw_after_in_rebuild_ == rebuild) {
                load_.problem("during the rebuild: back to the old index after the new one");
            }
        }
    }

    void search_one_language() {
        if (languages_.empty()) {
            return;
        }
        auto it = languages_.begin();
        std::advance(it,
                     std::uniform_int_distribution<std::size_t>(0, languages_.size() - 1)(rng_));
        const std::string uri = "/api/v1/search?size=5&lang=" + *it;
        const auto [status, body] = get(uri);
        if (status != 200) {
            load_.problem(uri + ": " + std::to_string(status));
            return;
        }
        long count = 0;  // the facet ignores its own filter: all documents of that language
        for (const Json& v : body["facets"]["lang"]) {
            if (v["value"] == *it) {
                count = v["count"].get<long>();
            }
        }
        if (body["total"].get<long>() != count) {
            load_.problem(uri + ": total " + body["total"].dump() + ", facet count " +
                          std::to_string(count));
        }
        for (const Json& hit : body["hits"]) {
            if (hit["lang"] != *it) {
                load_.problem(uri + ": a hit in " + hit["lang"].dump());
            }
        }
    }

    void fetch_a_hit() {
        const std::string id =
            hits_[std::uniform_int_distribution<std::size_t>(0, hits_.size() - 1)(rng_)];
        const std::string uri = "/api/v1/documents/" + percent_encode(id);
        const auto [status, body] = get(uri);
        ++load_.fetched;
        if (status == 404 && load_.facts.removed(id)) {
            ++load_.fetched_deleted;  // deleted by a commit after the search that found it
            return;
        }
        if (status != 200 || body.value("id", "") != id) {
            load_.problem(uri + ": " + std::to_string(status) + " for a hit of a file that " +
                          (load_.facts.removed(id) ? "was deleted" : "exists"));
            return;
        }
        const std::string text = body.value("text", "");
        const std::size_t at = text.find("xqver");
        const std::string version = at == std::string::npos ? "" : text.substr(at, 11);
        if (!load_.facts.version_of(version, id)) {
            load_.problem(uri + ": text with version word '" + version + "', not one of its own");
        }
    }

    void search_a_unique_word() {
        const auto [id, uid] = load_.facts.any_uid(rng_);
        // As a phrase: the folded word only. A plain word is also looked up by its stems in
        // every language, and a stemmer may cut two ids to one stem.
        const std::string uri = "/api/v1/search?size=5&q=%22" + uid + "%22";
        const auto [status, body] = get(uri);
        if (status != 200) {
            load_.problem(uri + ": " + std::to_string(status));
            return;
        }
        if (body["total"].get<long>() > 1 ||
            (body["total"] == 1 && body["hits"][0]["id"].get<std::string>() != id)) {
            load_.problem(uri + ": " + body["total"].dump() + " hits for the word of " + id);
        }
    }

    KeepAliveClient http_;
    Load& load_;
    std::mt19937_64 rng_;
    std::chrono::milliseconds pause_;  // between two requests
    std::vector<std::string> hits_;    // ids of recent hits, to fetch
    std::set<std::string> languages_;  // seen in the language facet
    long last_total_ = 0;              // of a search for everything, while runs only add
    long saw_after_in_rebuild_ = 0;    // the number of the rebuild whose new index it saw
};

struct LoadSettings {
    std::size_t files = 0;    // indexed before the load starts
    std::size_t clients = 0;  // threads, one keep-alive connection each
    int pause_ms = 0;         // between two requests of a client
    int add_runs = 0;         // per cycle: runs that only add files
    int change_runs = 0;      // per cycle: runs that edit, delete and add
    double seconds = 0;       // keep cycling (adds, changes, rebuild) until this long
};

void serve_while_indexing(const LoadSettings& settings) {
    const std::uint64_t seed = test_seed();
    SCOPED_TRACE("seed " + std::to_string(seed) + " (KB_TEST_SEED=" + std::to_string(seed) +
                 " replays it)");
    const auto start = Clock::now();
    TempDir dir;
    GeneratedFolder folder(dir / "src", KB_CORPUS_DIR "/docs", seed);
    const fs::path index = dir / "idx";
    std::vector<double> run_seconds;  // of each kb-indexer run
    const auto indexer = [&](bool rebuild) {
        std::vector<std::string> argv = {
            kIndexer, "--index", index.string(), "--commit-every", "10", "--jobs", "1"};
        if (rebuild) {
            argv.push_back("--rebuild");
        }
        argv.push_back(folder.root().string());
        const auto run_start = Clock::now();
        const ProcessResult r = run_process(argv);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        run_seconds.push_back(std::chrono::duration<double>(Clock::now() - run_start).count());
    };
    folder.add(settings.files);
    indexer(false);

    const std::string port_file = (dir / "port").string();
    BackgroundProcess server(
        {KB_SEARCHD_PATH, "--index", index.string(), "--port", "0", "--port-file", port_file},
        (dir / "searchd.log").string());
    const int port = wait_for_port_file(port_file);
    ASSERT_GT(port, 0);

    Load load;
    load.facts.update(folder);
    std::vector<std::unique_ptr<Client>> clients;
    for (std::size_t i = 0; i < settings.clients; ++i) {
        clients.push_back(std::make_unique<Client>(port, load, seed + i + 1, settings.pause_ms));
    }
    // The clients stop when the load is Done, also if the test leaves early.
    struct Threads {
        Load& load;
        std::vector<std::thread> threads;
        ~Threads() {
            load.phase = Phase::Done;
            for (std::thread& t : threads) {
                t.join();
            }
        }
    } threads{load, {}};
    for (auto& client : clients) {
        threads.threads.emplace_back([&client] { client->run(); });
    }
    const auto wait_requests = [&load](long more) {
        const long until = load.requests.load() + more;
        const auto deadline = Clock::now() + std::chrono::seconds(30);
        while (load.requests.load() < until && Clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    };
    int cycles = 0;
    int runs = 0;
    do {
        ++cycles;
        // Runs that only add files (many commits each: --commit-every 10).
        load.phase = Phase::AddOnly;
        for (int i = 0; i < settings.add_runs; ++i) {
            folder.add(settings.files / 5);
            load.facts.update(folder);
            indexer(false);
            ++runs;
        }
        // Runs that edit, delete and add.
        load.phase = Phase::Changes;
        for (int i = 0; i < settings.change_runs; ++i) {
            folder.edit(settings.files / 10);
            folder.remove(settings.files / 12);
            folder.add(settings.files / 20);
            load.facts.update(folder);
            indexer(false);
            ++runs;
        }
        wait_requests(20);
        // A rebuild from a folder changed meanwhile: the old index serves until the switch.
        load.rebuild_before = static_cast<long>(folder.files().size());
        folder.add(settings.files / 15);
        folder.remove(settings.files / 40);
        load.facts.update(folder);
        load.rebuild_after = static_cast<long>(folder.files().size());
        ++load.rebuilds;
        load.phase = Phase::Rebuild;
        indexer(true);
        ++runs;
        wait_requests(20 * static_cast<long>(settings.clients));
    } while (std::chrono::duration<double>(Clock::now() - start).count() < settings.seconds);
    load.phase = Phase::Done;
    for (std::thread& t : threads.threads) {
        t.join();
    }
    threads.threads.clear();

    std::vector<std::string> problems;
    const IndexState state = read_index(index, folder, problems);
    expect_exactly(state, folder, problems);
    EXPECT_TRUE(problems.empty()) << describe(problems);
    EXPECT_EQ(load.failed.load(), 0);
    EXPECT_EQ(load.server_errors.load(), 0);
    EXPECT_TRUE(load.problems.empty()) << describe(load.problems);
    if (::testing::Test::HasFailure()) {
        std::ifstream log(dir / "searchd.log");
        std::string line;
        std::vector<std::string> tail;
        while (std::getline(log, line)) {
            if (line.find("status=200") == std::string::npos) {
                tail.push_back(line);
            }
        }
        tail.erase(tail.begin(), tail.end() - std::min<std::ptrdiff_t>(tail.size(), 20));
        for (const std::string& l : tail) {
            std::cout << "  searchd.log: " << l << '\n';
        }
    }
    EXPECT_GT(load.rebuild_saw_after.load(), 0) << "no answer from the rebuilt index seen";
    int connections = 0;
    for (const auto& client : clients) {
        EXPECT_EQ(client->connections(), 1) << "a keep-alive connection was not kept";
        EXPECT_EQ(client->closed_by_server(), 0);
        connections += client->connections();
    }
    EXPECT_EQ(server.stop(SIGTERM), 0);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::cout << "  seed " << seed << ": " << load.requests.load() << " requests on " << connections
              << " connections in " << seconds << " s (" << cycles << " cycles, " << runs
              << " kb-indexer runs); " << load.fetched.load() << " fetches ("
              << load.fetched_deleted.load() << " of deleted files); "
              << load.rebuild_saw_after.load() << " answers from a rebuilt index during its "
              << "run; " << folder.files().size() << " files at the end; runs (s):";
    for (const double r : run_seconds) {
        std::cout << ' ' << std::fixed << std::setprecision(1) << r;
    }
    std::cout << '\n';
}

TEST(Concurrency, SearchesAndFetchesDuringIndexingAreConsistentSnapshots) {
    serve_while_indexing(
        {.files = 120, .clients = 3, .pause_ms = 2, .add_runs = 2, .change_runs = 1});
}

TEST(ConcurrencyLong, SixtySecondsOfLoadThroughAddsChangesAndRebuilds) {
    serve_while_indexing({.files = 600,
                          .clients = 4,
                          .pause_ms = 1,
                          .add_runs = 3,
                          .change_runs = 2,
                          .seconds = 60});
}

}  // namespace
}  // namespace kb::test
