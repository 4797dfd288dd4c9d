// Topic, region and type classification against hand labels.
//
//   kb-bench-classify TAXONOMY LABELS_JSON CORPUS_DIR
//
// For each labelled document: extract it, decide its language, classify it as kb-indexer
// does, and compare with the labels. Micro-averaged over (document, value) pairs:
//   topics  precision = correct topics / predicted topics, recall = correct / labelled;
//   regions the same over the most specific regions (not their ancestors);
//   type    accuracy.

#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kb/analysis/analyzer.h"
#include "kb/analysis/language_detector.h"
#include "kb/classify/classifier.h"
#include "kb/classify/language_decision.h"
#include "kb/classify/taxonomy.h"
#include "kb/ingest/extractor.h"
#include "kb/util/error.h"

namespace {

struct Tally {
    double predicted = 0;
    double labelled = 0;
    double correct = 0;

    void add(const std::set<std::string>& predicted_values, const std::set<std::string>& gold) {
        predicted += static_cast<double>(predicted_values.size());
        labelled += static_cast<double>(gold.size());
        for (const std::string& v : predicted_values) {
            correct += gold.count(v) != 0 ? 1 : 0;
        }
    }
    double precision() const { return predicted > 0 ? correct / predicted : 0; }
    double recall() const { return labelled > 0 ? correct / labelled : 0; }
};

std::set<std::string> strings(const nlohmann::json& list) {
    std::set<std::string> out;
    for (const auto& v : list) {
        out.insert(v.get<std::string>());
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    // Options after the three paths override ClassifierOptions, to try other settings:
    // --title-weight X --min-score X --per-1000 X --share X --max-topics N --damp 0|1;
    // --explain ID prints the matches found in the labelled document ID.
    kb::classify::ClassifierOptions options;
    std::string explain;
    for (int i = 4; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--explain") {
            explain = argv[i + 1];
            continue;
        }
        const double value = std::stod(argv[i + 1]);
        if (flag == "--title-weight") {
            options.title_weight = value;
        } else if (flag == "--min-score") {
            options.min_topic_score = value;
        } else if (flag == "--per-1000") {
            options.min_topic_per_1000_words = value;
        } else if (flag == "--share") {
            options.min_share_of_best = value;
        } else if (flag == "--damp") {
            options.damp_repeats = value != 0;
        } else if (flag == "--max-topics") {
            options.max_topics = static_cast<std::size_t>(value);
        } else {
            std::cerr << "kb-bench-classify: unknown option " << flag << "\n";
            return 64;
        }
    }
    if (argc < 4 || argc % 2 != 0) {
        std::cerr
            << "usage: kb-bench-classify TAXONOMY LABELS_JSON CORPUS_DIR [--OPTION VALUE]...\n";
        return 64;
    }
    try {
        const auto taxonomy =
            std::make_shared<const kb::classify::Taxonomy>(kb::classify::Taxonomy::load(argv[1]));
        std::ifstream in(argv[2]);
        const nlohmann::json labels = nlohmann::json::parse(in);
        const std::filesystem::path corpus = argv[3];
        kb::analysis::Analyzer analyzer;
        kb::analysis::LanguageDetector detector;
        kb::classify::Classifier classifier(taxonomy, analyzer, options);
        Tally topics;
        Tally regions;
        int types = 0;
        int types_right = 0;
        std::map<std::string, int> type_confusions;  // "label -> found"
        std::vector<std::string> misses;
        for (const auto& doc : labels.at("documents")) {
            const std::string id = doc.at("id").get<std::string>();
            const kb::ingest::ExtractedDocument e = kb::ingest::extract_file(corpus / id);
            const kb::classify::LanguageDecision lang =
                kb::classify::decide_language({}, e.language, detector.detect(e.text));
            const kb::classify::Classification c = classifier.classify(e.text, e.title, lang.code);
            if (id == explain) {
                static const char* const kinds[] = {"topic", "region", "type"};
                for (const kb::classify::Evidence& m : c.evidence) {
                    std::cout << "  " << kinds[static_cast<int>(m.kind)] << " " << m.id << " <- \""
                              << m.words << "\"" << (m.in_title ? " (title)" : "") << "\n";
                }
            }
            std::set<std::string> t;
            for (const auto& s : c.topics) {
                t.insert(s.id);
            }
            std::set<std::string> r;
            for (const auto& m : c.regions) {
                r.insert(m.id);
            }
            const std::set<std::string> gold_topics =
                strings(doc.value("topics", nlohmann::json::array()));
            const std::set<std::string> gold_regions =
                strings(doc.value("regions", nlohmann::json::array()));
            topics.add(t, gold_topics);
            regions.add(r, gold_regions);
            ++types;
            const std::string gold_type = doc.value("type", "other");
            types_right += c.type == gold_type ? 1 : 0;
            if (c.type != gold_type) {
                ++type_confusions[gold_type + " -> " + c.type];
            }
            if (t != gold_topics || r != gold_regions) {
                // Found topics with their scores and regions with their mentions, then labels.
                std::string line = id + ": topics";
                for (const auto& s : c.topics) {
                    line += " " + s.id + "=" + std::to_string(static_cast<int>(s.score + 0.5));
                }
                line += " (labels";
                for (const auto& v : gold_topics)
                    line += " " + v;
                line += "); regions";
                for (const auto& m : c.regions) {
                    line += " " + m.id + "=" + std::to_string(m.mentions);
                }
                line += " (labels";
                for (const auto& v : gold_regions)
                    line += " " + v;
                misses.push_back(line + ")");
            }
        }
        std::cout << std::fixed << std::setprecision(3);
        std::cout << "documents " << types << "\n";
        std::cout << "facet    precision  recall   (target P / R)\n";
        std::cout << "topic    " << topics.precision() << "      " << topics.recall()
                  << "    (0.80 / 0.70)\n";
        std::cout << "region   " << regions.precision() << "      " << regions.recall()
                  << "    (0.90 / 0.80)  most specific level\n";
        std::cout << "type     accuracy " << static_cast<double>(types_right) / std::max(types, 1)
                  << "\n";
        std::cout << "type confusions (label -> found):";
        for (const auto& [pair, n] : type_confusions) {
            std::cout << " " << pair << " " << n << ";";
        }
        std::cout << "\n";
        std::cout << "\ndocuments that differ from their labels (" << misses.size() << "):\n";
        for (const std::string& m : misses) {
            std::cout << "  " << m << "\n";
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "kb-bench-classify: " << e.what() << "\n";
        return 1;
    }
}
