// Issue #6: kb-searchd's operational limits (from --config and the command line, validated at
// start), its graceful stop on SIGTERM, --daemon/--pidfile, and the error statuses the index
// and the limits cause (408, 413, 500, 503: 400, 401, 404 and 405 are in searchd_http_test),
// all against the real binaries over HTTP on 127.0.0.1.

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "support/http_client.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/text_file.h"
#include "support/time_scale.h"
#include <sys/types.h>
#include <unistd.h>

namespace kb::test {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

// Calls `done` every 20 ms until it is true or `timeout_ms` have passed; its last answer.
template <typename Fn>
bool eventually(Fn done, int timeout_ms = 5000) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!done()) {
        if (Clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(20ms);
    }
    return true;
}

// `r` is a JSON error {"error":{"code","message"[,"param"]}} with this status and code.
::testing::AssertionResult is_error(const HttpReply& r,
                                    int status,
                                    const std::string& code,
                                    const std::string& param = "") {
    if (r.status != status) {
        return ::testing::AssertionFailure()
               << "status " << r.status << ", not " << status << ": " << r.text.substr(0, 300);
    }
    if (r.content_type.rfind("application/json", 0) != 0) {
        return ::testing::AssertionFailure() << "content type " << r.content_type;
    }
    if (!r.body.is_object() || !r.body.contains("error") || !r.body["error"].is_object()) {
        return ::testing::AssertionFailure() << "not a JSON error: " << r.text.substr(0, 300);
    }
    const Json& e = r.body["error"];
    if (e.value("code", "") != code || e.value("message", "").empty() ||
        (!param.empty() && e.value("param", "") != param)) {
        return ::testing::AssertionFailure()
               << "expected code " << code << (param.empty() ? "" : " param " + param) << ": "
               << e.dump();
    }
    return ::testing::AssertionSuccess();
}

// True if the server's API description says `method` `path` may answer `status`.
bool described(int port, const std::string& path, const std::string& method, int status) {
    Json spec = http_request(port, "GET", "/api/v1/openapi.json").body;
    return spec["paths"][path][method]["responses"].contains(std::to_string(status));
}

// A connection can be opened to 127.0.0.1:`port` (false: refused).
bool connects(int port) {
    try {
        Poco::Net::StreamSocket socket;
        socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)),
                       Poco::Timespan(2, 0));
        return true;
    } catch (const Poco::Net::ConnectionRefusedException&) {
        return false;
    }
}

void send_all(Poco::Net::StreamSocket& socket, const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
        const int n = socket.sendBytes(data.data() + sent, static_cast<int>(data.size() - sent));
        ASSERT_GT(n, 0);
        sent += static_cast<std::size_t>(n);
    }
}

// One HTTP response read from a raw connection.
struct RawReply {
    int status = 0;       // 0 if the connection closed before a status line
    std::string head;     // status line and headers
    std::string body;     // Content-Length bytes
    bool closed = false;  // the server closed the connection while it was read
};

// Reads one response (status line, headers, a Content-Length body) from `socket`.
RawReply read_response(Poco::Net::StreamSocket& socket) {
    RawReply reply;
    std::string data;
    std::size_t header_end = std::string::npos;
    std::size_t length = 0;
    char buffer[4096];
    for (;;) {
        if (header_end == std::string::npos) {
            header_end = data.find("\r\n\r\n");
            if (header_end != std::string::npos) {
                std::string head = data.substr(0, header_end);
                std::transform(head.begin(), head.end(), head.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                const std::size_t at = head.find("\r\ncontent-length:");
                if (at != std::string::npos) {
                    length = std::stoul(head.substr(at + 17));
                }
            }
        }
        if (header_end != std::string::npos && data.size() >= header_end + 4 + length) {
            break;
        }
        const int got = socket.receiveBytes(buffer, sizeof buffer);
        if (got <= 0) {
            reply.closed = true;
            break;
        }
        data.append(buffer, static_cast<std::size_t>(got));
    }
    if (header_end == std::string::npos) {
        reply.head = data;
        return reply;
    }
    reply.head = data.substr(0, header_end);
    reply.body = data.substr(header_end + 4);
    if (reply.head.rfind("HTTP/1.", 0) == 0 && reply.head.size() >= 12) {
        reply.status = std::stoi(reply.head.substr(9, 3));
    }
    return reply;
}

// The headers of a POST of `body` to `uri` with a Content-Length.
std::string post_headers(const std::string& uri, const std::string& body) {
    return cat(std::string("POST "), uri,
               std::string(" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                           "Content-Length: "),
               std::to_string(body.size()), std::string("\r\n\r\n"));
}

// A process that is not there or is a zombie (a daemon is reaped by init, not by us).
bool gone(pid_t pid) {
    const std::string stat = read_text(cat(std::string("/proc/"), std::to_string(pid), "/stat"));
    const std::size_t paren = stat.rfind(')');
    return stat.empty() || paren == std::string::npos || stat.substr(paren + 2, 1) == "Z";
}

// A kb-searchd started for one test.
struct Searchd {
    std::unique_ptr<BackgroundProcess> process;
    int port = 0;
    fs::path log_path;
    std::string log() const { return read_text(log_path); }
};

// One indexed corpus for the suite; each test starts the kb-searchd whose options it tests.
class SearchdOpsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        suite_dir_ = new TempDir();
        index_ = (*suite_dir_ / "idx").string();
        const ProcessResult indexed =
            run_process({KB_INDEXER_PATH, "--index", index_, KB_CORPUS_DIR});
        ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
    }
    static void TearDownTestSuite() {
        delete suite_dir_;
        suite_dir_ = nullptr;
    }

    // Starts kb-searchd on 127.0.0.1 and a free port, with `args`; port 0 if it did not start.
    Searchd start(const std::vector<std::string>& args) {
        ++started_;
        const std::string port_file =
            (dir_ / cat(std::string("port"), std::to_string(started_))).string();
        Searchd server;
        server.log_path = dir_ / cat(std::string("searchd"), std::to_string(started_), ".log");
        std::vector<std::string> argv = {KB_SEARCHD_PATH, "--bind", "127.0.0.1", "--port", "0",
                                         "--port-file",   port_file};
        argv.insert(argv.end(), args.begin(), args.end());
        server.process = std::make_unique<BackgroundProcess>(argv, server.log_path.string());
        server.port = wait_for_port_file(port_file);
        return server;
    }

    // A copy of the suite's index, for a test that damages it.
    fs::path copy_of_index() const {
        const fs::path copy = dir_ / "idx";
        fs::copy(index_, copy, fs::copy_options::recursive);
        return copy;
    }

    static inline TempDir* suite_dir_ = nullptr;
    static inline std::string index_;
    TempDir dir_;  // this test's files
    int started_ = 0;
};

// A request whose body is still arriving when SIGTERM comes is read and answered in full;
// meanwhile new connections are refused; then kb-searchd exits 0.
TEST_F(SearchdOpsTest, SigtermLetsTheRequestInFlightFinish) {
    Searchd server = start({"--index", index_});
    ASSERT_GT(server.port, 0) << server.log();
    Poco::Net::StreamSocket socket(
        Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(server.port)));
    socket.setReceiveTimeout(Poco::Timespan(20, 0));
    // A first request on the connection, so that a server thread is serving it (rather than
    // the connection waiting in the accept queue) when the second one starts.
    send_all(socket, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    ASSERT_EQ(read_response(socket).status, 200);

    const std::string body = R"({"q": "Velenje", "size": 3})";
    send_all(socket, post_headers("/api/v1/search", body) + body.substr(0, 10));
    std::this_thread::sleep_for(200ms);  // the handler reads the headers, waits for the body
    ASSERT_EQ(kill(server.process->pid(), SIGTERM), 0);
    std::this_thread::sleep_for(300ms);
    EXPECT_TRUE(server.process->running()) << "exited with a request in flight\n" << server.log();
    EXPECT_TRUE(eventually([&] { return !connects(server.port); }, 3000))
        << "new connections are still accepted while stopping";

    send_all(socket, body.substr(10));
    const RawReply reply = read_response(socket);
    ASSERT_EQ(reply.status, 200) << reply.head << "\n" << server.log();
    const Json json = Json::parse(reply.body, nullptr, false);
    ASSERT_TRUE(json.is_object()) << reply.body;
    EXPECT_GE(json["total"].get<int>(), 1);
    ASSERT_FALSE(json["hits"].empty());
    EXPECT_EQ(json["hits"][0]["id"], "seeds/001_260d3d3c4cd1868a.txt");

    EXPECT_TRUE(eventually([&] { return !server.process->running(); }, 10000))
        << "did not exit after answering";
    EXPECT_EQ(server.process->stop(), 0);
    EXPECT_FALSE(connects(server.port));
    const std::string log = server.log();
    EXPECT_NE(log.find("status=200"), std::string::npos) << log;
    EXPECT_NE(log.find("kb-searchd stopped: every request in flight was answered"),
              std::string::npos)
        << log;
}

// No index yet: the probes and the API answer a JSON 503; once kb-indexer has written the
// index, the same process answers 200.
TEST_F(SearchdOpsTest, MissingIndexIsJson503UntilKbIndexerWritesIt) {
    const fs::path index = dir_ / "later";
    Searchd server = start({"--index", index.string()});
    ASSERT_GT(server.port, 0) << server.log();
    const std::string velenje = R"({"q": "Velenje"})";
    for (const auto& [method, uri, body] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"GET", "/readyz", ""},
             {"GET", "/api/v1/search?q=Velenje", ""},
             {"POST", "/api/v1/search", velenje}}) {
        EXPECT_TRUE(
            is_error(http_request(server.port, method, uri, body), 503, "index_unavailable"))
            << method << " " << uri;
    }
    EXPECT_EQ(http_request(server.port, "GET", "/healthz").status, 200);
    EXPECT_TRUE(described(server.port, "/readyz", "get", 503));
    EXPECT_TRUE(described(server.port, "/api/v1/search", "get", 503));
    EXPECT_TRUE(described(server.port, "/api/v1/search", "post", 503));

    fs::create_directories(dir_ / "src");
    write_text(dir_ / "src/velenje.txt", "TalentMagnet\n\nVelenje preprečuje beg možganov.\n");
    const ProcessResult indexed =
        run_process({KB_INDEXER_PATH, "--index", index.string(), (dir_ / "src").string()});
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
    const HttpReply ready = http_request(server.port, "GET", "/readyz");
    EXPECT_EQ(ready.status, 200) << ready.text;
    const HttpReply found = http_request(server.port, "GET", "/api/v1/search?q=Velenje");
    ASSERT_EQ(found.status, 200) << found.text;
    EXPECT_EQ(found.body["total"], 1);
    EXPECT_TRUE(server.process->running());
}

// The biggest table of the live generation overwritten with garbage: every request that
// needs the index answers a JSON 503 "index_unavailable" (the documented choice: see
// searchd/api_handler.h), never a dropped connection; the process goes on answering.
TEST_F(SearchdOpsTest, CorruptIndexIsJson503AndTheServerKeepsAnswering) {
    const fs::path index = copy_of_index();
    // The stub names the live generation: "glass gen-N".
    const std::string stub = read_text(index / "XAPIANDB");
    ASSERT_EQ(stub.rfind("glass ", 0), 0u) << stub;
    const fs::path live = index / stub.substr(6, stub.find_first_of("\r\n") - 6);
    fs::path biggest;
    for (const fs::directory_entry& entry : fs::directory_iterator(live)) {
        if (entry.path().extension() == ".glass" &&
            (biggest.empty() || entry.file_size() > fs::file_size(biggest))) {
            biggest = entry.path();
        }
    }
    ASSERT_FALSE(biggest.empty()) << live;
    std::string garbage(fs::file_size(biggest), '\0');
    for (std::size_t i = 0; i < garbage.size(); ++i) {
        garbage[i] = static_cast<char>((i * 7 + 13) % 251);
    }
    write_text(biggest, garbage);

    Searchd server = start({"--index", index.string()});
    ASSERT_GT(server.port, 0) << server.log();
    const std::string velenje = R"({"q": "Velenje"})";
    // (Each of these takes a while: kb-searchd tries to open the index for every request.)
    for (const auto& [method, uri, body] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"GET", "/api/v1/search?q=Velenje", ""},
             {"POST", "/api/v1/search", velenje},
             {"GET", "/readyz", ""}}) {
        EXPECT_TRUE(
            is_error(http_request(server.port, method, uri, body), 503, "index_unavailable"))
            << method << " " << uri;
        EXPECT_EQ(http_request(server.port, "GET", "/healthz").status, 200);
    }
    EXPECT_TRUE(server.process->running());
    EXPECT_NE(server.log().find("DatabaseCorruptError"), std::string::npos)
        << "the log names the cause\n"
        << server.log();
}

// A failure kb-searchd does not expect becomes a JSON 500 with a generic message (the detail
// is logged), and the process goes on. Provoked with a document whose stored data another
// writer gave a field of the wrong type: reading it throws nlohmann::json::type_error.
TEST_F(SearchdOpsTest, AnUnexpectedFailureIsJson500AndTheServerGoesOn) {
    const fs::path index = copy_of_index();
    {
        Xapian::WritableDatabase db(index.string(), Xapian::DB_OPEN);
        const std::string id_term = "Qseeds/001_260d3d3c4cd1868a.txt";
        Xapian::PostingIterator p = db.postlist_begin(id_term);
        ASSERT_NE(p, db.postlist_end(id_term));
        Xapian::Document doc = db.get_document(*p);
        Json data = Json::parse(doc.get_data());
        ASSERT_TRUE(data.contains("lang_confidence")) << data.dump().substr(0, 300);
        data["lang_confidence"] = "high";
        doc.set_data(data.dump());
        db.replace_document(*p, doc);
        db.commit();
    }
    Searchd server = start({"--index", index.string()});
    ASSERT_GT(server.port, 0) << server.log();
    const HttpReply broken =
        http_request(server.port, "GET", "/api/v1/documents/seeds%2F001_260d3d3c4cd1868a.txt");
    EXPECT_TRUE(is_error(broken, 500, "internal"));
    // No detail sent. (A pointer: operator[] of a const json without "error" reads out of
    // bounds, which AddressSanitizer reported when the status above was wrong.)
    EXPECT_EQ(broken.body.is_object()
                  ? broken.body.value(Json::json_pointer("/error/message"), std::string())
                  : std::string(),
              "internal error");
    EXPECT_TRUE(described(server.port, "/api/v1/documents/{id}", "get", 500));
    EXPECT_EQ(http_request(server.port, "GET", "/healthz").status, 200);
    EXPECT_EQ(http_request(server.port, "GET", "/api/v1/documents/seeds%2F004_bea8ae7b33cd5770.txt")
                  .status,
              200);
    EXPECT_EQ(http_request(server.port, "GET", "/api/v1/search?q=Velenje").status, 200);
    EXPECT_NE(server.log().find("internal: "), std::string::npos) << server.log();
}

// searchd.max_query_bytes and searchd.max_body_bytes from a config file, one of them
// overridden on the command line: q and bodies over them are a JSON 413 naming them.
TEST_F(SearchdOpsTest, QueryAndBodyLimitsFromTheConfigFileAndTheCommandLine) {
    const fs::path config = dir_ / "searchd.properties";
    write_text(config, cat(std::string("index.path = "), index_,
                           std::string("\nsearchd.max_query_bytes = 100\n"
                                       "searchd.max_body_bytes = 2048\n")));
    Searchd server = start({"--config", config.string(), "--max-query-bytes", "64"});
    ASSERT_GT(server.port, 0) << server.log();
    const auto search = [&](const std::string& q) {
        return http_request(server.port, "GET", "/api/v1/search?q=" + q);
    };
    EXPECT_EQ(search(std::string(64, 'a')).status, 200);
    EXPECT_TRUE(is_error(search(std::string(65, 'a')), 413, "payload_too_large", "q"));
    // The command line wins over the file's 100.
    EXPECT_TRUE(is_error(search(std::string(80, 'a')), 413, "payload_too_large", "q"));
    // Bytes, not characters: 32 and 33 times "ż" (2 bytes each).
    std::string z32;
    for (int i = 0; i < 32; ++i) {
        z32 += "%C5%BC";
    }
    EXPECT_EQ(search(z32).status, 200);
    EXPECT_TRUE(is_error(search(z32 + "%C5%BC"), 413, "payload_too_large", "q"));
    const HttpReply long_post =
        http_request(server.port, "POST", "/api/v1/search",
                     cat(std::string(R"({"q": ")"), std::string(65, 'a'), std::string(R"("})")));
    EXPECT_TRUE(is_error(long_post, 413, "payload_too_large", "q"));

    // A body of exactly the file's 2048 bytes is read; one byte more is refused.
    const auto body_of = [](std::size_t size) {
        const std::string head = R"({"q": "Velenje", "_pad": ")";
        const std::string tail = R"("})";
        return cat(head, std::string(size - head.size() - tail.size(), 'x'), tail);
    };
    const HttpReply fits = http_request(server.port, "POST", "/api/v1/search", body_of(2048));
    EXPECT_EQ(fits.status, 200) << fits.text;
    EXPECT_GE(fits.body.value("total", 0), 1);
    EXPECT_TRUE(is_error(http_request(server.port, "POST", "/api/v1/search", body_of(2049)), 413,
                         "payload_too_large", "body"));
    EXPECT_TRUE(described(server.port, "/api/v1/search", "get", 413));
    EXPECT_TRUE(described(server.port, "/api/v1/search", "post", 413));
    EXPECT_EQ(http_request(server.port, "GET", "/healthz").status, 200);
}

// Every new setting, from the command line and from a config file: a value that is not an
// integer or is out of range stops kb-searchd with 78 and a message naming the key; the
// bounds themselves are accepted. (--bind 0.0.0.0 without a keys file is refused after the
// limits are checked, so that a value wrongly accepted ends in another 78, not in a server.)
TEST_F(SearchdOpsTest, BadLimitValuesStopItWithExit78NamingTheKey) {
    static const struct {
        const char* option;
        const char* key;
        long min;
        long max;
    } settings[] = {
        {"--request-timeout-ms", "searchd.request_timeout_ms", 100, 600000},
        {"--max-query-bytes", "searchd.max_query_bytes", 16, 65536},
        {"--max-body-bytes", "searchd.max_body_bytes", 1024, 16777216},
    };
    const fs::path config = dir_ / "bad.properties";
    for (const auto& s : settings) {
        for (const std::string& value :
             {std::string("ten"), std::string("12ms"), std::to_string(s.min - 1),
              std::to_string(s.max + 1), std::string("-5")}) {
            const ProcessResult cli = run_process(
                {KB_SEARCHD_PATH, "--index", index_, "--bind", "0.0.0.0", s.option, value});
            EXPECT_EQ(cli.exit_code, 78) << s.option << " " << value << ": " << cli.err;
            EXPECT_NE(cli.err.find(s.key), std::string::npos) << s.option << " " << value;

            write_text(config, cat(std::string("index.path = "), index_,
                                   std::string("\nsearchd.bind = 0.0.0.0\n"), s.key,
                                   std::string(" = "), value, std::string("\n")));
            const ProcessResult file = run_process({KB_SEARCHD_PATH, "--config", config.string()});
            EXPECT_EQ(file.exit_code, 78) << s.key << " = " << value << ": " << file.err;
            EXPECT_NE(file.err.find(s.key), std::string::npos) << s.key << " = " << value;
        }
        for (const long bound : {s.min, s.max}) {
            const ProcessResult ok = run_process({KB_SEARCHD_PATH, "--index", index_, "--bind",
                                                  "0.0.0.0", s.option, std::to_string(bound)});
            EXPECT_EQ(ok.exit_code, 78) << ok.err;
            EXPECT_EQ(ok.err.find(s.key), std::string::npos) << s.option << " " << bound;
            EXPECT_NE(ok.err.find("searchd.bind"), std::string::npos) << ok.err;
        }
    }
    // "-t" is --taxonomy (it was also --threads, which made it ambiguous: exit 64).
    const ProcessResult taxonomy = run_process(
        {KB_SEARCHD_PATH, "-t", (dir_ / "none.xml").string(), "--index", index_, "--port", "0"});
    EXPECT_EQ(taxonomy.exit_code, 78) << taxonomy.err;
    EXPECT_NE(taxonomy.err.find("none.xml"), std::string::npos) << taxonomy.err;
}

// --daemon --pidfile, started with relative paths from another directory: the pid file
// holds the daemon's pid, which answers; SIGTERM stops it and removes the pid file.
TEST_F(SearchdOpsTest, DaemonWritesItsPidFileAndRemovesItWhenStopped) {
    fs::create_directory_symlink(index_, dir_ / "idx");
    const ProcessResult started =
        run_process({"/bin/sh", "-c",
                     cat(std::string("cd '"), dir_.path().string(), std::string("' && exec '"),
                         std::string(KB_SEARCHD_PATH),
                         std::string("' --daemon --pidfile searchd.pid --index idx --port 0 "
                                     "--port-file port"))});
    EXPECT_EQ(started.exit_code, 0) << started.err;
    pid_t pid = 0;
    const bool written = eventually(
        [&] {
            std::ifstream in(dir_ / "searchd.pid");
            return static_cast<bool>(in >> pid) && pid > 0;
        },
        10000);
    // Whatever happens below, the daemon does not outlive the test.
    struct KillAtEnd {
        pid_t& pid;
        ~KillAtEnd() {
            const std::string cmdline =
                read_text(cat(std::string("/proc/"), std::to_string(pid), "/cmdline"));
            if (pid > 0 && cmdline.find("kb-searchd") != std::string::npos && !gone(pid)) {
                kill(pid, SIGKILL);
            }
        }
    } kill_at_end{pid};
    ASSERT_TRUE(written) << "no pid file";
    const int port = wait_for_port_file((dir_ / "port").string());
    ASSERT_GT(port, 0) << "the daemon did not start";
    EXPECT_FALSE(gone(pid)) << "the pid file's process is not running";
    EXPECT_NE(pid, getpid());
    EXPECT_EQ(http_request(port, "GET", "/healthz").status, 200);
    EXPECT_EQ(http_request(port, "GET", "/readyz").status, 200) << "the relative --index";

    ASSERT_EQ(kill(pid, SIGTERM), 0);
    EXPECT_TRUE(eventually([&] { return !fs::exists(dir_ / "searchd.pid"); }, 10000))
        << "the pid file was not removed";
    EXPECT_TRUE(eventually([&] { return gone(pid); }, 10000)) << "the daemon did not stop";
    EXPECT_FALSE(connects(port));
}

// With the shortest request timeout, searches are still answered (the time limit of a
// search itself is tested in the library).
TEST_F(SearchdOpsTest, AShortRequestTimeoutStillAnswersSearches) {
    Searchd server = start({"--index", index_, "--request-timeout-ms", "100"});
    ASSERT_GT(server.port, 0) << server.log();
    for (int i = 0; i < 3; ++i) {
        const HttpReply r = http_request(server.port, "GET", "/api/v1/search?q=Velenje");
        ASSERT_EQ(r.status, 200) << r.text;
        EXPECT_TRUE(r.body["hits"].is_array()) << r.text;
    }
}

// A client that stops sending its body gets a JSON 408 after the request timeout (in whole
// seconds), and the connection is closed.
TEST_F(SearchdOpsTest, ABodyNotSentWithinTheRequestTimeoutIsJson408) {
    Searchd server = start({"--index", index_, "--request-timeout-ms", "1000"});
    ASSERT_GT(server.port, 0) << server.log();
    Poco::Net::StreamSocket socket(
        Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(server.port)));
    socket.setReceiveTimeout(Poco::Timespan(20, 0));
    const std::string body = R"({"q": "Velenje"})";
    const auto sent = Clock::now();
    send_all(socket, post_headers("/api/v1/search", body) + body.substr(0, 5));
    RawReply reply = read_response(socket);
    const auto waited = Clock::now() - sent;
    ASSERT_EQ(reply.status, 408) << reply.head;
    EXPECT_GE(waited, 900ms);
    EXPECT_LT(waited, scaled(10s));  // a loaded machine, a sanitized build
    HttpReply as_http;
    as_http.status = reply.status;
    as_http.content_type = "application/json";
    as_http.text = reply.body;
    as_http.body = Json::parse(reply.body, nullptr, false);
    EXPECT_TRUE(is_error(as_http, 408, "request_timeout", "body"));
    char byte = 0;
    EXPECT_EQ(socket.receiveBytes(&byte, 1), 0) << "the connection stays open";
    EXPECT_TRUE(described(server.port, "/api/v1/search", "post", 408));
}

}  // namespace
}  // namespace kb::test
