#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "extract_limits.h"

namespace kb::classify {
class Taxonomy;
}

namespace kb::indexer {

// Totals of one indexing run.
struct RunReport {
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t unchanged = 0;  // same size and mtime, or same content
    std::size_t deleted = 0;    // their files vanished
    std::size_t skipped = 0;    // unsupported file types
    std::vector<std::pair<std::string, std::string>> failed;    // path, reason
    std::vector<std::pair<std::string, std::string>> warnings;  // path, reason (e.g. sidecar)
    std::size_t failed_before = 0;  // of `failed`: unchanged files remembered as failed
    double seconds = 0.0;
};

// Where a run is, for a progress display.
struct RunProgress {
    std::size_t done = 0;   // files looked at so far
    std::size_t total = 0;  // files found by the crawl so far
};

struct RunOptions {
    bool delete_missing = true;  // delete documents whose files vanished (--no-delete: keep)
    bool retry_failed = false;   // retry files that failed and did not change since
    // Build a new generation of the index from scratch beside the live one and switch
    // readers to it atomically when it is complete (index_layout.h).
    bool rebuild = false;
    // Files larger than this are refused ("file too large"), before they are read.
    std::size_t max_file_bytes = std::size_t{100} << 20;
    // Topics, regions and types are classified with it (a sidecar's values win); null: only
    // sidecars give them.
    std::shared_ptr<const classify::Taxonomy> taxonomy;
    std::filesystem::path taxonomy_path;  // not indexed as a document if it is in a source
    std::function<void(const RunProgress&)> progress;  // called after each file; may be empty
    // Worker threads that read, extract, analyse and build documents (0: one per core);
    // the calling thread alone writes the index. The index does not depend on the number.
    std::size_t jobs = 0;
    // 0: the index is one database. N: it is split into N indexes DIR/shard-0 ..
    // DIR/shard-(N-1), each an index of its own (lock, generations, rebuild), a document
    // going to shard fnv1a64(id) % N; DIR/kb-shards records N, and a run with another N (or
    // none) is refused.
    std::size_t shards = 0;
    // Changes (documents written or deleted) between two commits; 0: the default (1,000,
    // index::IndexWriterOptions::batch_size). A kill loses at most this much work.
    std::size_t commit_every = 0;
    // Caps on the extraction of one file, for the formats extracted in a worker process
    // (isolated_extractor.h: PDF, DOCX, ODT, and any file from 4 MiB); a file over them
    // fails with the reason and is tried again on the next run.
    ExtractLimits extract;
};

// Indexes every supported file under each source folder into the index at `index_dir`,
// incrementally: a file whose size and mtime match what the index recorded is skipped
// without being read; one whose mtime alone changed is read and hashed, and skipped if its
// content is the same; changed and new files are (re)indexed; documents whose files
// vanished from a source of this run are deleted (unless !delete_missing), but never when
// that source could not be crawled completely. Files that fail are remembered in the index
// and reported, and retried only when they change (or with retry_failed). Commits in
// batches; a run that changes nothing writes nothing. A kill at any moment leaves the
// index at its last commit, and a re-run completes it: documents are replaced by id, never
// duplicated.
// Files are read, extracted and analysed on `jobs` worker threads, and written by the
// calling thread in crawl order, through bounded queues: memory does not grow with the
// corpus, and neither the index nor the report depends on the number of workers.
// Throws: IndexError if the index cannot be opened or written (nothing after the last
// commit is kept); InputError if a source folder does not exist, or InputError("--rebuild")
// / InputError("--shards") if the index directory does not fit the options.
RunReport run_index(const std::filesystem::path& index_dir,
                    const std::vector<std::filesystem::path>& sources,
                    const RunOptions& options = {});

}  // namespace kb::indexer
