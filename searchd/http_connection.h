#pragma once

#include <atomic>
#include <chrono>
#include <memory>

#include <Poco/BasicEvent.h>
#include <Poco/Mutex.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServerConnection.h>

#include "metrics.h"
#include "request_head.h"
#include "worker_pool.h"

namespace kb::searchd {

// What the connections of one HttpServer share; kept alive by each of them.
struct ConnectionShared {
    ConnectionShared(Poco::Net::HTTPServerParams::Ptr params_,
                     Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_,
                     const HeadLimits& head_limits_,
                     Metrics& metrics_,
                     int workers_)
        : params(std::move(params_)),
          handlers(std::move(handlers_)),
          head_limits(head_limits_),
          metrics(metrics_),
          workers(workers_) {}

    Poco::Net::HTTPServerParams::Ptr params;  // timeouts, keep-alive
    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers;
    HeadLimits head_limits;
    Metrics& metrics;    // also counts the answers given here (endpoint "connection")
    WorkerPool workers;  // runs the handlers
    // Fired by HttpServer::stopAll (Poco's own event of the factory is for its classes only).
    Poco::BasicEvent<const bool> server_stopped;
};

// One client connection, served on a thread of the server's pool: Poco's
// HTTPServerConnection loop (keep-alive, graceful stop, the same Poco request and response
// objects), with three changes:
//   - each request must arrive in full within the request timeout, counted from the
//     connection's start for its first request and from its first byte for the next ones
//     (wait_for_request); a client too slow gets a JSON 408 and the connection is closed;
//   - a head over HeadLimits is refused with a JSON 414 or 431, a head Poco cannot parse
//     with a JSON 400 (Poco answers a bare 400 to all of them), a request line with a
//     control character with a JSON 400, and a body over HeadLimits::max_body_bytes with a
//     JSON 413 before it is read (the handler would read it, as slowly as it comes);
//   - the handler runs on the shared WorkerPool, not on this thread, which only waits.
// Every answer given here carries an X-Request-Id and is logged and counted like the
// handler's, with endpoint "connection".
class HttpConnection : public Poco::Net::TCPServerConnection {
public:
    HttpConnection(const Poco::Net::StreamSocket& socket, std::shared_ptr<ConnectionShared> shared);
    ~HttpConnection() override;
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    void run() override;

private:
    // The server stops: the connection ends after the request being received or answered
    // (abort_current: at once).
    void on_server_stopped(const bool& abort_current);

    std::shared_ptr<ConnectionShared> shared_;
    std::chrono::steady_clock::time_point started_;
    // Held while a request is received and answered, so that a graceful stop waits for it.
    Poco::FastMutex mutex_;
    std::atomic<bool> stopped_{false};
};

}  // namespace kb::searchd
