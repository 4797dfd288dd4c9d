// kb-indexer: indexes folders of documents into a Xapian index, or analyses text.
//
//   kb-indexer --index DIR [--jobs N] [--shards N] [--commit-every N] SOURCE_DIR...
//   kb-indexer --analyze [--lang CODE] < text
//
// PDF, DOCX, ODT and files from 4 MB are extracted in worker processes, kb-indexer itself
// started with a hidden first argument --extract-worker (extract_worker.h), under
// --extract-timeout-s and --extract-memory-mb.
//
// Exit codes (sysexits, as Poco's Application::ExitCode): 0 all indexed; 65 some files
// rejected (the rest committed); 64 usage (or --shards/--rebuild that do not fit the index);
// 66 a source is missing; 73 the index cannot be created; 74 it cannot be written; 75
// another kb-indexer holds the index; 70 internal. A full disk is 74, said plainly ("the disk
// is full (No space left on device)"), with the index at its last commit; so is a --report
// FILE that cannot be written.

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>
#include <tuple>

#include <Poco/Util/Application.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionSet.h>

#include "kb/classify/taxonomy.h"
#include "kb/index/disk_full.h"
#include "kb/util/error.h"

#include "analyze_command.h"
#include "extract_worker.h"
#include "pipeline.h"
#include "run_report.h"
#include <sys/statvfs.h>

namespace {

using Poco::Util::Application;
using Poco::Util::Option;
using Poco::Util::OptionSet;

// The index directory of the run, for on_terminate().
std::string terminate_index_dir;  // written once, before the run starts

// Xapian 1.4.22, when a commit runs out of space at some points (after "Modifications
// failed (...), and couldn't open at the old revision"), ends in std::terminate inside
// WritableDatabase::commit(): an exception reaching a noexcept frame, nothing to catch, and
// not always still known here. The database on disk is still at its last commit (its version
// file was never replaced; tests/integration/disk_full_test.cc checks it). So if the index's
// disk is full, this says so and exits 74 like any full disk, instead of "terminate called"
// and SIGABRT; anything else aborts as before, with what is known of it.
[[noreturn]] void on_terminate() {
    std::string reason = "std::terminate";
    if (const std::exception_ptr current = std::current_exception()) {
        try {
            std::rethrow_exception(current);
        } catch (const Xapian::Error& e) {
            reason = e.get_description();
        } catch (const std::exception& e) {
            reason = e.what();
        } catch (...) {
        }
    }
    constexpr std::uint64_t kFull = std::uint64_t{1} << 20;  // less than 1 MB left
    struct statvfs disk {};
    if (!terminate_index_dir.empty() && ::statvfs(terminate_index_dir.c_str(), &disk) == 0 &&
        static_cast<std::uint64_t>(disk.f_bavail) * disk.f_frsize < kFull) {
        std::cerr << "kb-indexer: "
                  << kb::index::disk_full_error(terminate_index_dir,
                                                "Xapian stopped while writing (" + reason + ")",
                                                std::strerror(ENOSPC))
                         .what()
                  << std::endl;
        std::_Exit(Application::EXIT_IOERR);
    }
    std::cerr << "kb-indexer: internal error: " << reason << std::endl;
    std::abort();
}

constexpr std::size_t kMaxCount = 1024;             // of --jobs and --shards
constexpr std::size_t kMaxCommitEvery = 1'000'000;  // Xapian flushes every 10,000 anyway

// `value` as a whole number from 1 to `max`.
bool parse_count(const std::string& value, std::size_t max, std::size_t& out) {
    if (value.empty() || value.size() > 7 ||
        value.find_first_not_of("0123456789") != std::string::npos) {
        return false;
    }
    out = std::stoul(value);
    return out >= 1 && out <= max;
}

class IndexerApp : public Application {
protected:
    void defineOptions(OptionSet& options) override {
        Application::defineOptions(options);
        options.addOption(Option("index", "i", "index directory (created if missing)")
                              .argument("DIR")
                              .binding("index.path"));
        options.addOption(
            Option("analyze", "a", "print the analysis of the text on standard input as JSON lines")
                .binding("indexer.analyze"));
        options.addOption(
            Option("lang", "l", "language of the text for --analyze (default: detect)")
                .argument("CODE")
                .binding("indexer.lang"));
        options.addOption(Option("no-delete", "", "keep documents whose files vanished")
                              .binding("indexer.no-delete"));
        options.addOption(
            Option("retry-failed", "", "retry files that failed before even if they did not change")
                .binding("indexer.retry-failed"));
        options.addOption(
            Option("rebuild", "", "build a fresh index beside the live one, then switch to it")
                .binding("indexer.rebuild"));
        options.addOption(Option("taxonomy", "t",
                                 "topics, regions and types to classify documents with (default: " +
                                     std::string(KB_DEFAULT_TAXONOMY) + " if it exists)")
                              .argument("FILE")
                              .binding("indexer.taxonomy"));
        options.addOption(Option("max-file-mb", "", "refuse files larger than N MB (default 100)")
                              .argument("N")
                              .binding("indexer.max-file-mb"));
        options.addOption(Option("extract-timeout-s", "",
                                 "give up a PDF, DOCX, ODT or file over 4 MB whose extraction "
                                 "takes longer than N s (default 60; it is tried again next run)")
                              .argument("N")
                              .binding("indexer.extract-timeout-s"));
        options.addOption(Option("extract-memory-mb", "",
                                 "memory of the process extracting such a file, in MB (default "
                                 "1024, from 256)")
                              .argument("N")
                              .binding("indexer.extract-memory-mb"));
        options.addOption(Option("jobs", "j",
                                 "worker threads reading and analysing files (default: one per "
                                 "core); one more thread writes the index")
                              .argument("N")
                              .binding("indexer.jobs"));
        options.addOption(Option("shards", "",
                                 "split the index into N indexes DIR/shard-0 .. DIR/shard-(N-1) "
                                 "(every run on DIR must give the same N)")
                              .argument("N")
                              .binding("indexer.shards"));
        options.addOption(Option("commit-every", "",
                                 "commit the index every N changed documents (default 1000; a "
                                 "kill loses at most that much work)")
                              .argument("N")
                              .binding("indexer.commit-every"));
        options.addOption(Option("report", "r", "write a JSON summary of the run to FILE")
                              .argument("FILE")
                              .binding("indexer.report"));
        options.addOption(Option("quiet", "q", "print errors only").binding("indexer.quiet"));
        options.addOption(Option("help", "h", "show this help").binding("indexer.help"));
    }

    int main(const std::vector<std::string>& args) override {
        if (config().has("indexer.help")) {
            print_help(std::cout);
            return EXIT_OK;
        }
        try {
            if (config().has("indexer.analyze")) {
                if (!args.empty()) {
                    return usage("--analyze reads standard input and takes no folders");
                }
                kb::indexer::run_analyze(std::cin, std::cout,
                                         config().getString("indexer.lang", ""));
                return EXIT_OK;
            }
            if (!config().has("index.path")) {
                return usage("--index DIR is required");
            }
            if (args.empty()) {
                return usage("give at least one SOURCE_DIR to index");
            }
            std::vector<std::filesystem::path> sources(args.begin(), args.end());
            kb::indexer::RunOptions options;
            options.delete_missing = !config().has("indexer.no-delete");
            options.retry_failed = config().has("indexer.retry-failed");
            options.rebuild = config().has("indexer.rebuild");
            if (config().has("indexer.max-file-mb")) {
                const std::string value = config().getString("indexer.max-file-mb");
                char* end = nullptr;
                const double mb = std::strtod(value.c_str(), &end);
                if (end == value.c_str() || *end != '\0' || !(mb > 0) || mb > 1'000'000) {
                    return usage("--max-file-mb: expected a positive number of MB, got '" + value +
                                 "'");
                }
                options.max_file_bytes = static_cast<std::size_t>(mb * 1024 * 1024);
            }
            for (const auto& [key, name, target, min, max] :
                 {std::tuple{"indexer.extract-timeout-s", "--extract-timeout-s",
                             &options.extract.timeout_s, kb::indexer::kMinExtractTimeoutS,
                             kb::indexer::kMaxExtractTimeoutS},
                  std::tuple{"indexer.extract-memory-mb", "--extract-memory-mb",
                             &options.extract.memory_mb, kb::indexer::kMinExtractMemoryMb,
                             kb::indexer::kMaxExtractMemoryMb}}) {
                if (!config().has(key)) {
                    continue;
                }
                const std::string value = config().getString(key);
                std::size_t number = 0;
                if (!parse_count(value, max, number) || number < min) {
                    return usage(std::string(name) + ": expected a number from " +
                                 std::to_string(min) + " to " + std::to_string(max) + ", got '" +
                                 value + "'");
                }
                *target = number;
            }
            for (const auto& [key, name, target, max] :
                 {std::tuple{"indexer.jobs", "--jobs", &options.jobs, kMaxCount},
                  std::tuple{"indexer.shards", "--shards", &options.shards, kMaxCount},
                  std::tuple{"indexer.commit-every", "--commit-every", &options.commit_every,
                             kMaxCommitEvery}}) {
                if (!config().has(key)) {
                    continue;
                }
                const std::string value = config().getString(key);
                std::size_t number = 0;
                if (!parse_count(value, max, number)) {
                    return usage(std::string(name) + ": expected a number from 1 to " +
                                 std::to_string(max) + ", got '" + value + "'");
                }
                *target = number;
            }
            const std::filesystem::path taxonomy =
                config().getString("indexer.taxonomy", KB_DEFAULT_TAXONOMY);
            std::error_code ec;
            if (config().has("indexer.taxonomy") || std::filesystem::exists(taxonomy, ec)) {
                // A taxonomy that cannot be read stops the run (78) before anything is written.
                options.taxonomy = std::make_shared<const kb::classify::Taxonomy>(
                    kb::classify::Taxonomy::load(taxonomy));
                options.taxonomy_path = taxonomy;
            }
            const bool quiet = config().has("indexer.quiet");
            kb::indexer::ProgressBar bar(std::cerr);
            if (!quiet && bar.enabled()) {
                options.progress = [&bar](const kb::indexer::RunProgress& p) {
                    bar.update(p);
                };
            }
            terminate_index_dir = config().getString("index.path");
            std::set_terminate(on_terminate);
            const kb::indexer::RunReport report =
                kb::indexer::run_index(config().getString("index.path"), sources, options);
            bar.finish();
            for (const auto& [path, reason] : report.warnings) {
                std::cerr << "kb-indexer: warning: " << path << ": " << reason << '\n';
            }
            for (const auto& [path, reason] : report.failed) {
                std::cerr << "kb-indexer: error: " << path << ": " << reason << '\n';
            }
            if (!quiet) {
                std::cout << kb::indexer::summary_line(report) << '\n';
            }
            if (config().has("indexer.report")) {
                try {
                    kb::indexer::write_report(config().getString("indexer.report"), report);
                } catch (const kb::InputError& e) {
                    // Not a missing source (66): an output that cannot be written, the
                    // index itself being committed.
                    std::cerr << "kb-indexer: " << e.what() << '\n';
                    return EXIT_IOERR;
                }
            }
            return report.failed.empty() ? EXIT_OK : EXIT_DATAERR;
        } catch (const kb::IndexError& e) {
            std::cerr << "kb-indexer: " << e.what() << '\n';
            switch (e.kind()) {
                case kb::IndexError::Kind::Locked:
                    return EXIT_TEMPFAIL;
                case kb::IndexError::Kind::Create:
                    return EXIT_CANTCREAT;
                case kb::IndexError::Kind::Open:
                case kb::IndexError::Kind::Write:
                    return EXIT_IOERR;
            }
            return EXIT_IOERR;
        } catch (const kb::ConfigError& e) {
            std::cerr << "kb-indexer: " << e.what() << '\n';
            return EXIT_CONFIG;
        } catch (const kb::InputError& e) {
            std::cerr << "kb-indexer: " << e.what() << '\n';
            return e.source() == "--lang" || e.source() == "--rebuild" || e.source() == "--shards"
                       ? EXIT_USAGE
                       : EXIT_NOINPUT;
        } catch (const std::exception& e) {
            std::cerr << "kb-indexer: internal error: " << e.what() << '\n';
            return EXIT_SOFTWARE;
        }
    }

public:
    void print_help(std::ostream& out) const {
        Poco::Util::HelpFormatter help(options());
        help.setCommand("kb-indexer");
        help.setUsage("--index DIR SOURCE_DIR... | --analyze [--lang CODE]");
        help.setHeader(
            "Indexes folders of documents (text in any encoding, HTML, XML, PDF, DOCX, ODT, with "
            "NAME.meta.json/.xml sidecars) into a kbsearch index.");
        help.setUnixStyle(true);
        help.format(out);
    }

private:
    int usage(const std::string& message) const {
        std::cerr << "kb-indexer: " << message << "\n";
        print_help(std::cerr);
        return EXIT_USAGE;
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && argv[1] == kb::indexer::kExtractWorkerFlag) {
        return kb::indexer::run_extract_worker(argc, argv);  // started by another kb-indexer
    }
    IndexerApp app;
    try {
        app.init(argc, argv);
    } catch (const Poco::Util::OptionException& e) {
        std::cerr << "kb-indexer: " << e.displayText() << '\n';
        app.print_help(std::cerr);
        return Application::EXIT_USAGE;
    } catch (const Poco::Exception& e) {
        std::cerr << "kb-indexer: " << e.displayText() << '\n';
        return Application::EXIT_CONFIG;
    }
    return app.run();
}
