// kb-searchd: the kbsearch HTTP search daemon.
//
//   kb-searchd --index DIR [--bind 127.0.0.1] [--port 8080] [--port-file FILE]
//              [--threads N] [--max-connections N] [--cors-origins LIST] [--api-keys-file FILE]
//              [--request-timeout-ms MS] [--max-query-bytes N] [--max-body-bytes N]
//              [--remote-reconnect-s S] [--config FILE] [--daemon] [--pidfile FILE]
//
// --index may be given several times, or as a comma-separated list: the indexes are
// searched as one (shards), each an index directory, a directory of shards (kb-indexer
// --shards N) or a remote shard tcp://HOST:PORT served by xapian-tcpsrv. Connections to
// remote shards are renewed after --remote-reconnect-s (0..86400, default 60), so that a
// --rebuild of a remote shard is searched within that time.
//
// Every option but --config, --daemon and --pidfile has a key in the --config properties
// file (tools/kb-searchd.properties); the command line wins over the file. Port 0 binds any
// free port; the bound port is written to --port-file. Limits: --request-timeout-ms is the
// time budget of one search (100..600000, default 10000) and, rounded up to whole seconds,
// how long a client may take to send its request (408 after that); a `q` over
// --max-query-bytes (16..65536, default 4096) or a body over --max-body-bytes
// (1024..16777216, default 65536) is answered 413. --threads search workers (1..1024,
// default two per core, at least 4) run the requests; up to --max-connections (1..4096, default
// 256) connections are served at once, each by a thread that only waits for its requests
// (HttpServer), so a slow or idle client holds no search worker. SIGTERM or SIGINT stops it after
// the requests in flight are answered (reading a request and a search are each bounded by the
// request timeout). Relative paths are taken from the directory it was started in, also as
// a --daemon (which runs in "/"). Exit codes: 0 stopped; 64 usage; 71 cannot bind; 73 cannot
// write the port file; 78 bad setting (named).

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <Poco/AutoPtr.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionCallback.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/PropertyFileConfiguration.h>
#include <Poco/Util/ServerApplication.h>

#include "kb/classify/taxonomy.h"
#include "kb/query/searcher.h"
#include "kb/util/error.h"
#include "kb/util/file_io.h"

#include "access_policy.h"
#include "http_server.h"
#include "request_router.h"
#include "searcher_cache.h"
#include "server_limits.h"
#include <pthread.h>

namespace {

using Poco::Util::Application;
using Poco::Util::Option;
using Poco::Util::OptionSet;
using Poco::Util::ServerApplication;

class SearchDaemon : public ServerApplication {
protected:
    void defineOptions(OptionSet& options) override {
        ServerApplication::defineOptions(options);
        // Repeatable: each occurrence adds to index.path (a binding would keep the last).
        options.addOption(Option("index", "i",
                                 "index directory, directory of shards, or remote shard "
                                 "tcp://HOST:PORT; several (repeated or comma-separated) are "
                                 "searched as one")
                              .argument("DIR")
                              .repeatable(true)
                              .callback(Poco::Util::OptionCallback<SearchDaemon>(
                                  this, &SearchDaemon::handle_index)));
        options.addOption(Option("taxonomy", "t",
                                 "taxonomy for the topics of query words (default: " +
                                     std::string(KB_DEFAULT_TAXONOMY) + " if it exists)")
                              .argument("FILE")
                              .binding("searchd.taxonomy"));
        options.addOption(Option("bind", "b", "address to listen on (default 127.0.0.1)")
                              .argument("ADDR")
                              .binding("searchd.bind"));
        options.addOption(Option("port", "p", "port to listen on (default 8080; 0 = any free port)")
                              .argument("PORT")
                              .binding("searchd.port"));
        options.addOption(Option("port-file", "", "write the bound port to this file")
                              .argument("FILE")
                              .binding("searchd.port_file"));
        // No short name: "-t" is --taxonomy.
        options.addOption(
            Option("threads", "", "search worker threads (default: two per core, at least 4)")
                .argument("N")
                .binding("searchd.threads"));
        options.addOption(Option("max-connections", "",
                                 "connections served at once, each by a thread that waits for "
                                 "its requests (default 256)")
                              .argument("N")
                              .binding("searchd.max_connections"));
        options.addOption(Option("request-timeout-ms", "",
                                 "time budget of one search, and (in whole seconds) for sending "
                                 "a request (default 10000)")
                              .argument("MS")
                              .binding("searchd.request_timeout_ms"));
        options.addOption(Option("max-query-bytes", "",
                                 "longest query text q; longer is answered 413 (default 4096)")
                              .argument("N")
                              .binding("searchd.max_query_bytes"));
        options.addOption(Option("max-body-bytes", "",
                                 "largest request body; larger is answered 413 (default 65536)")
                              .argument("N")
                              .binding("searchd.max_body_bytes"));
        options.addOption(Option("remote-reconnect-s", "",
                                 "renew connections to remote shards after this many seconds, "
                                 "so that a shard's --rebuild is searched (default 60; 0 = never)")
                              .argument("S")
                              .binding("searchd.remote_reconnect_s"));
        options.addOption(Option("cors-origins", "",
                                 "origins whose pages may call the API from a browser, comma-"
                                 "separated ('*' = any)")
                              .argument("LIST")
                              .binding("searchd.cors_origins"));
        options.addOption(Option("api-keys-file", "",
                                 "require 'Authorization: Bearer KEY' with a key of this file "
                                 "(one per line); needed to bind beyond loopback")
                              .argument("FILE")
                              .binding("searchd.api_keys_file"));
        options.addOption(Option("web-root", "",
                                 "serve the web page from this folder, read at each request "
                                 "(default: the page built into kb-searchd)")
                              .argument("DIR")
                              .binding("searchd.web_root"));
        options.addOption(Option("config", "c",
                                 "read settings from this properties file (keys as in "
                                 "tools/kb-searchd.properties); options given here win")
                              .argument("FILE")
                              .binding("searchd.config"));
        options.addOption(Option("help", "h", "show this help").binding("searchd.help"));
    }

    void handle_index(const std::string& /*name*/, const std::string& value) {
        index_options_.push_back(value);
        std::string joined;
        for (const std::string& v : index_options_) {
            joined += (joined.empty() ? "" : ",") + v;
        }
        config().setString("index.path", joined);
    }

    // Adds the properties file `path` below the command line, after checking that every
    // key in it is one kb-searchd knows (a typo would otherwise be silently ignored).
    int load_config_file(const std::string& path) {
        static const std::set<std::string> kKeys = {"index.path",
                                                    "searchd.taxonomy",
                                                    "searchd.bind",
                                                    "searchd.port",
                                                    "searchd.port_file",
                                                    "searchd.threads",
                                                    "searchd.max_connections",
                                                    "searchd.cors_origins",
                                                    "searchd.api_keys_file",
                                                    "searchd.request_timeout_ms",
                                                    "searchd.max_query_bytes",
                                                    "searchd.max_body_bytes",
                                                    "searchd.remote_reconnect_s",
                                                    "searchd.web_root"};
        Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file;
        try {
            file = new Poco::Util::PropertyFileConfiguration(path);
        } catch (const Poco::Exception& e) {
            std::cerr << "kb-searchd: searchd.config: cannot read " << path << ": "
                      << e.displayText() << '\n';
            return EXIT_CONFIG;
        }
        std::vector<std::string> keys;
        std::vector<std::string> pending = {""};
        while (!pending.empty()) {  // every leaf key of the file
            const std::string prefix = pending.back();
            pending.pop_back();
            std::vector<std::string> children;
            file->keys(prefix, children);
            for (const std::string& child : children) {
                const std::string key = prefix.empty() ? child : prefix + "." + child;
                if (file->has(key)) {
                    keys.push_back(key);
                }
                pending.push_back(key);
            }
        }
        for (const std::string& key : keys) {
            if (!kKeys.contains(key)) {
                std::cerr << "kb-searchd: " << path << ": unknown setting '" << key << "'\n";
                return EXIT_CONFIG;
            }
        }
        config().add(file, PRIO_DEFAULT, false);
        return EXIT_OK;
    }

    // The value of a path setting; a relative path is taken from the directory kb-searchd
    // was started in, since a daemon runs in "/".
    std::string path_setting(const std::string& key, const std::string& fallback = "") const {
        const std::filesystem::path path = config().getString(key, fallback);
        return path.is_relative() ? (start_directory_ / path).string() : path.string();
    }

    int main(const std::vector<std::string>& args) override {
        if (config().has("searchd.help")) {
            print_help(std::cout);
            return EXIT_OK;
        }
        if (!args.empty()) {
            std::cerr << "kb-searchd: unexpected argument '" << args.front() << "'\n";
            return EXIT_USAGE;
        }
        if (config().has("searchd.config")) {
            // Below the command line: an option given there wins over the file.
            if (const int code = load_config_file(path_setting("searchd.config"));
                code != EXIT_OK) {
                return code;
            }
        }
        if (!config().has("index.path")) {
            std::cerr << "kb-searchd: --index DIR (index.path) is required\n";
            return EXIT_USAGE;
        }
        int port = 0;
        int threads = 0;
        int max_connections = 0;
        int request_timeout_ms = 0;
        int max_query_bytes = 0;
        int max_body_bytes = 0;
        int remote_reconnect_s = 0;
        const kb::searchd::ServerLimits defaults;
        // (key, default, min, max, where)
        using IntSetting = std::tuple<const char*, int, int, int, int*>;
        for (const auto& [key, fallback, min, max, out] : {
                 IntSetting{"searchd.port", 8080, 0, 65535, &port},
                 // Searches use the CPU: more workers than cores only add memory (a
                 // Searcher each, ~6 MB at 200k documents); two per core cover page-cache
                 // misses and remote shards' round trips.
                 IntSetting{"searchd.threads",
                            static_cast<int>(std::max(4u, 2 * std::thread::hardware_concurrency())),
                            1, 1024, &threads},
                 IntSetting{"searchd.max_connections", 256, 1, 4096, &max_connections},
                 IntSetting{"searchd.request_timeout_ms",
                            static_cast<int>(defaults.request_timeout_ms), 100, 600000,
                            &request_timeout_ms},
                 IntSetting{"searchd.max_query_bytes", static_cast<int>(defaults.max_query_bytes),
                            16, 65536, &max_query_bytes},
                 IntSetting{"searchd.max_body_bytes", static_cast<int>(defaults.max_body_bytes),
                            1024, 16 * 1024 * 1024, &max_body_bytes},
                 IntSetting{"searchd.remote_reconnect_s", 60, 0, 86400, &remote_reconnect_s},
             }) {
            try {
                *out = config().getInt(key, fallback);
            } catch (const Poco::Exception&) {
                std::cerr << "kb-searchd: " << key << ": '" << config().getString(key, "")
                          << "' is not an integer\n";
                return EXIT_CONFIG;
            }
            if (*out < min || *out > max) {
                std::cerr << "kb-searchd: " << key << ": " << *out << " is not in " << min << ".."
                          << max << '\n';
                return EXIT_CONFIG;
            }
        }
        kb::searchd::ServerLimits limits;
        limits.request_timeout_ms = static_cast<unsigned>(request_timeout_ms);
        limits.max_query_bytes = static_cast<std::size_t>(max_query_bytes);
        limits.max_body_bytes = static_cast<std::size_t>(max_body_bytes);
        const std::string bind = config().getString("searchd.bind", "127.0.0.1");
        kb::searchd::AccessPolicy access;
        if (config().has("searchd.cors_origins")) {
            std::stringstream list(config().getString("searchd.cors_origins"));
            for (std::string origin; std::getline(list, origin, ',');) {
                if (!origin.empty()) {
                    access.cors_origins.insert(origin);
                }
            }
        }
        if (config().has("searchd.api_keys_file")) {
            try {
                access.api_keys = kb::searchd::read_api_keys(path_setting("searchd.api_keys_file"));
            } catch (const kb::ConfigError& e) {
                std::cerr << "kb-searchd: searchd.api_keys_file: " << e.what() << '\n';
                return EXIT_CONFIG;
            }
        }
        if (!kb::searchd::is_loopback(bind) && access.api_keys.empty()) {
            std::cerr << "kb-searchd: searchd.bind: " << bind
                      << " is reachable from other machines; set searchd.api_keys_file "
                         "(--api-keys-file) so that only callers with a key are answered\n";
            return EXIT_CONFIG;
        }
        // The taxonomy gives query words their topics (cross-language precedents).
        std::shared_ptr<const kb::classify::Taxonomy> taxonomy;
        const std::string taxonomy_path = path_setting("searchd.taxonomy", KB_DEFAULT_TAXONOMY);
        std::error_code ec;
        if (config().has("searchd.taxonomy") || std::filesystem::exists(taxonomy_path, ec)) {
            try {
                taxonomy = std::make_shared<const kb::classify::Taxonomy>(
                    kb::classify::Taxonomy::load(taxonomy_path));
            } catch (const kb::ConfigError& e) {
                std::cerr << "kb-searchd: " << e.what() << '\n';
                return EXIT_CONFIG;
            }
        }
        kb::searchd::StaticSite site = kb::searchd::StaticSite::embedded();
        if (config().has("searchd.web_root")) {
            try {
                site = kb::searchd::StaticSite::from_directory(path_setting("searchd.web_root"));
            } catch (const kb::ConfigError& e) {
                std::cerr << "kb-searchd: searchd.web_root: " << e.what() << '\n';
                return EXIT_CONFIG;
            }
        }
        // Index locations: relative directories from the start directory, like other paths.
        std::vector<std::string> locations;
        try {
            locations = kb::query::parse_index_locations(config().getString("index.path"));
        } catch (const kb::ConfigError& e) {
            std::cerr << "kb-searchd: index.path: " << e.what() << '\n';
            return EXIT_CONFIG;
        }
        std::string index_list;
        for (std::string& location : locations) {
            if (!location.starts_with("tcp://") && std::filesystem::path(location).is_relative()) {
                location = (start_directory_ / location).string();
            }
            index_list += (index_list.empty() ? "" : ",") + location;
        }
        kb::query::SearcherOptions searcher_options;
        searcher_options.taxonomy = taxonomy;
        // A remote shard's answer may take the whole time budget of a search, and a second.
        searcher_options.remote_timeout_ms = static_cast<unsigned>(request_timeout_ms) + 1000;
        searcher_options.remote_connect_timeout_ms =
            std::min(static_cast<unsigned>(request_timeout_ms), 5000U);
        searcher_options.remote_reconnect_s = static_cast<unsigned>(remote_reconnect_s);
        kb::searchd::SearcherCache searchers(locations, searcher_options);

        Poco::Net::ServerSocket socket;
        try {
            socket.bind(Poco::Net::SocketAddress(bind, static_cast<Poco::UInt16>(port)), true);
            socket.listen(128);
        } catch (const Poco::Exception& e) {
            std::cerr << "kb-searchd: cannot listen on " << bind << ":" << port << ": "
                      << e.displayText() << '\n';
            return EXIT_OSERR;
        }
        const Poco::UInt16 bound = socket.address().port();
        if (config().has("searchd.port_file")) {
            try {
                kb::util::write_file_atomically(path_setting("searchd.port_file"),
                                                std::to_string(bound) + "\n");
            } catch (const kb::Error& e) {
                std::cerr << "kb-searchd: " << e.what() << '\n';
                return EXIT_CANTCREAT;
            }
        }

        auto* params = new Poco::Net::HTTPServerParams;  // owned by the server (AutoPtr)
        // A thread per connection (HttpServer); the searches run on `threads` workers.
        params->setMaxThreads(max_connections);
        params->setMaxQueued(256);
        params->setKeepAlive(true);
        // Each open connection holds a connection thread: an idle keep-alive connection (a
        // browser keeps up to six) would hold one for Poco's default 10 s, and a few browsers
        // could take every thread. Two seconds still spares reconnects while typing.
        params->setKeepAliveTimeout(Poco::Timespan(2, 0));
        // How long a client may take to send a request, in all (HttpConnection): the request
        // timeout in whole seconds.
        params->setTimeout(Poco::Timespan((request_timeout_ms + 999) / 1000, 0));
        kb::searchd::HeadLimits head_limits;
        head_limits.max_body_bytes = limits.max_body_bytes;
        head_limits.max_body_wait_bytes =
            std::min(head_limits.max_body_wait_bytes, limits.max_body_bytes);
        // The router is owned by the server, which deletes it.
        kb::searchd::Metrics metrics;
        const kb::searchd::ServerContext context{searchers, metrics, access, limits, site};
        kb::searchd::HttpServer server(new kb::searchd::RequestRouter(context), socket, params,
                                       head_limits, metrics, threads);
        // Connections that arrive meanwhile wait in the listen queue, then are answered.
        if (!searchers.warm_up()) {
            logger().warning("kb-searchd: the index cannot be opened yet; answering 503");
        }
        server.start();
        logger().information("kb-searchd listening on http://" + bind + ":" +
                             std::to_string(bound) + " index=" + index_list);
        waitForTerminationRequest();
        stop_gracefully(server, socket, request_timeout_ms);
        return EXIT_OK;
    }

    // Stops `server` after the requests in flight are answered. Poco's stopAll(false) stops
    // accepting, drops the connections still queued for a thread, shuts down idle keep-alive
    // connections, and waits for each request being handled to be answered (it takes each
    // connection's lock, held while a request is read and answered); it does not wait for
    // the connection threads themselves, nor for a connection that a thread had taken from
    // the queue but not yet registered: returning while one of those still runs would tear
    // down what its handler uses. So wait until no connection is left, at most the request
    // timeout and a second more.
    void stop_gracefully(kb::searchd::HttpServer& server,
                         Poco::Net::ServerSocket& socket,
                         int request_timeout_ms) {
        logger().information("kb-searchd stopping: " + std::to_string(server.currentConnections()) +
                             " connection(s) open");
        server.stop();   // no new connections (the acceptor thread ends)
        socket.close();  // so that new clients are refused at once rather than left waiting
        server.stopAll(false);
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(request_timeout_ms + 1000);
        while (server.currentConnections() > 0 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        if (const int left = server.currentConnections(); left > 0) {
            logger().warning("kb-searchd stopped with " + std::to_string(left) +
                             " connection(s) still open after " +
                             std::to_string(request_timeout_ms + 1000) + " ms");
        } else {
            logger().information("kb-searchd stopped: every request in flight was answered");
        }
    }

public:
    // Runs an application initialised with init() in the foreground.
    int run_foreground() { return run(); }

    // The directory relative paths are taken from (the working directory at start).
    void set_start_directory(std::filesystem::path dir) { start_directory_ = std::move(dir); }

    void print_help(std::ostream& out) const {
        Poco::Util::HelpFormatter help(options());
        help.setCommand("kb-searchd");
        help.setUsage(
            "--index DIR|tcp://HOST:PORT[,...] [--bind ADDR] [--port PORT] [--port-file FILE]");
        help.setHeader("Serves the kbsearch JSON search API over HTTP.");
        help.setUnixStyle(true);
        help.format(out);
    }

private:
    std::filesystem::path start_directory_;
    std::vector<std::string> index_options_;  // every --index given, in order
};

}  // namespace

int main(int argc, char** argv) {
    // Block the stop signals before any thread exists, so that every thread inherits the
    // mask and only ServerApplication::waitForTerminationRequest (sigwait) receives them:
    // otherwise a SIGTERM can land on a worker thread, whose default action kills the
    // process without the graceful stop, or arrive before the main thread waits for it.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGQUIT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    SearchDaemon app;
    std::error_code cwd_error;
    app.set_start_directory(std::filesystem::current_path(cwd_error));
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--daemon") {
            // Poco forks, detaches and then initialises; option errors then exit 78.
            return app.run(argc, argv);
        }
    }
    try {
        app.init(argc, argv);
    } catch (const Poco::Util::OptionException& e) {
        std::cerr << "kb-searchd: " << e.displayText() << '\n';
        app.print_help(std::cerr);
        return Application::EXIT_USAGE;
    } catch (const Poco::Exception& e) {
        std::cerr << "kb-searchd: " << e.displayText() << '\n';
        return Application::EXIT_CONFIG;
    }
    return app.run_foreground();
}
