#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kb/analysis/token.h"

namespace kb::analysis {

struct AnalyzerOptions {
    // Words longer than this after folding are dropped: they are not words a person
    // searches for, and Xapian rejects terms over 245 bytes.
    std::size_t max_word_bytes = 100;
    // Words whose forms each cache keeps (per language and step, per Analyzer), before it
    // is cleared: the indexer's long runs want many; kb-searchd, with an Analyzer per
    // thread, few, so that its memory stays flat. 0: the default.
    std::size_t max_cached_words = 500'000;
};

// The forms of one word in one language, as the index stores them.
struct TermForms {
    std::string folded;  // positional term
    std::string stem;    // canonical term (stored with the stem prefix)
};

// The text analysis shared by kb-indexer (documents) and kb-searchd (queries):
// ICU word segmentation -> NFKC case folding -> diacritic folding (and Cyrillic -> Latin
// for Bosnian/Croatian/Serbian) -> per-language stem of the case-folded word, folded the
// same way. The indexer stores `folded` with positions and `stem` as the canonical term; a
// query word is looked up by the same forms, for every language it may be in.
// Thread safety: one instance per thread (it owns ICU objects and caches).
// Throws: InternalError if ICU fails.
class Analyzer {
public:
    explicit Analyzer(AnalyzerOptions options = {});
    ~Analyzer();
    Analyzer(const Analyzer&) = delete;
    Analyzer& operator=(const Analyzer&) = delete;

    // Analyses `text` (invalid UTF-8 is replaced by U+FFFD first) as language `lang` (a code
    // or BCP-47 tag; empty or "und" = no stemming). Positions start at `first_position`.
    // Offsets refer to `text` when it is valid UTF-8.
    std::vector<Token> analyze(std::string_view text,
                               std::string_view lang,
                               std::uint32_t first_position = 1);

    // Segments and case-folds `text` without choosing a language: `folded` and `stem` are
    // left empty (fill them per language with forms()).
    std::vector<Token> segment(std::string_view text, std::uint32_t first_position = 1);

    // The forms of a case-folded word in `lang`.
    TermForms forms(const std::string& norm, std::string_view lang);

    // Only the folded form of a case-folded word in `lang` (forms().folded), without the
    // cost of its stem: for callers that need the stem of few words (snippets).
    std::string fold(const std::string& norm, std::string_view lang);

    // True if words of `lang` get a stem different from their folded form.
    bool stems(std::string_view lang);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kb::analysis
