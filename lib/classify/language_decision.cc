#include "kb/classify/language_decision.h"

#include "kb/analysis/language.h"

namespace kb::classify {

std::string_view to_string(LanguageSource source) noexcept {
    switch (source) {
        case LanguageSource::Metadata:
            return "metadata";
        case LanguageSource::Declared:
            return "declared";
        case LanguageSource::Detected:
            return "detected";
        case LanguageSource::Unknown:
            return "unknown";
    }
    return "unknown";
}

LanguageDecision decide_language(std::string_view metadata_language,
                                 std::string_view declared_language,
                                 const analysis::LanguageGuess& detected) {
    LanguageDecision decision;
    decision.script = detected.script;
    if (analysis::find_language(metadata_language) != nullptr) {
        decision.code = analysis::canonical_language(metadata_language);
        decision.confidence = 1.0;
        decision.source = LanguageSource::Metadata;
        return decision;
    }
    if (analysis::find_language(declared_language) != nullptr) {
        decision.code = analysis::canonical_language(declared_language);
        // A declaration that agrees with the detector is near certain.
        decision.confidence = decision.code == detected.code ? 1.0 : 0.9;
        decision.source = LanguageSource::Declared;
        return decision;
    }
    if (detected.code != "und" && !detected.code.empty()) {
        decision.code = detected.code;
        decision.confidence = detected.confidence;
        decision.source = LanguageSource::Detected;
    }
    return decision;
}

}  // namespace kb::classify
