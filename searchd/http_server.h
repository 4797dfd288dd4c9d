#pragma once

#include <memory>

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServer.h>

#include "metrics.h"
#include "request_head.h"

namespace kb::searchd {

struct ConnectionShared;

// kb-searchd's HTTP server: Poco's HTTPServer, with connections that stand slow and
// oversized requests (HttpConnection) and a fixed pool of `workers` threads that run the
// handlers. Poco's pool gives each connection a thread (params->getMaxThreads() at most,
// params->getMaxQueued() more waiting for one); those threads only wait for requests and
// answers, so a client that sends slowly or not at all holds one of them, for at most the
// request timeout (params->getTimeout()), and never a search worker.
// Thread safety: as Poco::Net::TCPServer.
class HttpServer : public Poco::Net::TCPServer {
public:
    // Ownership of `handlers` is shared with the connections (Poco::SharedPtr).
    HttpServer(Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
               const Poco::Net::ServerSocket& socket,
               Poco::Net::HTTPServerParams::Ptr params,
               const HeadLimits& head_limits,
               Metrics& metrics,
               int workers);
    ~HttpServer() override;
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // As Poco's HTTPServer::stopAll: stops accepting (stop()), then ends every connection,
    // after the request it is receiving or answering unless `abort_current`.
    void stopAll(bool abort_current = false);

private:
    HttpServer(std::shared_ptr<ConnectionShared> shared,
               const Poco::Net::ServerSocket& socket,
               Poco::Net::HTTPServerParams::Ptr params);

    std::shared_ptr<ConnectionShared> shared_;  // with each connection
};

}  // namespace kb::searchd
