#include "request_router.h"

#include "api_handler.h"

namespace kb::searchd {

Poco::Net::HTTPRequestHandler* RequestRouter::createRequestHandler(
    const Poco::Net::HTTPServerRequest& /*request*/) {
    // Ownership passes to Poco's HTTPServerConnection, which deletes the handler.
    return new ApiHandler(context_);
}

}  // namespace kb::searchd
