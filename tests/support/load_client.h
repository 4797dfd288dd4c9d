#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <sys/types.h>

namespace kb::test {

// A request of a load run, and the status it must be answered with.
struct LoadRequest {
    std::string uri;  // GET
    int status = 200;
};

// What a load run saw.
struct LoadResult {
    std::size_t requests = 0;               // answered
    std::size_t errors = 0;                 // connection failures and unexpected answers
    std::map<int, std::size_t> statuses;    // answers by status
    std::vector<std::string> first_errors;  // the first few, described
    double seconds = 0;
    double p50_ms = 0;
    double p99_ms = 0;
    double max_ms = 0;
};

// Runs `connections` client threads against 127.0.0.1:`port` for `duration`, each on one
// keep-alive connection (Poco::Net::HTTPClientSession), sending `requests` in turn (each
// thread starting at another one) as fast as they are answered. An answer with another
// status than expected, or a body that is not the JSON or text of a complete answer, is an
// error; so is every connection failure (the session then reconnects).
LoadResult run_load(int port,
                    int connections,
                    std::chrono::milliseconds duration,
                    const std::vector<LoadRequest>& requests);

// The resident set size of process `pid` in kB (VmRSS), or -1 if it cannot be read.
long rss_kb(pid_t pid);

// Samples rss_kb(pid) every `period` on a thread of its own, from construction to stop().
class RssSampler {
public:
    RssSampler(pid_t pid, std::chrono::milliseconds period);
    ~RssSampler();
    RssSampler(const RssSampler&) = delete;
    RssSampler& operator=(const RssSampler&) = delete;
    // Stops sampling; the samples in kB, in order.
    std::vector<long> stop();

private:
    std::atomic<bool> stop_{false};
    std::vector<long> samples_;  // written by thread_ until stop()
    std::thread thread_;
};

}  // namespace kb::test
