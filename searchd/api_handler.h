#pragma once

#include <Poco/Net/HTTPRequestHandler.h>

#include "access_policy.h"
#include "metrics.h"
#include "searcher_cache.h"

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
//   anything else                       -> 404 (405 for a known path with another method,
//                                          413 for a body over 64 KB)
// Every answer is counted in `metrics` under its route's name. `access` decides CORS (an
// OPTIONS preflight is answered 204 for an allowed origin, 403 otherwise) and API keys
// (401 with WWW-Authenticate: Bearer; not for the probes and the API description).
class ApiHandler : public Poco::Net::HTTPRequestHandler {
public:
    ApiHandler(SearcherCache& searchers, Metrics& metrics, const AccessPolicy& access)
        : searchers_(searchers), metrics_(metrics), access_(access) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    SearcherCache& searchers_;
    Metrics& metrics_;
    const AccessPolicy& access_;
};

}  // namespace kb::searchd
