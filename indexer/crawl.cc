#include "crawl.h"

#include <algorithm>
#include <system_error>

namespace kb::indexer {

std::string stat_of(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) {
        return {};  // unknown: the file is read and compared by content
    }
    const auto mtime = std::filesystem::last_write_time(path, ec);
    if (ec) {
        return {};
    }
    return std::to_string(size) + ":" + std::to_string(mtime.time_since_epoch().count());
}

CrawlResult crawl(const std::filesystem::path& root) {
    namespace fs = std::filesystem;
    CrawlResult result;
    std::error_code ec;
    if (fs::is_regular_file(root, ec)) {
        result.files.push_back({root, root.filename().generic_string(), stat_of(root)});
        return result;
    }
    // One directory at a time, not recursive_directory_iterator: that one ends the whole
    // walk at the first folder it cannot open, and the files after it would look deleted.
    std::vector<fs::path> folders{root};
    while (!folders.empty()) {
        const fs::path folder = std::move(folders.back());
        folders.pop_back();
        fs::directory_iterator it(folder, ec);
        if (ec) {
            result.errors.emplace_back(folder.string(), "cannot read folder: " + ec.message());
            ec.clear();
            continue;
        }
        for (const fs::directory_iterator end; it != end;) {
            const fs::directory_entry& entry = *it;
            const fs::path& path = entry.path();
            const std::string name = path.filename().string();
            if (!name.empty() && name.front() != '.') {
                if (entry.is_symlink(ec)) {
                    // not followed: a link loop cannot trap the crawl
                } else if (entry.is_directory(ec)) {
                    folders.push_back(path);
                } else if (entry.is_regular_file(ec)) {
                    result.files.push_back(
                        {path, path.lexically_relative(root).generic_string(), stat_of(path)});
                }
                ec.clear();
            }
            it.increment(ec);
            if (ec) {
                result.errors.emplace_back(folder.string(),
                                           "cannot read folder to the end: " + ec.message());
                ec.clear();
                break;
            }
        }
    }
    std::sort(result.files.begin(), result.files.end(),
              [](const SourceFile& a, const SourceFile& b) { return a.id < b.id; });
    return result;
}

}  // namespace kb::indexer
