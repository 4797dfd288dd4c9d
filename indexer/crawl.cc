#include "crawl.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <system_error>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

namespace kb::indexer {

namespace {

struct DirCloser {
    void operator()(DIR* d) const noexcept { closedir(d); }
};

std::string stat_string(const struct stat& st) {
    std::string s = std::to_string(st.st_size);
    s += ':';
    s += std::to_string(static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000LL +
                        st.st_mtim.tv_nsec);
    return s;
}

}  // namespace

std::string stat_of(const std::filesystem::path& path) {
    // One stat(2) for both (std::filesystem would make two calls).
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return {};  // unknown: the file is read and compared by content
    }
    return stat_string(st);
}

CrawlResult crawl(const std::filesystem::path& root) {
    namespace fs = std::filesystem;
    CrawlResult result;
    std::error_code ec;
    if (fs::is_regular_file(root, ec)) {
        result.files.push_back({root, root.filename().generic_string(), stat_of(root)});
        return result;
    }
    // One folder at a time with readdir and fstatat relative to the open folder: no path
    // walk per file (an unchanged re-run is mostly this), and, unlike
    // recursive_directory_iterator, a folder that cannot be read is reported and the walk
    // goes on (otherwise the files after it would look deleted).
    struct Folder {
        fs::path path;
        std::string id_prefix;  // "" or "a/b/"
    };
    std::vector<Folder> folders{{root, ""}};
    while (!folders.empty()) {
        const Folder folder = std::move(folders.back());
        folders.pop_back();
        std::unique_ptr<DIR, DirCloser> dir(opendir(folder.path.c_str()));
        if (!dir) {
            result.errors.emplace_back(folder.path.string(),
                                       std::string("cannot read folder: ") + std::strerror(errno));
            continue;
        }
        const int fd = dirfd(dir.get());
        for (;;) {
            errno = 0;
            const dirent* entry = readdir(dir.get());
            if (entry == nullptr) {
                if (errno != 0) {
                    result.errors.emplace_back(
                        folder.path.string(),
                        std::string("cannot read folder to the end: ") + std::strerror(errno));
                }
                break;
            }
            const std::string name = entry->d_name;
            if (name.empty() || name.front() == '.') {
                continue;  // hidden, and . and ..
            }
            struct stat st {};
            unsigned char type = entry->d_type;
            if (type == DT_UNKNOWN || type == DT_REG) {
                // Not following links: a link loop cannot trap the crawl.
                if (fstatat(fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
                    continue;  // vanished meanwhile
                }
                type = S_ISREG(st.st_mode) ? DT_REG : S_ISDIR(st.st_mode) ? DT_DIR : DT_LNK;
            }
            if (type == DT_DIR) {
                folders.push_back({folder.path / name, folder.id_prefix + name + "/"});
            } else if (type == DT_REG) {
                result.files.push_back(
                    {folder.path / name, folder.id_prefix + name, stat_string(st)});
            }
        }
    }
    std::sort(result.files.begin(), result.files.end(),
              [](const SourceFile& a, const SourceFile& b) { return a.id < b.id; });
    return result;
}

}  // namespace kb::indexer
