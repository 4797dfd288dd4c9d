#include "kb/ingest/repeated_line_filter.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "kb/util/hash.h"

#include "line_filter_internal.h"
#include "match_fold_internal.h"

namespace kb::ingest {
namespace {}  // namespace

RepeatedLineFilter::RepeatedLineFilter(RepeatedLineFilterOptions options) : options_(options) {}

bool RepeatedLineFilter::line_key(std::string_view line, std::uint64_t& key) const {
    if (line.ends_with('\n')) {
        line.remove_suffix(1);
    }
    line = trim_line(line);
    if (line.size() < options_.min_line_bytes || line.size() > options_.max_line_bytes) {
        return false;
    }
    key = util::fnv1a64(fold_for_matching(line));
    return true;
}

void RepeatedLineFilter::add_document(std::string_view text) {
    std::unordered_set<std::uint64_t> seen;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::uint64_t key = 0;
        if (line_key(text.substr(start, end - start), key)) {
            seen.insert(key);
        }
        start = end + 1;
    }
    ++documents_;
    for (const std::uint64_t key : seen) {
        auto found = counts_.find(key);
        if (found != counts_.end()) {
            ++found->second;
            continue;
        }
        if (counts_.size() >= options_.max_tracked_lines) {
            if (!saturated_) {
                forget_singletons();
                saturated_ = counts_.size() > options_.max_tracked_lines / 2;
            }
            if (saturated_ || counts_.size() >= options_.max_tracked_lines) {
                continue;
            }
        }
        counts_.emplace(key, 1);
    }
}

void RepeatedLineFilter::forget_singletons() {
    std::erase_if(counts_, [](const auto& entry) { return entry.second <= 1; });
}

bool RepeatedLineFilter::is_repeated(std::string_view line) const {
    std::uint64_t key = 0;
    if (!line_key(line, key)) {
        return false;
    }
    const auto found = counts_.find(key);
    if (found == counts_.end()) {
        return false;
    }
    const auto by_fraction =
        static_cast<std::size_t>(std::ceil(options_.fraction * static_cast<double>(documents_)));
    return found->second >= std::max(options_.min_documents, by_fraction);
}

std::string RepeatedLineFilter::strip(std::string_view text) const {
    return filter_lines(text, [this](std::string_view line) { return is_repeated(line); });
}

}  // namespace kb::ingest
