#include "http_connection.h"

#include <sstream>
#include <string>

#include <Poco/Delegate.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Timestamp.h>
#include <Poco/Util/Application.h>

#include "kb/query/api_json.h"

#include "request_gate.h"
#include "request_id.h"
#include <poll.h>
#include <sys/socket.h>

namespace kb::searchd {
namespace {

using Clock = std::chrono::steady_clock;
using Poco::Net::HTTPResponse;

// Poco's session, with its count of bytes read ahead: a pipelined request whose bytes Poco
// already holds is parsed from them, without the wait on the socket.
class Session : public Poco::Net::HTTPServerSession {
public:
    using HTTPServerSession::HTTPServerSession;
    using HTTPSession::buffered;
};

// An answer given by the connection itself, before a request reaches the handler.
struct Refusal {
    HTTPResponse::HTTPStatus status;
    std::string code;
    std::string message;
    std::string param;
};

Refusal refusal_of(const GateResult& gate, long long timeout_s) {
    switch (gate.outcome) {
        case GateOutcome::TimedOut:
            if (gate.head_received) {
                return {HTTPResponse::HTTP_REQUEST_TIMEOUT, "request_timeout",
                        "the request body did not arrive in full within " +
                            std::to_string(timeout_s) + " s",
                        "body"};
            }
            return {HTTPResponse::HTTP_REQUEST_TIMEOUT, "request_timeout",
                    "the request did not arrive in full within " + std::to_string(timeout_s) + " s",
                    ""};
        case GateOutcome::TargetTooLong:
            return {HTTPResponse::HTTP_REQUEST_URI_TOO_LONG, "uri_too_long", gate.problem, ""};
        case GateOutcome::FieldsTooLarge:
            return {HTTPResponse::HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE, "header_too_large",
                    gate.problem, ""};
        case GateOutcome::BodyTooLarge:
            return {HTTPResponse::HTTP_REQUESTENTITYTOOLARGE, "payload_too_large", gate.problem,
                    "body"};
        case GateOutcome::Malformed:
        case GateOutcome::Ready:
        case GateOutcome::Closed:
            break;
    }
    return {HTTPResponse::HTTP_BAD_REQUEST, "bad_request", gate.problem, ""};
}

// After an answer that closes the connection: shuts down sending and reads and drops what
// the client still sends (at most 1 MB, for at most 2 s). Closing a socket with unread
// bytes resets the connection, and the client could then lose the answer before reading
// it (a client sending a 100 KB header is still sending when it is refused).
void drain(Poco::Net::StreamSocket& socket) {
    const int fd = socket.impl()->sockfd();
    shutdown(fd, SHUT_WR);
    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(2);
    std::size_t dropped = 0;
    char buffer[8192];
    while (dropped < 1024 * 1024) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd wait{fd, POLLIN, 0};
        if (left.count() <= 0 || poll(&wait, 1, static_cast<int>(left.count())) <= 0) {
            return;
        }
        const ssize_t got = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (got <= 0) {
            return;
        }
        dropped += static_cast<std::size_t>(got);
    }
}

// Sends `refusal` as a JSON error, closes the connection, and logs and counts the answer.
void refuse(Session& session,
            const Refusal& refusal,
            ConnectionShared& shared,
            Clock::time_point begun) {
    const std::string id = next_request_id();
    try {
        Poco::Net::HTTPServerResponseImpl response(session);
        response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
        response.setStatusAndReason(refusal.status);
        response.setKeepAlive(false);
        response.setContentType("application/json; charset=utf-8");
        response.set("Cache-Control", "no-store");
        response.set("X-Content-Type-Options", "nosniff");
        response.set("X-Request-Id", id);
        const std::string body = query::error_json(refusal.code, refusal.message, refusal.param);
        response.setContentLength(static_cast<std::streamsize>(body.size()));
        response.send() << body << std::flush;
    } catch (const Poco::Exception&) {
        // The client went away: nothing to answer.
    }
    session.setKeepAlive(false);
    drain(session.socket());
    const double seconds = std::chrono::duration<double>(Clock::now() - begun).count();
    const int status = static_cast<int>(refusal.status);
    shared.metrics.record("connection", status, seconds);
    std::ostringstream line;
    line << "access id=" << id << " method=- path=- endpoint=connection status=" << status
         << " ms=" << seconds * 1000.0;
    Poco::Util::Application::instance().logger().information(line.str());
}

}  // namespace

HttpConnection::HttpConnection(const Poco::Net::StreamSocket& socket,
                               std::shared_ptr<ConnectionShared> shared)
    : TCPServerConnection(socket), shared_(std::move(shared)), started_(Clock::now()) {
    shared_->server_stopped += Poco::delegate(this, &HttpConnection::on_server_stopped);
}

HttpConnection::~HttpConnection() {
    try {
        shared_->server_stopped -= Poco::delegate(this, &HttpConnection::on_server_stopped);
    } catch (...) {
        // Nothing to do: the event is going away with the server.
    }
}

void HttpConnection::run() {
    Poco::Net::HTTPServerParams::Ptr params = shared_->params;
    const auto timeout = std::chrono::microseconds(params->getTimeout().totalMicroseconds());
    const long long timeout_s = params->getTimeout().totalSeconds();
    Session session(socket(), params);
    bool first = true;
    // The wait for the first byte of a request is Poco's (the request timeout on a new
    // connection, the keep-alive timeout after that), outside the lock: an idle connection
    // does not delay a graceful stop.
    while (!stopped_ && session.hasMoreRequests()) {
        const Clock::time_point begun = Clock::now();
        const Clock::time_point deadline = (first ? started_ : begun) + timeout;
        first = false;
        Poco::FastMutex::ScopedLock lock(mutex_);
        if (stopped_) {
            break;
        }
        bool continue_sent = false;
        if (session.buffered() == 0) {
            const GateResult gate = wait_for_request(socket(), deadline, shared_->head_limits);
            continue_sent = gate.continue_sent;
            if (gate.outcome == GateOutcome::Closed) {
                break;
            }
            if (gate.outcome != GateOutcome::Ready) {
                refuse(session, refusal_of(gate, timeout_s), *shared_, begun);
                break;
            }
        }
        try {
            Poco::Net::HTTPServerResponseImpl response(session);
            Poco::Net::HTTPServerRequestImpl request(response, session, params.get());
            response.setDate(Poco::Timestamp());
            response.setVersion(request.getVersion());
            response.setKeepAlive(params->getKeepAlive() && request.getKeepAlive() &&
                                  session.canKeepAlive());
            // The router never returns nullptr (request_router.h).
            const std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(
                shared_->handlers->createRequestHandler(request));
            if (request.getExpectContinue() && !continue_sent &&
                response.getStatus() == HTTPResponse::HTTP_OK) {
                response.sendContinue();
            }
            shared_->workers.run([&] { handler->handleRequest(request, response); });
            session.setKeepAlive(params->getKeepAlive() && response.getKeepAlive() &&
                                 session.canKeepAlive());
        } catch (const Poco::Net::NoMessageException&) {
            break;  // the client closed the connection
        } catch (const Poco::Net::MessageException& e) {
            // A head Poco cannot parse (a bad method or version, ...); not sent in part.
            refuse(session,
                   {HTTPResponse::HTTP_BAD_REQUEST, "bad_request",
                    "malformed HTTP request: " + e.message(), ""},
                   *shared_, begun);
            break;
        }
    }
}

void HttpConnection::on_server_stopped(const bool& abort_current) {
    stopped_ = true;
    // As Poco's HTTPServerConnection: a graceful stop waits for the request in progress.
    const auto shut = [this] {
        try {
            socket().shutdown();
        } catch (...) {
            // Already closed.
        }
    };
    if (abort_current) {
        shut();
    } else {
        Poco::FastMutex::ScopedLock lock(mutex_);
        shut();
    }
}

}  // namespace kb::searchd
