// kb-indexer on a full disk: the index directory is a small tmpfs (mounted by the test, as
// root), a first batch fits and is committed, then a run that cannot fit must stop with 74
// and a message that names the directory and says the disk is full, without a crash; the
// index still opens, at that last commit, with exactly the first batch; the run lock is
// free and the generation state untouched (a --rebuild on the full disk leaves no half-built
// generation behind). Once the tmpfs is made larger, a re-run completes with every file.

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "support/generated_folder.h"
#include "support/index_check.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include <fcntl.h>
#include <sched.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <unistd.h>

namespace kb::test {
namespace {

namespace fs = std::filesystem;

const std::string kIndexer = KB_INDEXER_PATH;

// Moves this process into a mount namespace of its own (once; kb-indexer, started by it,
// inherits it), so that a tmpfs mounted here vanishes with the process even if it is killed
// before it can unmount. False if it cannot (not root, or other threads share its file
// system information): mounts are then made in the shared namespace.
bool own_mount_namespace() {
    static const bool own = ::unshare(CLONE_NEWNS) == 0 &&
                            ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0;
    return own;
}

// A tmpfs of a given size mounted on a directory for the life of the object, and unmounted
// when it is destroyed (lazily: a child still in it cannot keep it mounted). Mounting
// needs root (or CAP_SYS_ADMIN): error() says why it failed.
class TmpfsMount {
public:
    TmpfsMount(fs::path dir, const std::string& size) : dir_(std::move(dir)) {
        own_mount_namespace();
        fs::create_directories(dir_);
        const std::string options = "size=" + size + ",mode=0755";
        if (::mount("tmpfs", dir_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
            errno_ = errno;
            return;
        }
        mounted_ = true;
    }
    ~TmpfsMount() {
        if (mounted_) {
            ::umount2(dir_.c_str(), MNT_DETACH);
        }
    }
    TmpfsMount(const TmpfsMount&) = delete;
    TmpfsMount& operator=(const TmpfsMount&) = delete;

    bool mounted() const { return mounted_; }
    int error() const { return errno_; }

    // Makes it `size` large, keeping its files.
    bool resize(const std::string& size) {
        const std::string options = "size=" + size + ",mode=0755";
        return ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT | MS_NOSUID | MS_NODEV,
                       options.c_str()) == 0;
    }

private:
    fs::path dir_;
    bool mounted_ = false;
    int errno_ = 0;
};

// True if nobody holds the run lock.
bool lock_is_free(const fs::path& index) {
    const int fd = ::open((index / "kb-indexer.lock").c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        return true;
    }
    const bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    ::close(fd);
    return free;
}

std::vector<std::string> generations(const fs::path& index) {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(index)) {
        if (entry.path().filename().string().rfind("gen-", 0) == 0) {
            out.push_back(entry.path().filename().string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Fills the file system of `dir` up with one file; returns its path.
fs::path fill_up(const fs::path& dir) {
    const fs::path filler = dir / "filler";
    const int fd = ::open(filler.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const std::string block(4096, 'x');
    while (fd >= 0 && ::write(fd, block.data(), block.size()) > 0) {
    }
    ::close(fd);
    return filler;
}

// The whole scenario on a tmpfs of `size`; `more` files make the second run overflow it.
// With `fits`, a second run that fits after all is no failure: *fits says so.
void fill_the_disk(const std::string& size, std::size_t more, bool* fits = nullptr) {
    const char* given_seed = std::getenv("KB_TEST_SEED");
    const std::uint64_t seed =
        given_seed != nullptr ? std::stoull(given_seed) : std::random_device{}();
    SCOPED_TRACE("tmpfs of " + size + ", seed " + std::to_string(seed) +
                 " (KB_TEST_SEED=" + std::to_string(seed) + " KB_DISK_FULL_SIZE=" + size +
                 " replays it in DiskFullLong)");
    TempDir dir;
    GeneratedFolder folder(dir / "src", KB_CORPUS_DIR "/docs", seed);
    const fs::path index = dir / "idx";
    TmpfsMount disk(index, size);  // destroyed (unmounted) before `dir` is removed
    if (!disk.mounted()) {
        if (disk.error() == EPERM) {
            GTEST_SKIP() << "cannot mount a tmpfs (" << std::strerror(disk.error())
                         << "): this test needs root";
        }
        FAIL() << "mount tmpfs: " << std::strerror(disk.error());
    }
    // One commit for the whole run (as by default, for fewer than 1,000 changes), so the
    // last commit before the disk filled up is the first batch's.
    const std::vector<std::string> argv = {kIndexer,         "--index", index.string(),
                                           "--commit-every", "1000000", folder.root().string()};

    folder.add(8);
    ProcessResult r = run_process(argv);
    ASSERT_EQ(r.exit_code, 0) << "the first batch must fit: " << r.err;
    std::vector<std::string> problems;
    const IndexState first = read_index(index, folder, problems);
    expect_exactly(first, folder, problems);
    ASSERT_TRUE(problems.empty()) << describe(problems);
    const GeneratedFolder first_batch = folder;

    folder.add(more);
    folder.edit(2);
    folder.remove(1);
    r = run_process(argv);
    if (fits != nullptr) {
        *fits = r.exit_code == 0;
        if (*fits) {
            const IndexState complete = read_index(index, folder, problems);
            expect_exactly(complete, folder, problems);
            EXPECT_TRUE(problems.empty()) << describe(problems);
            return;
        }
    }
    EXPECT_EQ(r.exit_code, 74) << r.err;
    EXPECT_NE(r.err.find(index.string() + ": the disk is full (No space left on device)"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
    std::cout << "  " << size << ": " << r.err;
    // The index is at its last commit: exactly the first batch, and Xapian's check passes.
    IndexState after = read_index(index, first_batch, problems);
    expect_exactly(after, first_batch, problems);
    EXPECT_TRUE(problems.empty()) << describe(problems);
    EXPECT_EQ(after.revision, first.revision);
    EXPECT_EQ(after.stub, first.stub);
    EXPECT_EQ(generations(index), std::vector<std::string>{"gen-1"});
    EXPECT_TRUE(lock_is_free(index));

    // A --rebuild on the full disk fails the same way and removes its unfinished generation,
    // which would otherwise hold the space until the next rebuild.
    r = run_process({kIndexer, "--index", index.string(), "--rebuild", folder.root().string()});
    EXPECT_EQ(r.exit_code, 74) << r.err;
    EXPECT_NE(r.err.find("the disk is full (No space left on device)"), std::string::npos) << r.err;
    EXPECT_EQ(generations(index), std::vector<std::string>{"gen-1"});
    problems.clear();
    after = read_index(index, first_batch, problems);
    expect_exactly(after, first_batch, problems);
    EXPECT_TRUE(problems.empty()) << describe(problems);
    EXPECT_TRUE(lock_is_free(index));

    // With room again, a re-run completes: every file, once, at its current text.
    ASSERT_TRUE(disk.resize("64m")) << std::strerror(errno);
    r = run_process(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    problems.clear();
    const IndexState complete = read_index(index, folder, problems);
    expect_exactly(complete, folder, problems);
    EXPECT_TRUE(problems.empty()) << describe(problems);

    // A report that cannot be written is 74 too, and no empty or partial report is left.
    const fs::path filler = fill_up(index);
    r = run_process({kIndexer, "--index", index.string(), "--report",
                     (index / "report.json").string(), folder.root().string()});
    EXPECT_EQ(r.exit_code, 74) << r.err;
    EXPECT_NE(r.err.find("report.json: cannot write the report: No space left on device"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(index / "report.json"));
    EXPECT_FALSE(fs::exists(index / "report.json.tmp"));
    fs::remove(filler);
}

// Two sizes: the disk fills up while documents are written, or while the commit writes the
// postings Xapian buffered until then.
TEST(DiskFull, IndexerExits74AndTheIndexStaysAtItsLastCommit) {
    fill_the_disk("512k", 300);
}

TEST(DiskFull, IndexerExits74WhenTheCommitFillsTheDisk) {
    fill_the_disk("1600k", 300);
}

// Sizes from too small for much to big enough: the disk fills up at every stage of the
// run, up to the very end of its commit (where Xapian 1.4.22 may fail to reopen the old
// revision, or throw out of a noexcept frame: see on_terminate in indexer/main.cc).
TEST(DiskFullLong, EverySizeFromTooSmallToJustTooSmall) {
    if (const char* size = std::getenv("KB_DISK_FULL_SIZE")) {
        fill_the_disk(size, 300);  // replays one size
        return;
    }
    std::vector<int> full;
    int fitted = 0;
    const auto try_size = [&](int kb) {
        bool fits = false;
        fill_the_disk(std::to_string(kb) + "k", 300, &fits);
        if (!fits) {
            full.push_back(kb);
        }
        return fits;
    };
    for (int kb = 320; kb <= 8192 && fitted == 0; kb += 96) {
        if (try_size(kb)) {
            fitted = kb;
        }
        if (::testing::Test::HasFailure() || ::testing::Test::IsSkipped()) {
            return;
        }
    }
    // Finer steps just below the size that fitted (each run has other files: about there).
    for (int kb = fitted - 80; kb < fitted && !::testing::Test::HasFailure(); kb += 16) {
        try_size(kb);
    }
    std::cout << "  " << full.size() << " sizes filled up, from " << full.front() << "k to "
              << *std::max_element(full.begin(), full.end()) << "k; " << fitted << "k fitted\n";
    EXPECT_GE(full.size(), 10u);
}

}  // namespace
}  // namespace kb::test
