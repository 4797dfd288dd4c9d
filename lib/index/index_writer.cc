#include "kb/index/index_writer.h"

#include <ctime>
#include <system_error>

#include "kb/index/schema.h"
#include "kb/util/error.h"

namespace kb::index {
namespace {

Xapian::WritableDatabase open_writable(const std::filesystem::path& directory) {
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
        throw IndexError(IndexError::Kind::Create,
                         directory.string() + ": cannot create index: " + e.get_description());
    } catch (const Xapian::Error& e) {
        throw IndexError(IndexError::Kind::Open,
                         directory.string() + ": cannot open index: " + e.get_description());
    }
}

}  // namespace

IndexWriter::IndexWriter(const std::filesystem::path& directory, IndexWriterOptions options)
    : directory_(directory), options_(options), db_(open_writable(directory)) {
    const std::string schema = db_.get_metadata(std::string(schema::metadata::kSchema));
    if (!schema.empty() && schema != schema::kSchemaVersion) {
        throw IndexError(IndexError::Kind::Open,
                         directory.string() + ": index has schema version " + schema +
                             ", this build writes " + std::string(schema::kSchemaVersion) +
                             "; rebuild it into a new directory");
    }
}

IndexWriter::~IndexWriter() = default;

void IndexWriter::put(const std::string& id_term, const Xapian::Document& doc) {
    try {
        db_.replace_document(id_term, doc);
    } catch (const Xapian::Error& e) {
        throw IndexError(IndexError::Kind::Write,
                         directory_.string() + ": cannot write document: " + e.get_description());
    }
    if (++pending_ >= options_.batch_size) {
        commit();
    }
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
        throw IndexError(IndexError::Kind::Write,
                         directory_.string() + ": cannot write synonyms: " + e.get_description());
    }
}

void IndexWriter::remove(const std::string& id_term) {
    try {
        db_.delete_document(id_term);
    } catch (const Xapian::Error& e) {
        throw IndexError(IndexError::Kind::Write,
                         directory_.string() + ": cannot delete document: " + e.get_description());
    }
    if (++pending_ >= options_.batch_size) {
        commit();
    }
}

void IndexWriter::commit() {
    try {
        db_.set_metadata(std::string(schema::metadata::kSchema),
                         std::string(schema::kSchemaVersion));
        db_.set_metadata(std::string(schema::metadata::kLastIndexTime),
                         std::to_string(static_cast<long long>(std::time(nullptr))));
        db_.commit();
    } catch (const Xapian::Error& e) {
        throw IndexError(IndexError::Kind::Write,
                         directory_.string() + ": commit failed: " + e.get_description());
    }
    pending_ = 0;
}

bool IndexWriter::contains(const std::string& id_term) const {
    try {
        return db_.term_exists(id_term);
    } catch (const Xapian::Error& e) {
        throw IndexError(IndexError::Kind::Write,
                         directory_.string() + ": cannot read index: " + e.get_description());
    }
}

Xapian::doccount IndexWriter::document_count() const {
    return db_.get_doccount();
}

}  // namespace kb::index
