#include "pipeline.h"

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <system_error>

#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>

#include "kb/analysis/analyzer.h"
#include "kb/analysis/language_detector.h"
#include "kb/classify/language_decision.h"
#include "kb/classify/language_runs.h"
#include "kb/index/document_builder.h"
#include "kb/index/index_writer.h"
#include "kb/ingest/extractor.h"
#include "kb/util/error.h"
#include "kb/util/file_io.h"

#include "crawl.h"

namespace kb::indexer {
namespace {

constexpr std::size_t kSniffBytes = 4096;  // enough for detect_format

std::string content_hash(const std::string& bytes) {
    Poco::SHA1Engine sha1;
    sha1.update(bytes.data(), static_cast<unsigned>(bytes.size()));
    return Poco::DigestEngine::digestToHex(sha1.digest());
}

// The first bytes of a file, to tell its format without reading all of it.
std::string read_head(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError(path.string(), "cannot open file");
    }
    std::string head(kSniffBytes, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return head;
}

std::string key_of(const std::string& root, const std::string& id) {
    return root + '\0' + id;
}

// Turns one file into an indexed document and writes it.
class DocumentIndexer {
public:
    explicit DocumentIndexer(index::IndexWriter& writer) : writer_(writer) {}

    // Returns true if the document existed before (updated) and false if it is new.
    // Throws: InputError if the file cannot be used.
    bool index(const SourceFile& file,
               const std::string& root,
               const std::string& bytes,
               ingest::Format format,
               const std::string& hash) {
        const ingest::ExtractedDocument extracted =
            ingest::extract(format, bytes, file.path.string());
        const analysis::LanguageGuess guess = detector_.detect(extracted.text);
        const classify::LanguageDecision language =
            classify::decide_language({}, extracted.language, guess);

        index::IndexedDocument doc;
        doc.id = file.id;
        doc.title = extracted.title.empty() ? file.path.filename().string() : extracted.title;
        doc.text = extracted.text;
        doc.language = language.code;
        doc.script = language.script;
        doc.language_confidence = language.confidence;
        doc.language_source = std::string(classify::to_string(language.source));
        doc.language_runs = classify::split_language_runs(doc.text, doc.language, guess, detector_);
        doc.format = extracted.format;
        doc.path = std::filesystem::absolute(file.path).string();
        doc.description = extracted.description;
        doc.bytes = bytes.size();
        doc.source_root = root;
        doc.source_stat = file.stat;
        doc.content_hash = hash;

        const std::string term = index::id_term(doc.id);
        const bool existed = writer_.contains(term);
        index::FoldedStems folded_stems;
        writer_.put(term, index::build_document(doc, analyzer_, &folded_stems));
        writer_.add_folded_stems(folded_stems);
        return existed;
    }

private:
    index::IndexWriter& writer_;
    analysis::Analyzer analyzer_;
    analysis::LanguageDetector detector_;
};

}  // namespace

RunReport run_index(const std::filesystem::path& index_dir,
                    const std::vector<std::filesystem::path>& sources,
                    const RunOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    for (const auto& source : sources) {
        std::error_code ec;
        if (!std::filesystem::exists(source, ec)) {
            throw InputError(source.string(), "source folder does not exist");
        }
    }
    RunReport report;
    index::IndexWriter writer(index_dir);
    DocumentIndexer indexer(writer);

    std::map<std::string, index::StoredSource> stored;
    for (index::StoredSource& s : writer.stored_sources()) {
        std::string key = key_of(s.root, s.id);
        stored.emplace(std::move(key), std::move(s));
    }
    std::map<std::string, index::FailedSource> failed;
    for (index::FailedSource& f : writer.failed_sources()) {
        std::string key = key_of(f.root, f.id);
        failed.emplace(std::move(key), std::move(f));
    }

    std::set<std::string> complete_roots;  // crawled without errors: deletion is safe
    std::set<std::string> seen;
    RunProgress progress;
    for (const auto& source : sources) {
        const std::string root = std::filesystem::absolute(source).lexically_normal().string();
        CrawlResult crawled = crawl(source);
        report.failed.insert(report.failed.end(), crawled.errors.begin(), crawled.errors.end());
        if (crawled.errors.empty()) {
            complete_roots.insert(root);
        }
        progress.total += crawled.files.size();
        for (const SourceFile& file : crawled.files) {
            if (options.progress && progress.done % 32 == 0) {
                options.progress(progress);
            }
            ++progress.done;
            const std::string key = key_of(root, file.id);
            seen.insert(key);
            try {
                std::string bytes;
                std::string hash;
                const auto old = stored.find(key);
                if (old != stored.end() && !old->second.stat.empty()) {
                    if (old->second.stat == file.stat) {
                        ++report.unchanged;  // not even read
                        continue;
                    }
                    bytes = util::read_file(file.path);
                    hash = content_hash(bytes);
                    if (hash == old->second.hash) {
                        writer.restat(old->second.docid, file.stat);  // touched, not changed
                        ++report.unchanged;
                        continue;
                    }
                }
                const auto failure = failed.find(key);
                if (failure != failed.end() && failure->second.stat == file.stat &&
                    !options.retry_failed) {
                    report.failed.emplace_back(
                        file.path.string(),
                        failure->second.reason + " (unchanged since; --retry-failed retries)");
                    ++report.failed_before;
                    continue;
                }
                const auto format =
                    ingest::detect_format(file.path, bytes.empty() ? read_head(file.path) : bytes);
                if (!format) {
                    ++report.skipped;
                    continue;
                }
                if (bytes.empty()) {
                    bytes = util::read_file(file.path);
                    hash = content_hash(bytes);
                }
                try {
                    const bool existed = indexer.index(file, root, bytes, *format, hash);
                    ++(existed ? report.updated : report.added);
                    if (failure != failed.end()) {
                        writer.forget_failure(root, file.id);
                    }
                } catch (const InputError& e) {
                    writer.remember_failure(index::FailedSource{root, file.id, file.path.string(),
                                                                file.stat, e.reason()});
                    throw;
                }
            } catch (const InputError& e) {
                report.failed.emplace_back(file.path.string(), e.reason());
            } catch (const IndexError&) {
                throw;
            } catch (const std::exception& e) {
                report.failed.emplace_back(file.path.string(), e.what());
            }
        }
    }
    if (options.progress) {
        options.progress(progress);
    }

    // Files that vanished, from sources crawled completely in this run only: a folder that
    // could not be read must not look like deleted files.
    for (const auto& [key, s] : stored) {
        if (complete_roots.count(s.root) != 0 && seen.count(key) == 0 && options.delete_missing) {
            writer.remove(s.docid);
            ++report.deleted;
        }
    }
    for (const auto& [key, f] : failed) {
        if (complete_roots.count(f.root) != 0 && seen.count(key) == 0) {
            writer.forget_failure(f.root, f.id);
        }
    }
    if (writer.changes() > 0) {
        writer.commit();
    }
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

}  // namespace kb::indexer
