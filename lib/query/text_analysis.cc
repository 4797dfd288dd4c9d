#include "kb/query/text_analysis.h"

#include "kb/analysis/language.h"
#include "kb/util/error.h"

namespace kb::query {

TextAnalysis analyze_text(std::string_view text,
                          std::string_view lang,
                          std::string_view lang_param,
                          analysis::Analyzer& analyzer,
                          analysis::LanguageDetector& detector) {
    TextAnalysis out;
    if (!lang.empty()) {
        out.lang = analysis::canonical_language(lang);
        if (out.lang.empty()) {
            throw InputError(std::string(lang_param),
                             "'" + std::string(lang) + "' is not a language code");
        }
    } else {
        out.lang = detector.detect(text).code;
    }
    out.tokens = analyzer.analyze(text, out.lang);
    return out;
}

}  // namespace kb::query
