#include "support/http_client.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include "support/time_scale.h"

namespace kb::test {

HttpReply http_request(int port,
                       const std::string& method,
                       const std::string& uri,
                       const std::string& body,
                       const std::map<std::string, std::string>& headers,
                       int timeout_seconds) {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    session.setTimeout(Poco::Timespan(Poco::Timespan::TimeDiff{scaled_ms(timeout_seconds * 1000)} *
                                      Poco::Timespan::MILLISECONDS));
    Poco::Net::HTTPRequest request(method, uri, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : headers) {
        request.set(name, value);
    }
    if (!body.empty()) {
        if (!request.has("Content-Type")) {
            request.setContentType("application/json");
        }
        request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    HttpReply reply;
    Poco::StreamCopier::copyToString(in, reply.text);
    reply.status = static_cast<int>(response.getStatus());
    reply.content_type = response.getContentType();
    reply.body = nlohmann::json::parse(reply.text, nullptr, false);
    for (const auto& [name, value] : response) {
        reply.headers[name] = value;
    }
    return reply;
}

}  // namespace kb::test
