// Speed of kbsearch's text-analysis pipeline, run as kb-indexer runs it, on one core.
//
//   kb-bench-analysis CORPUS_BUILD_DIR
//
// CORPUS_BUILD_DIR is the output of ../shared/tools/build_corpus.py (manifest.jsonl and the
// files it lists). Every file is read into memory first; then, per document and exactly as
// indexer/pipeline.cc and index/document_builder.cc do it: (a) detect_format + extract,
// (b) LanguageDetector::detect + decide_language + split_language_runs (paragraphs in other
// languages), (c) Analyzer::analyze of the title and of each run of the body in its
// language. Each stage is timed with the thread's CPU clock, so the figures are per core
// even when other processes share the machine. Anchors on the same extracted texts: bare ICU
// (BreakIterator words + NFKC_Casefold) and Xapian::TermGenerator with the English stemmer.
// The whole pass runs with the same Analyzer first with cold word caches, then three times
// with the caches the first filled; of those, the one with the median analysis time is
// printed (this machine is a shared VM: single warm passes vary by +-10%).

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>  // clock_gettime (POSIX)
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/utext.h>
#include <xapian.h>

#include "kb/analysis/analyzer.h"
#include "kb/analysis/language.h"
#include "kb/analysis/language_detector.h"
#include "kb/classify/language_decision.h"
#include "kb/classify/language_runs.h"
#include "kb/index/schema.h"
#include "kb/ingest/extractor.h"
#include "kb/util/error.h"
#include "kb/util/file_io.h"

namespace {

constexpr double kTargetMBps = 15.0;  // the target for detection + analyze, per core

// CPU time of the calling thread, in seconds.
double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double wall_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct InputFile {
    std::filesystem::path path;
    std::string bytes;
};

struct ExtractedText {
    std::string title;
    std::string text;
};

struct LanguageStats {
    std::size_t documents = 0;
    std::size_t bytes = 0;
    std::size_t tokens = 0;
    double seconds = 0;
};

struct PassResult {
    std::size_t documents = 0;
    std::size_t skipped = 0;
    std::vector<std::string> failed;
    std::size_t bytes = 0;  // extracted UTF-8 given to analyze(): title + body
    std::size_t title_bytes = 0;
    std::size_t tokens = 0;  // tokens analyze() returned
    double extract_seconds = 0;
    double detect_seconds = 0;  // detect + decide_language + split_language_runs
    double runs_seconds = 0;    // split_language_runs, part of detect_seconds
    std::size_t runs = 0;       // language runs analysed (one per document at least)
    double analyze_seconds = 0;
    std::map<std::string, LanguageStats> languages;  // by the language analyze() was given
    std::size_t icu_tokens = 0;
    double icu_seconds = 0;
    std::size_t xapian_tokens = 0;
    std::size_t xapian_terms = 0;
    double xapian_seconds = 0;
    double pass_cpu_seconds = 0;
    double pass_wall_seconds = 0;
};

// The bare ICU anchor: word segmentation and NFKC_Casefold, no fast path, no folding, no
// stemming. One instance per thread. Throws: kb::InternalError if ICU fails.
class IcuBaseline {
public:
    IcuBaseline() {
        UErrorCode status = U_ZERO_ERROR;
        words_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
        casefold_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
        if (U_FAILURE(status)) {
            throw kb::InternalError(u_errorName(status));
        }
    }

    // Case-folded words of `utf8`, appended to `out`.
    void run(const std::string& utf8, std::vector<std::string>& out) {
        UErrorCode status = U_ZERO_ERROR;
        UText* text =
            utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
        words_->setText(text, status);
        int32_t start = words_->first();
        for (int32_t end = words_->next(); end != icu::BreakIterator::DONE;
             start = end, end = words_->next()) {
            if (words_->getRuleStatus() < UBRK_WORD_NONE_LIMIT) {
                continue;
            }
            std::string folded;
            icu::StringByteSink<std::string> sink(&folded);
            casefold_->normalizeUTF8(0, icu::StringPiece(utf8.data() + start, end - start), sink,
                                     nullptr, status);
            out.push_back(std::move(folded));
        }
        words_->setText(icu::UnicodeString());
        utext_close(text);
        if (U_FAILURE(status)) {
            throw kb::InternalError(u_errorName(status));
        }
    }

private:
    std::unique_ptr<icu::BreakIterator> words_;
    const icu::Normalizer2* casefold_ = nullptr;  // ICU singleton: never deleted
};

PassResult run_pass(const std::vector<InputFile>& files,
                    kb::analysis::Analyzer& analyzer,
                    kb::analysis::LanguageDetector& detector,
                    IcuBaseline& icu_baseline,
                    Xapian::TermGenerator& term_generator) {
    PassResult r;
    const double pass_cpu_start = thread_cpu_seconds();
    const double pass_wall_start = wall_seconds();
    std::vector<ExtractedText> texts;
    texts.reserve(files.size());
    for (const InputFile& file : files) {
        // (a) extraction, as indexer/pipeline.cc.
        const double t0 = thread_cpu_seconds();
        const auto format = kb::ingest::detect_format(file.path, file.bytes);
        if (!format) {
            ++r.skipped;
            r.extract_seconds += thread_cpu_seconds() - t0;
            continue;
        }
        kb::ingest::ExtractedDocument extracted;
        try {
            extracted = kb::ingest::extract(*format, file.bytes, file.path.string());
        } catch (const kb::InputError& e) {
            r.extract_seconds += thread_cpu_seconds() - t0;
            r.failed.push_back(file.path.string() + ": " + e.reason());
            continue;
        }
        const double t1 = thread_cpu_seconds();

        // (b) language: detection, then the decision that picks the stemming language.
        const kb::analysis::LanguageGuess guess = detector.detect(extracted.text);
        const kb::classify::LanguageDecision language =
            kb::classify::decide_language({}, extracted.language, guess);
        const double t1b = thread_cpu_seconds();
        std::vector<kb::classify::LanguageRun> runs =
            kb::classify::split_language_runs(extracted.text, language.code, guess, detector);
        const double t2 = thread_cpu_seconds();

        // (c) analysis of the title, then of each run of the body in its language, as
        // index/document_builder.cc.
        std::string title =
            extracted.title.empty() ? file.path.filename().string() : extracted.title;
        std::size_t tokens = 0;
        std::uint32_t next = 0;  // the last title position, then the next body position
        for (const kb::analysis::Token& t : analyzer.analyze(title, language.code, 1)) {
            next = t.position;
            ++tokens;
        }
        next += kb::index::schema::kBodyPositionGap;
        const double t2b = thread_cpu_seconds();
        LanguageStats& document_stats = r.languages[language.code];
        ++document_stats.documents;
        document_stats.bytes += title.size();
        document_stats.tokens += tokens;
        document_stats.seconds += t2b - t2;
        if (runs.empty()) {
            runs.push_back({0, extracted.text.size(), language.code});
        }
        double run_start = t2b;
        for (const kb::classify::LanguageRun& run : runs) {
            const std::string_view text =
                std::string_view(extracted.text)
                    .substr(std::min(run.offset, extracted.text.size()), run.length);
            std::size_t run_tokens = 0;
            for (const kb::analysis::Token& t : analyzer.analyze(text, run.language, next)) {
                next = t.position + 1;
                ++run_tokens;
            }
            const double run_end = thread_cpu_seconds();
            LanguageStats& l = r.languages[run.language];
            l.bytes += text.size();
            l.tokens += run_tokens;
            l.seconds += run_end - run_start;
            tokens += run_tokens;
            run_start = run_end;
        }
        const double t3 = run_start;

        ++r.documents;
        r.bytes += title.size() + extracted.text.size();
        r.title_bytes += title.size();
        r.tokens += tokens;
        r.runs += runs.size();
        r.extract_seconds += t1 - t0;
        r.detect_seconds += t2 - t1;
        r.runs_seconds += t2 - t1b;
        r.analyze_seconds += t3 - t2;
        texts.push_back({std::move(title), std::move(extracted.text)});
    }

    // Anchors on the same texts.
    std::vector<std::string> words;
    double t0 = thread_cpu_seconds();
    for (const ExtractedText& t : texts) {
        words.clear();
        icu_baseline.run(t.title, words);
        icu_baseline.run(t.text, words);
        r.icu_tokens += words.size();
    }
    r.icu_seconds = thread_cpu_seconds() - t0;

    t0 = thread_cpu_seconds();
    for (const ExtractedText& t : texts) {
        Xapian::Document doc;
        term_generator.set_document(doc);
        term_generator.set_termpos(0);
        term_generator.index_text(t.title);
        term_generator.increase_termpos(kb::index::schema::kBodyPositionGap);
        term_generator.index_text(t.text);
        r.xapian_tokens += term_generator.get_termpos() - kb::index::schema::kBodyPositionGap;
        r.xapian_terms += doc.termlist_count();
    }
    r.xapian_seconds = thread_cpu_seconds() - t0;

    r.pass_cpu_seconds = thread_cpu_seconds() - pass_cpu_start;
    r.pass_wall_seconds = wall_seconds() - pass_wall_start;
    return r;
}

std::string mbps(std::size_t bytes, double seconds) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(2) << bytes / seconds / 1e6;
    return s.str();
}

std::string ktps(std::size_t tokens, double seconds) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(0) << tokens / seconds / 1e3;
    return s.str();
}

void print_row(const std::string& name, std::size_t bytes, std::size_t tokens, double seconds) {
    std::cout << "  " << std::left << std::setw(44) << name << std::right << std::fixed
              << std::setprecision(3) << std::setw(8) << seconds << std::setw(9)
              << mbps(bytes, seconds) << std::setw(11) << ktps(tokens, seconds) << "\n";
}

void print_pass(const std::string& title, const std::string& label, const PassResult& r) {
    const double pipeline = r.detect_seconds + r.analyze_seconds;
    const double whole = r.extract_seconds + pipeline;
    std::cout << "\n== " << title << " ==\n";
    std::cout << "documents " << r.documents << " (skipped " << r.skipped << ", failed "
              << r.failed.size() << "), extracted text " << std::fixed << std::setprecision(2)
              << r.bytes / 1e6 << " MB UTF-8 (bodies " << (r.bytes - r.title_bytes) / 1e6
              << " + titles " << r.title_bytes / 1e6 << "), tokens " << r.tokens
              << ", language runs " << r.runs << "\n";
    for (std::size_t i = 0; i < r.failed.size() && i < 3; ++i) {
        std::cout << "  failed: " << r.failed[i] << "\n";
    }
    std::cout << "pass: " << std::setprecision(2) << r.pass_cpu_seconds << " s CPU, "
              << r.pass_wall_seconds << " s wall (CPU/wall "
              << 100.0 * r.pass_cpu_seconds / r.pass_wall_seconds << "%; anchors included)\n";
    std::cout << "  stage (MB and tokens of the whole text)       CPU s     MB/s  ktokens/s\n";
    print_row("(a) extraction: detect_format + extract", r.bytes, r.tokens, r.extract_seconds);
    print_row("(b) language: detect, decide, split runs", r.bytes, r.tokens, r.detect_seconds);
    print_row("    of which split_language_runs", r.bytes, r.tokens, r.runs_seconds);
    print_row("(c) analysis: Analyzer::analyze per run", r.bytes, r.tokens, r.analyze_seconds);
    print_row("analysis pipeline (b)+(c)", r.bytes, r.tokens, pipeline);
    print_row("whole pipeline (a)+(b)+(c)", r.bytes, r.tokens, whole);
    std::cout << "  anchors, same texts (their own token counts)\n";
    print_row("ICU BreakIterator + NFKC_Casefold", r.bytes, r.icu_tokens, r.icu_seconds);
    print_row("Xapian TermGenerator, Stem(\"english\")", r.bytes, r.xapian_tokens,
              r.xapian_seconds);
    std::cout << "  (ICU: " << r.icu_tokens << " words; TermGenerator: " << r.xapian_tokens
              << " words, " << r.xapian_terms
              << " terms in its Documents, whose building it includes)\n";
    std::cout << std::setprecision(2)
              << "  kbsearch speed relative to anchor      ICU     Xapian\n";
    const auto ratio_row = [&](const std::string& name, double seconds) {
        std::cout << "  " << std::left << std::setw(34) << name << std::right << std::setw(8)
                  << r.icu_seconds / seconds << "x" << std::setw(10) << r.xapian_seconds / seconds
                  << "x\n";
    };
    ratio_row("analyze() alone (c)", r.analyze_seconds);
    ratio_row("analysis pipeline (b)+(c)", pipeline);

    // Languages of fewer than kFewDocuments documents (detection's odd answers) are one row.
    constexpr std::size_t kFewDocuments = 20;
    std::vector<std::pair<std::string, LanguageStats>> langs;
    LanguageStats few;
    std::string few_name;
    for (const auto& [code, l] : r.languages) {
        if (l.documents >= kFewDocuments) {
            langs.emplace_back(code, l);
            continue;
        }
        few_name += (few_name.empty() ? "" : ",") + code;
        few.documents += l.documents;
        few.bytes += l.bytes;
        few.tokens += l.tokens;
        few.seconds += l.seconds;
    }
    std::sort(langs.begin(), langs.end(), [](const auto& a, const auto& b) {
        return a.second.bytes / a.second.seconds < b.second.bytes / b.second.seconds;
    });
    std::cout << "  analyze() per language (of the document, or of its run), slowest first\n";
    std::cout << "  lang    docs        MB     tokens    CPU s     MB/s  ktokens/s\n";
    for (const auto& [code, l] : langs) {
        std::cout << "  " << std::left << std::setw(5) << code << std::right << std::setw(7)
                  << l.documents << std::setw(10) << std::setprecision(2) << l.bytes / 1e6
                  << std::setw(11) << l.tokens << std::setw(9) << std::setprecision(3) << l.seconds
                  << std::setw(9) << mbps(l.bytes, l.seconds) << std::setw(11)
                  << ktps(l.tokens, l.seconds) << "\n";
    }
    if (few.documents > 0) {
        std::cout << "  (fewer than " << kFewDocuments << " documents each: " << few_name << ", "
                  << few.documents << " documents, " << few.tokens << " tokens, "
                  << mbps(few.bytes, few.seconds) << " MB/s)\n";
    }
    const double rate = r.bytes / pipeline / 1e6;
    std::cout << "target " << std::setprecision(0) << kTargetMBps
              << " MB/s: " << (rate >= kTargetMBps ? "met" : "not met")
              << " (analysis pipeline (b)+(c) " << std::setprecision(2) << rate
              << " MB/s per core, " << label << ")\n";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: kb-bench-analysis CORPUS_BUILD_DIR\n";
        return 64;
    }
    const std::filesystem::path dir = argv[1];
    std::ifstream manifest(dir / "manifest.jsonl");
    if (!manifest) {
        std::cerr << "kb-bench-analysis: cannot open " << (dir / "manifest.jsonl") << "\n";
        return 66;
    }
    std::vector<InputFile> files;
    std::set<std::string> languages;
    std::size_t read_bytes = 0;
    for (std::string line; std::getline(manifest, line);) {
        const nlohmann::json m = nlohmann::json::parse(line);
        InputFile f;
        f.path = dir / m["path"].get<std::string>();
        f.bytes = kb::util::read_file(f.path);
        read_bytes += f.bytes.size();
        languages.insert(m["language"].get<std::string>());
        files.push_back(std::move(f));
    }

    double t0 = thread_cpu_seconds();
    kb::analysis::Analyzer analyzer;
    kb::analysis::LanguageDetector detector;
    IcuBaseline icu_baseline;
    Xapian::TermGenerator term_generator;
    term_generator.set_stemmer(Xapian::Stem("english"));
    const double construct_seconds = thread_cpu_seconds() - t0;
    // Load the stemmers (Hunspell dictionaries) of the corpus's languages before the passes:
    // kb-indexer loads each once per run, which is not per-document work.
    t0 = thread_cpu_seconds();
    std::ostringstream stemmed;
    for (const std::string& lang : languages) {
        const std::string code = kb::analysis::canonical_language(lang);
        stemmed << " " << code << (analyzer.stems(code) ? "" : "(none)");
    }
    const double load_seconds = thread_cpu_seconds() - t0;

    std::cout << "kbsearch text-analysis speed, one thread; rates are per core (thread CPU time)\n"
              << "corpus " << dir.string() << ": " << files.size() << " files, " << std::fixed
              << std::setprecision(2) << read_bytes / 1e6 << " MB read into memory before timing\n"
              << "setup, not in the passes: Analyzer + LanguageDetector + anchors "
              << construct_seconds << " s; stemmers" << stemmed.str() << " " << load_seconds
              << " s\n";

    const PassResult cold = run_pass(files, analyzer, detector, icu_baseline, term_generator);
    std::vector<PassResult> warm;
    for (int i = 0; i < 3; ++i) {
        warm.push_back(run_pass(files, analyzer, detector, icu_baseline, term_generator));
    }
    const auto pipeline_seconds = [](const PassResult& r) {
        return r.detect_seconds + r.analyze_seconds;
    };
    std::sort(warm.begin(), warm.end(), [&](const PassResult& a, const PassResult& b) {
        return pipeline_seconds(a) < pipeline_seconds(b);
    });
    print_pass("pass 1: COLD caches (Analyzer and detector word caches empty at start)",
               "cold caches", cold);
    std::ostringstream title;
    title << std::setprecision(3) << "passes 2-4: WARM caches (word caches filled by pass 1); "
          << "the median pass, analysis pipeline (b)+(c) " << pipeline_seconds(warm[0]) << " / "
          << pipeline_seconds(warm[1]) << " / " << pipeline_seconds(warm[2]) << " s";
    print_pass(title.str(), "warm caches, median of 3", warm[1]);
    return 0;
}
