#include "isolated_extractor.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>

#include "kb/ingest/extraction_wire.h"
#include "kb/util/child_process.h"
#include "kb/util/utf8.h"

#include "extract_worker.h"
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace kb::indexer {
namespace {

using Clock = std::chrono::steady_clock;

// Of a worker's standard error, the end is kept for the message of a crash.
constexpr std::size_t kErrorTailBytes = 4096;
constexpr std::size_t kMaxReasonLineBytes = 200;

// One request and its answer, before a deadline, with the worker's standard error read
// meanwhile (a worker blocked on a full pipe would look hung).
class Exchange {
public:
    enum class Result { Done, Closed, TimedOut };

    Exchange(util::ChildProcess& worker, Clock::time_point deadline)
        : worker_(worker), deadline_(deadline) {}

    Result send(std::string_view data) {
        while (!data.empty()) {
            const ssize_t put =
                ::send(worker_.channel(), data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
            if (put > 0) {
                data.remove_prefix(static_cast<std::size_t>(put));
            } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
                if (!wait(POLLOUT)) {
                    return Result::TimedOut;
                }
            } else if (errno != EINTR) {
                return Result::Closed;  // EPIPE, ECONNRESET: the worker is gone
            }
        }
        return Result::Done;
    }

    // Appends exactly `size` bytes to `out`.
    Result receive(std::string& out, std::size_t size) {
        std::size_t done = out.size();
        out.resize(done + size);
        while (done < out.size()) {
            const ssize_t got =
                ::recv(worker_.channel(), out.data() + done, out.size() - done, MSG_DONTWAIT);
            if (got > 0) {
                done += static_cast<std::size_t>(got);
                continue;
            }
            const bool again = got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
            if (again && !wait(POLLIN)) {
                return Result::TimedOut;
            }
            if (!again && (got == 0 || errno != EINTR)) {
                return Result::Closed;  // the end of the socket, ECONNRESET: the worker is gone
            }
        }
        return Result::Done;
    }

    // Reads standard error until it ends, which it does when the worker has exited;
    // false if the deadline came first.
    bool drain_errors() {
        while (worker_.error_output() >= 0) {
            if (!wait(0)) {
                return false;
            }
        }
        return true;
    }

    // The end of what the worker wrote on standard error during the exchange.
    const std::string& errors() const { return errors_; }

private:
    // Waits until the socket is ready for `events` (or closed), reading standard error
    // meanwhile; false at the deadline.
    bool wait(short events) {
        for (;;) {
            const auto left =
                std::chrono::ceil<std::chrono::milliseconds>(deadline_ - Clock::now());
            if (left.count() <= 0) {
                return false;
            }
            pollfd fds[2] = {{events != 0 ? worker_.channel() : -1, events, 0},
                             {worker_.error_output(), POLLIN, 0}};
            const int ready =
                ::poll(fds, 2, static_cast<int>(std::min<long>(left.count(), 60'000)));
            if (ready < 0 && errno != EINTR) {
                return false;
            }
            if (ready <= 0) {
                continue;
            }
            if (fds[1].revents != 0) {
                read_errors();
                if (events == 0) {
                    return true;
                }
            }
            if (fds[0].revents != 0) {
                return true;
            }
        }
    }

    void read_errors() {
        char buffer[4096];
        const ssize_t got = ::read(worker_.error_output(), buffer, sizeof buffer);
        if (got <= 0) {
            if (got == 0 || errno != EINTR) {
                worker_.close_error_output();
            }
            return;
        }
        errors_.append(buffer, static_cast<std::size_t>(got));
        if (errors_.size() > kErrorTailBytes) {
            errors_.erase(0, errors_.size() - kErrorTailBytes);
        }
    }

    util::ChildProcess& worker_;
    const Clock::time_point deadline_;
    std::string errors_;
};

std::string timeout_reason(const ExtractLimits& limits) {
    return std::string("extraction took longer than ") + std::to_string(limits.timeout_s) +
           " s (--extract-timeout-s)";
}

std::string memory_reason(const ExtractLimits& limits) {
    return std::string("extraction ran out of memory (limit ") + std::to_string(limits.memory_mb) +
           " MB, --extract-memory-mb)";
}

// The last line of a worker's standard error, short and valid UTF-8 ("" if none).
std::string last_line(std::string_view errors) {
    while (!errors.empty() && (errors.back() == '\n' || errors.back() == '\r')) {
        errors.remove_suffix(1);
    }
    const std::size_t start = errors.rfind('\n');
    std::string_view line = start == std::string_view::npos ? errors : errors.substr(start + 1);
    line = line.substr(0, util::utf8_prefix_length(line, kMaxReasonLineBytes));
    return util::sanitize_utf8(line);
}

// Why a worker ended in the middle of a request, from its wait status and standard error.
std::string death_reason(int status, const std::string& errors, const ExtractLimits& limits) {
    // poppler's allocator prints "Out of memory" and aborts; an uncaught std::bad_alloc
    // ends in std::terminate.
    if (errors.find("Out of memory") != std::string::npos ||
        errors.find("bad_alloc") != std::string::npos) {
        return memory_reason(limits);
    }
    std::string reason;
    if (WIFSIGNALED(status)) {
        const int signal = WTERMSIG(status);
        if (signal == SIGXCPU) {
            return timeout_reason(limits);  // the CPU-time backstop
        }
        const char* name = sigdescr_np(signal);
        reason = std::string("extractor crashed with signal ") + std::to_string(signal) +
                 (name != nullptr ? std::string(" (") + name + ")" : std::string());
    } else {
        reason = std::string("extractor exited with status ") + std::to_string(WEXITSTATUS(status));
    }
    const std::string line = last_line(errors);
    return line.empty() ? reason : reason + ": " + line;
}

}  // namespace

bool extracts_in_worker(ingest::Format format, std::size_t size) noexcept {
    switch (format) {
        case ingest::Format::Pdf:
        case ingest::Format::Docx:
        case ingest::Format::Odt:
            return true;
        case ingest::Format::Text:
        case ingest::Format::Html:
        case ingest::Format::Xml:
            break;
    }
    return size >= kWorkerFromBytes;
}

IsolatedExtractor::IsolatedExtractor(const ExtractLimits& limits) : limits_(limits) {}

IsolatedExtractor::~IsolatedExtractor() = default;

ingest::ExtractedDocument IsolatedExtractor::extract(ingest::Format format,
                                                     std::string_view bytes,
                                                     const std::string& source) {
    if (!extracts_in_worker(format, bytes.size())) {
        return ingest::extract(format, bytes, source);
    }
    return extract_in_worker(format, bytes, source);
}

void IsolatedExtractor::discard_worker(const std::string& reason) {
    worker_.reset();  // SIGKILL and reap
    throw ExtractionError(reason);
}

ingest::ExtractedDocument IsolatedExtractor::extract_in_worker(ingest::Format format,
                                                               std::string_view bytes,
                                                               const std::string& source) {
    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(limits_.timeout_s);
    if (!worker_) {
        try {
            worker_ = std::make_unique<util::ChildProcess>(extract_worker_command(limits_));
        } catch (const Error& e) {
            throw ExtractionError(std::string("cannot start an extraction worker: ") + e.what());
        }
    }
    Exchange exchange(*worker_, deadline);
    const ingest::ExtractionRequest request{format, source, bytes};
    Exchange::Result result = exchange.send(ingest::encode_request_head(request));
    if (result == Exchange::Result::Done) {
        result = exchange.send(bytes);
    }
    // A worker that stopped reading may still have answered (OutOfMemory for a request
    // too large for it): the answer is read whenever the exchange did not time out.
    std::string header;
    std::string payload;
    if (result != Exchange::Result::TimedOut) {
        result = exchange.receive(header, ingest::kFrameHeaderBytes);
    }
    if (result == Exchange::Result::Done) {
        const std::uint64_t size = ingest::frame_length(header);
        // A worker cannot have built an answer larger than its address space.
        if (size > (std::uint64_t{limits_.memory_mb} << 20)) {
            discard_worker(std::string("extractor sent a malformed answer (") +
                           std::to_string(size) + " bytes)");
        }
        result = exchange.receive(payload, static_cast<std::size_t>(size));
    }
    if (result == Exchange::Result::TimedOut) {
        discard_worker(timeout_reason(limits_));
    }
    if (result == Exchange::Result::Closed) {
        const bool exited = exchange.drain_errors();
        const int status = worker_->kill();
        discard_worker(exited ? death_reason(status, exchange.errors(), limits_)
                              : timeout_reason(limits_));
    }
    ingest::ExtractionResponse response;
    try {
        response = ingest::decode_response(payload);
    } catch (const InternalError& e) {
        discard_worker(std::string("extractor sent a malformed answer: ") + e.what());
    }
    switch (response.status) {
        case ingest::ExtractionResponse::Status::Ok:
            return std::move(response.document);
        case ingest::ExtractionResponse::Status::InputError:
            throw InputError(source, response.message);
        case ingest::ExtractionResponse::Status::OutOfMemory:
            discard_worker(memory_reason(limits_));  // the worker exits after it anyway
        case ingest::ExtractionResponse::Status::Failed:
            break;
    }
    throw ExtractionError(response.message);
}

}  // namespace kb::indexer
