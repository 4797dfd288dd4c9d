// Issue #9 item 5, hostile HTTP: the real kb-searchd on 127.0.0.1 against oversized and
// malformed requests, slow and silent clients, path traversal, markup in documents and
// queries, API keys that must stay secret, and 64 keep-alive connections of load (the long
// variant, HostileHttpLong, for 60 s with kb-searchd's memory sampled every second).
// Requests a well-behaved client would not send go over raw sockets (support/raw_http.h).

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/http_client.h"
#include "support/load_client.h"
#include "support/process.h"
#include "support/raw_http.h"
#include "support/temp_dir.h"
#include "support/text_file.h"
#include "support/time_scale.h"
#include <poll.h>
#include <sys/socket.h>

namespace kb::test {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

// A GET of `target` with the headers `fields` (each "Name: value"), as a raw request.
std::string get_request(const std::string& target, const std::vector<std::string>& fields = {}) {
    std::string request = cat(std::string("GET "), target, std::string(" HTTP/1.1\r\n"));
    request += "Host: 127.0.0.1\r\n";
    for (const std::string& field : fields) {
        request += field;
        request += "\r\n";
    }
    request += "\r\n";
    return request;
}

// `before`, a NUL byte, `after`.
std::string with_nul(const std::string& before, const std::string& after) {
    std::string out = before;
    out += '\0';
    out += after;
    return out;
}

std::string post_request(const std::string& target, const std::string& body) {
    return cat(std::string("POST "), target,
               std::string(" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                           "Content-Length: "),
               std::to_string(body.size()), std::string("\r\n\r\n"), body);
}

// A POST of `body` in two chunks (Transfer-Encoding: chunked).
std::string chunked_post(const std::string& target, const std::string& body) {
    const std::size_t half = body.size() / 2;
    std::ostringstream out;
    out << "POST " << target
        << " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "Transfer-Encoding: chunked\r\n\r\n"
        << std::hex << half << "\r\n"
        << body.substr(0, half) << "\r\n"
        << body.size() - half << "\r\n"
        << body.substr(half) << "\r\n0\r\n\r\n";
    return out.str();
}

// `r` is a JSON error {"error":{"code","message"[,"param"]}} with this status and code, sent
// as application/json with nosniff; `param` "-" means: no param.
::testing::AssertionResult is_error(const RawReply& r,
                                    int status,
                                    const std::string& code,
                                    const std::string& param = "") {
    if (r.status != status) {
        return ::testing::AssertionFailure() << "status " << r.status << ", not " << status << ": "
                                             << r.head.substr(0, 200) << "\n"
                                             << r.body.substr(0, 300);
    }
    if (r.header("content-type") != "application/json; charset=utf-8" ||
        r.header("x-content-type-options") != "nosniff") {
        return ::testing::AssertionFailure() << "not JSON with nosniff: " << r.head;
    }
    const Json body = r.json();
    if (!body.is_object() || !body.contains("error") || !body["error"].is_object()) {
        return ::testing::AssertionFailure() << "not a JSON error: " << r.body.substr(0, 300);
    }
    const Json& e = body["error"];
    const bool param_ok =
        param.empty() || (param == "-" ? !e.contains("param") : e.value("param", "") == param);
    if (e.value("code", "") != code || e.value("message", "").empty() || !param_ok) {
        return ::testing::AssertionFailure()
               << "expected code " << code << " param " << param << ": " << e.dump();
    }
    return ::testing::AssertionSuccess();
}

// A kb-searchd started for one test.
struct Searchd {
    std::unique_ptr<BackgroundProcess> process;
    int port = 0;
    fs::path log_path;
    std::string log() const { return read_text(log_path); }
};

// True if the server's API description says `method` `path` may answer `status`.
bool described(int port, const std::string& path, const std::string& method, int status) {
    const Json spec = http_request(port, "GET", "/api/v1/openapi.json").body;
    return spec["paths"][path][method]["responses"].contains(std::to_string(status));
}

// Documents with markup in their text and title, indexed with the corpus.
void write_hostile_documents(const fs::path& dir) {
    fs::create_directories(dir);
    write_text(dir / "xss-script.txt",
               "Kvarkolin <script>alert('kvarkolin')</script> helpdesk\n\n"
               "Kvarkolin notes: <img src=x onerror=alert(2)> and \"quotes\" & ampersands, "
               "</mark><mark>forged highlight</mark> in the text.\n");
    write_text(dir / "xss-page.html",
               "<html lang=\"en\"><head><title>&lt;img src=x onerror=alert(3)&gt; kvarkolin"
               "</title></head><body><p>Kvarkolin page: &lt;script&gt;alert(4)&lt;/script&gt; "
               "and &lt;iframe src=javascript:alert(5)&gt; as text.</p></body></html>\n");
}

// One index (the corpus and the documents above) for the suite; each test starts the
// kb-searchd whose options it needs.
class HostileHttp : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        suite_dir_ = new TempDir();
        index_ = (*suite_dir_ / "idx").string();
        write_hostile_documents(*suite_dir_ / "hostile");
        const ProcessResult indexed =
            run_process({KB_INDEXER_PATH, "--index", index_, KB_CORPUS_DIR,
                         (*suite_dir_ / "hostile").string()});
        ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
    }
    static void TearDownTestSuite() {
        delete suite_dir_;
        suite_dir_ = nullptr;
    }

    // Starts kb-searchd on 127.0.0.1 and a free port with the suite's index and `args`.
    Searchd start(const std::vector<std::string>& args = {}) {
        ++started_;
        const std::string port_file =
            (dir_ / cat(std::string("port"), std::to_string(started_))).string();
        Searchd server;
        server.log_path = dir_ / cat(std::string("searchd"), std::to_string(started_), ".log");
        std::vector<std::string> argv = {KB_SEARCHD_PATH, "--index", index_, "--bind",
                                         "127.0.0.1",     "--port",  "0",    "--port-file",
                                         port_file};
        argv.insert(argv.end(), args.begin(), args.end());
        server.process = std::make_unique<BackgroundProcess>(argv, server.log_path.string());
        server.port = wait_for_port_file(port_file);
        return server;
    }

    static inline TempDir* suite_dir_ = nullptr;
    static inline std::string index_;
    TempDir dir_;  // this test's files
    int started_ = 0;
};

// Heads over Poco's limits, which Poco answers with a bare 400 and no body, are a JSON 431
// (header fields) or 414 (request target); the limits themselves are accepted. Over
// kb-searchd's own limits, q and bodies are 413. Each refusal closes the connection only
// once the client has its answer, and is logged and counted.
TEST_F(HostileHttp, OversizedRequestsAreJson431414And413) {
    Searchd server = start({"--max-query-bytes", "4096", "--max-body-bytes", "65536"});
    ASSERT_GT(server.port, 0) << server.log();
    const std::string search = "/api/v1/search?q=Velenje";
    std::vector<std::string> fields100;  // with Host: 100 fields, Poco's limit
    for (int i = 0; i < 99; ++i) {
        fields100.push_back(cat(std::string("X-Field-"), std::to_string(i), std::string(": v")));
    }
    std::vector<std::string> fields101 = fields100;
    fields101.emplace_back("X-One-Too-Many: v");
    std::vector<std::string> big_fields;  // 8 fields of 5 KB: each allowed, 40 KB together
    for (int i = 0; i < 8; ++i) {
        big_fields.push_back(cat(std::string("X-Big-"), std::to_string(i), std::string(": "),
                                 std::string(5000, 'b')));
    }
    const std::string value_8192 = std::string(8191, 'v');  // after ": " 1 more: 8192 in all
    static const std::string kName300(300, 'N');
    const struct {
        const char* what;
        std::string request;
        int status;
        const char* code;
    } cases[] = {
        {"a value of 8192 bytes", get_request(search, {cat(std::string("X-Big: "), value_8192)}),
         200, ""},
        {"a value of 9000 bytes",
         get_request(search, {cat(std::string("X-Big: "), std::string(9000, 'v'))}), 431,
         "header_too_large"},
        {"a value of 100 KB",
         get_request(search, {cat(std::string("X-Big: "), std::string(100000, 'v'))}), 431,
         "header_too_large"},
        {"a folded value over 8192 bytes",
         get_request(search, {cat(std::string("X-Folded: "), std::string(5000, 'f')),
                              cat(std::string(" "), std::string(5000, 'f'))}),
         431, "header_too_large"},
        {"100 fields", get_request(search, fields100), 200, ""},
        {"101 fields", get_request(search, fields101), 431, "header_too_large"},
        {"a name of 300 bytes", get_request(search, {cat(kName300, std::string(": v"))}), 431,
         "header_too_large"},
        {"40 KB of fields", get_request(search, big_fields), 431, "header_too_large"},
        {"a target of 16000 bytes",
         get_request(cat(search, std::string("&_pad="), std::string(15900, 'p'))), 200, ""},
        {"a target of 20000 bytes",
         get_request(cat(search, std::string("&_pad="), std::string(20000, 'p'))), 414,
         "uri_too_long"},
        {"a target of 1 MB",
         get_request(cat(search, std::string("&_pad="), std::string(1000000, 'p'))), 414,
         "uri_too_long"},
        {"q of 4097 bytes",
         get_request(cat(std::string("/api/v1/search?q="), std::string(4097, 'q'))), 413,
         "payload_too_large"},
        {"a body of 70000 bytes",
         post_request("/api/v1/search", cat(std::string(R"({"q": "Velenje", "_pad": ")"),
                                            std::string(70000, 'x'), std::string(R"("})"))),
         413, "payload_too_large"},
        {"a Content-Length of 1 GB, no body sent",
         "POST /api/v1/search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000000\r\n\r\n",
         413, "payload_too_large"},
        {"a chunk of 128 KB announced",
         "POST /api/v1/search HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
         "20000\r\n{\"q\"",
         413, "payload_too_large"},
        {"a chunked body", chunked_post("/api/v1/search", R"({"q": "Velenje", "size": 1})"), 200,
         ""},
    };
    for (const auto& c : cases) {
        const auto sent = Clock::now();
        const RawReply reply = raw_exchange(server.port, c.request);
        const auto took = Clock::now() - sent;
        std::cout << "[hostile] " << c.what << " -> " << reply.status << " "
                  << reply.body.substr(0, 160) << "\n";
        if (c.status == 200) {
            EXPECT_EQ(reply.status, 200) << c.what << ": " << reply.body.substr(0, 300);
            continue;
        }
        EXPECT_TRUE(is_error(reply, c.status, c.code)) << c.what;
        EXPECT_LT(took, scaled(5s)) << c.what;
        if (std::string(c.what) != "q of 4097 bytes") {  // (a parameter: kept alive)
            EXPECT_EQ(reply.header("connection"), "Close") << c.what;
            EXPECT_TRUE(reply.closed) << c.what;
        }
    }
    for (const auto& [path, method] : std::vector<std::pair<std::string, std::string>>{
             {"/api/v1/search", "get"}, {"/api/v1/search", "post"}, {"/healthz", "get"}}) {
        EXPECT_TRUE(described(server.port, path, method, 431)) << method << " " << path;
        EXPECT_TRUE(described(server.port, path, method, 414)) << method << " " << path;
        EXPECT_TRUE(described(server.port, path, method, 408)) << method << " " << path;
        EXPECT_TRUE(described(server.port, path, method, 413)) << method << " " << path;
    }
    EXPECT_TRUE(described(server.port, "/api/v1/analyze", "post", 413));
    EXPECT_EQ(http_request(server.port, "GET", "/healthz").status, 200);
    const HttpReply metrics = http_request(server.port, "GET", "/metrics");
    EXPECT_NE(
        metrics.text.find(R"(kbsearch_http_requests_total{endpoint="connection",status="431"} 6)"),
        std::string::npos)
        << metrics.text;
    EXPECT_NE(
        metrics.text.find(R"(kbsearch_http_requests_total{endpoint="connection",status="414"} 2)"),
        std::string::npos);
    const std::string log = server.log();
    EXPECT_NE(log.find("endpoint=connection status=431"), std::string::npos) << log;
    EXPECT_NE(log.find("endpoint=connection status=414"), std::string::npos);
}

// A client on a raw connection, watched from the test's start (t0): when the server closed
// it, and what it sent first.
struct SlowClient {
    enum class Kind { Loris, SlowBody, SlowChunks, SlowAfterContinue, Silent };
    Kind kind;
    std::unique_ptr<RawConnection> connection;
    std::string pending;  // bytes still to send, one per second
    std::string received;
    double closed_at_s = -1;  // -1: still open
};

// Slowloris (a header byte per second), bodies a byte per second (by Content-Length, chunked,
// and after "100 Continue"), and connections that send nothing: 45 of them, more than
// kb-searchd's 16 search workers. Each is cut off once the request timeout (3 s here) has
// passed since it connected, with a JSON 408 (param "body" once the head had come), the
// silent ones closed without a word; meanwhile other clients are answered at once.
TEST_F(HostileHttp, SlowAndSilentClientsAreCutOffWhileOthersAreServed) {
    Searchd server = start({"--request-timeout-ms", "3000"});
    ASSERT_GT(server.port, 0) << server.log();
    ASSERT_EQ(http_request(server.port, "GET", "/api/v1/search?q=Velenje").status, 200);

    std::vector<SlowClient> clients;
    const std::string body = R"({"q": "Velenje", "size": 3})";
    const auto t0 = Clock::now();
    for (int i = 0; i < 45; ++i) {
        SlowClient c;
        c.kind = i < 20   ? SlowClient::Kind::Loris
                 : i < 24 ? SlowClient::Kind::SlowBody
                 : i < 27 ? SlowClient::Kind::SlowChunks
                 : i < 30 ? SlowClient::Kind::SlowAfterContinue
                          : SlowClient::Kind::Silent;
        c.connection = std::make_unique<RawConnection>(server.port);
        if (c.kind == SlowClient::Kind::Loris) {
            c.pending = get_request("/api/v1/search?q=Velenje", {"X-Slow: 1"});
        } else if (c.kind != SlowClient::Kind::Silent) {
            std::string request = c.kind == SlowClient::Kind::SlowChunks
                                      ? chunked_post("/api/v1/search", body)
                                      : post_request("/api/v1/search", body);
            std::size_t head = request.find("\r\n\r\n") + 4;
            if (c.kind == SlowClient::Kind::SlowAfterContinue) {
                const std::string expect = "Expect: 100-continue\r\n";
                request.insert(head - 2, expect);
                head += expect.size();
            }
            c.connection->send(request.substr(0, head));  // the head at once
            c.pending = request.substr(head);
        }
        clients.push_back(std::move(c));
    }
    // The watcher: a byte a second on every slow connection; records each close. (A jthread:
    // joined even when an assertion below throws.)
    std::jthread watcher([&clients, t0] {
        auto next_byte = t0;
        while (Clock::now() - t0 < 3s + scaled(6s)) {
            if (Clock::now() >= next_byte) {
                for (SlowClient& c : clients) {
                    if (c.closed_at_s < 0 && !c.pending.empty()) {
                        c.connection->send(c.pending.substr(0, 1));
                        c.pending.erase(0, 1);
                    }
                }
                next_byte += 1s;
            }
            std::vector<pollfd> open;
            std::vector<SlowClient*> of;
            for (SlowClient& c : clients) {
                if (c.closed_at_s < 0) {
                    open.push_back({c.connection->fd(), POLLIN, 0});
                    of.push_back(&c);
                }
            }
            if (open.empty()) {
                return;
            }
            if (poll(open.data(), open.size(), 50) <= 0) {
                continue;
            }
            for (std::size_t i = 0; i < open.size(); ++i) {
                if (open[i].revents == 0) {
                    continue;
                }
                char buffer[4096];
                const ssize_t got = recv(open[i].fd, buffer, sizeof buffer, MSG_DONTWAIT);
                if (got > 0) {
                    of[i]->received.append(buffer, static_cast<std::size_t>(got));
                } else {
                    of[i]->closed_at_s = std::chrono::duration<double>(Clock::now() - t0).count();
                }
            }
        }
    });
    // Meanwhile, ordinary clients: one request every 100 ms for 1.5 s, each on a new
    // connection; each must be answered while every slow client is still connected (they are
    // cut off at 3 s: a machine loaded by other tests may make a request slow, not that slow).
    std::vector<double> latencies_ms;
    double last_answer_s = 0;
    std::this_thread::sleep_for(300ms);
    while (Clock::now() - t0 < 1800ms) {
        const auto sent = Clock::now();
        int status = 0;
        try {
            status = http_request(server.port, "GET", "/api/v1/search?q=region", "", {}, 10).status;
        } catch (const std::exception& e) {
            ADD_FAILURE() << "an ordinary request failed: " << e.what();
        }
        latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
        last_answer_s = std::chrono::duration<double>(Clock::now() - t0).count();
        EXPECT_EQ(status, 200);
        std::this_thread::sleep_for(100ms);
    }
    watcher.join();

    ASSERT_GE(latencies_ms.size(), 3u);
    std::sort(latencies_ms.begin(), latencies_ms.end());
    std::cout << "[hostile] during 45 slow connections: " << latencies_ms.size()
              << " requests, median " << latencies_ms[latencies_ms.size() / 2] << " ms, max "
              << latencies_ms.back() << " ms, the last answered at " << last_answer_s << " s\n";
    double first_cut_s = 1e9;
    for (const SlowClient& c : clients) {
        first_cut_s = std::min(first_cut_s, c.closed_at_s < 0 ? 1e9 : c.closed_at_s);
    }
    EXPECT_LT(last_answer_s, first_cut_s) << "an ordinary request waited behind slow clients";
    int cut = 0;
    for (const SlowClient& c : clients) {
        static const char* const kKinds[] = {"slowloris", "slow body", "slow chunks",
                                             "slow body after 100 Continue", "silent"};
        const char* kind = kKinds[static_cast<int>(c.kind)];
        ASSERT_GE(c.closed_at_s, 0) << kind << ": still open";
        EXPECT_GE(c.closed_at_s, 2.9) << kind;
        EXPECT_LE(c.closed_at_s, 3.0 + 2.5 * time_scale()) << kind;
        std::string received = c.received;
        if (c.kind == SlowClient::Kind::SlowAfterContinue) {
            const std::string interim = "HTTP/1.1 100 Continue\r\n\r\n";
            EXPECT_EQ(received.rfind(interim, 0), 0u) << received;
            received.erase(0, interim.size());
        }
        RawReply reply;
        parse_reply(received, true, reply);
        if (c.kind == SlowClient::Kind::Silent) {
            EXPECT_TRUE(received.empty()) << kind << ": " << received;
        } else {
            EXPECT_TRUE(is_error(reply, 408, "request_timeout",
                                 c.kind == SlowClient::Kind::Loris ? "-" : "body"))
                << kind;
        }
        cut += 1;
    }
    std::cout << "[hostile] " << cut << " slow connections cut off, at "
              << clients.front().closed_at_s << " s (slowloris), " << clients[20].closed_at_s
              << " s (slow body), " << clients[24].closed_at_s << " s (slow chunks), "
              << clients[27].closed_at_s << " s (after 100 Continue), "
              << clients.back().closed_at_s << " s (silent)\n";
    EXPECT_TRUE(server.process->running());
    EXPECT_EQ(http_request(server.port, "GET", "/healthz").status, 200);
}

// --max-connections bounds the connections served at once (more wait for a thread: here
// until a silent one is cut off at the request timeout), and is validated at start.
TEST_F(HostileHttp, MaxConnectionsBoundsTheConnectionsServedAtOnce) {
    for (const std::string& value : {std::string("0"), std::string("4097"), std::string("many")}) {
        const ProcessResult bad = run_process(
            {KB_SEARCHD_PATH, "--index", index_, "--port", "0", "--max-connections", value});
        EXPECT_EQ(bad.exit_code, 78) << value << ": " << bad.err;
        EXPECT_NE(bad.err.find("searchd.max_connections"), std::string::npos) << bad.err;
    }
    Searchd server = start({"--max-connections", "2", "--request-timeout-ms", "2000"});
    ASSERT_GT(server.port, 0) << server.log();
    // Serving: connections made before (while the index is opened) wait in the listen queue.
    ASSERT_EQ(http_request(server.port, "GET", "/healthz").status, 200);
    const auto t0 = Clock::now();
    RawConnection silent1(server.port);
    RawConnection silent2(server.port);
    std::this_thread::sleep_for(200ms);  // both taken by the server's two connection threads
    const HttpReply waited = http_request(server.port, "GET", "/healthz", "", {}, 10);
    const double waited_s = std::chrono::duration<double>(Clock::now() - t0).count();
    EXPECT_EQ(waited.status, 200);
    EXPECT_GE(waited_s, 1.8) << "answered while both connection threads were taken";
    EXPECT_LE(waited_s, 2.0 + 2.0 * time_scale());
    EXPECT_TRUE(silent1.wait_closed(scaled(3s)));
    EXPECT_TRUE(silent2.wait_closed(scaled(3s)));
    std::cout << "[hostile] --max-connections 2, 2 silent connections: a third waited " << waited_s
              << " s\n";
}

// Malformed percent-encoding, invalid UTF-8 and NUL bytes, in the query string and in JSON
// bodies, are a 400 naming the parameter; bytes no request line may hold, and request lines
// Poco cannot parse, are a JSON 400 too (Poco would answer a bare 400).
TEST_F(HostileHttp, MalformedEncodingUtf8AndNulAre400NamingTheParameter) {
    Searchd server = start();
    ASSERT_GT(server.port, 0) << server.log();
    const struct {
        std::string target;
        const char* param;
    } gets[] = {
        {"/api/v1/search?q=%zz", "q"},
        {"/api/v1/search?q=%", "q"},
        {"/api/v1/search?q=abc%4", "q"},
        {"/api/v1/search?q=%c3%28", "q"},
        {"/api/v1/search?q=%ff%fe", "q"},
        {"/api/v1/search?q=%ed%a0%80", "q"},  // a UTF-16 surrogate in UTF-8
        {"/api/v1/search?q=%c0%ae", "q"},     // an overlong '.'
        {"/api/v1/search?q=a%00b", "q"},
        {"/api/v1/search?q=Velenje&lang=%00", "lang"},
        {"/api/v1/search?q=Velenje&region=%e2%82", "region"},
        {"/api/v1/suggest?q=%c3", "q"},
        {"/api/v1/analyze?text=%zzz", "text"},
        {"/api/v1/search?q%ff=1", "query string"},
        {"/api/v1/documents/abc%00def", "path"},
        {"/api/v1/documents/%c3%28", "path"},
    };
    for (const auto& c : gets) {
        const RawReply r = raw_exchange(server.port, get_request(c.target));
        EXPECT_TRUE(is_error(r, 400, "bad_parameter", c.param)) << c.target;
        std::cout << "[hostile] GET " << c.target << " -> " << r.status << " " << r.body << "\n";
    }
    const struct {
        const char* target;
        std::string body;
        const char* param;
    } posts[] = {
        {"/api/v1/search", "{\"q\": \"\xc3\x28\"}", "q"},
        {"/api/v1/search", "{\"q\": \"Velenje\", \"lang\": [\"sl\", \"\xff\"]}", "lang"},
        {"/api/v1/search", R"({"q": "\ud800"})", "q"},
        {"/api/v1/search", R"({"q": "a\u0000b"})", "q"},
        {"/api/v1/search", R"({"q": "Velenje", "topic": ["\u0000"]})", "topic"},
        {"/api/v1/analyze", "{\"text\": \"Beg \xe2\x82 mo\"}", "text"},
        {"/api/v1/search", "{\"\xff\": 1}", "body"},
        {"/api/v1/search", "{\"q\": \"Velenje\"", "body"},
        {"/api/v1/search", with_nul("{\"q\": \"a", "b\"}"), "body"},  // a raw NUL
    };
    for (const auto& c : posts) {
        const RawReply r = raw_exchange(server.port, post_request(c.target, c.body));
        EXPECT_TRUE(is_error(r, 400, "bad_parameter", c.param)) << c.body;
        EXPECT_EQ(r.body.find("\xff"), std::string::npos) << "a bad byte is echoed";
        std::cout << "[hostile] POST "
                  << Json(c.body).dump(-1, ' ', false, Json::error_handler_t::replace) << " -> "
                  << r.status << " " << r.body << "\n";
    }
    const struct {
        const char* what;
        std::string request;
        int status;
    } lines[] = {
        {"a raw NUL in the target", with_nul("GET /api/v1/search?q=a", "b HTTP/1.1\r\n\r\n"), 400},
        {"an escape sequence in the target", "GET /healthz\x1b[2J HTTP/1.1\r\n\r\n", 400},
        {"a DEL in the target", "GET /healthz\x7f HTTP/1.1\r\n\r\n", 400},
        {"a TLS handshake",
         cat(with_nul("\x16\x03\x01\x02", "\x01"), std::string(64, '\0'), std::string("\r\n\r\n")),
         400},
        {"no HTTP version", "GET /healthz\r\n\r\n", 400},
        {"a method of 40 letters", cat(std::string(40, 'G'), std::string(" / HTTP/1.1\r\n\r\n")),
         400},
        {"a chunk size that is not hexadecimal",
         "POST /api/v1/search HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
         400},
        {"a field name without a value line", "GET /healthz HTTP/1.1\r\nX-A\r\n\r\n", 200},
    };
    for (const auto& c : lines) {
        const RawReply r = raw_exchange(server.port, c.request);
        std::cout << "[hostile] " << c.what << " -> " << r.status << " " << r.body << "\n";
        if (c.status == 200) {
            EXPECT_EQ(r.status, 200) << c.what << " (Poco skips a line without a colon)";
            continue;
        }
        EXPECT_TRUE(is_error(r, 400, "bad_request", "-")) << c.what;
        EXPECT_TRUE(r.closed) << c.what;
    }
    const std::string log = server.log();
    EXPECT_EQ(log.find('\x1b'), std::string::npos) << "an escape sequence reached the log";
    EXPECT_EQ(log.find('\0'), std::string::npos) << "a NUL reached the log";
    EXPECT_TRUE(server.process->running());
}

// No request reads a file outside the web root or the embedded page, whatever the encoding
// of "..": document ids are index terms, not paths, and static names are plain file names.
TEST_F(HostileHttp, PathTraversalNeverReachesAFileOutside) {
    const fs::path site = dir_ / "site";
    fs::create_directories(site);
    write_text(site / "index.html", "<!doctype html><title>site</title>\n");
    write_text(site / "app.js", "// the web root's app.js\n");
    write_text(site / ".hidden", "HIDDEN-MARKER-91c2\n");
    write_text(dir_ / "secret.txt", "SECRET-MARKER-7f3a\n");
    Searchd from_root = start({"--web-root", site.string()});
    ASSERT_GT(from_root.port, 0) << from_root.log();
    Searchd embedded = start();
    ASSERT_GT(embedded.port, 0) << embedded.log();
    // The files that are there are served, so that the refusals below mean something.
    const RawReply app = raw_exchange(from_root.port, get_request("/static/app.js"));
    ASSERT_EQ(app.status, 200);
    ASSERT_EQ(app.body, "// the web root's app.js\n");
    ASSERT_EQ(raw_exchange(embedded.port, get_request("/static/app.js")).status, 200);
    ASSERT_EQ(raw_exchange(embedded.port,
                           get_request("/api/v1/documents/seeds%2F001_260d3d3c4cd1868a.txt"))
                  .status,
              200);

    const std::vector<std::string> statics = {
        "/static/../secret.txt",
        "/static/..%2fsecret.txt",
        "/static/..%2Fsecret.txt",
        "/static/%2e%2e/secret.txt",
        "/static/%2e%2e%2fsecret.txt",
        "/static/..%252fsecret.txt",
        "/static/%252e%252e%252fsecret.txt",
        "/static/..\\secret.txt",
        "/static/..%5csecret.txt",
        "/static/%c0%ae%c0%ae/secret.txt",
        "/static/..%00/secret.txt",
        "/static/....//secret.txt",
        "/static/.hidden",
        "/static/%2ehidden",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/static/../../CMakeLists.txt",
        "/static/..%2f..%2fCMakeLists.txt",
        "/static/..%2f..%2f..%2fCMakeLists.txt",
        "/../../etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/static/app.js/../../secret.txt",
        "/static/app.js%00.txt",
    };
    const std::vector<std::string> documents = {
        "/api/v1/documents/../../etc/passwd",
        "/api/v1/documents/..%2f..%2fetc%2fpasswd",
        "/api/v1/documents/..%252f..%252fetc%252fpasswd",
        "/api/v1/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/api/v1/documents/%2fetc%2fpasswd",
        "/api/v1/documents/..%5c..%5cetc%5cpasswd",
        "/api/v1/documents/seeds%2F..%2F..%2FCMakeLists.txt",
        "/api/v1/documents/..%2fCMakeLists.txt/similar",
        "/api/v1/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd/similar",
    };
    const auto check = [](int port, const std::string& target) {
        const RawReply r = raw_exchange(port, get_request(target));
        EXPECT_TRUE(r.status == 404 || r.status == 400) << target << ": " << r.status;
        EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8") << target;
        for (const char* marker :
             {"SECRET-MARKER", "HIDDEN-MARKER", "root:x:0:0", "cmake_minimum_required"}) {
            EXPECT_EQ(r.body.find(marker), std::string::npos) << target << " served " << marker;
        }
        std::cout << "[hostile] GET " << target << " -> " << r.status << " " << r.body << "\n";
    };
    for (const std::string& target : statics) {
        check(from_root.port, target);
        check(embedded.port, target);
    }
    for (const std::string& target : documents) {
        check(embedded.port, target);
    }
}

// Markup in documents (text and titles) and in queries never comes back as markup: snippets
// are HTML-escaped text whose only tags are the server's <mark>; every other field is plain
// text in application/json with nosniff; error messages that quote a parameter are valid
// JSON holding it exactly; and the web page inserts text as text.
TEST_F(HostileHttp, MarkupInDocumentsAndQueriesIsNeverReflectedUnescaped) {
    Searchd server = start();
    ASSERT_GT(server.port, 0) << server.log();
    const RawReply found = raw_exchange(server.port, get_request("/api/v1/search?q=kvarkolin"));
    ASSERT_EQ(found.status, 200) << found.body;
    EXPECT_EQ(found.header("content-type"), "application/json; charset=utf-8");
    EXPECT_EQ(found.header("x-content-type-options"), "nosniff");
    const Json hits = found.json()["hits"];
    ASSERT_EQ(hits.size(), 2u) << found.body;
    bool escaped_markup_seen = false;
    for (const Json& hit : hits) {
        std::string snippet = hit["snippet"].get<std::string>();
        std::cout << "[hostile] " << hit["id"] << " title " << hit["title"] << " snippet "
                  << Json(snippet).dump() << "\n";
        EXPECT_NE(snippet.find("<mark>"), std::string::npos) << snippet;
        for (const std::string tag : {"<mark>", "</mark>"}) {
            for (std::size_t at = snippet.find(tag); at != std::string::npos;
                 at = snippet.find(tag)) {
                snippet.erase(at, tag.size());
            }
        }
        EXPECT_EQ(snippet.find_first_of("<>"), std::string::npos)
            << "markup beyond <mark> in " << hit["snippet"];
        escaped_markup_seen = escaped_markup_seen ||
                              snippet.find("&lt;script&gt;") != std::string::npos ||
                              snippet.find("&lt;img") != std::string::npos;
        // The document's forged "</mark><mark>" is text, escaped like the rest.
        if (hit["id"] == "xss-script.txt") {
            EXPECT_NE(hit["title"].get<std::string>().find("<script>"), std::string::npos)
                << "titles are plain text (the page inserts them as text)";
        }
    }
    EXPECT_TRUE(escaped_markup_seen) << "no snippet shows the documents' markup, escaped";
    const RawReply forged = raw_exchange(server.port, get_request("/api/v1/search?q=forged"));
    ASSERT_EQ(forged.status, 200);
    ASSERT_FALSE(forged.json()["hits"].empty());
    EXPECT_NE(
        forged.json()["hits"][0]["snippet"].get<std::string>().find("&lt;/mark&gt;&lt;mark&gt;"),
        std::string::npos)
        << forged.json()["hits"][0]["snippet"];

    // Queries and parameters with markup, quotes and line breaks.
    const std::string script = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";
    const struct {
        std::string target;
        int status;
        std::string echoed;  // the text the message must hold exactly ("" = not checked)
    } echoes[] = {
        {cat(std::string("/api/v1/search?q="), script), 200, ""},
        {cat(std::string("/api/v1/suggest?q="), script), 200, ""},
        {cat(std::string("/api/v1/analyze?text="), script), 200, ""},
        {"/api/v1/search?q=x&lang=%3Cscript%3E%22%0A%5C", 400, "<script>\"\n\\"},
        {"/api/v1/search?q=x&sort=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", 400, ""},
        {cat(std::string("/api/v1/search?"), script, std::string("=1")), 400,
         "<script>alert(1)</script>"},
        {cat(std::string("/"), script), 404, "<script>alert(1)</script>"},
        {"/api/v1/documents/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E%22%27", 404,
         "<img src=x onerror=alert(1)>\"'"},
    };
    for (const auto& c : echoes) {
        const RawReply r = raw_exchange(server.port, get_request(c.target));
        EXPECT_EQ(r.status, c.status) << c.target << ": " << r.body;
        EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8") << c.target;
        EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << c.target;
        const Json body = r.json();
        ASSERT_FALSE(body.is_discarded()) << "not valid JSON: " << r.body;
        if (!c.echoed.empty()) {
            EXPECT_NE(body["error"]["message"].get<std::string>().find(c.echoed), std::string::npos)
                << r.body;
        }
        std::cout << "[hostile] GET " << c.target << " -> " << r.status << " "
                  << r.body.substr(0, 200) << "\n";
    }

    // The page's scripts (and the modules they import) put text in with text nodes only.
    const RawReply page = raw_exchange(server.port, get_request("/"));
    ASSERT_EQ(page.status, 200);
    std::set<std::string> seen;
    std::vector<std::string> pending;
    const std::regex asset(R"re(/static/([A-Za-z0-9_.-]+\.js))re");
    const std::regex import(R"re((?:from|import)\s*['"]\./([A-Za-z0-9_.-]+\.js)['"])re");
    for (std::sregex_iterator it(page.body.begin(), page.body.end(), asset), end; it != end; ++it) {
        pending.push_back((*it)[1]);
    }
    const std::regex sink(
        R"re(\.(innerHTML|outerHTML)\s*\+?=|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|\beval\s*\(|new\s+Function\s*\()re");
    bool text_nodes = false;
    while (!pending.empty()) {
        const std::string name = pending.back();
        pending.pop_back();
        if (!seen.insert(name).second) {
            continue;
        }
        const RawReply script_file =
            raw_exchange(server.port, get_request(cat(std::string("/static/"), name)));
        ASSERT_EQ(script_file.status, 200) << name;
        std::smatch match;
        EXPECT_FALSE(std::regex_search(script_file.body, match, sink))
            << name << " uses " << match.str();
        text_nodes = text_nodes || script_file.body.find("createTextNode") != std::string::npos ||
                     script_file.body.find("textContent") != std::string::npos;
        for (std::sregex_iterator it(script_file.body.begin(), script_file.body.end(), import), end;
             it != end; ++it) {
            pending.push_back((*it)[1]);
        }
    }
    EXPECT_GE(seen.size(), 5u) << "the page's modules were not all found";
    EXPECT_TRUE(text_nodes);
}

// API keys: compared against every configured key, and never written anywhere: not in the
// access log (the key of a request, right or wrong, in the Authorization header or sent as
// ?api_key=), not on stdout or stderr, not in an answer.
TEST_F(HostileHttp, ApiKeysAreNeverLoggedNorEchoed) {
    const std::string key1 = "hostile-key-AAAA-0123456789abcdef";
    const std::string key2 = "hostile-key-BBBB-fedcba9876543210";
    write_text(dir_ / "keys",
               cat(std::string("# test keys\n"), key1, std::string("\n"), key2, std::string("\n")));
    Searchd server = start({"--api-keys-file", (dir_ / "keys").string()});
    ASSERT_GT(server.port, 0) << server.log();
    std::string wrong = key1;
    wrong.back() = 'g';  // right but for the last character
    const std::string search = "/api/v1/search?q=Velenje";
    const struct {
        std::string target;
        std::vector<std::string> fields;
        int status;
    } cases[] = {
        {search, {cat(std::string("Authorization: Bearer "), key1)}, 200},
        {search, {cat(std::string("Authorization: Bearer "), key2)}, 200},
        {search, {cat(std::string("Authorization: Bearer  "), key1, std::string(" "))}, 200},
        {search, {cat(std::string("Authorization: Bearer "), wrong)}, 401},
        {search, {cat(std::string("Authorization: Bearer "), key1.substr(0, 20))}, 401},
        {search, {cat(std::string("Authorization: Bearer "), key1, std::string("x"))}, 401},
        {search, {cat(std::string("Authorization: Bearer "), key1, key2)}, 401},
        {search, {cat(std::string("Authorization: bearer "), key1)}, 401},
        {search, {cat(std::string("Authorization: "), key1)}, 401},
        {search, {"Authorization: Bearer "}, 401},
        {search, {}, 401},
        {cat(search, std::string("&api_key="), key1), {}, 401},
        {cat(search, std::string("&api_key="), wrong), {}, 401},
        {cat(search, std::string("&api_key="), key1),
         {cat(std::string("Authorization: Bearer "), key1)},
         400},
        {cat(std::string("/api/v1/stats?access_token="), key2),
         {cat(std::string("Authorization: Bearer "), wrong)},
         401},
        {"/healthz", {cat(std::string("Authorization: Bearer "), wrong)}, 200},
    };
    for (const auto& c : cases) {
        const RawReply r = raw_exchange(server.port, get_request(c.target, c.fields));
        EXPECT_EQ(r.status, c.status) << c.target << " " << ::testing::PrintToString(c.fields);
        for (const std::string& secret : {key1, key2, wrong}) {
            EXPECT_EQ(r.head.find(secret), std::string::npos) << c.target;
            EXPECT_EQ(r.body.find(secret), std::string::npos) << c.target << ": " << r.body;
        }
        if (c.status == 401) {
            EXPECT_TRUE(is_error(r, 401, "unauthorized"));
            EXPECT_EQ(r.header("www-authenticate"), "Bearer");
        }
    }
    const RawReply posted = raw_exchange(
        server.port, post_request("/api/v1/search", cat(std::string(R"({"q": "x", "api_key": ")"),
                                                        key1, std::string(R"("})"))));
    EXPECT_EQ(posted.status, 401);
    // The log is written as requests finish: the last one is there once "status=401" of the
    // POST is.
    std::string log;
    for (int i = 0; i < 100; ++i) {
        log = server.log();
        if (log.find("method=POST path=/api/v1/search endpoint=search status=401") !=
            std::string::npos) {
            break;
        }
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_NE(log.find("status=401"), std::string::npos) << log;
    EXPECT_NE(log.find("status=200"), std::string::npos) << log;
    for (const std::string& secret :
         {key1, key2, wrong, std::string("0123456789abcdef"), std::string("fedcba9876543210")}) {
        EXPECT_EQ(log.find(secret), std::string::npos) << "the log holds " << secret << "\n" << log;
    }
    EXPECT_EQ(server.process->stop(), 0);
    log = server.log();  // stdout and stderr, up to the exit
    EXPECT_EQ(log.find("0123456789abcdef"), std::string::npos) << log;
    EXPECT_EQ(log.find("fedcba9876543210"), std::string::npos) << log;
}

// The requests of the load tests: every endpoint, a few errors among them.
std::vector<LoadRequest> load_mix() {
    return {
        {"/api/v1/search?q=Velenje", 200},
        {"/api/v1/search?q=region&size=20", 200},
        {"/api/v1/search?q=beg+mozganov&region=SI", 200},
        {"/api/v1/search?q=projekat&lang=bs&lang=hr&size=5", 200},
        {"/api/v1/search?q=zycie", 200},
        {"/api/v1/search?q=%D0%91%D0%B5%D0%BE%D0%B3%D1%80%D0%B0%D0%B4", 200},
        {"/api/v1/search?q=&sort=date&size=1", 200},
        {"/api/v1/search?q=mozg*", 200},
        {"/api/v1/search?q=%22uczenie+sie%22&page=2", 200},
        {"/api/v1/search?q=kvarkolin", 200},
        {"/api/v1/suggest?q=beg%20mozg", 200},
        {"/api/v1/suggest?q=Tal", 200},
        {"/api/v1/facets?ui_lang=pl", 200},
        {"/api/v1/documents/seeds%2F001_260d3d3c4cd1868a.txt", 200},
        {"/api/v1/documents/seeds%2F001_260d3d3c4cd1868a.txt/similar?size=5", 200},
        {"/api/v1/stats", 200},
        {"/healthz", 200},
        {"/readyz", 200},
        {"/static/app.js", 200},
        {"/api/v1/documents/no-such-document", 404},
        {"/api/v1/search?size=1000", 400},
    };
}

void print(const char* what, const LoadResult& r) {
    std::cout << "[load] " << what << ": " << r.requests << " answers in " << r.seconds << " s ("
              << static_cast<double>(r.requests) / r.seconds << "/s), " << r.errors
              << " errors; latency p50 " << r.p50_ms << " ms, p99 " << r.p99_ms << " ms, max "
              << r.max_ms << " ms; statuses";
    for (const auto& [status, count] : r.statuses) {
        std::cout << " " << status << "x" << count;
    }
    std::cout << "\n";
    for (const std::string& e : r.first_errors) {
        std::cout << "[load]   error: " << e << "\n";
    }
}

// 64 keep-alive connections for 5 s: every request answered as expected, none lost.
TEST_F(HostileHttp, SixtyFourKeepAliveConnectionsForFiveSecondsWithoutErrors) {
    Searchd server = start();
    ASSERT_GT(server.port, 0) << server.log();
    ASSERT_EQ(http_request(server.port, "GET", "/readyz").status, 200);  // serving
    const LoadResult r = run_load(server.port, 64, 5s, load_mix());
    print("64 connections, 5 s", r);
    EXPECT_EQ(r.errors, 0u) << ::testing::PrintToString(r.first_errors);
    EXPECT_GE(r.requests, 200u);
    for (const auto& [status, count] : r.statuses) {
        EXPECT_LT(status, 500) << count << " answers " << status;
    }
    EXPECT_TRUE(server.process->running());
    EXPECT_EQ(server.log().find("status=5"), std::string::npos);
}

class HostileHttpLong : public HostileHttp {};

// 64 keep-alive connections for 60 s after 10 s of warm-up, kb-searchd's RSS sampled every
// second: no error, no 5xx, and the memory of the last 20 s not above that of the first 20 s
// by more than 10%.
TEST_F(HostileHttpLong, SixtyFourConnectionsForSixtySecondsWithFlatMemory) {
    Searchd server = start();
    ASSERT_GT(server.port, 0) << server.log();
    ASSERT_EQ(http_request(server.port, "GET", "/readyz").status, 200);  // serving
    const long before = rss_kb(server.process->pid());
    const LoadResult warm = run_load(server.port, 64, 10s, load_mix());
    print("warm-up, 64 connections, 10 s", warm);
    const long warmed = rss_kb(server.process->pid());
    RssSampler sampler(server.process->pid(), 1s);
    const LoadResult r = run_load(server.port, 64, 60s, load_mix());
    const std::vector<long> rss = sampler.stop();
    print("64 connections, 60 s", r);
    EXPECT_EQ(warm.errors + r.errors, 0u) << ::testing::PrintToString(r.first_errors);
    for (const auto& [status, count] : r.statuses) {
        EXPECT_LT(status, 500) << count << " answers " << status;
    }
    ASSERT_GE(rss.size(), 30u);
    const std::size_t third = rss.size() / 3;
    const long first_max = *std::max_element(rss.begin(), rss.begin() + third);
    const long last_max = *std::max_element(rss.end() - third, rss.end());
    std::cout << "[load] RSS kB: serving " << before << ", after warm-up " << warmed
              << ", first third max " << first_max << ", last third max " << last_max
              << "; samples";
    for (const long kb : rss) {
        std::cout << " " << kb;
    }
    std::cout << "\n";
    EXPECT_TRUE(std::all_of(rss.begin(), rss.end(), [](long kb) { return kb > 0; }));
    EXPECT_LE(static_cast<double>(last_max), static_cast<double>(first_max) * 1.10)
        << "kb-searchd's memory grows under load";
    EXPECT_TRUE(server.process->running());
    EXPECT_EQ(server.log().find("status=5"), std::string::npos);
}

}  // namespace
}  // namespace kb::test
