// kb-indexer: indexes folders of documents into a Xapian index, or analyses text.
//
//   kb-indexer --index DIR [--jobs N] [--shards N] SOURCE_DIR...
//   kb-indexer --analyze [--lang CODE] < text
//
// Exit codes (sysexits, as Poco's Application::ExitCode): 0 all indexed; 65 some files
// rejected (the rest committed); 64 usage (or --shards/--rebuild that do not fit the index);
// 66 a source is missing; 73 the index cannot be created; 74 it cannot be written; 75
// another kb-indexer holds the index; 70 internal.

#include <cstdlib>
#include <iostream>
#include <string>
#include <tuple>

#include <Poco/Util/Application.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionSet.h>

#include "kb/classify/taxonomy.h"
#include "kb/util/error.h"

#include "analyze_command.h"
#include "pipeline.h"
#include "run_report.h"

namespace {

using Poco::Util::Application;
using Poco::Util::Option;
using Poco::Util::OptionSet;

constexpr std::size_t kMaxCount = 1024;  // of --jobs and --shards

// `value` as a whole number from 1 to kMaxCount.
bool parse_count(const std::string& value, std::size_t& out) {
    if (value.empty() || value.size() > 4 ||
        value.find_first_not_of("0123456789") != std::string::npos) {
        return false;
    }
    out = std::stoul(value);
    return out >= 1 && out <= kMaxCount;
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
            for (const auto& [key, name, target] :
                 {std::tuple{"indexer.jobs", "--jobs", &options.jobs},
                  std::tuple{"indexer.shards", "--shards", &options.shards}}) {
                if (!config().has(key)) {
                    continue;
                }
                const std::string value = config().getString(key);
                std::size_t number = 0;
                if (!parse_count(value, number)) {
                    return usage(std::string(name) + ": expected a number from 1 to " +
                                 std::to_string(kMaxCount) + ", got '" + value + "'");
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
                kb::indexer::write_report(config().getString("indexer.report"), report);
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
