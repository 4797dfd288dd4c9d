// Language identification accuracy of kbsearch on labelled documents and short sentences.
//
//   kb-bench-langid CORPUS_BUILD_DIR
//
// CORPUS_BUILD_DIR is the output of ../shared/tools/build_corpus.py: manifest.jsonl (labels
// of the documents) and langid_short.tsv (short labelled sentences). Prints accuracy per
// language tag, for Bosnian/Croatian/Serbian both as one group (with the right script) and
// separately, the main confusions, and the speed.

#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "kb/analysis/language.h"
#include "kb/analysis/language_detector.h"
#include "kb/util/file_io.h"

namespace {

struct Tally {
    int total = 0;
    int exact = 0;  // language right (bs, hr, sr told apart)
    int group = 0;  // right, counting bs/hr/sr as one group with the right script
    std::map<std::string, int> confusions;
};

void score(Tally& t,
           const std::string& lang,
           const std::string& script,
           const kb::analysis::LanguageGuess& g) {
    ++t.total;
    const bool script_ok = script.empty() || g.script == script;
    if (g.code == lang && script_ok) {
        ++t.exact;
    } else {
        ++t.confusions[g.code + (script_ok ? "" : "-" + g.script)];
    }
    const bool group_ok =
        kb::analysis::is_bcms(lang) ? kb::analysis::is_bcms(g.code) : g.code == lang;
    if (group_ok && script_ok) {
        ++t.group;
    }
}

void print(const std::string& title, const std::map<std::string, Tally>& tallies) {
    std::cout << "\n" << title << "\n";
    std::cout << "tag       items   exact   bs/hr/sr-group   main confusions\n";
    int total = 0;
    int exact = 0;
    int group = 0;
    for (const auto& [tag, t] : tallies) {
        total += t.total;
        exact += t.exact;
        group += t.group;
        std::cout << std::left << std::setw(9) << tag << std::right << std::setw(6) << t.total
                  << std::fixed << std::setprecision(1) << std::setw(8) << 100.0 * t.exact / t.total
                  << "%" << std::setw(12) << 100.0 * t.group / t.total << "%      ";
        std::vector<std::pair<int, std::string>> top;
        for (const auto& [code, n] : t.confusions) {
            top.emplace_back(n, code);
        }
        std::sort(top.rbegin(), top.rend());
        for (std::size_t i = 0; i < top.size() && i < 3; ++i) {
            std::cout << top[i].second << ":" << top[i].first << " ";
        }
        std::cout << "\n";
    }
    std::cout << "all      " << std::setw(6) << total << std::setw(8) << 100.0 * exact / total
              << "%" << std::setw(12) << 100.0 * group / total << "%\n";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2 && !(argc == 4 && std::string(argv[2]) == "--misses")) {
        std::cerr << "usage: kb-bench-langid CORPUS_BUILD_DIR [--misses TAG]\n";
        return 64;
    }
    const std::string dir = argv[1];
    // With --misses TAG, the documents of that tag given the wrong group or script are listed.
    const std::string misses_of = argc == 4 ? argv[3] : "";
    std::ifstream manifest(dir + "/manifest.jsonl");
    if (!manifest) {
        std::cerr << "kb-bench-langid: cannot open " << dir << "/manifest.jsonl\n";
        return 66;
    }
    kb::analysis::LanguageDetector detector;
    std::map<std::string, Tally> documents;
    std::size_t bytes = 0;
    double seconds = 0;
    for (std::string line; std::getline(manifest, line);) {
        const nlohmann::json m = nlohmann::json::parse(line);
        const std::string text = kb::util::read_file(dir + "/" + m["path"].get<std::string>());
        const auto start = std::chrono::steady_clock::now();
        const kb::analysis::LanguageGuess g = detector.detect(text);
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        bytes += text.size();
        const std::string tag = m["lang_tag"].get<std::string>();
        Tally& tally = documents[tag];
        const int group_hits = tally.group;
        score(tally, m["language"].get<std::string>(), m["script"].get<std::string>(), g);
        if (tag == misses_of && tally.group == group_hits) {
            std::cout << "miss: " << m["path"].get<std::string>() << " -> '" << g.code << "' "
                      << g.script << ": " << text.substr(0, 80) << "\n";
        }
    }
    print("Documents (manifest.jsonl)", documents);
    int n = 0;
    for (const auto& [tag, t] : documents) {
        n += t.total;
    }
    std::cout << std::setprecision(0) << n / seconds << " documents/s, " << std::setprecision(1)
              << bytes / seconds / 1e6 << " MB/s\n";

    std::ifstream sentences(dir + "/langid_short.tsv");
    std::map<std::string, Tally> short_tallies;
    std::string line;
    std::getline(sentences, line);  // header
    while (std::getline(sentences, line)) {
        const std::size_t a = line.find('\t');
        const std::size_t b = line.find('\t', a + 1);
        if (a == std::string::npos || b == std::string::npos) {
            continue;
        }
        const std::string tag = line.substr(0, a);
        const std::size_t dash = tag.find('-');
        const std::string lang = tag.substr(0, dash);
        const std::string script = dash == std::string::npos ? "" : tag.substr(dash + 1);
        score(short_tallies[tag], lang, script, detector.detect(line.substr(b + 1)));
    }
    if (!short_tallies.empty()) {
        print("Short sentences (langid_short.tsv)", short_tallies);
    }
    return 0;
}
