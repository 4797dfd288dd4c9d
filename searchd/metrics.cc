#include "metrics.h"

#include <sstream>

namespace kb::searchd {

void Metrics::record(const std::string& endpoint, int status, double seconds) {
    std::lock_guard lock(mutex_);
    ++requests_[{endpoint, status}];
    Latency& l = latency_[endpoint];
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i]) {
            ++l.buckets[i];
            break;
        }
    }
    ++l.count;
    l.sum += seconds;
}

std::string Metrics::render(unsigned long long index_documents, long long index_age_seconds) const {
    std::ostringstream out;
    out.precision(9);
    std::lock_guard lock(mutex_);
    out << "# HELP kbsearch_http_requests_total Requests answered, by endpoint and status.\n"
        << "# TYPE kbsearch_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
        out << "kbsearch_http_requests_total{endpoint=\"" << key.first << "\",status=\""
            << key.second << "\"} " << n << "\n";
    }
    out << "# HELP kbsearch_http_request_duration_seconds Time to answer a request.\n"
        << "# TYPE kbsearch_http_request_duration_seconds histogram\n";
    for (const auto& [endpoint, l] : latency_) {
        unsigned long long cumulative = 0;
        for (std::size_t i = 0; i < kBuckets.size(); ++i) {
            cumulative += l.buckets[i];
            out << "kbsearch_http_request_duration_seconds_bucket{endpoint=\"" << endpoint
                << "\",le=\"" << kBuckets[i] << "\"} " << cumulative << "\n";
        }
        out << "kbsearch_http_request_duration_seconds_bucket{endpoint=\"" << endpoint
            << "\",le=\"+Inf\"} " << l.count << "\n"
            << "kbsearch_http_request_duration_seconds_sum{endpoint=\"" << endpoint << "\"} "
            << l.sum << "\n"
            << "kbsearch_http_request_duration_seconds_count{endpoint=\"" << endpoint << "\"} "
            << l.count << "\n";
    }
    out << "# HELP kbsearch_index_documents Documents in the index.\n"
        << "# TYPE kbsearch_index_documents gauge\n"
        << "kbsearch_index_documents " << index_documents << "\n";
    if (index_age_seconds >= 0) {
        out << "# HELP kbsearch_index_age_seconds Seconds since kb-indexer last committed.\n"
            << "# TYPE kbsearch_index_age_seconds gauge\n"
            << "kbsearch_index_age_seconds " << index_age_seconds << "\n";
    }
    return out.str();
}

}  // namespace kb::searchd
