#pragma once

#include <csignal>
#include <string>
#include <vector>

#include <sys/types.h>

namespace kb::test {

// Output and exit status of a finished child process.
struct ProcessResult {
    int exit_code = -1;  // -1 if killed by a signal
    std::string out;
    std::string err;
};

// Runs `argv` to completion, feeding `input` on standard input.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input = {});

// A child process running in the background, stopped by its PID (SIGTERM, then SIGKILL
// after a grace period) when the object is destroyed.
class BackgroundProcess {
public:
    BackgroundProcess(const std::vector<std::string>& argv, const std::string& log_path);
    ~BackgroundProcess();
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;

    pid_t pid() const { return pid_; }
    bool running();
    // Sends `signal` and waits up to `timeout_ms` (times time_scale(), time_scale.h) for the
    // exit; returns the exit code, or -1 if it had to be killed.
    int stop(int signal = SIGTERM, int timeout_ms = 5000);

private:
    pid_t pid_ = -1;
    int status_ = 0;
    bool reaped_ = false;
};

// Waits until `path` holds a port number written by kb-searchd; 0 after `timeout_ms` (times
// time_scale(), time_scale.h).
int wait_for_port_file(const std::string& path, int timeout_ms = 10000);

}  // namespace kb::test
