#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace kb::searchd {

// Request counters and latency histograms by endpoint, rendered in Prometheus' text format
// (GET /metrics). Endpoint names are route names ("search", "document", ...), never raw
// paths, so the number of series stays bounded whatever clients send.
// Thread safety: all methods may be called from any thread.
class Metrics {
public:
    // Upper bounds of the latency buckets, in seconds (+Inf is implied).
    static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                        0.1,   0.25,   0.5,   1.0,  2.5};

    void record(const std::string& endpoint, int status, double seconds);

    // Every series, then the index gauges given: documents, and seconds since kb-indexer's
    // last commit (negative: unknown, left out).
    std::string render(unsigned long long index_documents, long long index_age_seconds) const;

private:
    struct Latency {
        std::array<unsigned long long, kBuckets.size()> buckets{};  // not cumulative
        unsigned long long count = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int>, unsigned long long> requests_;  // (endpoint, status)
    std::map<std::string, Latency> latency_;
};

}  // namespace kb::searchd
