#include "crawl.h"

#include <algorithm>
#include <system_error>

namespace kb::indexer {

CrawlResult crawl(const std::filesystem::path& root) {
    namespace fs = std::filesystem;
    CrawlResult result;
    std::error_code ec;
    if (fs::is_regular_file(root, ec)) {
        result.files.push_back({root, root.filename().generic_string()});
        return result;
    }
    fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
    if (ec) {
        result.errors.emplace_back(root.string(), ec.message());
        return result;
    }
    for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
        if (ec) {
            result.errors.emplace_back(it->path().string(), ec.message());
            ec.clear();
            continue;
        }
        const fs::path& path = it->path();
        const std::string name = path.filename().string();
        if (!name.empty() && name.front() == '.') {
            if (it->is_directory(ec)) {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (it->is_symlink(ec) || !it->is_regular_file(ec)) {
            continue;
        }
        result.files.push_back({path, path.lexically_relative(root).generic_string()});
    }
    std::sort(result.files.begin(), result.files.end(),
              [](const SourceFile& a, const SourceFile& b) { return a.id < b.id; });
    return result;
}

}  // namespace kb::indexer
