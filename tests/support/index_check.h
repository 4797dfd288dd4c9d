#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "support/generated_folder.h"

namespace kb::test {

// What a kbsearch index holds of a GeneratedFolder, read with Xapian.
struct IndexState {
    bool exists = false;  // DIR/XAPIANDB is there (kb-indexer writes it after a first commit)
    Xapian::rev revision = 0;
    Xapian::doccount documents = 0;
    std::string stub;                               // DIR/XAPIANDB: "glass gen-N"
    std::map<std::string, std::string> version_of;  // id -> the version word its document has
    std::set<std::string> uid_terms;                // every "xquid..." term in the index
    std::set<std::string> version_terms;            // every "xqver..." term in the index
};

// Reads the index at `index_dir` (the generation layout: DIR/XAPIANDB) and adds to
// `problems` one line for each way it is inconsistent, whatever moment kb-indexer was
// killed at:
// - it does not open, or Xapian's own check (Database::check) of the live generation finds
//   errors in its B-trees;
// - a document has no id term (Q + id) or more than one, or an id term is on several
//   documents (a duplicate);
// - an id the folder never wrote, or a document without its file's uid word, or without
//   exactly one version word, or with one that file never had; stored data whose id or text
//   does not agree with the terms.
// No index at all (no stub) is no problem: `exists` says so.
IndexState read_index(const std::filesystem::path& index_dir,
                      const GeneratedFolder& folder,
                      std::vector<std::string>& problems);

// Adds to `problems` each way `state` differs from exactly the folder's files now: a file
// missing or at an old version, a deleted file still there, the word of an old version or
// the uid of a deleted file anywhere in the index.
void expect_exactly(const IndexState& state,
                    const GeneratedFolder& folder,
                    std::vector<std::string>& problems);

// The problems as one message, at most `max` of them.
std::string describe(const std::vector<std::string>& problems, std::size_t max = 20);

}  // namespace kb::test
