#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace kb::indexer {

// Totals of one indexing run.
struct RunReport {
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t skipped = 0;                                  // unsupported file types
    std::vector<std::pair<std::string, std::string>> failed;  // path, reason
    double seconds = 0.0;
};

// Indexes every supported file under each source folder into the index at `index_dir`:
// extract -> detect language -> analyse -> write, committing in batches and at the end.
// A file that fails is recorded in the report and the run goes on.
// Throws: IndexError if the index cannot be opened or written (nothing after the last
// commit is kept); InputError if a source folder does not exist.
RunReport run_index(const std::filesystem::path& index_dir,
                    const std::vector<std::filesystem::path>& sources);

}  // namespace kb::indexer
