#pragma once

#include <string>

namespace kb::searchd {

// A new id for a request that brought none of its own (X-Request-Id):
// "<process start, Unix seconds>-<sequence>", unique within the process and across its
// restarts. Used by every part of kb-searchd that answers, so that no two answers share one.
// Thread safety: may be called from any thread.
std::string next_request_id();

}  // namespace kb::searchd
