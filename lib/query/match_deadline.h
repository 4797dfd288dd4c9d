#pragma once

#include <chrono>

#include <xapian.h>

namespace kb::query {

// A time budget for Xapian matches. Xapian's own Enquire::set_time_limit only stops
// checking every document for exact counts; this decider also rejects every candidate once
// the deadline has passed, so the match spies (facet counts) and the ranking stop costing
// time and the match ends with the hits it had. Pass it as get_mset's MatchDecider.
class MatchDeadline : public Xapian::MatchDecider {
public:
    using Clock = std::chrono::steady_clock;
    explicit MatchDeadline(Clock::time_point deadline) : deadline_(deadline) {}

    bool operator()(const Xapian::Document&) const override {
        // The clock is read every 64 candidates: a few nanoseconds each on average.
        if (!expired_ && (++calls_ & 63) == 0 && Clock::now() >= deadline_) {
            expired_ = true;
        }
        return !expired_;
    }

    // Whether some candidate was rejected for lack of time (hits and counts are partial).
    bool expired() const { return expired_; }

private:
    Clock::time_point deadline_;
    mutable unsigned calls_ = 0;
    mutable bool expired_ = false;
};

}  // namespace kb::query
