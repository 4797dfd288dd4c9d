#include "run_lock.h"

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "kb/util/error.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace kb::indexer {

RunLock::RunLock(const std::filesystem::path& index_dir) {
    std::error_code ec;
    std::filesystem::create_directories(index_dir, ec);
    if (ec) {
        throw IndexError(IndexError::Kind::Create,
                         index_dir.string() + ": cannot create index directory: " + ec.message());
    }
    const std::filesystem::path path = index_dir / "kb-indexer.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        throw IndexError(IndexError::Kind::Create,
                         path.string() + ": cannot create lock file: " + std::strerror(errno));
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        char pid[32] = {};
        const ssize_t n = ::pread(fd_, pid, sizeof pid - 1, 0);
        ::close(fd_);
        fd_ = -1;
        std::string owner = n > 0 ? std::string(pid, static_cast<std::size_t>(n)) : "";
        while (!owner.empty() && (owner.back() == '\n' || owner.back() == ' ')) {
            owner.pop_back();
        }
        throw IndexError(IndexError::Kind::Locked,
                         index_dir.string() + ": index is locked: another kb-indexer" +
                             (owner.empty() ? "" : " (pid " + owner + ")") +
                             " is updating it; try again when it has finished");
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) == 0) {
        [[maybe_unused]] const ssize_t written = ::pwrite(fd_, pid.data(), pid.size(), 0);
    }
}

RunLock::~RunLock() {
    if (fd_ >= 0) {
        ::close(fd_);  // releases the lock
    }
}

}  // namespace kb::indexer
