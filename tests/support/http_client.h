#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace kb::test {

// One HTTP exchange with a server on 127.0.0.1, as the integration tests see it.
struct HttpReply {
    int status = 0;
    std::string content_type;
    nlohmann::json body;  // discarded (is_discarded()) when the body is not JSON
    std::string text;     // the body as sent
    std::map<std::string, std::string> headers;  // every response header, by name as sent
    // A header's value, "" if it was not sent.
    std::string header(const std::string& name) const {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

// Sends one request to 127.0.0.1:`port` and reads the whole answer. A non-empty `body` is
// sent as application/json. Throws Poco exceptions on connection failures (the test fails)
// and when no answer came within `timeout_seconds` (times time_scale(), time_scale.h).
HttpReply http_request(int port,
                       const std::string& method,
                       const std::string& uri,
                       const std::string& body = "",
                       const std::map<std::string, std::string>& headers = {},
                       int timeout_seconds = 20);

}  // namespace kb::test
