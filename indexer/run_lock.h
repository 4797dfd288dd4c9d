#pragma once

#include <filesystem>

namespace kb::indexer {

// Held by every kb-indexer run on an index directory, for the whole run (a rebuild builds a
// new generation and must not race a normal run writing the live one): an exclusive
// flock(2) on DIR/kb-indexer.lock, which holds the owner's pid for the message. The kernel
// releases it when the process dies, kill -9 included.
// Throws: IndexError(Locked) naming the other run's pid if it is held; IndexError(Create)
// if DIR or the lock file cannot be created.
class RunLock {
public:
    explicit RunLock(const std::filesystem::path& index_dir);
    ~RunLock();
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace kb::indexer
