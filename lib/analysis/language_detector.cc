#include "kb/analysis/language_detector.h"

#include <map>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "kb/analysis/bcms_disambiguator.h"
#include "kb/analysis/language.h"
#include "kb/analysis/text_normalizer.h"
#include "kb/analysis/word_segmenter.h"
#include "kb/util/utf8.h"

namespace kb::analysis {
namespace {

constexpr std::size_t kSampleBytes = 64 * 1024;

}  // namespace

struct LanguageDetector::Impl {
    WordSegmenter segmenter;
    TextNormalizer normalizer;
};

LanguageDetector::LanguageDetector() : impl_(std::make_unique<Impl>()) {}
LanguageDetector::~LanguageDetector() = default;

std::string LanguageDetector::dominant_script(std::string_view utf8) {
    std::map<UScriptCode, int> counts;
    const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
    const auto length = static_cast<int32_t>(std::min(utf8.size(), kSampleBytes));
    int32_t i = 0;
    while (i < length) {
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c < 0 || !u_isalpha(c)) {
            continue;
        }
        UErrorCode status = U_ZERO_ERROR;
        const UScriptCode script = uscript_getScript(c, &status);
        if (U_SUCCESS(status) && script != USCRIPT_COMMON && script != USCRIPT_INHERITED) {
            ++counts[script];
        }
    }
    UScriptCode best = USCRIPT_INVALID_CODE;
    int best_count = 0;
    for (const auto& [script, count] : counts) {
        if (count > best_count) {
            best = script;
            best_count = count;
        }
    }
    if (best == USCRIPT_INVALID_CODE) {
        return {};
    }
    return uscript_getShortName(best);
}

LanguageGuess LanguageDetector::detect(std::string_view utf8) {
    const std::string sample =
        util::sanitize_utf8(utf8.substr(0, util::utf8_prefix_length(utf8, kSampleBytes)));
    LanguageGuess guess;
    guess.script = dominant_script(sample);

    CLD2::CLDHints hints{nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
    CLD2::Language language3[3];
    int percent3[3] = {0, 0, 0};
    double scores3[3] = {0, 0, 0};
    int text_bytes = 0;
    bool reliable = false;
    int valid_prefix = 0;
    const CLD2::Language top = CLD2::ExtDetectLanguageSummaryCheckUTF8(
        sample.data(), static_cast<int>(sample.size()), true, &hints, 0, language3, percent3,
        scores3, nullptr, &text_bytes, &reliable, &valid_prefix);
    std::string code = canonical_language(CLD2::LanguageCode(top));
    if (top == CLD2::UNKNOWN_LANGUAGE || code.empty() || code == "un") {
        // CLD2 gives up on Serbian Cyrillic with Latin look-alike letters mixed in; the
        // second-best answer is still useful when it is a BCMS language.
        const std::string second = canonical_language(CLD2::LanguageCode(language3[1]));
        if (!is_bcms(second) && guess.script != "Cyrl") {
            return guess;
        }
        code = is_bcms(second) ? second : "";
    }
    guess.code = code;
    guess.reliable = reliable;
    guess.confidence = percent3[0] / 100.0;

    const bool cyrillic = guess.script == "Cyrl";
    if (is_bcms(code) || (code.empty() && cyrillic)) {
        std::vector<std::string> words;
        for (const WordSpan& span : impl_->segmenter.segment(sample)) {
            if (span.is_number) {
                continue;
            }
            words.push_back(
                impl_->normalizer.fold(impl_->normalizer.case_fold(std::string_view(sample).substr(
                                           span.offset, span.length)),
                                       true));
        }
        const BcmsVerdict verdict = disambiguate_bcms(words, cyrillic, code);
        guess.code = verdict.code;
        // CLD2's confidence is for the group; the choice within it has its own.
        guess.confidence =
            std::min(guess.confidence > 0 ? guess.confidence : 1.0, verdict.confidence);
        guess.reliable = guess.reliable && verdict.confidence >= 0.7;
    }
    if (guess.code.empty()) {
        guess.code = "und";
    }
    return guess;
}

}  // namespace kb::analysis
