#include "request_router.h"

#include "api_handler.h"

namespace kb::searchd {

Poco::Net::HTTPRequestHandler* RequestRouter::createRequestHandler(
    const Poco::Net::HTTPServerRequest& /*request*/) {
    // Ownership passes to Poco's HTTPServerConnection, which deletes the handler.
    return new ApiHandler(searchers_, metrics_, access_, limits_);
}

}  // namespace kb::searchd
