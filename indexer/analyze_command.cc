#include "analyze_command.h"

#include <iostream>
#include <iterator>

#include "kb/analysis/analyzer.h"
#include "kb/analysis/language.h"
#include "kb/analysis/language_detector.h"
#include "kb/query/api_json.h"
#include "kb/query/text_analysis.h"
#include "kb/util/error.h"

namespace kb::indexer {

void run_analyze(std::istream& in, std::ostream& out, const std::string& lang) {
    if (!lang.empty() && analysis::canonical_language(lang).empty()) {
        // Before reading standard input: a wrong option fails at once.
        throw InputError("--lang", "'" + lang + "' is not a language code");
    }
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    analysis::LanguageDetector detector;
    analysis::Analyzer analyzer;
    const query::TextAnalysis analysed =
        query::analyze_text(text, lang, "--lang", analyzer, detector);
    out << query::tokens_to_json_lines(analysed.tokens, analysed.lang);
    out.flush();
}

}  // namespace kb::indexer
