#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "server_context.h"

namespace kb::searchd {

// Creates the handler of each request. Never returns nullptr (Poco would answer 501):
// the handler itself routes and answers 404 for unknown paths.
class RequestRouter : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit RequestRouter(const ServerContext& context) : context_(context) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest& request) override;

private:
    ServerContext context_;
};

}  // namespace kb::searchd
