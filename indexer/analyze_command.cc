#include "analyze_command.h"

#include <iostream>
#include <iterator>

#include "kb/analysis/analyzer.h"
#include "kb/analysis/language.h"
#include "kb/analysis/language_detector.h"
#include "kb/query/api_json.h"
#include "kb/util/error.h"

namespace kb::indexer {

void run_analyze(std::istream& in, std::ostream& out, const std::string& lang) {
    std::string code;
    if (!lang.empty()) {
        code = analysis::canonical_language(lang);
        if (code.empty()) {
            throw InputError("--lang", "'" + lang + "' is not a language code");
        }
    }
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (code.empty()) {
        analysis::LanguageDetector detector;
        code = detector.detect(text).code;
    }
    analysis::Analyzer analyzer;
    out << query::tokens_to_json_lines(analyzer.analyze(text, code), code);
    out.flush();
}

}  // namespace kb::indexer
