#include "run_report.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "kb/util/error.h"

#include <unistd.h>

namespace kb::indexer {

std::string summary_line(const RunReport& r) {
    std::ostringstream line;
    line << "kb-indexer: added=" << r.added << " updated=" << r.updated
         << " unchanged=" << r.unchanged << " deleted=" << r.deleted << " skipped=" << r.skipped
         << " failed=" << r.failed.size() << " seconds=" << std::fixed << std::setprecision(2)
         << r.seconds;
    return line.str();
}

void write_report(const std::filesystem::path& path, const RunReport& r) {
    const auto list = [](const std::vector<std::pair<std::string, std::string>>& items) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& [file, reason] : items) {
            out.push_back({{"path", file}, {"reason", reason}});
        }
        return out;
    };
    const nlohmann::json failed = list(r.failed);
    const nlohmann::json j = {{"added", r.added},
                              {"updated", r.updated},
                              {"unchanged", r.unchanged},
                              {"deleted", r.deleted},
                              {"skipped", r.skipped},
                              {"failed", failed},
                              {"failed_before", r.failed_before},
                              {"warnings", list(r.warnings)},
                              {"seconds", r.seconds}};
    const std::filesystem::path tmp = path.string() + ".tmp";
    std::error_code ec;
    {
        errno = 0;
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        // A report fits in the stream's buffer: only close() writes it, and only then does a
        // full disk show (before, an empty report was put in place and kb-indexer said 0).
        out.close();
        if (!out) {
            const int error_number = errno;  // of the failed open, write or close
            std::filesystem::remove(tmp, ec);
            throw InputError(path.string(),
                             std::string("cannot write the report: ") +
                                 (error_number != 0 ? std::strerror(error_number) : "I/O error"));
        }
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        throw InputError(path.string(), "cannot write the report: " + ec.message());
    }
}

ProgressBar::ProgressBar(std::ostream& out) : out_(out), enabled_(isatty(STDERR_FILENO) != 0) {}

void ProgressBar::update(const RunProgress& p) {
    if (!enabled_) {
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_draw_ < std::chrono::milliseconds(200) && p.done < p.total) {
        return;
    }
    last_draw_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(p.done) / seconds : 0.0;
    const double eta = rate > 0 ? static_cast<double>(p.total - p.done) / rate : 0.0;
    char line[128];
    std::snprintf(line, sizeof line, "\r%zu/%zu files  %.0f files/s  ETA %d:%02d   ", p.done,
                  p.total, rate, static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
    out_ << line << std::flush;
    drawn_ = true;
}

void ProgressBar::finish() {
    if (drawn_) {
        out_ << "\r" << std::string(60, ' ') << "\r" << std::flush;
        drawn_ = false;
    }
}

}  // namespace kb::indexer
