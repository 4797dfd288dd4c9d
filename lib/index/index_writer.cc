#include "kb/index/index_writer.h"

#include <cstdio>
#include <ctime>
#include <map>
#include <system_error>

#include <nlohmann/json.hpp>

#include "kb/index/disk_full.h"
#include "kb/index/index_layout.h"
#include "kb/index/schema.h"
#include "kb/util/error.h"
#include "kb/util/hash.h"

namespace kb::index {
namespace {

Xapian::WritableDatabase open_writable(const std::filesystem::path& directory, bool generations) {
    if (generations) {
        create_index_layout(directory);
    }
    std::error_code ec;
    std::filesystem::create_directories(
        directory.parent_path().empty() ? "." : directory.parent_path(), ec);
    if (ec) {
        throw IndexError(IndexError::Kind::Create,
                         directory.string() + ": cannot create parent directory: " + ec.message());
    }
    try {
        return Xapian::WritableDatabase(directory.string(), Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError& e) {
        throw IndexError(
            IndexError::Kind::Locked,
            directory.string() + ": index is locked by another writer (" + e.get_msg() + ")");
    } catch (const Xapian::DatabaseCreateError& e) {
        if (is_disk_full(e)) {  // 74 as for any other write, not 73: only space is missing
            throw write_error(directory, "cannot create index", e);
        }
        throw IndexError(IndexError::Kind::Create,
                         directory.string() + ": cannot create index: " + e.get_description());
    } catch (const Xapian::Error& e) {
        if (is_disk_full(e)) {
            throw write_error(directory, "cannot open index", e);
        }
        throw IndexError(IndexError::Kind::Open,
                         directory.string() + ": cannot open index: " + e.get_description());
    }
}

}  // namespace

IndexWriter::IndexWriter(const std::filesystem::path& directory, IndexWriterOptions options)
    : directory_(directory), options_(options), db_(open_writable(directory, options.generations)) {
    const std::string schema = db_.get_metadata(std::string(schema::metadata::kSchema));
    if (!schema.empty() && schema != schema::kSchemaVersion) {
        throw IndexError(IndexError::Kind::Open,
                         directory.string() + ": index has schema version " + schema +
                             ", this build writes " + std::string(schema::kSchemaVersion) +
                             "; run kb-indexer --rebuild (or index into a new directory)");
    }
}

IndexWriter::~IndexWriter() = default;

void IndexWriter::put(const std::string& id_term, const Xapian::Document& doc) {
    try {
        db_.replace_document(id_term, doc);
    } catch (const Xapian::Error& e) {
        throw write_error(directory_, "cannot write document", e);
    }
    count_change();
}

void IndexWriter::add_folded_stems(const std::vector<std::pair<std::string, std::string>>& pairs) {
    constexpr std::size_t kMaxRecorded = 1'000'000;
    try {
        for (const auto& [folded, stem] : pairs) {
            std::string key(schema::synonym::kFoldedForm);
            key += folded;
            if (recorded_synonyms_.size() >= kMaxRecorded) {
                recorded_synonyms_.clear();
            }
            if (recorded_synonyms_.insert(key + '\n' + stem).second) {
                db_.add_synonym(key, stem);
            }
        }
    } catch (const Xapian::Error& e) {
        throw write_error(directory_, "cannot write synonyms", e);
    }
}

void IndexWriter::remove(const std::string& id_term) {
    try {
        db_.delete_document(id_term);
    } catch (const Xapian::Error& e) {
        throw write_error(directory_, "cannot delete document", e);
    }
    count_change();
}

void IndexWriter::commit() {
    try {
        db_.set_metadata(std::string(schema::metadata::kSchema),
                         std::string(schema::kSchemaVersion));
        db_.set_metadata(std::string(schema::metadata::kLastIndexTime),
                         std::to_string(static_cast<long long>(std::time(nullptr))));
        db_.commit();
    } catch (const Xapian::Error& e) {
        throw write_error(directory_, "commit failed", e);
    }
    pending_ = 0;
}

void IndexWriter::count_change() {
    ++changes_;
    if (++pending_ >= options_.batch_size) {
        commit();
    }
}

namespace {

std::string failure_key(const std::string& root, const std::string& id) {
    // Hashed: keys stay short whatever the path.
    return std::string(schema::metadata::kFailedPrefix) +
           util::hex16(util::fnv1a64(root + '\0' + id));
}

}  // namespace

std::vector<StoredSource> IndexWriter::stored_sources() const {
    std::vector<StoredSource> out;
    try {
        // One pass over each value stream, merged by document id into a dense table (doc ids
        // are assigned in sequence, so the table is about as long as the index).
        std::vector<StoredSource> by_docid(static_cast<std::size_t>(db_.get_lastdocid()) + 1);
        const auto fill = [&](Xapian::valueno slot, std::string StoredSource::*field) {
            for (auto it = db_.valuestream_begin(slot); it != db_.valuestream_end(slot); ++it) {
                const Xapian::docid docid = it.get_docid();
                if (docid < by_docid.size()) {
                    by_docid[docid].*field = *it;
                    by_docid[docid].docid = docid;
                }
            }
        };
        fill(schema::slot::kSourceRoot, &StoredSource::root);
        fill(schema::slot::kSourceId, &StoredSource::id);
        fill(schema::slot::kSourceStat, &StoredSource::stat);
        fill(schema::slot::kContentHash, &StoredSource::hash);
        for (StoredSource& source : by_docid) {
            if (source.docid != 0 && !source.root.empty()) {
                out.push_back(std::move(source));
            }
        }
    } catch (const Xapian::Error& e) {
        throw IndexError(IndexError::Kind::Open,
                         directory_.string() + ": cannot read index: " + e.get_description());
    }
    return out;
}

std::vector<FailedSource> IndexWriter::failed_sources() const {
    std::vector<FailedSource> out;
    try {
        const std::string prefix(schema::metadata::kFailedPrefix);
        for (auto it = db_.metadata_keys_begin(prefix); it != db_.metadata_keys_end(prefix); ++it) {
            const nlohmann::json j = nlohmann::json::parse(db_.get_metadata(*it), nullptr, false);
            if (!j.is_object()) {
                continue;  // not ours, or damaged: the file is simply retried
            }
            out.push_back(FailedSource{j.value("root", ""), j.value("id", ""), j.value("path", ""),
                                       j.value("stat", ""), j.value("reason", "")});
        }
    } catch (const Xapian::Error& e) {
        throw IndexError(IndexError::Kind::Open,
                         directory_.string() + ": cannot read index: " + e.get_description());
    }
    return out;
}

void IndexWriter::remember_failure(const FailedSource& f) {
    const nlohmann::json j = {
        {"root", f.root}, {"id", f.id}, {"path", f.path}, {"stat", f.stat}, {"reason", f.reason}};
    try {
        db_.set_metadata(failure_key(f.root, f.id),
                         j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    } catch (const Xapian::Error& e) {
        throw write_error(directory_, "cannot record a failed file", e);
    }
    count_change();
}

void IndexWriter::forget_failure(const std::string& root, const std::string& id) {
    try {
        const std::string key = failure_key(root, id);
        if (db_.get_metadata(key).empty()) {
            return;
        }
        db_.set_metadata(key, "");  // an empty value deletes the entry
    } catch (const Xapian::Error& e) {
        throw write_error(directory_, "cannot forget a failed file", e);
    }
    count_change();
}

void IndexWriter::set_facet_metadata(const std::string& labels_json,
                                     const std::string& parents_json) {
    try {
        for (const auto& [key, value] :
             {std::pair{std::string(schema::metadata::kFacetLabels), labels_json},
              std::pair{std::string(schema::metadata::kRegionParents), parents_json}}) {
            if (db_.get_metadata(key) != value) {
                db_.set_metadata(key, value);
                count_change();
            }
        }
    } catch (const Xapian::Error& e) {
        throw write_error(directory_, "cannot write facet labels", e);
    }
}

void IndexWriter::restat(Xapian::docid docid, const std::string& stat) {
    try {
        Xapian::Document doc = db_.get_document(docid);
        doc.add_value(schema::slot::kSourceStat, stat);
        db_.replace_document(docid, doc);
    } catch (const Xapian::Error& e) {
        throw write_error(directory_, "cannot write document", e);
    }
    count_change();
}

void IndexWriter::remove(Xapian::docid docid) {
    try {
        db_.delete_document(docid);
    } catch (const Xapian::DocNotFoundError&) {
        return;
    } catch (const Xapian::Error& e) {
        throw write_error(directory_, "cannot delete document", e);
    }
    count_change();
}

bool IndexWriter::contains(const std::string& id_term) const {
    try {
        return db_.term_exists(id_term);
    } catch (const Xapian::Error& e) {
        throw write_error(directory_, "cannot read index", e);
    }
}

Xapian::doccount IndexWriter::document_count() const {
    return db_.get_doccount();
}

}  // namespace kb::index
