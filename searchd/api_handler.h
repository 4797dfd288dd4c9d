#pragma once

#include <Poco/Net/HTTPRequestHandler.h>

#include "server_context.h"

namespace kb::searchd {

// Answers every request: routes by path, and turns every failure into a JSON error with
// the right status, so no request goes without a response (Poco would drop the connection
// on a non-Poco exception, and Xapian::Error is not a std::exception).
//   GET /healthz                        -> {"status":"ok"} (the process answers)
//   GET /readyz                         -> 200 when the index has documents, else 503
//   GET /metrics                        -> Prometheus text: requests, latency, index
//   GET|POST /api/v1/search             -> results, facets (see query::to_json); POST takes
//                                          the same fields as a JSON object
//   GET /api/v1/facets                  -> every facet value with its count and label
//   GET /api/v1/stats                   -> documents, languages, last index time
//   GET /api/v1/suggest?q=&size=        -> completions for search as you type
//   GET /api/v1/openapi.json            -> the OpenAPI 3 description (no key needed)
//   GET|POST /api/v1/analyze?text=&lang= -> the tokens, as `kb-indexer --analyze`
//   GET /api/v1/documents/{id}          -> stored fields and text; the id is URL-encoded
//   GET /api/v1/documents/{id}/similar  -> precedents in any language
//   GET /, GET /static/{name}           -> the helpdesk web page (StaticSite; no key needed:
//                                          it holds no data, its API calls need one)
//   anything else                       -> 404 (405 for a known path with another method)
// Errors: 400 a bad parameter (named in "param"); 408 a body that did not arrive in full
// within limits.request_timeout_ms (in whole seconds: Poco's socket timeout); 413 a body
// over limits.max_body_bytes or a `q` over limits.max_query_bytes; 503 "index_unavailable"
// when the index cannot be opened or read: missing, not built yet, or corrupt (kb::IndexError
// wraps every Xapian error of the index, DatabaseCorruptError included). That is a state of
// the deployment, not a fault of the request or of kb-searchd, and 503 says so: the server
// keeps running, /readyz fails while the index cannot be opened (a balancer routes
// elsewhere), and once kb-indexer (--rebuild) has written a good index the next request is
// answered, without a restart. 500 "internal" for anything else (a bug: the detail is
// logged, not sent).
// Every answer is counted in `metrics` under its route's name. `access` decides CORS (an
// OPTIONS preflight is answered 204 for an allowed origin, 403 otherwise) and API keys
// (401 with WWW-Authenticate: Bearer; not for the probes and the API description).
class ApiHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit ApiHandler(const ServerContext& context)
        : searchers_(context.searchers),
          metrics_(context.metrics),
          access_(context.access),
          limits_(context.limits),
          site_(context.site) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    SearcherCache& searchers_;
    Metrics& metrics_;
    const AccessPolicy& access_;
    const ServerLimits& limits_;
    const StaticSite& site_;
};

}  // namespace kb::searchd
