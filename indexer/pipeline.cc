#include "pipeline.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <system_error>
#include <unordered_map>

#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>
#include <nlohmann/json.hpp>

#include "kb/analysis/analyzer.h"
#include "kb/analysis/language_detector.h"
#include "kb/classify/classifier.h"
#include "kb/classify/label_resolver.h"
#include "kb/classify/language_decision.h"
#include "kb/classify/language_runs.h"
#include "kb/classify/taxonomy.h"
#include "kb/index/document_builder.h"
#include "kb/index/index_layout.h"
#include "kb/index/index_writer.h"
#include "kb/index/schema.h"
#include "kb/ingest/extractor.h"
#include "kb/ingest/repeated_line_filter.h"
#include "kb/ingest/sidecar.h"
#include "kb/util/error.h"
#include "kb/util/file_io.h"

#include "crawl.h"
#include "run_lock.h"

namespace kb::indexer {
namespace {

constexpr std::size_t kSniffBytes = 4096;  // enough for detect_format

// The size in a "size:mtime" stat (0 if unknown).
std::uint64_t size_of(std::string_view stat) {
    std::uint64_t size = 0;
    for (const char c : stat.substr(0, stat.find(':'))) {
        if (c < '0' || c > '9') {
            return 0;
        }
        size = size * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return size;
}

// The sidecar's part of an effective stat ("size:mtime+size:mtime"), or "".
std::string_view sidecar_part(std::string_view stat) {
    const std::size_t plus = stat.find('+');
    return plus == std::string_view::npos ? std::string_view() : stat.substr(plus);
}

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

// Turns one file into an indexed document and writes it.
class DocumentIndexer {
public:
    DocumentIndexer(index::IndexWriter& writer, std::shared_ptr<const classify::Taxonomy> taxonomy)
        : writer_(writer), taxonomy_(std::move(taxonomy)) {}

    // Built on first use: an unchanged re-run needs neither (ICU and CLD2 set-up).
    analysis::Analyzer& analyzer() {
        if (!analyzer_) {
            analyzer_.emplace();
        }
        return *analyzer_;
    }
    analysis::LanguageDetector& detector() {
        if (!detector_) {
            detector_.emplace();
        }
        return *detector_;
    }

    // Returns true if the document existed before (updated) and false if it is new.
    // Throws: InputError if the file cannot be used.
    // A malformed sidecar is a warning: the document is indexed without it.
    bool index(const SourceFile& file,
               const std::string& root,
               const std::string& stat,
               const std::string& bytes,
               ingest::Format format,
               const std::string& hash,
               ingest::RepeatedLineFilter& repeated_lines,
               std::vector<std::pair<std::string, std::string>>& warnings) {
        ingest::ExtractedDocument extracted = ingest::extract(format, bytes, file.path.string());
        // Lines repeated across the documents of this source (menus, footers of scraped
        // pages) stay out of the text: one pass, so the first few documents of a source are
        // counted before the filter can tell.
        repeated_lines.add_document(extracted.text);
        if (repeated_lines.documents() > 1) {
            std::string stripped = repeated_lines.strip(extracted.text);
            if (!stripped.empty()) {
                extracted.text = std::move(stripped);
            }
        }
        std::string metadata_language;
        bool given_topics = false;
        bool given_regions = false;
        bool given_type = false;
        try {
            if (const std::optional<ingest::Sidecar> sidecar = ingest::read_sidecar(file.path)) {
                metadata_language = sidecar->language;
                given_topics = !sidecar->topics.empty();
                given_regions = !sidecar->regions.empty();
                given_type = !sidecar->type.empty();
                ingest::apply_sidecar(*sidecar, extracted);  // sidecar values win
            }
        } catch (const InputError& e) {
            warnings.emplace_back(e.source(), e.reason());
        }
        const analysis::LanguageGuess guess = detector().detect(extracted.text);
        const classify::LanguageDecision language =
            classify::decide_language(metadata_language, extracted.language, guess);

        index::IndexedDocument doc;
        doc.id = file.id;
        doc.title = extracted.title.empty() ? file.path.filename().string() : extracted.title;
        doc.text = extracted.text;
        doc.language = language.code;
        doc.script = language.script;
        doc.language_confidence = language.confidence;
        doc.language_source = std::string(classify::to_string(language.source));
        doc.language_runs =
            classify::split_language_runs(doc.text, doc.language, guess, detector());
        doc.format = extracted.format;
        doc.path = std::filesystem::absolute(file.path).string();
        doc.description = extracted.description;
        doc.date = extracted.date;
        doc.url = extracted.url;
        doc.type = extracted.type;
        doc.topics = extracted.topics;
        doc.regions = extracted.regions;
        doc.author = extracted.author;
        doc.encoding = extracted.encoding;
        if (taxonomy_ && (given_topics || given_regions || given_type)) {
            resolve_given(doc, given_topics, given_regions, given_type, file, warnings);
        }
        if (taxonomy_ && (!given_topics || !given_regions || !given_type)) {
            classify(doc, given_topics, given_regions, given_type);
        }
        doc.bytes = bytes.size();
        doc.source_root = root;
        doc.source_stat = stat;
        doc.content_hash = hash;

        const std::string term = index::id_term(doc.id);
        const bool existed = writer_.contains(term);
        index::FoldedStems folded_stems;
        writer_.put(term, index::build_document(doc, analyzer(), &folded_stems));
        writer_.add_folded_stems(folded_stems);
        return existed;
    }

private:
    // Maps the topics, regions and type a sidecar gives to taxonomy ids (by id, label or
    // name in any language) and adds the regions' ancestors, as classification does. A
    // value the taxonomy does not know is kept as written, with a warning.
    void resolve_given(index::IndexedDocument& doc,
                       bool topics,
                       bool regions,
                       bool type,
                       const SourceFile& file,
                       std::vector<std::pair<std::string, std::string>>& warnings) {
        if (!resolver_) {
            resolver_.emplace(taxonomy_);
        }
        const auto map = [&](classify::TaxonomyKind kind, const std::string& value,
                             const char* what) {
            if (std::optional<std::string> id = resolver_->resolve(kind, value)) {
                return *id;
            }
            warnings.emplace_back(file.path.string(),
                                  std::string("sidecar ") + what + " \"" + value +
                                      "\" is not in the taxonomy; kept as written");
            return value;
        };
        if (topics) {
            std::vector<std::string> ids;
            for (const std::string& t : doc.topics) {
                const std::string id = map(classify::TaxonomyKind::Topic, t, "topic");
                if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
                    ids.push_back(id);
                }
            }
            doc.topics = std::move(ids);
        }
        if (regions) {
            std::vector<std::string> ids;
            std::set<std::string> seen;
            for (const std::string& r : doc.regions) {
                const std::string id = map(classify::TaxonomyKind::Region, r, "region");
                if (seen.insert(id).second) {
                    ids.push_back(id);
                }
                if (taxonomy_->find_region(id) == nullptr) {
                    continue;  // not in the taxonomy: no ancestors
                }
                for (const std::string& a : taxonomy_->ancestors(id)) {
                    if (seen.insert(a).second) {
                        ids.push_back(a);
                    }
                }
            }
            doc.regions = std::move(ids);
        }
        if (type) {
            doc.type = map(classify::TaxonomyKind::Type, doc.type, "type");
        }
    }

    // Fills what the sidecar did not give: topics (best first), the regions mentioned with
    // all their ancestors (so a filter on a country finds its cities), the type.
    void classify(index::IndexedDocument& doc, bool topics, bool regions, bool type) {
        if (!classifier_) {
            classifier_.emplace(taxonomy_, analyzer());
        }
        const classify::Classification c = classifier_->classify(doc.text, doc.title, doc.language);
        if (!topics) {
            doc.topics.clear();
            for (const classify::TopicScore& t : c.topics) {
                doc.topics.push_back(t.id);
            }
        }
        if (!regions) {
            doc.regions.clear();
            std::set<std::string> seen;
            for (const classify::RegionMatch& r : c.regions) {
                if (seen.insert(r.id).second) {
                    doc.regions.push_back(r.id);
                }
                for (const std::string& id : r.ancestors) {
                    if (seen.insert(id).second) {
                        doc.regions.push_back(id);
                    }
                }
            }
        }
        if (!type) {
            doc.type = c.type;
        }
    }

    index::IndexWriter& writer_;
    std::shared_ptr<const classify::Taxonomy> taxonomy_;
    std::optional<analysis::Analyzer> analyzer_;
    std::optional<analysis::LanguageDetector> detector_;
    std::optional<classify::Classifier> classifier_;  // uses analyzer_: declared after it
    std::optional<classify::LabelResolver> resolver_;
};

// Labels of every topic, region and type in every language (regions also under
// kAnyLanguageLabel: their first name, for languages without one), and each region's parent, as
// JSON for kb-searchd (schema::metadata::kFacetLabels, kRegionParents).
std::pair<std::string, std::string> facet_metadata(const classify::Taxonomy& taxonomy) {
    nlohmann::json labels = {{"topic", nlohmann::json::object()},
                             {"region", nlohmann::json::object()},
                             {"type", nlohmann::json::object()}};
    for (const classify::Concept& t : taxonomy.topics()) {
        labels["topic"][t.id] = t.labels;
    }
    for (const classify::Concept& t : taxonomy.types()) {
        labels["type"][t.id] = t.labels;
    }
    nlohmann::json parents = nlohmann::json::object();
    for (const classify::Region& r : taxonomy.regions()) {
        labels["region"][r.id] = r.names;
        labels["region"][r.id][std::string(index::schema::metadata::kAnyLanguageLabel)] =
            r.first_name;
        if (!r.parent.empty()) {
            parents[r.id] = r.parent;
        }
    }
    return {labels.dump(), parents.dump()};
}

// One run into the database at `db_dir` (an index directory, or a generation being built).
RunReport index_into(const std::filesystem::path& db_dir,
                     const std::vector<std::filesystem::path>& sources,
                     const RunOptions& options,
                     const index::IndexWriterOptions& writer_options) {
    const auto start = std::chrono::steady_clock::now();
    RunReport report;
    index::IndexWriter writer(db_dir, writer_options);
    DocumentIndexer indexer(writer, options.taxonomy);
    if (options.taxonomy) {
        const auto [labels, parents] = facet_metadata(*options.taxonomy);
        writer.set_facet_metadata(labels, parents);
    }

    // What the index knows, by source folder and id; `seen` marks what this run found.
    struct Known {
        index::StoredSource stored;
        bool seen = false;
    };
    std::unordered_map<std::string, std::unordered_map<std::string, Known>> stored;
    for (index::StoredSource& s : writer.stored_sources()) {
        auto& in_root = stored[s.root];
        std::string id = s.id;
        in_root.emplace(std::move(id), Known{std::move(s), false});
    }
    struct KnownFailure {
        index::FailedSource failure;
        bool seen = false;
    };
    std::unordered_map<std::string, std::unordered_map<std::string, KnownFailure>> failed;
    for (index::FailedSource& f : writer.failed_sources()) {
        auto& in_root = failed[f.root];
        std::string id = f.id;
        in_root.emplace(std::move(id), KnownFailure{std::move(f), false});
    }

    std::set<std::string> complete_roots;  // crawled without errors: deletion is safe
    RunProgress progress;
    for (const auto& source : sources) {
        const std::string root = std::filesystem::absolute(source).lexically_normal().string();
        CrawlResult crawled = crawl(source);
        report.failed.insert(report.failed.end(), crawled.errors.begin(), crawled.errors.end());
        if (crawled.errors.empty()) {
            complete_roots.insert(root);
        }
        progress.total += crawled.files.size();
        auto& stored_here = stored[root];
        auto& failed_here = failed[root];
        ingest::RepeatedLineFilter repeated_lines;  // per source
        // Sidecars found by the crawl, by id: a changed sidecar changes its document.
        std::unordered_map<std::string, std::string> sidecar_stats;
        for (const SourceFile& file : crawled.files) {
            if (ingest::is_sidecar(file.path)) {
                sidecar_stats.emplace(file.id, file.stat);
            }
        }
        const auto effective_stat = [&](const SourceFile& file) {
            const std::string folder = file.id.substr(0, file.id.rfind('/') + 1);
            for (const auto& candidate : ingest::sidecar_candidates(file.path)) {
                const auto found = sidecar_stats.find(folder + candidate.filename().string());
                if (found != sidecar_stats.end()) {
                    return file.stat + "+" + found->second;
                }
            }
            return file.stat;
        };
        for (const SourceFile& file : crawled.files) {
            if (ingest::is_sidecar(file.path)) {
                continue;  // read with its document
            }
            if (!options.taxonomy_path.empty() &&
                file.path.filename() == options.taxonomy_path.filename()) {
                std::error_code ec;
                if (std::filesystem::equivalent(file.path, options.taxonomy_path, ec)) {
                    continue;  // the taxonomy itself (corpus/taxonomy.xml) is not a document
                }
            }
            if (options.progress && progress.done % 32 == 0) {
                options.progress(progress);
            }
            ++progress.done;
            try {
                const std::string stat = sidecar_stats.empty() ? file.stat : effective_stat(file);
                if (size_of(file.stat) > options.max_file_bytes) {
                    throw InputError(file.path.string(),
                                     "file too large: " + std::to_string(size_of(file.stat)) +
                                         " bytes, limit " + std::to_string(options.max_file_bytes) +
                                         " (--max-file-mb)");
                }
                std::string bytes;
                std::string hash;
                const auto old = stored_here.find(file.id);
                if (old != stored_here.end()) {
                    old->second.seen = true;
                }
                if (old != stored_here.end() && !old->second.stored.stat.empty()) {
                    const index::StoredSource& s = old->second.stored;
                    if (s.stat == stat) {
                        ++report.unchanged;  // not even read
                        continue;
                    }
                    bytes = util::read_file(file.path, options.max_file_bytes);
                    hash = content_hash(bytes);
                    if (hash == s.hash && sidecar_part(stat) == sidecar_part(s.stat)) {
                        writer.restat(s.docid, stat);  // touched, not changed
                        ++report.unchanged;
                        continue;
                    }
                }
                const auto failure = failed_here.find(file.id);
                if (failure != failed_here.end()) {
                    failure->second.seen = true;
                }
                if (failure != failed_here.end() && failure->second.failure.stat == stat &&
                    !options.retry_failed) {
                    report.failed.emplace_back(file.path.string(),
                                               failure->second.failure.reason +
                                                   " (unchanged since; --retry-failed retries)");
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
                    bytes = util::read_file(file.path, options.max_file_bytes);
                    hash = content_hash(bytes);
                }
                try {
                    const bool existed = indexer.index(file, root, stat, bytes, *format, hash,
                                                       repeated_lines, report.warnings);
                    ++(existed ? report.updated : report.added);
                    if (failure != failed_here.end()) {
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
    for (const std::string& root : complete_roots) {
        for (const auto& [id, known] : stored[root]) {
            if (!known.seen && options.delete_missing) {
                writer.remove(known.stored.docid);
                ++report.deleted;
            }
        }
        for (const auto& [id, known] : failed[root]) {
            if (!known.seen) {  // the file is gone
                writer.forget_failure(root, id);
            }
        }
    }
    if (writer.changes() > 0) {
        writer.commit();
    }
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

}  // namespace

RunReport run_index(const std::filesystem::path& index_dir,
                    const std::vector<std::filesystem::path>& sources,
                    const RunOptions& options) {
    for (const auto& source : sources) {
        std::error_code ec;
        if (!std::filesystem::exists(source, ec)) {
            throw InputError(source.string(), "source folder does not exist");
        }
    }
    const RunLock lock(index_dir);  // for the whole run, rebuild included
    bool rebuild = options.rebuild;
    if (!rebuild && index::has_generations(index_dir)) {
        // An index written by an older build (another schema) is rebuilt beside the live
        // one, which serves searches until the switch: a nightly run after an upgrade
        // needs no one to step in.
        const std::string version = index::schema_version(index_dir);
        if (!version.empty() && version != index::schema::kSchemaVersion) {
            std::cerr << "kb-indexer: " << index_dir.string() << ": schema " << version << " -> "
                      << index::schema::kSchemaVersion << ": rebuilding into a new generation\n";
            rebuild = true;
        }
    }
    if (!rebuild) {
        return index_into(index_dir, sources, options, {});
    }
    std::error_code ec;
    if (!index::has_generations(index_dir) && std::filesystem::exists(index_dir / "iamglass", ec)) {
        throw InputError("--rebuild", index_dir.string() +
                                          " is an index made without generations; rebuild it "
                                          "once into a new directory");
    }
    index::create_index_layout(index_dir);
    const std::filesystem::path generation = index::new_generation(index_dir);
    index::IndexWriterOptions writer_options;
    writer_options.generations = false;
    RunReport report = index_into(generation, sources, options, writer_options);
    index::switch_generation(index_dir, generation);  // readers move over atomically
    return report;
}

}  // namespace kb::indexer
