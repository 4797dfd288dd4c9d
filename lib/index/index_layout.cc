#include "kb/index/index_layout.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>
#include <vector>

#include <xapian.h>

#include "kb/index/disk_full.h"
#include "kb/index/schema.h"
#include "kb/util/error.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kb::index {
namespace {

namespace fs = std::filesystem;

constexpr const char* kStub = "XAPIANDB";
constexpr const char* kGenerationPrefix = "gen-";

// The generation number of a directory name "gen-N", or -1.
long generation_number(const std::string& name) {
    if (!name.starts_with(kGenerationPrefix) || name.size() == 4 ||
        name.find_first_not_of("0123456789", 4) != std::string::npos || name.size() > 15) {
        return -1;
    }
    return std::stol(name.substr(4));
}

std::vector<std::pair<long, fs::path>> generations(const fs::path& dir) {
    std::vector<std::pair<long, fs::path>> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const long n = generation_number(entry.path().filename().string());
        if (n >= 0 && entry.is_directory(ec)) {
            out.emplace_back(n, entry.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

void write_stub(const fs::path& dir, const fs::path& generation) {
    const fs::path tmp = dir / "XAPIANDB.tmp";
    const std::string content = "glass " + generation.filename().string() + "\n";
    // errno as the reason: "No space left on device" is the usual one.
    const auto stub_error = [&dir](int error_number) {
        if (is_disk_full(error_number)) {
            return disk_full_error(dir, "cannot write the stub file", std::strerror(error_number));
        }
        return IndexError(IndexError::Kind::Write, dir.string() + ": cannot write the stub file: " +
                                                       std::strerror(error_number));
    };
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw stub_error(errno);
    }
    const ssize_t put = ::write(fd, content.data(), content.size());
    // A short write without an errno is a full disk (write(2) reports ENOSPC on the next).
    const int write_errno = put < 0 ? errno : ENOSPC;
    const bool written = put == static_cast<ssize_t>(content.size());
    const bool synced = written && ::fsync(fd) == 0;
    const int sync_errno = errno;
    ::close(fd);
    std::error_code ec;
    if (!synced) {
        fs::remove(tmp, ec);
        throw stub_error(written ? sync_errno : write_errno);
    }
    fs::rename(tmp, dir / kStub, ec);
    if (ec) {
        throw IndexError(IndexError::Kind::Write,
                         dir.string() + ": cannot switch generation: " + ec.message());
    }
    // The rename is durable once the directory itself is synced.
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

}  // namespace

void create_index_layout(const fs::path& dir) {
    std::error_code ec;
    if (has_generations(dir) || fs::exists(dir / "iamglass", ec)) {
        return;  // an index already (with generations, or a plain glass database)
    }
    fs::create_directories(dir, ec);
    if (ec) {
        throw IndexError(IndexError::Kind::Create,
                         dir.string() + ": cannot create index directory: " + ec.message());
    }
    const fs::path first = dir / "gen-1";
    try {
        Xapian::WritableDatabase(first.string(), Xapian::DB_CREATE_OR_OPEN).close();
    } catch (const Xapian::Error& e) {
        if (is_disk_full(e)) {
            throw write_error(dir, "cannot create index", e);
        }
        throw IndexError(IndexError::Kind::Create,
                         dir.string() + ": cannot create index: " + e.get_description());
    }
    write_stub(dir, first);
}

bool has_generations(const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / kStub, ec);
}

fs::path live_generation(const fs::path& dir) {
    std::ifstream in(dir / kStub);
    std::string backend;
    std::string name;
    if (in >> backend >> name && generation_number(name) >= 0) {
        return dir / name;
    }
    return dir;
}

fs::path new_generation(const fs::path& dir) {
    const fs::path live = live_generation(dir);
    long highest = 0;
    std::error_code ec;
    for (const auto& [n, path] : generations(dir)) {
        if (path != live && n > generation_number(live.filename().string())) {
            fs::remove_all(path, ec);  // left by an interrupted rebuild
        }
        highest = std::max(highest, n);
    }
    const fs::path next = dir / (kGenerationPrefix + std::to_string(highest + 1));
    fs::create_directories(next, ec);
    if (ec) {
        throw IndexError(IndexError::Kind::Create,
                         next.string() + ": cannot create a generation: " + ec.message());
    }
    return next;
}

void switch_generation(const fs::path& dir, const fs::path& generation) {
    const fs::path previous = live_generation(dir);
    write_stub(dir, generation);
    const long keep = generation_number(previous.filename().string());
    std::error_code ec;
    for (const auto& [n, path] : generations(dir)) {
        if (n < keep) {
            fs::remove_all(path, ec);  // two switches ago: no reader is on it any more
        }
    }
}

std::string stub_signature(const fs::path& dir) {
    struct stat st {};
    if (::stat((dir / kStub).c_str(), &st) != 0) {
        return {};
    }
    return std::to_string(st.st_ino) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
           std::to_string(st.st_mtim.tv_nsec);
}

std::string schema_version(const fs::path& dir) {
    try {
        const Xapian::Database db(dir.string());
        return db.get_metadata(std::string(schema::metadata::kSchema));
    } catch (const Xapian::Error&) {
        return {};  // no index (yet), or not one Xapian can open
    }
}

}  // namespace kb::index
