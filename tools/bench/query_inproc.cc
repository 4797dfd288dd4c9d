// In-process anchors for tools/bench/query: the request paths of a query file run through
// kb::query::Searcher (kbsearch without HTTP) and through bare Xapian (QueryParser, no
// analysis, exact counts over three single-valued facet slots), one thread, after a warm
// pass. Prints per-query latency percentiles and queries per second for each.
//   kb-bench-query INDEX_DIR QUERIES_FILE [kbsearch|xapian]
// INDEX_DIR may be a directory of shards (kb-indexer --shards N).
// The third argument runs only one of the two (for a profiler).

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <xapian.h>

#include "kb/index/schema.h"
#include "kb/query/searcher.h"

namespace {

using Clock = std::chrono::steady_clock;

std::string url_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i] == '+' ? ' ' : s[i];
        }
    }
    return out;
}

kb::query::SearchRequest parse_path(const std::string& path) {
    kb::query::SearchRequest request;
    const std::size_t question = path.find('?');
    std::string_view rest =
        question == std::string::npos ? "" : std::string_view(path).substr(question + 1);
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? "" : rest.substr(amp + 1);
        const std::size_t eq = pair.find('=');
        const std::string name(pair.substr(0, eq));
        const std::string value =
            url_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
        if (name == "q") {
            request.q = value;
        } else if (name == "lang") {
            request.languages.push_back(value);
        } else {
            request.filters[name].push_back(value);
        }
    }
    return request;
}

void report(const char* name, std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    double total = 0;
    for (const double m : ms) {
        total += m;
    }
    const auto at = [&](double p) {
        return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * ms.size()))];
    };
    std::printf(
        "RESULT %s queries=%zu qps_1thread=%.0f p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
        name, ms.size(), 1000.0 * static_cast<double>(ms.size()) / total, at(0.50), at(0.95),
        at(0.99), ms.back());
}

template <typename Fn>
std::vector<double> timed(const std::vector<kb::query::SearchRequest>& requests, Fn run) {
    for (const auto& r : requests) {
        run(r);  // warm: index pages and caches
    }
    std::vector<double> ms;
    for (const auto& r : requests) {
        const auto start = Clock::now();
        run(r);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    return ms;
}

// The index at `dir` for bare Xapian: its shards (kb-indexer --shards N) as one database,
// as kbsearch's Searcher opens them.
Xapian::Database open_all(const std::string& dir) {
    std::size_t shards = 0;
    if (std::ifstream in(dir + "/kb-shards"); in >> shards && shards > 0) {
        Xapian::Database all;
        for (std::size_t k = 0; k < shards; ++k) {
            all.add_database(Xapian::Database(dir + "/shard-" + std::to_string(k)));
        }
        return all;
    }
    return Xapian::Database(dir);
}

}  // namespace

int main(int argc, char** argv) {
    const std::string only = argc == 4 ? argv[3] : "";
    if ((argc != 3 && argc != 4) || (argc == 4 && only != "kbsearch" && only != "xapian")) {
        std::cerr << "usage: kb-bench-query INDEX_DIR QUERIES_FILE [kbsearch|xapian]\n";
        return 64;
    }
    std::vector<kb::query::SearchRequest> requests;
    std::ifstream in(argv[2]);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            requests.push_back(parse_path(line));
        }
    }
    namespace schema = kb::index::schema;
    try {
        if (only != "xapian") {
            kb::query::Searcher searcher(argv[1]);
            report("kbsearch_in_process", timed(requests, [&](const kb::query::SearchRequest& r) {
                       return searcher.search(r).total;
                   }));
        }
        if (only == "kbsearch") {
            return 0;
        }
        const Xapian::Database db = open_all(argv[1]);
        Xapian::QueryParser parser;
        parser.set_database(db);
        parser.set_default_op(Xapian::Query::OP_AND);
        const Xapian::doccount all = db.get_doccount();
        report("bare_xapian", timed(requests, [&](const kb::query::SearchRequest& r) {
                   Xapian::Query q =
                       r.q.empty() ? Xapian::Query::MatchAll
                                   : parser.parse_query(r.q, Xapian::QueryParser::FLAG_DEFAULT |
                                                                 Xapian::QueryParser::FLAG_PHRASE);
                   for (const std::string& lang : r.languages) {
                       q = Xapian::Query(
                           Xapian::Query::OP_FILTER, q,
                           Xapian::Query(std::string(schema::prefix::kLanguage) + lang));
                   }
                   for (const auto& [facet, values] : r.filters) {
                       const std::string_view prefix = facet == "region"  ? schema::prefix::kRegion
                                                       : facet == "topic" ? schema::prefix::kTopic
                                                                          : schema::prefix::kType;
                       q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                                         Xapian::Query(std::string(prefix) + values.front()));
                   }
                   Xapian::Enquire enquire(db);
                   enquire.set_query(q);
                   Xapian::ValueCountMatchSpy lang(schema::slot::kLanguage);
                   Xapian::ValueCountMatchSpy type(schema::slot::kType);
                   Xapian::ValueCountMatchSpy year(schema::slot::kYear);
                   enquire.add_matchspy(&lang);
                   enquire.add_matchspy(&type);
                   enquire.add_matchspy(&year);
                   const Xapian::MSet mset = enquire.get_mset(0, 10, all);
                   for (auto it = mset.begin(); it != mset.end(); ++it) {
                       (void)it.get_document().get_data();
                   }
                   return mset.get_matches_estimated();
               }));
    } catch (const Xapian::Error& e) {
        std::cerr << "kb-bench-query: " << e.get_description() << '\n';
        return 74;
    } catch (const std::exception& e) {
        std::cerr << "kb-bench-query: " << e.what() << '\n';
        return 74;
    }
    return 0;
}
