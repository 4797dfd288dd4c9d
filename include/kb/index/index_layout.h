#pragma once

#include <filesystem>
#include <string>

namespace kb::index {

// An index directory holds generations of one database, so that a full rebuild can replace
// the live one atomically:
//
//   DIR/XAPIANDB   a Xapian stub file, "glass gen-N": what readers and writers open
//   DIR/gen-N/     the live database (a glass database directory)
//   DIR/gen-M/     the previous generation (M < N), kept until the next switch so that a
//                  reader still on it is never cut off; older ones are removed
//
// Xapian opens DIR through the stub for reading and writing alike. A directory that is
// itself a glass database (an index made before generations) still opens as it is.
// Thread safety: functions on one DIR must not run concurrently in several writers; the
// indexer's run lock (kb-indexer.lock) ensures that.

// Makes DIR a new, empty index of one generation unless it is an index already (a stub, or
// a plain glass database). Throws: IndexError(Create) naming DIR.
void create_index_layout(const std::filesystem::path& dir);

// True if DIR is in the generation layout (it has a stub file).
bool has_generations(const std::filesystem::path& dir);

// The live generation's directory (DIR itself for an index without generations).
std::filesystem::path live_generation(const std::filesystem::path& dir);

// Creates the directory of the next generation (empty), removing any unfinished one left by
// an interrupted rebuild. Throws: IndexError(Create).
std::filesystem::path new_generation(const std::filesystem::path& dir);

// Makes `generation` (a complete, committed database under DIR) the live one: writes the
// stub to a temporary file, syncs it and renames it over DIR/XAPIANDB, which is atomic for
// readers; then removes generations older than the one it replaced.
// Throws: IndexError(Write).
void switch_generation(const std::filesystem::path& dir, const std::filesystem::path& generation);

// A cheap signature of the stub file (inode and mtime), empty without one: a reader that
// sees it change must open DIR again, since Xapian's reopen() does not re-read a stub.
std::string stub_signature(const std::filesystem::path& dir);

// The schema version (schema::kSchemaVersion of the build that wrote it) of the index at
// `dir`, or "" if there is no readable index there or it has none.
std::string schema_version(const std::filesystem::path& dir);

}  // namespace kb::index
