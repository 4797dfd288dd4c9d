#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kb/query/searcher.h"

namespace kb::searchd {

// Gives each server thread its own Searcher (Xapian databases, remote shard connections and
// ICU objects are not shared between threads), created on first use: no lock on the request
// path. Every Searcher searches the same index locations (directories, sharded directories
// and tcp://HOST:PORT shards) as one.
class SearcherCache {
public:
    // `locations` as checked by query::parse_index_locations.
    SearcherCache(std::vector<std::string> locations, query::SearcherOptions options)
        : locations_(std::move(locations)), options_(std::move(options)) {}

    // The calling thread's Searcher. Throws IndexError if an index cannot be opened; the
    // next call tries again (the index may not exist yet, a remote shard may be down).
    query::Searcher& local();

    const std::vector<std::string>& locations() const { return locations_; }

    // Loads what every thread's Searcher shares (the language dictionaries, loaded on first
    // use and kept while a Searcher holds them) by one search on a Searcher kept for the
    // life of the cache: the first request then costs a thread's own set-up (~55 ms), not
    // the dictionaries' (~0.6 s). Returns false if the index cannot be opened yet.
    bool warm_up();

private:
    std::vector<std::string> locations_;
    query::SearcherOptions options_;           // its taxonomy is shared, read-only
    std::unique_ptr<query::Searcher> keeper_;  // holds the shared dictionaries
};

}  // namespace kb::searchd
