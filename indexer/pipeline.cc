#include "pipeline.h"

#include <chrono>
#include <system_error>

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

RunReport run_index(const std::filesystem::path& index_dir,
                    const std::vector<std::filesystem::path>& sources) {
    const auto start = std::chrono::steady_clock::now();
    for (const auto& source : sources) {
        std::error_code ec;
        if (!std::filesystem::exists(source, ec)) {
            throw InputError(source.string(), "source folder does not exist");
        }
    }
    RunReport report;
    index::IndexWriter writer(index_dir);
    analysis::Analyzer analyzer;
    analysis::LanguageDetector detector;

    for (const auto& source : sources) {
        CrawlResult crawled = crawl(source);
        report.failed.insert(report.failed.end(), crawled.errors.begin(), crawled.errors.end());
        for (const SourceFile& file : crawled.files) {
            try {
                const std::string bytes = util::read_file(file.path);
                const auto format = ingest::detect_format(file.path, bytes);
                if (!format) {
                    ++report.skipped;
                    continue;
                }
                const ingest::ExtractedDocument extracted =
                    ingest::extract(*format, bytes, file.path.string());
                const analysis::LanguageGuess guess = detector.detect(extracted.text);
                const classify::LanguageDecision language =
                    classify::decide_language({}, extracted.language, guess);

                index::IndexedDocument doc;
                doc.id = file.id;
                doc.title =
                    extracted.title.empty() ? file.path.filename().string() : extracted.title;
                doc.text = extracted.text;
                doc.language = language.code;
                doc.script = language.script;
                doc.language_confidence = language.confidence;
                doc.language_source = std::string(classify::to_string(language.source));
                doc.language_runs =
                    classify::split_language_runs(doc.text, doc.language, guess, detector);
                doc.format = extracted.format;
                doc.path = std::filesystem::absolute(file.path).string();
                doc.description = extracted.description;
                doc.bytes = bytes.size();

                const std::string term = index::id_term(doc.id);
                const bool existed = writer.contains(term);
                index::FoldedStems folded_stems;
                writer.put(term, index::build_document(doc, analyzer, &folded_stems));
                writer.add_folded_stems(folded_stems);
                ++(existed ? report.updated : report.added);
            } catch (const InputError& e) {
                report.failed.emplace_back(file.path.string(), e.reason());
            } catch (const IndexError&) {
                throw;
            } catch (const std::exception& e) {
                report.failed.emplace_back(file.path.string(), e.what());
            }
        }
    }
    writer.commit();
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

}  // namespace kb::indexer
