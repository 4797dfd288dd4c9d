#pragma once

#include <chrono>
#include <filesystem>
#include <ostream>
#include <string>

#include "pipeline.h"

namespace kb::indexer {

// "kb-indexer: added=1 updated=2 unchanged=3 deleted=0 skipped=4 failed=0 seconds=0.5": one
// line for cron's mail.
std::string summary_line(const RunReport& report);

// Writes the report as JSON (added, updated, unchanged, deleted, skipped, failed: [{path,
// reason}], seconds) to `path`, atomically (a temporary file renamed into place).
// Throws: InputError naming the file if it cannot be written.
void write_report(const std::filesystem::path& path, const RunReport& report);

// A one-line progress display (files, files/s, ETA) redrawn in place on a terminal; does
// nothing when `out` is not a terminal, so cron gets the summary and the errors only.
class ProgressBar {
public:
    explicit ProgressBar(std::ostream& out);
    bool enabled() const { return enabled_; }
    void update(const RunProgress& progress);
    void finish();  // clears the line

private:
    std::ostream& out_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace kb::indexer
