// kill -9 at random moments of kb-indexer runs over a folder that changes between them:
// after every kill the index opens at its last commit and is consistent, and a clean re-run
// leaves exactly the folder's files, each once, at their current text.
//
// The moments come from a seeded PRNG (KB_TEST_SEED=N replays a run; the seed is in every
// failure message) and are tied to what the indexer is doing, not to a guessed duration,
// so they land where meant on a loaded machine too:
//   startup    0-150 ms after the start: lock, taxonomy, crawl, the first documents
//   mid-batch  a random time into the batch after a random commit
//   in-commit  the moment a commit starts writing postlist.glass (Xapian buffers postings
//              until the commit), before or while it replaces iamglass
//   near-end   around the last batch: the deletions of vanished files and the final commit
//   rebuild    a --rebuild run, during its build of a new generation: the live one must
//              be left exactly as it was
// kb-indexer commits every --commit-every documents, so a run makes many commits.

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "support/generated_folder.h"
#include "support/index_check.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kb::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const std::string kIndexer = KB_INDEXER_PATH;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// A file's identity and last change, "" if it does not exist: iamglass is replaced (a new
// inode) at every commit; postlist.glass is written when a commit starts.
std::string signature(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return {};
    }
    return std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" +
           std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

// The generation a run writes: the live one, or for --rebuild the next one
// (index::new_generation: one above every gen-N there).
fs::path target_generation(const fs::path& index, bool rebuild) {
    if (!rebuild) {
        std::ifstream in(index / "XAPIANDB");
        std::string backend;
        std::string name;
        return in >> backend >> name ? index / name : index / "gen-1";
    }
    long highest = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(index, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("gen-", 0) == 0) {
            highest = std::max(highest, std::stol(name.substr(4)));
        }
    }
    // A new index is made with gen-1 first (index::create_index_layout).
    return index / ("gen-" + std::to_string(std::max(highest, 1L) + 1));
}

// True if nobody holds the run lock: a killed kb-indexer must not leave it taken.
bool lock_is_free(const fs::path& index) {
    const int fd = ::open((index / "kb-indexer.lock").c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        return true;  // never created
    }
    const bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    ::close(fd);  // releases it
    return free;
}

enum class Mode { Startup, MidBatch, InCommit, NearEnd, Rebuild };

const char* name(Mode m) {
    switch (m) {
        case Mode::Startup:
            return "startup";
        case Mode::MidBatch:
            return "mid-batch";
        case Mode::InCommit:
            return "in-commit";
        case Mode::NearEnd:
            return "near-end";
        case Mode::Rebuild:
            return "rebuild";
    }
    return "?";
}

// One run of kb-indexer and what became of it.
struct KillPoint {
    int round = 0;
    Mode mode = Mode::Startup;
    std::size_t work = 0;      // changes the run had to make (documents to write or delete)
    std::size_t target = 0;    // the commit the moment was tied to
    double at_ms = 0;          // the kill, after the start
    int commits_seen = 0;      // commits completed in this run before the kill
    bool in_commit = false;    // killed after a commit began writing, before it completed
    bool killed = false;       // false: the run ended first
    int exit_code = -1;        // of a run that ended
    Xapian::rev revision = 0;  // of the index after the run
    Xapian::doccount documents = 0;
};

struct Settings {
    std::size_t files = 0;         // at the start
    std::size_t commit_every = 0;  // --commit-every
    int kills = 0;                 // kill points to survive
    double change = 0.0;           // share of the files added, edited (each) between runs
};

class KillNineRuns {
public:
    KillNineRuns(const Settings& settings, std::uint64_t seed)
        : settings_(settings),
          folder_(dir_ / "src", KB_CORPUS_DIR "/docs", seed),
          index_(dir_ / "idx") {
        folder_.add(settings.files);
    }

    // Kills runs until settings_.kills kill points were survived (runs that end first are
    // checked as complete and do not count), then a clean run must complete the index.
    void run() {
        std::vector<Mode> modes;
        for (int i = 0; i < settings_.kills; ++i) {
            modes.push_back(static_cast<Mode>(i % 5));
        }
        std::shuffle(modes.begin(), modes.end(), folder_.rng());
        std::size_t next = 0;
        for (int round = 0; next < modes.size(); ++round) {
            ASSERT_LT(round, settings_.kills * 3) << "too many runs ended before their kill";
            if (round > 0) {
                change_folder();
            }
            const KillPoint point = run_and_kill(round, modes[next]);
            if (::testing::Test::HasFatalFailure()) {
                return;
            }
            points_.push_back(point);
            if (point.killed) {
                ++next;
            }
        }
        // The clean run: exit 0 and exactly the folder.
        change_folder();
        const auto start = Clock::now();
        const ProcessResult r = run_process(indexer_argv(false));
        final_ms_ = ms_since(start);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        std::vector<std::string> problems;
        const IndexState state = read_index(index_, folder_, problems);
        expect_exactly(state, folder_, problems);
        ASSERT_TRUE(problems.empty()) << describe(problems);
        checked_ += state.documents;
        // What the index recorded of each file (size, mtime, hash) survived the kills too: a
        // run right after finds nothing to do and writes nothing.
        const ProcessResult again = run_process(indexer_argv(false));
        EXPECT_EQ(again.exit_code, 0) << again.err;
        EXPECT_NE(again.out.find(" added=0 updated=0 unchanged=" +
                                 std::to_string(folder_.files().size()) + " deleted=0 "),
                  std::string::npos)
            << again.out;
        EXPECT_EQ(Xapian::Database(index_.string()).get_revision(), state.revision);
    }

    // The kill points, one line each, and the totals.
    void print(std::ostream& out, std::uint64_t seed) const {
        int kills = 0;
        int in_commit = 0;
        for (const KillPoint& p : points_) {
            out << "  round " << std::setw(2) << p.round << "  " << std::setw(9) << name(p.mode)
                << "  work " << std::setw(4) << p.work << "  commit " << std::setw(3) << p.target
                << "  at " << std::setw(7) << std::fixed << std::setprecision(1) << p.at_ms
                << " ms  commits " << std::setw(3) << p.commits_seen
                << (p.in_commit ? "  in a commit" : "            ")
                << (p.killed ? "  killed" : "  ended " + std::to_string(p.exit_code))
                << "  -> revision " << p.revision << ", " << p.documents << " documents\n";
            kills += p.killed ? 1 : 0;
            in_commit += p.in_commit ? 1 : 0;
        }
        out << "  seed " << seed << ": " << kills << " kills survived (" << in_commit
            << " in a commit) in " << points_.size() << " runs; " << checked_
            << " documents checked; " << folder_.files().size() << " files at the end, "
            << folder_.removed().size() << " deleted; clean run " << std::fixed
            << std::setprecision(0) << final_ms_ << " ms\n";
    }

private:
    std::vector<std::string> indexer_argv(bool rebuild) const {
        std::vector<std::string> argv = {kIndexer,
                                         "--index",
                                         index_.string(),
                                         "--commit-every",
                                         std::to_string(settings_.commit_every),
                                         "--jobs",
                                         "2"};
        if (rebuild) {
            argv.push_back("--rebuild");
        }
        argv.push_back(folder_.root().string());
        return argv;
    }

    void change_folder() {
        const auto n = static_cast<std::size_t>(static_cast<double>(folder_.files().size()) *
                                                settings_.change);
        folder_.add(n);
        folder_.edit(n);
        folder_.remove(n / 2);
        folder_.touch(n / 2);
    }

    // Changes the next run has to make: files whose current version the index does not
    // hold, and documents whose files are gone.
    std::size_t pending_work() const {
        std::size_t work = 0;
        for (const auto& [id, file] : folder_.files()) {
            const auto held = last_.version_of.find(id);
            work += held == last_.version_of.end() || held->second != file.version ? 1 : 0;
        }
        for (const auto& [id, version] : last_.version_of) {
            work += folder_.files().count(id) == 0 ? 1 : 0;
        }
        return work;
    }

    KillPoint run_and_kill(int round, Mode mode) {
        KillPoint point;
        point.round = round;
        point.mode = mode;
        const bool rebuild = mode == Mode::Rebuild;
        point.work = rebuild ? folder_.files().size() : pending_work();
        // Intermediate commits the run will make (the final one comes after them).
        const std::size_t commits = point.work / settings_.commit_every;
        std::mt19937_64& rng = folder_.rng();
        const auto uniform = [&rng](double lo, double hi) {
            return std::uniform_real_distribution<double>(lo, hi)(rng);
        };
        const auto pick_commit = [&] {
            return std::uniform_int_distribution<std::size_t>(
                1, std::max<std::size_t>(1, commits > 1 ? commits - 1 : 1))(rng);
        };
        double delay_ms = 0;  // after the start, or after the target commit
        switch (mode) {
            case Mode::Startup:
                delay_ms = uniform(0, 150);
                break;
            case Mode::MidBatch:
            case Mode::Rebuild:
                point.target = pick_commit();
                break;
            case Mode::InCommit:
                point.target = pick_commit();
                break;
            case Mode::NearEnd:
                point.target = std::max<std::size_t>(1, commits);
                break;
        }
        const double batch_share = mode == Mode::NearEnd ? uniform(0.2, 1.5) : uniform(0, 1);
        const IndexState before = last_;
        const fs::path generation = target_generation(index_, rebuild);

        const auto start = Clock::now();
        BackgroundProcess indexer(indexer_argv(rebuild), (dir_ / "indexer.log").string());
        std::string version_file = signature(generation / "iamglass");
        const bool existed = !version_file.empty();  // else the run creates it first
        std::string postings = signature(generation / "postlist.glass");
        double last_commit_ms = 0;
        double kill_at_ms = mode == Mode::Startup ? delay_ms : -1;
        bool flush_started = false;
        while (indexer.running()) {
            const double now = ms_since(start);
            const std::string v = signature(generation / "iamglass");
            if (v != version_file) {
                if (!version_file.empty()) {  // not the creation of the database
                    ++point.commits_seen;
                    // A batch's time: since the last commit (the first one comes after the
                    // start-up, so a batch of 15-50 documents at 300-400 a second).
                    const double interval = point.commits_seen > 1 ? now - last_commit_ms : 80;
                    last_commit_ms = now;
                    if ((mode == Mode::MidBatch || mode == Mode::NearEnd ||
                         mode == Mode::Rebuild) &&
                        static_cast<std::size_t>(point.commits_seen) == point.target) {
                        kill_at_ms = now + batch_share * interval;
                    }
                }
                version_file = v;
                flush_started = false;
            }
            const std::string p = signature(generation / "postlist.glass");
            if (p != postings) {
                if (!postings.empty() && !flush_started) {
                    flush_started = true;
                    if (mode == Mode::InCommit &&
                        static_cast<std::size_t>(point.commits_seen) + 1 == point.target) {
                        kill_at_ms = now;
                    }
                }
                postings = p;
            }
            if (kill_at_ms >= 0 && now >= kill_at_ms) {
                point.at_ms = ms_since(start);
                point.in_commit =
                    existed && flush_started && signature(generation / "iamglass") == version_file;
                break;
            }
            std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
        const int status = indexer.stop(SIGKILL, 10000);
        point.killed = status == -1;
        if (!point.killed) {
            point.exit_code = status;
            point.at_ms = ms_since(start);
            point.in_commit = false;
        }

        std::vector<std::string> problems;
        const IndexState state = read_index(index_, folder_, problems);
        point.revision = state.revision;
        point.documents = state.documents;
        checked_ += state.documents;
        const std::string where =
            std::string("round ") + std::to_string(round) + " (" + name(mode) + "): ";
        EXPECT_TRUE(lock_is_free(index_)) << where << "the run lock is still held";
        if (!point.killed) {
            // It ended before its kill: it must have completed the index.
            EXPECT_EQ(point.exit_code, 0) << where << "exit " << point.exit_code;
            expect_exactly(state, folder_, problems);
        } else if (rebuild && state.stub == "glass " + generation.filename().string()) {
            expect_exactly(state, folder_, problems);  // killed after the switch
        } else if (rebuild && before.exists) {
            // Killed before the switch: the live generation is exactly as it was.
            if (state.stub != before.stub || state.revision != before.revision ||
                state.version_of != before.version_of) {
                problems.push_back("an interrupted --rebuild changed the live index");
            }
        } else if (rebuild && state.documents != 0) {
            problems.push_back("an interrupted first --rebuild left documents in the live index");
        }
        if (last_.exists) {
            EXPECT_TRUE(state.exists) << where << "the index is gone";
        }
        EXPECT_TRUE(problems.empty()) << where << describe(problems);
        last_ = state;
        return point;
    }

    Settings settings_;
    TempDir dir_;
    GeneratedFolder folder_;
    fs::path index_;
    IndexState last_;  // after the last run
    std::vector<KillPoint> points_;
    std::size_t checked_ = 0;  // documents checked, over all the checks
    double final_ms_ = 0;
};

void kill_nine_runs(const Settings& settings) {
    const std::uint64_t seed = test_seed();
    SCOPED_TRACE("seed " + std::to_string(seed) + " (KB_TEST_SEED=" + std::to_string(seed) +
                 " replays it)");
    const auto start = Clock::now();
    KillNineRuns runs(settings, seed);
    runs.run();
    std::ostringstream out;
    runs.print(out, seed);
    std::cout << out.str() << "  total " << std::fixed << std::setprecision(1)
              << ms_since(start) / 1000 << " s\n";
}

TEST(Durability, KillNineAtRandomMomentsThenACleanRunHasExactlyTheFolder) {
    kill_nine_runs({.files = 300, .commit_every = 15, .kills = 5, .change = 0.06});
}

TEST(DurabilityLong, TwentyKillsOverThreeThousandFiles) {
    kill_nine_runs({.files = 3000, .commit_every = 50, .kills = 20, .change = 0.03});
}

}  // namespace
}  // namespace kb::test
