#include "kb/util/child_process.h"

#include <cerrno>
#include <csignal>
#include <system_error>

#include "kb/util/error.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace kb::util {
namespace {

// posix_spawn's attributes and file actions, destroyed with their owner.
class SpawnSetup {
public:
    SpawnSetup() {
        posix_spawnattr_init(&attributes_);
        posix_spawn_file_actions_init(&actions_);
    }
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&actions_);
        posix_spawnattr_destroy(&attributes_);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;

    posix_spawnattr_t* attributes() { return &attributes_; }
    posix_spawn_file_actions_t* actions() { return &actions_; }

private:
    posix_spawnattr_t attributes_{};
    posix_spawn_file_actions_t actions_{};
};

Error spawn_error(const std::string& program, const std::string& what, int error) {
    return Error(program + ": cannot start: " + what + ": " +
                 std::generic_category().message(error));  // strerror is not thread-safe
}

}  // namespace

void UniqueFd::reset(int fd) noexcept {
    if (fd_ >= 0) {
        ::close(fd_);
    }
    fd_ = fd;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
    const std::string& program = argv.at(0);
    int channel[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, channel) != 0) {
        throw spawn_error(program, "socketpair", errno);
    }
    channel_.reset(channel[0]);
    const UniqueFd child_channel(channel[1]);
    int error_pipe[2];
    if (::pipe2(error_pipe, O_CLOEXEC) != 0) {
        throw spawn_error(program, "pipe", errno);
    }
    error_output_.reset(error_pipe[0]);
    const UniqueFd child_error(error_pipe[1]);

    SpawnSetup setup;
    // dup2 clears close-on-exec on the copies; everything else from 3 up is closed, so
    // that no descriptor another thread opened without O_CLOEXEC leaks into the child.
    posix_spawn_file_actions_adddup2(setup.actions(), child_channel.get(), 0);
    posix_spawn_file_actions_adddup2(setup.actions(), child_channel.get(), 1);
    posix_spawn_file_actions_adddup2(setup.actions(), child_error.get(), 2);
    posix_spawn_file_actions_addclosefrom_np(setup.actions(), 3);
    sigset_t none;
    sigset_t all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(setup.attributes(), &none);
    posix_spawnattr_setsigdefault(setup.attributes(), &all);
    posix_spawnattr_setflags(setup.attributes(), POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const std::string& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));  // NOLINT: posix_spawn's signature
    }
    args.push_back(nullptr);
    const int error =
        ::posix_spawn(&pid_, program.c_str(), setup.actions(), setup.attributes(), args.data(),
                      environ);  // NOLINT(concurrency-mt-unsafe): environ is only read
    if (error != 0) {
        pid_ = -1;
        throw spawn_error(program, "posix_spawn", error);
    }
}

ChildProcess::~ChildProcess() {
    kill();
}

int ChildProcess::kill() noexcept {
    if (pid_ >= 0 && !reaped_) {
        ::kill(pid_, SIGKILL);
    }
    return wait();
}

int ChildProcess::wait() noexcept {
    if (pid_ < 0 || reaped_) {
        return status_;
    }
    while (::waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
    }
    reaped_ = true;
    return status_;
}

}  // namespace kb::util
