#pragma once

#include <Poco/Net/HTTPRequestHandler.h>

#include "searcher_cache.h"

namespace kb::searchd {

// Answers every request: routes by path, and turns every failure into a JSON error with
// the right status, so no request goes without a response (Poco would drop the connection
// on a non-Poco exception, and Xapian::Error is not a std::exception).
//   GET /healthz                   -> {"status":"ok"}
//   GET /api/v1/search             -> results, facets (see query::to_json)
//   GET /api/v1/documents/{id}     -> stored fields and text; the id is URL-encoded
//   anything else                  -> 404 (405 for a known path with another method)
class ApiHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit ApiHandler(SearcherCache& searchers) : searchers_(searchers) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    SearcherCache& searchers_;
};

}  // namespace kb::searchd
