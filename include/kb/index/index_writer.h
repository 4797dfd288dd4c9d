#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <xapian.h>

namespace kb::index {

struct IndexWriterOptions {
    // Documents changed between two commits; Xapian would flush every 10,000 anyway and
    // 1,000 was the fastest setting measured on this machine (research/limits.md).
    std::size_t batch_size = 1000;
    // A new index is created in the generation layout (index_layout.h); false opens or
    // creates a plain database in the directory itself (a generation being built).
    bool generations = true;
};

// A document the index knows the source file of (written with IndexedDocument::source_*).
struct StoredSource {
    Xapian::docid docid = 0;
    std::string root;
    std::string id;
    std::string stat;  // "size:mtime" when indexed
    std::string hash;
};

// A file that could not be indexed, remembered until it changes.
struct FailedSource {
    std::string root;
    std::string id;
    std::string path;
    std::string stat;
    std::string reason;
};

// The one writer of an index directory: creates it when missing, replaces documents by id,
// and commits in batches.
// Thread safety: one thread only. A second IndexWriter on the same directory (in this or
// another process) fails with IndexError(Locked) while this one is open.
// Throws: IndexError with Kind Create, Open, Locked or Write, naming the directory.
class IndexWriter {
public:
    explicit IndexWriter(const std::filesystem::path& directory, IndexWriterOptions options = {});
    ~IndexWriter();
    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;

    // Adds `doc` or replaces the document with the same id term; commits every batch_size.
    void put(const std::string& id_term, const Xapian::Document& doc);

    // True if a document with this id term is in the index (committed or pending).
    bool contains(const std::string& id_term) const;

    // Records in the synonym table that each folded form leads to its stem (see
    // schema::synonym::kFoldedForm); pairs already recorded by this writer are skipped.
    void add_folded_stems(const std::vector<std::pair<std::string, std::string>>& pairs);

    // The documents with source state, and the files remembered as failed.
    std::vector<StoredSource> stored_sources() const;
    std::vector<FailedSource> failed_sources() const;
    void remember_failure(const FailedSource& failure);
    void forget_failure(const std::string& root, const std::string& id);

    // Stores the facet labels and the region hierarchy for kb-searchd (JSON, see
    // schema::metadata::kFacetLabels and kRegionParents); unchanged values are not rewritten.
    void set_facet_metadata(const std::string& labels_json, const std::string& parents_json);

    // Records a new "size:mtime" for a document whose content did not change.
    void restat(Xapian::docid docid, const std::string& stat);

    // Number of changes (documents, deletions, failures) since the writer was opened.
    std::size_t changes() const { return changes_; }

    // Deletes the document with this id term, if any.
    void remove(const std::string& id_term);
    void remove(Xapian::docid docid);

    // Commits pending changes and records the index time. Always call before destruction:
    // Xapian's destructor would commit too but swallow any error.
    void commit();

    Xapian::doccount document_count() const;

private:
    std::filesystem::path directory_;
    IndexWriterOptions options_;
    Xapian::WritableDatabase db_;
    std::size_t pending_ = 0;
    std::size_t changes_ = 0;
    void count_change();
    std::unordered_set<std::string> recorded_synonyms_;  // bounded: cleared when large
};

}  // namespace kb::index
