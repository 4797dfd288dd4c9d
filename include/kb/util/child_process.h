#pragma once

#include <string>
#include <vector>

#include <sys/types.h>

namespace kb::util {

// A file descriptor, closed on destruction.
class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) noexcept : fd_(fd) {}
    ~UniqueFd() { reset(); }
    UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
    UniqueFd& operator=(UniqueFd&& other) noexcept {
        if (this != &other) {
            reset(other.release());
        }
        return *this;
    }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    int get() const noexcept { return fd_; }
    int release() noexcept {
        const int fd = fd_;
        fd_ = -1;
        return fd;
    }
    // Closes the descriptor held, if any, and holds `fd`.
    void reset(int fd = -1) noexcept;

private:
    int fd_ = -1;
};

// A child process that talks to its parent over a socket. Its standard input and output
// are both one end of a stream socket pair, whose other end the parent holds (channel());
// its standard error is a pipe the parent reads (error_output()). It inherits no other
// descriptor (so not the index's lock), default signal dispositions and an empty signal
// mask. Started with posix_spawn: no fork of a multi-threaded parent.
// The destructor kills it (SIGKILL) and reaps it, unless it was reaped already.
// Write to channel() with send(..., MSG_NOSIGNAL): a child that died must not raise
// SIGPIPE in the parent.
// Thread safety: one thread uses an object; objects are independent.
class ChildProcess {
public:
    // Starts the program `argv[0]` (a path: PATH is not searched) with arguments `argv`
    // and the parent's environment.
    // Throws: Error naming the program if it cannot be started.
    explicit ChildProcess(const std::vector<std::string>& argv);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const noexcept { return pid_; }
    int channel() const noexcept { return channel_.get(); }
    // -1 once close_error_output() was called.
    int error_output() const noexcept { return error_output_.get(); }
    void close_error_output() noexcept { error_output_.reset(); }

    // Sends SIGKILL unless it was reaped, then reaps it; returns its wait status
    // (waitpid): the status of its own exit if it had ended already.
    int kill() noexcept;
    // Waits until it ends (without a limit: for a child known to be ending), reaps it and
    // returns its wait status.
    int wait() noexcept;

private:
    pid_t pid_ = -1;
    bool reaped_ = false;
    int status_ = 0;
    UniqueFd channel_;
    UniqueFd error_output_;
};

}  // namespace kb::util
