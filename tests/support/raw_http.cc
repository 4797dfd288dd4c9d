#include "support/raw_http.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace kb::test {
namespace {

using Clock = std::chrono::steady_clock;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// Waits up to `deadline` for bytes (or the end) on `fd`; appends them to `data`. Returns
// false when nothing more will come (closed or reset) and sets `timed_out` when the time ran
// out first.
bool receive_some(int fd, Clock::time_point deadline, std::string& data, bool& timed_out) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd wait{fd, POLLIN, 0};
    if (left.count() <= 0 || poll(&wait, 1, static_cast<int>(left.count())) == 0) {
        timed_out = true;
        return false;
    }
    char buffer[65536];
    const ssize_t got = recv(fd, buffer, sizeof buffer, 0);
    if (got <= 0) {
        return false;
    }
    data.append(buffer, static_cast<std::size_t>(got));
    return true;
}

}  // namespace

std::size_t parse_reply(const std::string& data, bool at_end, RawReply& reply) {
    const std::size_t head_end = data.find("\r\n\r\n");
    if (head_end == std::string::npos) {
        if (at_end) {
            reply.head = data;
            return data.size();
        }
        return 0;
    }
    reply.head = data.substr(0, head_end);
    reply.headers.clear();
    std::size_t line = reply.head.find("\r\n");
    while (line != std::string::npos) {
        const std::size_t next = reply.head.find("\r\n", line + 2);
        const std::string field = reply.head.substr(
            line + 2, next == std::string::npos ? std::string::npos : next - line - 2);
        const std::size_t colon = field.find(':');
        if (colon != std::string::npos) {
            const std::size_t value = field.find_first_not_of(' ', colon + 1);
            reply.headers[lower(field.substr(0, colon))] =
                value == std::string::npos ? "" : field.substr(value);
        }
        line = next;
    }
    if (reply.head.rfind("HTTP/1.", 0) == 0 && reply.head.size() >= 12) {
        reply.status = std::stoi(reply.head.substr(9, 3));
    }
    const std::string length = reply.header("content-length");
    const std::size_t body_begin = head_end + 4;
    if (!length.empty()) {
        const std::size_t size = std::stoul(length);
        if (data.size() - body_begin >= size) {
            reply.body = data.substr(body_begin, size);
            return body_begin + size;
        }
    }
    if (at_end) {
        reply.body = data.substr(body_begin);
        return data.size();
    }
    return 0;
}

RawConnection::RawConnection(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) {
        throw std::runtime_error("socket() failed");
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        close(fd_);
        throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
    }
}

RawConnection::~RawConnection() {
    close(fd_);
}

bool RawConnection::send(const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
        const ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

RawReply RawConnection::read_reply(std::chrono::milliseconds timeout) {
    const Clock::time_point deadline = Clock::now() + timeout;
    RawReply reply;
    for (;;) {
        if (const std::size_t taken = parse_reply(pending_, false, reply); taken > 0) {
            pending_.erase(0, taken);
            return reply;
        }
        if (!receive_some(fd_, deadline, pending_, reply.timed_out)) {
            reply.closed = !reply.timed_out;
            parse_reply(pending_, true, reply);
            pending_.clear();
            return reply;
        }
    }
}

bool RawConnection::wait_closed(std::chrono::milliseconds timeout, std::string* received) {
    const Clock::time_point deadline = Clock::now() + timeout;
    std::string data;
    bool timed_out = false;
    while (receive_some(fd_, deadline, data, timed_out)) {
    }
    if (received != nullptr) {
        received->append(data);
    }
    return !timed_out;
}

RawReply raw_exchange(int port, const std::string& request, std::chrono::milliseconds timeout) {
    RawConnection connection(port);
    connection.send(request);  // a server that refuses early may close before the end
    RawReply reply = connection.read_reply(timeout);
    if (!reply.closed && lower(reply.header("connection")) == "close") {
        reply.closed = connection.wait_closed(std::chrono::seconds(5));
    }
    return reply;
}

}  // namespace kb::test
