#include "request_gate.h"

#include <algorithm>
#include <cerrno>
#include <string_view>
#include <thread>

#include <poll.h>
#include <sys/socket.h>

namespace kb::searchd {
namespace {

using Clock = std::chrono::steady_clock;

// Sets SO_RCVLOWAT back to 1 when the wait ends, whatever the outcome: Poco's reads would
// otherwise block until that many bytes have come.
class LowWaterMark {
public:
    explicit LowWaterMark(int fd) : fd_(fd) {}
    ~LowWaterMark() { set(1); }
    LowWaterMark(const LowWaterMark&) = delete;
    LowWaterMark& operator=(const LowWaterMark&) = delete;
    void set(int bytes) const { setsockopt(fd_, SOL_SOCKET, SO_RCVLOWAT, &bytes, sizeof bytes); }

private:
    int fd_;
};

GateResult refused(GateOutcome outcome, std::string problem) {
    GateResult result;
    result.outcome = outcome;
    result.problem = std::move(problem);
    return result;
}

}  // namespace

GateResult wait_for_request(Poco::Net::StreamSocket& socket,
                            Clock::time_point deadline,
                            const HeadLimits& limits) {
    const int fd = socket.impl()->sockfd();
    const LowWaterMark low_water_mark(fd);
    // More than the longest head the limits let through, with the longest body waited for
    // (chunked: its framing too): the scans decide before that many bytes.
    const std::size_t most_body = 2 * limits.max_body_wait_bytes + 1024;
    const std::size_t most = 1024 + limits.max_target_bytes + limits.max_header_bytes + most_body;
    std::string buffer(4096, '\0');
    std::size_t seen = 0;  // bytes peeked before the last wait
    GateResult result;
    for (;;) {
        const ssize_t got = recv(fd, buffer.data(), buffer.size(), MSG_PEEK | MSG_DONTWAIT);
        if (got == 0) {
            return result;  // Closed: the client closed without (the rest of) a request
        }
        if (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            return result;  // Closed: the connection broke
        }
        const std::size_t have = got > 0 ? static_cast<std::size_t>(got) : 0;
        if (have > 0) {
            const HeadScan scan = scan_request_head(std::string_view(buffer.data(), have), limits);
            switch (scan.verdict) {
                case HeadVerdict::TargetTooLong:
                    return refused(GateOutcome::TargetTooLong, scan.problem);
                case HeadVerdict::FieldsTooLarge:
                    return refused(GateOutcome::FieldsTooLarge, scan.problem);
                case HeadVerdict::Malformed:
                    return refused(GateOutcome::Malformed, scan.problem);
                case HeadVerdict::BodyTooLarge:
                    return refused(GateOutcome::BodyTooLarge, scan.problem);
                case HeadVerdict::Complete:
                    result.head_received = true;
                    if (scan.expect_continue && !result.continue_sent &&
                        (scan.chunked || have < scan.head_bytes + scan.body_bytes)) {
                        // The client waits for this before it sends the body.
                        constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
                        if (send(fd, kContinue.data(), kContinue.size(), MSG_NOSIGNAL) !=
                            static_cast<ssize_t>(kContinue.size())) {
                            return result;  // Closed
                        }
                        result.continue_sent = true;
                    }
                    if (scan.chunked) {
                        const std::string_view body =
                            std::string_view(buffer.data(), have).substr(scan.head_bytes);
                        const ChunkedScan chunks = scan_chunked_body(body, limits.max_body_bytes);
                        if (chunks.state == ChunkedScan::State::TooLarge) {
                            return refused(GateOutcome::BodyTooLarge,
                                           "the request body is over " +
                                               std::to_string(limits.max_body_bytes) + " bytes");
                        }
                        if (chunks.state == ChunkedScan::State::Malformed) {
                            return refused(GateOutcome::Malformed, "malformed chunked body");
                        }
                        // Complete, or longer than is waited for: the handler reads the rest.
                        if (chunks.state == ChunkedScan::State::Complete ||
                            body.size() > most_body) {
                            result.outcome = GateOutcome::Ready;
                            return result;
                        }
                    } else if (have >= scan.head_bytes + scan.body_bytes) {
                        result.outcome = GateOutcome::Ready;
                        return result;
                    }
                    break;
                case HeadVerdict::Incomplete:
                    break;
            }
            if (have == buffer.size()) {
                if (buffer.size() >= most) {
                    return refused(GateOutcome::FieldsTooLarge, "the request head is too large");
                }
                buffer.resize(std::min(most, buffer.size() * 2));
                continue;  // more may be there already
            }
        }
        const Clock::time_point now = Clock::now();
        if (now >= deadline) {
            result.outcome = GateOutcome::TimedOut;
            return result;
        }
        if (have > 0 && have <= seen) {
            // Woken without a new byte (the kernel may wake a reader below its low-water
            // mark under memory pressure): wait a little rather than spin.
            std::this_thread::sleep_for(
                std::min<Clock::duration>(deadline - now, std::chrono::milliseconds(20)));
        }
        seen = have;
        low_water_mark.set(static_cast<int>(have) + 1);
        pollfd wait{fd, POLLIN | POLLRDHUP, 0};
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
        const int ready = poll(&wait, 1, static_cast<int>(std::max<long long>(0, left.count())));
        if (ready < 0 && errno != EINTR) {
            return result;  // Closed
        }
        if (ready > 0 && (wait.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0) {
            // The client will send nothing more: whatever it sent is all there is.
            const ssize_t last = recv(fd, buffer.data(), buffer.size(), MSG_PEEK | MSG_DONTWAIT);
            if (last > 0 && static_cast<std::size_t>(last) > have) {
                continue;  // its last bytes may complete the request
            }
            return result;  // Closed
        }
    }
}

}  // namespace kb::searchd
