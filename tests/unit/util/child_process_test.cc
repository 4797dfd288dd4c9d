#include "kb/util/child_process.h"

#include <cerrno>
#include <csignal>
#include <string>

#include <gtest/gtest.h>

#include "kb/util/error.h"

#include "support/temp_dir.h"
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace kb::util {
namespace {

// Everything readable from `fd` until end of file.
std::string read_all(int fd) {
    std::string out;
    char buffer[4096];
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            return out;
        }
        out.append(buffer, static_cast<std::size_t>(got));
    }
}

bool process_exists(pid_t pid) {
    return ::kill(pid, 0) == 0 || errno != ESRCH;
}

TEST(ChildProcess, TalksOverOneSocketForItsStandardInputAndOutput) {
    ChildProcess child({"/bin/cat"});
    const std::string message = "zażółć\ngęślą jaźń\n";
    ASSERT_EQ(::send(child.channel(), message.data(), message.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(message.size()));
    ASSERT_EQ(::shutdown(child.channel(), SHUT_WR), 0);  // cat sees the end of its input
    EXPECT_EQ(read_all(child.channel()), message);
    const int status = child.wait();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

TEST(ChildProcess, ItsStandardErrorIsAPipeToTheParent) {
    ChildProcess child({"/bin/sh", "-c", "echo 'Out of memory' >&2; exit 3"});
    EXPECT_EQ(read_all(child.error_output()), "Out of memory\n");
    const int status = child.wait();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 3) << status;
}

TEST(ChildProcess, InheritsNoOtherDescriptor) {
    kb::test::TempDir dir;
    // Opened without O_CLOEXEC, as a library might: still not inherited.
    const std::string marker = (dir / "held-open-by-the-parent").string();
    const int fd = ::open(marker.c_str(), O_CREAT | O_RDWR, 0600);  // NOLINT: the point
    ASSERT_GE(fd, 0);
    ChildProcess child({"/bin/sh", "-c", "ls -l /proc/$$/fd >&2"});
    const std::string listing = read_all(child.error_output());
    ::close(fd);
    EXPECT_NE(listing.find("socket:"), std::string::npos) << listing;
    EXPECT_EQ(listing.find("held-open-by-the-parent"), std::string::npos) << listing;
}

TEST(ChildProcess, KillStopsAndReapsIt) {
    ChildProcess child({"/bin/sleep", "60"});
    const pid_t pid = child.pid();
    const int status = child.kill();
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
    EXPECT_FALSE(process_exists(pid));  // reaped: not even a zombie
    EXPECT_EQ(child.kill(), status);    // once only
    EXPECT_EQ(child.wait(), status);
}

TEST(ChildProcess, TheDestructorKillsAndReapsIt) {
    pid_t pid = -1;
    {
        const ChildProcess child({"/bin/sleep", "60"});
        pid = child.pid();
        EXPECT_TRUE(process_exists(pid));
    }
    EXPECT_FALSE(process_exists(pid));
}

TEST(ChildProcess, WritingToADeadChildFailsWithoutSigpipe) {
    ChildProcess child({"/bin/true"});
    EXPECT_EQ(read_all(child.channel()), "");  // it exited
    const std::string data(1 << 20, 'x');
    EXPECT_EQ(::send(child.channel(), data.data(), data.size(), MSG_NOSIGNAL), -1);
    EXPECT_TRUE(errno == EPIPE || errno == ECONNRESET) << errno;
}

TEST(ChildProcess, AProgramThatCannotBeStartedIsAnError) {
    try {
        const ChildProcess child({"/nonexistent/kb-extract"});
        ADD_FAILURE() << "started";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/kb-extract: cannot start"),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace kb::util
