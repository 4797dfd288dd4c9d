#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "access_policy.h"
#include "metrics.h"
#include "searcher_cache.h"
#include "server_limits.h"

namespace kb::searchd {

// Creates the handler of each request. Never returns nullptr (Poco would answer 501):
// the handler itself routes and answers 404 for unknown paths.
class RequestRouter : public Poco::Net::HTTPRequestHandlerFactory {
public:
    RequestRouter(SearcherCache& searchers,
                  Metrics& metrics,
                  const AccessPolicy& access,
                  const ServerLimits& limits)
        : searchers_(searchers), metrics_(metrics), access_(access), limits_(limits) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest& request) override;

private:
    SearcherCache& searchers_;
    Metrics& metrics_;
    const AccessPolicy& access_;
    const ServerLimits& limits_;
};

}  // namespace kb::searchd
