#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kb/analysis/language_detector.h"

namespace kb::classify {

// A stretch of a document's text analysed in one language: `length` bytes from `offset`.
struct LanguageRun {
    std::size_t offset = 0;
    std::size_t length = 0;
    std::string language;  // canonical code, as the document's language ("und" allowed)

    bool operator==(const LanguageRun&) const = default;
};

struct LanguageRunOptions {
    // Paragraphs shorter than this follow the document's language: CLD2 is not reliable
    // enough on them (measured on the benchmark corpus: at 200 bytes and above a reliable
    // CLD2 answer that disagrees with the document is almost always a real change).
    std::size_t min_paragraph_bytes = 200;
    // Texts with fewer than two paragraphs this long are not looked at paragraph by
    // paragraph at all (one detection per document is enough for them).
    std::size_t min_document_bytes = 400;
    // A paragraph takes its own language only if CLD2 calls it reliable with at least this
    // confidence.
    double min_confidence = 0.7;
};

// Splits `text` (paragraphs separated by a blank line, as extractors produce) into runs of
// one language each, in order and covering all of `text`. Every paragraph is in
// `document_language` unless it is long enough and `detector` is confident it is in a
// language of another analysis group (Bosnian, Croatian and Serbian are one group: a
// Serbian paragraph in a Croatian document stays Croatian). Adjacent paragraphs of one
// language are merged, so a one-language text is one run. Returns no runs for empty text.
// Thread safety: uses `detector`, which must belong to the calling thread.
std::vector<LanguageRun> split_language_runs(std::string_view text,
                                             std::string_view document_language,
                                             analysis::LanguageDetector& detector,
                                             const LanguageRunOptions& options = {});

// As above, but only when `document_guess` (the detection of the whole text) says the text
// may mix languages: CLD2 saw another language in part of it, or the document's language
// (declared, say) is not the one detected. Otherwise the whole text is one run, at no cost.
std::vector<LanguageRun> split_language_runs(std::string_view text,
                                             std::string_view document_language,
                                             const analysis::LanguageGuess& document_guess,
                                             analysis::LanguageDetector& detector,
                                             const LanguageRunOptions& options = {});

// The languages of `runs` other than `document_language`, each once, in order of first
// appearance.
std::vector<std::string> other_languages(const std::vector<LanguageRun>& runs,
                                         std::string_view document_language);

}  // namespace kb::classify
