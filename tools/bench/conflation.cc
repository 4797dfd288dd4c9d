// Conflation quality of kbsearch's stemming against gold lemmas (Universal Dependencies).
//
//   kb-bench-conflation [LEMMAS_TSV_GZ] [LANG...]
//
// For each language, over content words (UPOS NOUN, VERB, ADJ, ADV), token-weighted:
//   recall    = share of same-lemma token pairs that get the same index term,
//   precision = share of same-term token pairs that have the same lemma,
// for kbsearch's canonical term (the `stem` of kb-indexer --analyze) and for the baseline
// of plain case folding (what an engine without a stemmer indexes).

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <Poco/InflatingStream.h>

#include "kb/analysis/analyzer.h"

namespace {

struct Row {
    std::string form;
    std::string lemma;
    double count;
};

double pairs(double n) {
    return n * (n - 1) / 2;
}

struct Scores {
    double recall = 0;
    double precision = 0;
};

// Term pairs against lemma pairs, given each row's term.
Scores score(const std::vector<Row>& rows, const std::vector<std::string>& terms) {
    std::map<std::string, double> by_lemma;
    std::map<std::string, double> by_term;
    std::map<std::pair<std::string, std::string>, double> by_both;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        by_lemma[rows[i].lemma] += rows[i].count;
        by_term[terms[i]] += rows[i].count;
        by_both[{rows[i].lemma, terms[i]}] += rows[i].count;
    }
    double same_lemma = 0;
    double same_term = 0;
    double same_both = 0;
    for (const auto& [k, n] : by_lemma) {
        same_lemma += pairs(n);
    }
    for (const auto& [k, n] : by_term) {
        same_term += pairs(n);
    }
    for (const auto& [k, n] : by_both) {
        same_both += pairs(n);
    }
    return {same_lemma > 0 ? same_both / same_lemma : 0, same_term > 0 ? same_both / same_term : 0};
}

// Prints the `n` lemmas that lose most same-lemma pairs, with each form's term: where to
// look when recall is low.
void print_worst(const std::vector<Row>& rows, const std::vector<std::string>& terms, int n) {
    std::map<std::string, std::map<std::string, double>> by_lemma_term;
    std::map<std::string, std::vector<std::string>> forms;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        by_lemma_term[rows[i].lemma][terms[i]] += rows[i].count;
        forms[rows[i].lemma].push_back(rows[i].form + "->" + terms[i]);
    }
    std::vector<std::pair<double, std::string>> lost;
    for (const auto& [lemma, by_term] : by_lemma_term) {
        double total = 0;
        double kept = 0;
        for (const auto& [t, c] : by_term) {
            total += c;
            kept += pairs(c);
        }
        lost.emplace_back(pairs(total) - kept, lemma);
    }
    std::sort(lost.rbegin(), lost.rend());
    for (int i = 0; i < n && i < static_cast<int>(lost.size()); ++i) {
        std::cout << "    " << lost[i].second << " (" << lost[i].first << "):";
        for (const std::string& f : forms[lost[i].second]) {
            std::cout << ' ' << f;
        }
        std::cout << '\n';
    }
}

}  // namespace

int main(int argc, char** argv) {
    int worst = 0;
    if (argc > 2 && std::string(argv[1]) == "--worst") {
        worst = std::stoi(argv[2]);
        argv += 2;
        argc -= 2;
    }
    const std::string path = argc > 1 ? argv[1] : "../shared/corpus-data/ud/lemmas.tsv.gz";
    std::vector<std::string> languages(argv + std::min(argc, 2), argv + argc);
    if (languages.empty()) {
        languages = {"pl", "sl", "hr", "sr", "cs", "sk", "bg", "de", "en", "hu", "ro"};
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        std::cerr << "kb-bench-conflation: cannot open " << path << "\n";
        return 66;
    }
    Poco::InflatingInputStream in(file, Poco::InflatingStreamBuf::STREAM_GZIP);
    std::map<std::string, std::vector<Row>> rows;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::stringstream fields(line);
        std::string lang, treebank, form, lemma, upos, count;
        std::getline(fields, lang, '\t');
        std::getline(fields, treebank, '\t');
        std::getline(fields, form, '\t');
        std::getline(fields, lemma, '\t');
        std::getline(fields, upos, '\t');
        std::getline(fields, count, '\t');
        if (upos != "NOUN" && upos != "VERB" && upos != "ADJ" && upos != "ADV") {
            continue;
        }
        rows[lang].push_back(Row{form, lemma, std::stod(count)});
    }

    kb::analysis::Analyzer analyzer;
    std::cout << "lang  tokens   recall  (baseline)  precision  (baseline)\n";
    for (const std::string& lang : languages) {
        std::vector<Row> kept;
        std::vector<std::string> stems;
        std::vector<std::string> folded;
        for (Row& row : rows[lang]) {
            const auto tokens = analyzer.analyze(row.form, lang);
            const auto lemma_tokens = analyzer.segment(row.lemma);
            if (tokens.size() != 1 || lemma_tokens.size() != 1) {
                continue;  // multi-word forms and punctuation are not single terms
            }
            row.lemma = lemma_tokens[0].norm;  // gold lemmas compared case-insensitively
            stems.push_back(tokens[0].stem);
            folded.push_back(tokens[0].norm);
            kept.push_back(row);
        }
        double tokens = 0;
        for (const Row& r : kept) {
            tokens += r.count;
        }
        const Scores ours = score(kept, stems);
        const Scores base = score(kept, folded);
        std::cout << std::fixed << std::setprecision(3) << std::left << std::setw(6) << lang
                  << std::setw(9) << static_cast<long>(tokens) << ours.recall << "   ("
                  << base.recall << ")     " << ours.precision << "      (" << base.precision
                  << ")\n";
        if (worst > 0) {
            print_worst(kept, stems, worst);
        }
    }
    return 0;
}
