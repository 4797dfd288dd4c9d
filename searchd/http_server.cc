#include "http_server.h"

#include <memory>

#include <Poco/Net/TCPServerConnectionFactory.h>

#include "http_connection.h"

namespace kb::searchd {
namespace {

class HttpConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
public:
    explicit HttpConnectionFactory(std::shared_ptr<ConnectionShared> shared)
        : shared_(std::move(shared)) {}
    Poco::Net::TCPServerConnection* createConnection(
        const Poco::Net::StreamSocket& socket) override {
        // Ownership passes to Poco's TCPServerDispatcher, which deletes the connection.
        return new HttpConnection(socket, shared_);
    }

private:
    std::shared_ptr<ConnectionShared> shared_;
};

}  // namespace

HttpServer::HttpServer(Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                       const Poco::Net::ServerSocket& socket,
                       Poco::Net::HTTPServerParams::Ptr params,
                       const HeadLimits& head_limits,
                       Metrics& metrics,
                       int workers)
    : HttpServer(std::make_shared<ConnectionShared>(
                     params, std::move(handlers), head_limits, metrics, workers),
                 socket,
                 params) {}

HttpServer::HttpServer(std::shared_ptr<ConnectionShared> shared,
                       const Poco::Net::ServerSocket& socket,
                       Poco::Net::HTTPServerParams::Ptr params)
    : TCPServer(new HttpConnectionFactory(shared), socket, params), shared_(std::move(shared)) {}

HttpServer::~HttpServer() = default;

void HttpServer::stopAll(bool abort_current) {
    stop();
    shared_->server_stopped(this, abort_current);
}

}  // namespace kb::searchd
