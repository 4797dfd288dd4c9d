#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kb::indexer {

// A file to index and its document id (path relative to the source folder, '/'-separated).
struct SourceFile {
    std::filesystem::path path;
    std::string id;
    std::string stat;  // "size:mtime" (mtime in the file clock's ticks), for change detection
};

// What a crawl found, and what it could not enter.
struct CrawlResult {
    std::vector<SourceFile> files;                            // sorted by id
    std::vector<std::pair<std::string, std::string>> errors;  // path, reason
};

// "size:mtime" of a file, or empty if it cannot be read.
std::string stat_of(const std::filesystem::path& path);

// Lists the regular files under `root` (or `root` itself if it is a file), skipping hidden
// files and folders (names starting with '.'). Symbolic links are not followed, so a link
// loop cannot trap the crawl. Unreadable folders are reported and skipped.
CrawlResult crawl(const std::filesystem::path& root);

}  // namespace kb::indexer
