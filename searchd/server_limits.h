#pragma once

#include <cstddef>

#include "kb/query/searcher.h"

namespace kb::searchd {

// The operational limits of kb-searchd, read from the command line or the config file and
// validated at start (main.cc); shared read-only by every request thread.
struct ServerLimits {
    // Time budget of one search in milliseconds (query::SearchRequest::time_limit_ms); also,
    // rounded up to whole seconds, how long the server waits for a request to be sent.
    unsigned request_timeout_ms = 10000;
    // A `q` longer than this (in bytes) is refused with 413, param "q".
    std::size_t max_query_bytes = 4096;  // at most query::kMaxQueryBytes
    // A request body longer than this (in bytes) is refused with 413, param "body".
    std::size_t max_body_bytes = 64 * 1024;
};

}  // namespace kb::searchd
