#include "extract_worker.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <system_error>

#include "kb/ingest/extraction_wire.h"
#include "kb/ingest/extractor.h"
#include "kb/util/error.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

// clang has __has_feature, GCC defines __SANITIZE_ADDRESS__.
#if defined(__SANITIZE_ADDRESS__)
#define KB_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KB_ADDRESS_SANITIZER 1
#endif
#endif

namespace kb::indexer {
namespace {

// CPU seconds a file may use beyond the wall-time limit before the kernel stops the
// worker (SIGXCPU): only for a worker whose parent cannot kill it any more.
constexpr rlim_t kCpuMarginS = 5;

constexpr int kExitUsage = 64;
constexpr int kExitSoftware = 70;

std::string error_text(int error) {
    return std::generic_category().message(error);
}

template <typename T>
bool parse(const char* text, T& out) {
    const char* end = text + std::strlen(text);
    const auto [ptr, ec] = std::from_chars(text, end, out);
    return ec == std::errc() && ptr == end;
}

// Reads exactly `size` bytes; false at end of file before the first byte (the parent
// closed the socket). Throws: InternalError if the socket fails or ends within them.
bool read_exact(int fd, char* data, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
        const ssize_t got = ::read(fd, data + done, size - done);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got == 0 && done == 0) {
            return false;
        }
        if (got <= 0) {
            throw InternalError("extraction worker: the request was cut short");
        }
        done += static_cast<std::size_t>(got);
    }
    return true;
}

void write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t put = ::write(fd, data.data(), data.size());
        if (put < 0 && errno == EINTR) {
            continue;
        }
        if (put <= 0) {
            throw InternalError(std::string("extraction worker: cannot answer: ") +
                                error_text(errno));
        }
        data.remove_prefix(static_cast<std::size_t>(put));
    }
}

void set_limit(int resource, rlim_t soft, rlim_t hard) {
    const rlimit limit{soft, hard};
    if (::setrlimit(resource, &limit) != 0) {
        throw InternalError(std::string("extraction worker: setrlimit: ") + error_text(errno));
    }
}

// Lets the next file use `seconds` of CPU time from now (RLIMIT_CPU counts the whole
// process's time, so the soft limit moves on with each file).
void allow_cpu_seconds(rlim_t seconds) {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto used = static_cast<rlim_t>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + 1);
    rlimit current{};
    ::getrlimit(RLIMIT_CPU, &current);
    const rlim_t soft = used + seconds;
    set_limit(RLIMIT_CPU,
              current.rlim_max == RLIM_INFINITY ? soft : std::min(soft, current.rlim_max),
              current.rlim_max);
}

// Extracts the file of one request; never throws but for std::bad_alloc (the caller
// answers OutOfMemory).
ingest::ExtractionResponse answer(const std::string& payload) {
    ingest::ExtractionResponse response;
    try {
        const ingest::ExtractionRequest request = ingest::decode_request(payload);
        response.document = ingest::extract(request.format, request.bytes, request.source);
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const InputError& e) {
        response.status = ingest::ExtractionResponse::Status::InputError;
        response.message = e.reason();
    } catch (const std::exception& e) {
        response.status = ingest::ExtractionResponse::Status::Failed;
        response.message = e.what();
    }
    return response;
}

// Answers requests on `channel` until the parent closes it. Returns the exit code.
int serve(int channel, const ExtractLimits& limits) {
    for (;;) {
        char header[ingest::kFrameHeaderBytes];
        if (!read_exact(channel, header, sizeof header)) {
            return 0;
        }
        std::string response;
        bool out_of_memory = false;
        try {
            std::string payload(ingest::frame_length({header, sizeof header}), '\0');
            read_exact(channel, payload.data(), payload.size());
            allow_cpu_seconds(limits.timeout_s + kCpuMarginS);
            response = ingest::encode_response(answer(payload));
        } catch (const std::bad_alloc&) {
            out_of_memory = true;
        }
        if (out_of_memory) {
            ingest::ExtractionResponse failed;
            failed.status = ingest::ExtractionResponse::Status::OutOfMemory;
            write_all(channel, ingest::encode_response(failed));
            return 0;
        }
        write_all(channel, response);
    }
}

// A fatal signal right after an allocation failed (errno ENOMEM) is most likely that
// failure: C code such as gumbo uses malloc's result unchecked. Says so on standard error,
// as poppler does ("Out of memory"), and dies of the signal: the handler was reset
// (SA_RESETHAND), and the signal raised again is delivered when it returns.
extern "C" void on_fatal_signal(int signal) {
    if (errno == ENOMEM) {
        static constexpr char kMessage[] = "kb-indexer extraction worker: Out of memory\n";
        [[maybe_unused]] const ssize_t ignored = ::write(2, kMessage, sizeof kMessage - 1);
    }
    ::raise(signal);
}

void catch_fatal_signals() {
    struct sigaction action {};
    action.sa_handler = on_fatal_signal;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    for (const int signal : {SIGSEGV, SIGBUS, SIGABRT}) {
        ::sigaction(signal, &action, nullptr);
    }
}

// The worker's own set-up; returns the socket to the parent.
int set_up(const ExtractLimits& limits, pid_t parent) {
    // Killed with the parent, even by kill -9 (then its socket would tell only when
    // read). A parent that died before this line is caught by the check after it.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) {
        std::_Exit(0);
    }
    set_limit(RLIMIT_CORE, 0, 0);  // a crash on a bad file leaves no core dump behind
#ifndef KB_ADDRESS_SANITIZER
    const auto bytes = static_cast<rlim_t>(limits.memory_mb) << 20;
    set_limit(RLIMIT_AS, bytes, bytes);
#else
    // AddressSanitizer reserves terabytes of address space for its shadow memory, so any
    // RLIMIT_AS fails its next mmap (the worker dies "Failed to mmap" on every file): a
    // sanitized build (tools/sanitize.sh) extracts without the memory limit.
    (void)limits;
#endif
    catch_fatal_signals();
    // The socket moves off standard input and output: anything a library prints there
    // goes to standard error instead (which the parent reads), not into the answers.
    const int channel = ::fcntl(0, F_DUPFD_CLOEXEC, 3);
    const int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (channel < 0 || null < 0 || ::dup2(null, 0) < 0 || ::dup2(2, 1) < 0) {
        throw InternalError(std::string("extraction worker: ") + error_text(errno));
    }
    ::close(null);
    return channel;
}

}  // namespace

std::vector<std::string> extract_worker_command(const ExtractLimits& limits) {
    return {"/proc/self/exe", std::string(kExtractWorkerFlag), std::to_string(limits.memory_mb),
            std::to_string(limits.timeout_s), std::to_string(::getpid())};
}

int run_extract_worker(int argc, char** argv) noexcept {
    ExtractLimits limits;
    pid_t parent = 0;
    if (argc != 5 || argv[1] != kExtractWorkerFlag || !parse(argv[2], limits.memory_mb) ||
        !parse(argv[3], limits.timeout_s) || !parse(argv[4], parent)) {
        std::fputs("kb-indexer: --extract-worker is started by kb-indexer itself\n", stderr);
        return kExitUsage;
    }
    try {
        return serve(set_up(limits, parent), limits);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kb-indexer: %s\n", e.what());
        return kExitSoftware;
    }
}

}  // namespace kb::indexer
