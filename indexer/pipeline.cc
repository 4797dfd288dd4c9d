#include "pipeline.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>

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
#include "kb/util/hash.h"

#include "crawl.h"
#include "isolated_extractor.h"
#include "run_lock.h"
#include "work_queue.h"
namespace kb::indexer {
namespace {

constexpr std::size_t kSniffBytes = 4096;  // enough for detect_format

// Files between the crawl and the writer at most (sent to the workers, or decided and
// waiting for an earlier file to be written): enough to keep the workers busy while the
// writer commits a batch, few enough that memory does not grow with the corpus.
constexpr std::size_t kFilesInFlightPerJob = 64;
constexpr std::size_t kMinFilesInFlight = 64;
// ... and their bytes (by size on disk), unless a single file is larger.
constexpr std::uint64_t kMaxBytesInFlight = std::uint64_t{256} << 20;

// Distinct (folded form, stem) pairs a worker remembers having sent to the writer, so that
// the writer, the pipeline's bottleneck, sees each pair about once per worker.
constexpr std::size_t kMaxSentFoldedStems = 1'000'000;

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

// The order in which workers may use a source's RepeatedLineFilter: the crawl order of the
// files sent to them, so that the text indexed does not depend on their number. Every task
// waits for its turn and passes it on exactly once (see Turn).
// Thread safety: all methods may be called from any thread.
class TurnSequence {
public:
    // Waits until every earlier turn was passed; false if the run is stopping.
    bool wait(std::size_t turn) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return stopped_ || next_ == turn; });
        return !stopped_;
    }
    void pass(std::size_t turn) {
        {
            const std::lock_guard lock(mutex_);
            next_ = turn + 1;
        }
        changed_.notify_all();
    }
    void stop() {
        {
            const std::lock_guard lock(mutex_);
            stopped_ = true;
        }
        changed_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::size_t next_ = 0;
    bool stopped_ = false;
};

// One task's turn: run() does something in it; the turn is passed on after run(), or when
// the Turn is destroyed (a file that is not extracted still waits for the earlier ones).
class Turn {
public:
    Turn(TurnSequence& sequence, std::size_t turn) : sequence_(sequence), turn_(turn) {}
    ~Turn() { pass(); }
    Turn(const Turn&) = delete;
    Turn& operator=(const Turn&) = delete;

    template <typename F>
    void run(F&& f) {
        if (!passed_ && sequence_.wait(turn_)) {
            f();
        }
        pass();
    }

private:
    void pass() {
        if (!passed_) {
            passed_ = true;
            sequence_.wait(turn_);
            sequence_.pass(turn_);
        }
    }

    TurnSequence& sequence_;
    std::size_t turn_;
    bool passed_ = false;
};

// A file for a worker, with copies of what the writer knows of it: workers share nothing
// with the writer but the taxonomy and the source's repeated-line filter.
struct Task {
    std::size_t seq = 0;      // crawl order of the files the writer decides about
    std::size_t turn = 0;     // crawl order of the files sent to workers
    std::uint64_t bytes = 0;  // size on disk, for the bound on bytes in flight (0: not sent)
    SourceFile file;
    std::string root;
    std::string stat;       // effective: with its sidecar's (see IndexRun::index_source)
    std::size_t shard = 0;  // the index the document belongs in
    // The index holds the file with another stat: its content hash decides.
    bool check_hash = false;
    std::string stored_stat;
    std::string stored_hash;
    Xapian::docid stored_docid = 0;
    std::size_t stored_shard = 0;
    // The file is remembered as failed, in shard `failure_shard`.
    bool has_failure = false;
    std::string failure_stat;
    std::string failure_reason;
    std::size_t failure_shard = 0;
    std::shared_ptr<ingest::RepeatedLineFilter> repeated_lines;  // the source's
};

// What became of a file, for the writer.
struct Outcome {
    enum class Kind {
        Touched,       // same content, new stat: restat
        FailedBefore,  // remembered as failed and unchanged since
        Skipped,       // not a supported format
        Indexed,       // `document` is ready to be written
        Failed,        // `reason` (remembered when `remember`)
        Reported,      // `failures` (a crawl's errors)
    };
    Kind kind = Kind::Failed;
    Task task;
    // The file got past the content-hash check, so a failure remembered for it is current
    // (one that is not is forgotten at the end of the run, as for a vanished file).
    bool failure_current = false;
    std::string reason;
    bool remember = false;
    std::vector<std::pair<std::string, std::string>> warnings;
    std::vector<std::pair<std::string, std::string>> failures;
    std::string term;
    Xapian::Document document;
    index::FoldedStems folded_stems;
    std::exception_ptr error;  // not a problem of the file (IndexError, Xapian::Error): stop
};

// Turns files into Xapian documents: one per worker thread (it owns the analysis objects,
// which are not thread-safe; the taxonomy is shared read-only).
class DocumentBuilder {
public:
    DocumentBuilder(std::shared_ptr<const classify::Taxonomy> taxonomy, const ExtractLimits& limits)
        : taxonomy_(std::move(taxonomy)), extractor_(limits) {}

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

    // Fills out.term, out.document and out.folded_stems; adds warnings to out.warnings (a
    // malformed sidecar is one: the document is indexed without it). The source's
    // repeated-line filter is used in `turn`.
    // Throws: InputError if the file cannot be used.
    void build(const Task& task,
               const std::string& bytes,
               ingest::Format format,
               const std::string& hash,
               Turn& turn,
               Outcome& out) {
        const SourceFile& file = task.file;
        std::vector<std::pair<std::string, std::string>>& warnings = out.warnings;
        ingest::ExtractedDocument extracted = extractor_.extract(format, bytes, file.path.string());
        // Lines repeated across the documents of this source (menus, footers of scraped
        // pages) stay out of the text: one pass in crawl order, so the first few documents
        // of a source are counted before the filter can tell.
        turn.run([&] {
            ingest::RepeatedLineFilter& repeated_lines = *task.repeated_lines;
            repeated_lines.add_document(extracted.text);
            if (repeated_lines.documents() > 1) {
                std::string stripped = repeated_lines.strip(extracted.text);
                if (!stripped.empty()) {
                    extracted.text = std::move(stripped);
                }
            }
        });
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
        doc.source_root = task.root;
        doc.source_stat = task.stat;
        doc.content_hash = hash;

        out.term = index::id_term(doc.id);
        index::FoldedStems folded_stems;
        out.document = index::build_document(doc, analyzer(), &folded_stems);
        // Only the pairs this worker has not sent to this shard's writer yet.
        for (auto& pair : folded_stems) {
            std::string key = std::to_string(task.shard);
            key += '\n';
            key += pair.first;
            key += '\n';
            key += pair.second;
            if (sent_folded_stems_.size() >= kMaxSentFoldedStems) {
                sent_folded_stems_.clear();
            }
            if (sent_folded_stems_.insert(std::move(key)).second) {
                out.folded_stems.push_back(std::move(pair));
            }
        }
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

    std::shared_ptr<const classify::Taxonomy> taxonomy_;
    IsolatedExtractor extractor_;  // its worker process lives as long as this thread's builder
    std::optional<analysis::Analyzer> analyzer_;
    std::optional<analysis::LanguageDetector> detector_;
    std::optional<classify::Classifier> classifier_;  // uses analyzer_: declared after it
    std::optional<classify::LabelResolver> resolver_;
    std::unordered_set<std::string> sent_folded_stems_;  // "shard\nfolded\nstem"
};

// What a worker does with a file, as the sequential indexer did: the content-hash check of
// a file whose stat changed, a remembered failure, the format, then the document.
Outcome process(Task task,
                DocumentBuilder& builder,
                TurnSequence& turns,
                const RunOptions& options) {
    Outcome out;
    Turn turn(turns, task.turn);
    try {
        const SourceFile& file = task.file;
        std::string bytes;
        std::string hash;
        if (task.check_hash) {
            bytes = util::read_file(file.path, options.max_file_bytes);
            hash = content_hash(bytes);
            if (hash == task.stored_hash &&
                sidecar_part(task.stat) == sidecar_part(task.stored_stat)) {
                out.kind = Outcome::Kind::Touched;  // touched, not changed
                out.task = std::move(task);
                return out;
            }
        }
        out.failure_current = true;
        if (task.has_failure && task.failure_stat == task.stat && !options.retry_failed) {
            out.kind = Outcome::Kind::FailedBefore;
            out.reason = task.failure_reason + " (unchanged since; --retry-failed retries)";
            out.task = std::move(task);
            return out;
        }
        const auto format =
            ingest::detect_format(file.path, bytes.empty() ? read_head(file.path) : bytes);
        if (!format) {
            out.kind = Outcome::Kind::Skipped;
            out.task = std::move(task);
            return out;
        }
        if (bytes.empty()) {
            bytes = util::read_file(file.path, options.max_file_bytes);
            hash = content_hash(bytes);
        }
        try {
            builder.build(task, bytes, *format, hash, turn, out);
            out.kind = Outcome::Kind::Indexed;
        } catch (const InputError&) {
            out.remember = true;  // the file itself is bad: not retried until it changes
            throw;
        }
    } catch (const InputError& e) {
        out.kind = Outcome::Kind::Failed;
        out.reason = e.reason();
    } catch (const IndexError&) {
        out.error = std::current_exception();
    } catch (const std::exception& e) {
        out.kind = Outcome::Kind::Failed;
        out.reason = e.what();
    } catch (...) {  // Xapian::Error is no std::exception
        out.error = std::current_exception();
    }
    out.task = std::move(task);
    return out;
}

// The worker threads: each takes files from a bounded queue, turns them into documents
// with its own DocumentBuilder and puts the outcomes on another bounded queue, in any
// order (Task::seq tells the writer where each belongs).
class Workers {
public:
    Workers(std::size_t jobs, std::size_t capacity, const RunOptions& options)
        : tasks_(capacity), outcomes_(capacity) {
        threads_.reserve(jobs);
        try {
            for (std::size_t i = 0; i < jobs; ++i) {
                threads_.emplace_back([this, &options] { work(options); });
            }
        } catch (...) {
            join();
            throw;
        }
    }
    // Stops the workers (a task in hand is finished and dropped) and waits for them.
    ~Workers() { join(); }
    Workers(const Workers&) = delete;
    Workers& operator=(const Workers&) = delete;

    void submit(Task task) { tasks_.push(std::move(task)); }

    // The next outcome to arrive; call only while a submitted task has not come back.
    Outcome receive() {
        std::optional<Outcome> out = outcomes_.pop();
        if (!out) {
            throw InternalError("indexing workers stopped");
        }
        return std::move(*out);
    }

    // Lets the workers go (they free their analysis objects meanwhile); the destructor
    // waits for them.
    void close() {
        turns_.stop();
        tasks_.close();
        outcomes_.close();
    }

private:
    void join() {
        close();
        for (std::thread& t : threads_) {
            t.join();
        }
    }

    void work(const RunOptions& options) {
        DocumentBuilder builder(options.taxonomy, options.extract);
        while (std::optional<Task> task = tasks_.pop()) {
            Outcome out;
            try {
                out = process(std::move(*task), builder, turns_, options);
            } catch (...) {  // std::bad_alloc outside a file's try
                out.error = std::current_exception();
            }
            if (!outcomes_.push(std::move(out))) {
                break;
            }
        }
    }

    WorkQueue<Task> tasks_;
    WorkQueue<Outcome> outcomes_;
    TurnSequence turns_;
    std::vector<std::thread> threads_;
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

// One index a run writes: its directory, and the database written (the directory itself,
// or a new generation built beside the live one and switched to at the end).
struct Target {
    std::filesystem::path dir;
    std::filesystem::path db;
    bool rebuild = false;
};

// The writer's side of a run, on the calling thread: it crawls, decides what it can from
// what the index knows (size and mtime), sends the other files to the workers, and makes
// every IndexWriter call itself, handling the files in crawl order (an outcome that arrives
// early waits in `pending_`), so the report and the index do not depend on the number of
// workers. At most max_in_flight_ files are between the crawl and the writer.
class IndexRun {
public:
    IndexRun(const std::vector<Target>& targets, const RunOptions& options, std::size_t jobs)
        : start_(std::chrono::steady_clock::now()),
          options_(options),
          max_in_flight_(std::max(kMinFilesInFlight, kFilesInFlightPerJob * jobs)),
          workers_(jobs, max_in_flight_, options) {
        for (const Target& target : targets) {
            index::IndexWriterOptions writer_options;
            writer_options.generations = !target.rebuild;
            if (options.commit_every > 0) {
                writer_options.batch_size = options.commit_every;
            }
            writers_.push_back(std::make_unique<index::IndexWriter>(target.db, writer_options));
        }
    }

    RunReport run(const std::vector<std::filesystem::path>& sources) {
        if (options_.taxonomy) {
            const auto [labels, parents] = facet_metadata(*options_.taxonomy);
            for (auto& writer : writers_) {
                writer->set_facet_metadata(labels, parents);
            }
        }
        load_known();
        for (const auto& source : sources) {
            index_source(source);
        }
        while (next_write_ < next_seq_) {
            step();
        }
        workers_.close();  // they free their analysis objects while the writer finishes
        if (options_.progress) {
            options_.progress(progress_);
        }

        // Files that vanished, from sources crawled completely in this run only: a folder
        // that could not be read must not look like deleted files.
        for (const std::string& root : complete_roots_) {
            for (const auto& [id, known] : stored_[root]) {
                if (!known.seen && options_.delete_missing) {
                    writers_[known.shard]->remove(known.stored.docid);
                    ++report_.deleted;
                }
            }
            for (const auto& [id, known] : failed_[root]) {
                if (!known.seen) {  // the file is gone
                    writers_[known.shard]->forget_failure(root, id);
                }
            }
        }
        for (auto& writer : writers_) {
            if (writer->changes() > 0) {
                writer->commit();
            }
        }
        report_.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        return std::move(report_);
    }

private:
    // What the indexes know, by source folder and id; `seen` marks what this run found.
    struct Known {
        index::StoredSource stored;
        std::size_t shard = 0;
        bool seen = false;
    };
    struct KnownFailure {
        index::FailedSource failure;
        std::size_t shard = 0;
        bool seen = false;
    };

    void load_known() {
        for (std::size_t shard = 0; shard < writers_.size(); ++shard) {
            for (index::StoredSource& s : writers_[shard]->stored_sources()) {
                auto& in_root = stored_[s.root];
                std::string id = s.id;
                in_root.emplace(std::move(id), Known{std::move(s), shard, false});
            }
            for (index::FailedSource& f : writers_[shard]->failed_sources()) {
                auto& in_root = failed_[f.root];
                std::string id = f.id;
                in_root.emplace(std::move(id), KnownFailure{std::move(f), shard, false});
            }
        }
    }

    // The shard a document belongs in: fixed by its id, so that a re-run finds it there.
    std::size_t shard_of(const std::string& id) const {
        return writers_.size() == 1 ? 0 : util::fnv1a64(id) % writers_.size();
    }

    void index_source(const std::filesystem::path& source) {
        const std::string root = std::filesystem::absolute(source).lexically_normal().string();
        CrawlResult crawled = crawl(source);
        if (!crawled.errors.empty()) {
            Outcome out;
            out.kind = Outcome::Kind::Reported;
            out.failures = std::move(crawled.errors);
            decided(std::move(out));
        } else {
            complete_roots_.insert(root);
        }
        progress_.total += crawled.files.size();
        auto& stored_here = stored_[root];
        auto& failed_here = failed_[root];
        const auto repeated_lines = std::make_shared<ingest::RepeatedLineFilter>();  // per source
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
        for (SourceFile& file : crawled.files) {
            if (ingest::is_sidecar(file.path)) {
                continue;  // read with its document
            }
            if (!options_.taxonomy_path.empty() &&
                file.path.filename() == options_.taxonomy_path.filename()) {
                std::error_code ec;
                if (std::filesystem::equivalent(file.path, options_.taxonomy_path, ec)) {
                    continue;  // the taxonomy itself (corpus/taxonomy.xml) is not a document
                }
            }
            if (options_.progress && progress_.done % 32 == 0) {
                options_.progress(progress_);
            }
            ++progress_.done;
            Task task;
            task.stat = sidecar_stats.empty() ? file.stat : effective_stat(file);
            task.root = root;
            if (size_of(file.stat) > options_.max_file_bytes) {
                Outcome out;
                out.kind = Outcome::Kind::Failed;
                out.reason = "file too large: " + std::to_string(size_of(file.stat)) +
                             " bytes, limit " + std::to_string(options_.max_file_bytes) +
                             " (--max-file-mb)";
                task.file = std::move(file);
                out.task = std::move(task);
                decided(std::move(out));
                continue;
            }
            const auto old = stored_here.find(file.id);
            if (old != stored_here.end()) {
                old->second.seen = true;
                const index::StoredSource& s = old->second.stored;
                if (!s.stat.empty()) {
                    if (s.stat == task.stat) {
                        ++report_.unchanged;  // not even read
                        continue;
                    }
                    task.check_hash = true;
                    task.stored_stat = s.stat;
                    task.stored_hash = s.hash;
                    task.stored_docid = s.docid;
                    task.stored_shard = old->second.shard;
                }
            }
            const auto failure = failed_here.find(file.id);
            if (failure != failed_here.end()) {
                task.has_failure = true;
                task.failure_stat = failure->second.failure.stat;
                task.failure_reason = failure->second.failure.reason;
                task.failure_shard = failure->second.shard;
            }
            task.shard = shard_of(file.id);
            task.file = std::move(file);
            task.repeated_lines = repeated_lines;
            submit(std::move(task));
        }
    }

    // Sends a file to the workers, once there is room for it.
    void submit(Task task) {
        task.bytes = std::max<std::uint64_t>(size_of(task.file.stat), 1);
        while (next_seq_ - next_write_ >= max_in_flight_ ||
               (bytes_in_flight_ > 0 && bytes_in_flight_ + task.bytes > kMaxBytesInFlight)) {
            step();
        }
        task.seq = next_seq_++;
        task.turn = next_turn_++;
        bytes_in_flight_ += task.bytes;
        workers_.submit(std::move(task));
    }

    // A file the writer decided about itself: handled in its place in the crawl order.
    void decided(Outcome out) {
        while (next_seq_ - next_write_ >= max_in_flight_) {
            step();
        }
        out.task.seq = next_seq_++;
        if (out.task.seq == next_write_) {
            handle(out);
            ++next_write_;
        } else {
            pending_.emplace(out.task.seq, std::move(out));
        }
    }

    // Handles the next file if its outcome is there, or else waits for an outcome from a
    // worker. One file at a time, so that the writer sends a file to the workers as soon
    // as one is written: they never run dry while it writes a burst of outcomes.
    void step() {
        if (const auto next = pending_.begin();
            next != pending_.end() && next->first == next_write_) {
            handle(next->second);
            pending_.erase(next);
            ++next_write_;
            return;
        }
        Outcome out = workers_.receive();
        if (out.error) {
            std::rethrow_exception(out.error);
        }
        bytes_in_flight_ -= out.task.bytes;
        const std::size_t seq = out.task.seq;
        pending_.emplace(seq, std::move(out));
    }

    void handle(Outcome& out) {
        report_.warnings.insert(report_.warnings.end(), out.warnings.begin(), out.warnings.end());
        Task& task = out.task;
        if (out.failure_current && task.has_failure) {
            failed_[task.root][task.file.id].seen = true;
        }
        switch (out.kind) {
            case Outcome::Kind::Touched:
                writers_[task.stored_shard]->restat(task.stored_docid, task.stat);
                ++report_.unchanged;
                break;
            case Outcome::Kind::FailedBefore:
                report_.failed.emplace_back(task.file.path.string(), out.reason);
                ++report_.failed_before;
                break;
            case Outcome::Kind::Skipped:
                ++report_.skipped;
                break;
            case Outcome::Kind::Indexed: {
                index::IndexWriter& writer = *writers_[task.shard];
                const bool existed = writer.contains(out.term);
                writer.put(out.term, out.document);
                writer.add_folded_stems(out.folded_stems);
                ++(existed ? report_.updated : report_.added);
                if (task.has_failure) {
                    writers_[task.failure_shard]->forget_failure(task.root, task.file.id);
                }
                break;
            }
            case Outcome::Kind::Failed:
                if (out.remember) {
                    writers_[task.shard]->remember_failure(
                        index::FailedSource{task.root, task.file.id, task.file.path.string(),
                                            task.file.stat, out.reason});
                }
                report_.failed.emplace_back(task.file.path.string(), out.reason);
                break;
            case Outcome::Kind::Reported:
                report_.failed.insert(report_.failed.end(), out.failures.begin(),
                                      out.failures.end());
                break;
        }
    }

    const std::chrono::steady_clock::time_point start_;
    const RunOptions& options_;
    const std::size_t max_in_flight_;
    std::vector<std::unique_ptr<index::IndexWriter>> writers_;  // one per shard
    RunReport report_;
    RunProgress progress_;
    std::unordered_map<std::string, std::unordered_map<std::string, Known>> stored_;
    std::unordered_map<std::string, std::unordered_map<std::string, KnownFailure>> failed_;
    std::set<std::string> complete_roots_;  // crawled without errors: deletion is safe
    std::size_t next_seq_ = 0;              // of the next file decided or sent
    std::size_t next_turn_ = 0;             // of the next file sent
    std::size_t next_write_ = 0;            // of the next file to handle
    std::uint64_t bytes_in_flight_ = 0;
    std::map<std::size_t, Outcome> pending_;  // arrived before their turn to be written
    // Last: destroyed first, so that no worker runs while the writers close.
    Workers workers_;
};

// Prepares an index directory for a run (under its run lock): an index written by an older
// build (another schema) is rebuilt beside the live one, which serves searches until the
// switch, so a nightly run after an upgrade needs no one to step in.
// Throws: InputError("--rebuild") for an index without generations; IndexError.
Target prepare(const std::filesystem::path& dir, bool rebuild) {
    if (!rebuild && index::has_generations(dir)) {
        const std::string version = index::schema_version(dir);
        if (!version.empty() && version != index::schema::kSchemaVersion) {
            std::cerr << "kb-indexer: " << dir.string() << ": schema " << version << " -> "
                      << index::schema::kSchemaVersion << ": rebuilding into a new generation\n";
            rebuild = true;
        }
    }
    if (!rebuild) {
        return Target{dir, dir, false};
    }
    std::error_code ec;
    if (!index::has_generations(dir) && std::filesystem::exists(dir / "iamglass", ec)) {
        throw InputError("--rebuild", dir.string() +
                                          " is an index made without generations; rebuild it "
                                          "once into a new directory");
    }
    index::create_index_layout(dir);
    return Target{dir, index::new_generation(dir), true};
}

constexpr const char* kShardsFile = "kb-shards";  // the number of shards, as text

std::filesystem::path shard_dir(const std::filesystem::path& dir, std::size_t shard) {
    return dir / ("shard-" + std::to_string(shard));
}

// The number of shards the index at `dir` is split into (0: none): the kb-shards file, or
// failing that the shard-K folders.
std::size_t existing_shards(const std::filesystem::path& dir) {
    std::ifstream in(dir / kShardsFile);
    std::size_t count = 0;
    if (in >> count) {
        return count;
    }
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind("shard-", 0) == 0 && name.size() > 6 &&
            name.find_first_not_of("0123456789", 6) == std::string::npos && name.size() < 12) {
            count = std::max<std::size_t>(count, std::stoul(name.substr(6)) + 1);
        }
    }
    return count;
}

// Records the number of shards of a new sharded index, atomically.
void write_shards_file(const std::filesystem::path& dir, std::size_t shards) {
    const std::filesystem::path path = dir / kShardsFile;
    const std::filesystem::path temporary = dir / (std::string(kShardsFile) + ".tmp");
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << shards << '\n';
        if (!out.flush()) {
            throw IndexError(IndexError::Kind::Create, temporary.string() + ": cannot write");
        }
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) {
        throw IndexError(IndexError::Kind::Create,
                         path.string() + ": cannot write: " + ec.message());
    }
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
    const std::size_t shards = existing_shards(index_dir);
    std::vector<Target> targets;
    std::vector<std::unique_ptr<RunLock>> shard_locks;
    if (options.shards == 0) {
        if (shards > 0) {
            throw InputError("--shards",
                             index_dir.string() + " is split into " + std::to_string(shards) +
                                 " shards: run with --shards " + std::to_string(shards));
        }
        targets.push_back(prepare(index_dir, options.rebuild));
    } else {
        std::error_code ec;
        if (index::has_generations(index_dir) ||
            std::filesystem::exists(index_dir / "iamglass", ec)) {
            throw InputError("--shards", index_dir.string() +
                                             " is an index of one database, not of shards; index "
                                             "into a new directory, or run without --shards");
        }
        if (shards != 0 && shards != options.shards) {
            throw InputError("--shards",
                             index_dir.string() + " is split into " + std::to_string(shards) +
                                 " shards; a re-run must give --shards " + std::to_string(shards) +
                                 " (another number needs a new directory)");
        }
        if (shards == 0) {
            write_shards_file(index_dir, options.shards);
        }
        for (std::size_t i = 0; i < options.shards; ++i) {
            // Each shard is an index of its own, with its own lock and generations.
            shard_locks.push_back(std::make_unique<RunLock>(shard_dir(index_dir, i)));
            targets.push_back(prepare(shard_dir(index_dir, i), options.rebuild));
        }
    }
    std::size_t jobs = options.jobs;
    if (jobs == 0) {
        jobs = std::max(1u, std::thread::hardware_concurrency());
    }
    std::vector<bool> switched(targets.size(), false);
    try {
        RunReport report = IndexRun(targets, options, jobs).run(sources);
        for (std::size_t i = 0; i < targets.size(); ++i) {
            if (targets[i].rebuild) {
                // Readers move over atomically.
                index::switch_generation(targets[i].dir, targets[i].db);
                switched[i] = true;
            }
        }
        return report;
    } catch (...) {
        // A rebuild that failed (on a full disk, most often) would leave its unfinished
        // generation until the next rebuild, taking the space the nightly runs on the live
        // one need: remove it now (its writer is closed: the IndexRun is gone). A kill -9
        // leaves it to the next rebuild, which removes it first (index::new_generation).
        for (std::size_t i = 0; i < targets.size(); ++i) {
            if (targets[i].rebuild && !switched[i]) {
                std::error_code ec;
                std::filesystem::remove_all(targets[i].db, ec);
            }
        }
        throw;
    }
}

}  // namespace kb::indexer
