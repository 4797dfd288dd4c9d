#pragma once

#include <chrono>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace kb::test {

// One HTTP response as read from a raw connection.
struct RawReply {
    int status = 0;                              // 0: the connection closed before a status
    std::string head;                            // status line and headers, as sent
    std::map<std::string, std::string> headers;  // by lower-case name
    std::string body;                            // Content-Length bytes (or up to the close)
    bool closed = false;                         // the server closed (or reset) the connection
    bool timed_out = false;                      // nothing more came within the time given
    nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
    std::string header(const std::string& lower_case_name) const {
        const auto it = headers.find(lower_case_name);
        return it == headers.end() ? std::string() : it->second;
    }
};

// A TCP connection to 127.0.0.1 for requests a well-behaved client would not send: bytes
// as given, a byte at a time, or none. Closed on destruction.
class RawConnection {
public:
    // Connects; throws std::runtime_error if it cannot.
    explicit RawConnection(int port);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    int fd() const { return fd_; }
    // Sends all of `data`; false if the connection broke first (no SIGPIPE).
    bool send(const std::string& data);
    // Reads one response: up to its Content-Length, the connection's end, or `timeout`.
    RawReply read_reply(std::chrono::milliseconds timeout = std::chrono::seconds(20));
    // True once the server has closed the connection (reads end) within `timeout`; the
    // bytes read meanwhile are appended to `received`.
    bool wait_closed(std::chrono::milliseconds timeout, std::string* received = nullptr);

private:
    int fd_ = -1;
    std::string pending_;  // bytes read past the last response
};

// Sends `request` on a new connection and reads the reply; when it says "Connection: close",
// waits (5 s at most) for the server to close the connection, and sets `closed` if it did.
RawReply raw_exchange(int port,
                      const std::string& request,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20));

// Parses the response in `data` (a status line, headers, a body) into `reply`; returns the
// bytes it takes, or 0 while it is incomplete (`at_end`: no more will come).
std::size_t parse_reply(const std::string& data, bool at_end, RawReply& reply);

}  // namespace kb::test
