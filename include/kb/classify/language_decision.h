#pragma once

#include <string>
#include <string_view>

#include "kb/analysis/language_detector.h"

namespace kb::classify {

// Where a document's language came from, strongest first.
enum class LanguageSource { Metadata, Declared, Detected, Unknown };

std::string_view to_string(LanguageSource source) noexcept;

// The language facet of a document.
struct LanguageDecision {
    std::string code = "und";  // canonical ISO 639-1 code, "und" if unknown
    std::string script;        // ISO 15924, from the text itself
    double confidence = 0.0;
    LanguageSource source = LanguageSource::Unknown;
};

// Decides a document's language: metadata (a sidecar, issue #4) wins over the language the
// file declares (HTML lang), which wins over detection. A declared tag that is not a
// language code ("x-default", "") is ignored.
// Thread safety: a pure function.
LanguageDecision decide_language(std::string_view metadata_language,
                                 std::string_view declared_language,
                                 const analysis::LanguageGuess& detected);

}  // namespace kb::classify
