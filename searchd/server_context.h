#pragma once

#include "access_policy.h"
#include "metrics.h"
#include "searcher_cache.h"
#include "server_limits.h"
#include "static_site.h"

namespace kb::searchd {

// What every request handler of kb-searchd works with, owned by main() and alive while the
// server runs. Everything but the searchers and the metrics is read-only once serving.
struct ServerContext {
    SearcherCache& searchers;
    Metrics& metrics;
    const AccessPolicy& access;
    const ServerLimits& limits;
    const StaticSite& site;  // the helpdesk web page
};

}  // namespace kb::searchd
