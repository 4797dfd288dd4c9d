#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kb/analysis/analyzer.h"
#include "kb/analysis/language_detector.h"

namespace kb::query {

// A text's language and tokens, as `kb-indexer --analyze` and GET /api/v1/analyze show them.
struct TextAnalysis {
    std::string lang;
    std::vector<analysis::Token> tokens;
};

// Analyses `text` in `lang` (a code or tag), or in the language `detector` finds when `lang`
// is empty.
// Throws: InputError naming `lang_param` when `lang` is not a language code.
TextAnalysis analyze_text(std::string_view text,
                          std::string_view lang,
                          std::string_view lang_param,
                          analysis::Analyzer& analyzer,
                          analysis::LanguageDetector& detector);

}  // namespace kb::query
