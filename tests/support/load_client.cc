#include "support/load_client.h"

#include <algorithm>
#include <fstream>
#include <mutex>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

namespace kb::test {
namespace {

using Clock = std::chrono::steady_clock;

// One client thread's share of the results.
struct ThreadResult {
    std::size_t requests = 0;
    std::size_t errors = 0;
    std::map<int, std::size_t> statuses;
    std::vector<std::string> first_errors;
    std::vector<float> latencies_ms;

    void error(std::string what) {
        ++errors;
        if (first_errors.size() < 5) {
            first_errors.push_back(std::move(what));
        }
    }
};

void client(int port,
            std::size_t start,
            Clock::time_point end,
            const std::vector<LoadRequest>& requests,
            ThreadResult& out) {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    session.setKeepAlive(true);
    session.setTimeout(Poco::Timespan(20, 0));
    // Below kb-searchd's 2 s: a connection idle that long is opened again, never reused
    // just as the server closes it (a race every keep-alive client has, not an error).
    session.setKeepAliveTimeout(Poco::Timespan(1, 0));
    for (std::size_t i = start; Clock::now() < end; ++i) {
        const LoadRequest& r = requests[i % requests.size()];
        const Clock::time_point sent = Clock::now();
        try {
            Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, r.uri,
                                           Poco::Net::HTTPMessage::HTTP_1_1);
            request.setKeepAlive(true);
            session.sendRequest(request);
            Poco::Net::HTTPResponse response;
            std::istream& in = session.receiveResponse(response);
            std::string body;
            Poco::StreamCopier::copyToString(in, body);
            out.latencies_ms.push_back(
                std::chrono::duration<float, std::milli>(Clock::now() - sent).count());
            const int status = static_cast<int>(response.getStatus());
            ++out.requests;
            ++out.statuses[status];
            const bool complete =
                !response.hasContentLength() ||
                static_cast<std::streamsize>(body.size()) == response.getContentLength();
            if (status != r.status || !complete || body.empty()) {
                out.error(std::to_string(status) + " (expected " + std::to_string(r.status) + ", " +
                          std::to_string(body.size()) + " bytes) for " + r.uri + ": " +
                          body.substr(0, 200));
            }
        } catch (const Poco::Exception& e) {
            out.error(r.uri + ": " + e.displayText());
            session.reset();
        }
    }
}

double percentile(const std::vector<float>& sorted, double p) {
    if (sorted.empty()) {
        return 0;
    }
    const auto at = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1));
    return sorted[at];
}

}  // namespace

LoadResult run_load(int port,
                    int connections,
                    std::chrono::milliseconds duration,
                    const std::vector<LoadRequest>& requests) {
    std::vector<ThreadResult> results(static_cast<std::size_t>(connections));
    const Clock::time_point begin = Clock::now();
    const Clock::time_point end = begin + duration;
    {
        std::vector<std::jthread> threads;
        for (int i = 0; i < connections; ++i) {
            threads.emplace_back(client, port, static_cast<std::size_t>(i) * 7, end,
                                 std::cref(requests),
                                 std::ref(results[static_cast<std::size_t>(i)]));
        }
    }
    LoadResult total;
    total.seconds = std::chrono::duration<double>(Clock::now() - begin).count();
    std::vector<float> latencies;
    for (ThreadResult& r : results) {
        total.requests += r.requests;
        total.errors += r.errors;
        for (const auto& [status, count] : r.statuses) {
            total.statuses[status] += count;
        }
        for (std::string& e : r.first_errors) {
            if (total.first_errors.size() < 10) {
                total.first_errors.push_back(std::move(e));
            }
        }
        latencies.insert(latencies.end(), r.latencies_ms.begin(), r.latencies_ms.end());
    }
    std::sort(latencies.begin(), latencies.end());
    total.p50_ms = percentile(latencies, 0.50);
    total.p99_ms = percentile(latencies, 0.99);
    total.max_ms = latencies.empty() ? 0 : latencies.back();
    return total;
}

long rss_kb(pid_t pid) {
    std::string path = "/proc/";
    path += std::to_string(pid);
    path += "/status";
    std::ifstream status(path);
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::stol(line.substr(6));
        }
    }
    return -1;
}

RssSampler::RssSampler(pid_t pid, std::chrono::milliseconds period)
    : thread_([this, pid, period] {
          for (Clock::time_point next = Clock::now(); !stop_; next += period) {
              samples_.push_back(rss_kb(pid));
              std::this_thread::sleep_until(next + period);
          }
      }) {}

RssSampler::~RssSampler() {
    stop();
}

std::vector<long> RssSampler::stop() {
    stop_ = true;
    if (thread_.joinable()) {
        thread_.join();
    }
    return samples_;
}

}  // namespace kb::test
