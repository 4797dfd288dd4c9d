#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace kb::searchd {

// A fixed number of threads that run the requests' handlers, apart from the connection
// threads that wait for requests to arrive. A connection costs a thread while its client
// sends (or idles), and there may be hundreds; searches need the per-thread Searchers
// (SearcherCache: index handles, analysers, a few MB each) and the CPU, so they run here,
// at most `threads` at once, and a slow client never holds a Searcher.
// Thread safety: run() may be called from any thread.
class WorkerPool {
public:
    explicit WorkerPool(int threads);
    // Runs the jobs already queued, then joins the threads.
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // Runs `job` on one of the threads and returns when it has finished, rethrowing what
    // it threw. Jobs wait in order of arrival while every thread is busy.
    void run(const std::function<void()>& job);

private:
    void work();

    std::mutex mutex_;  // guards queue_ and stopping_
    std::condition_variable wake_;
    std::deque<std::packaged_task<void()>> queue_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;  // last: started once the rest is built
};

}  // namespace kb::searchd
