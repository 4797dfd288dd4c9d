#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace kb::analysis {

// A word found by ICU's word break rules (UAX #29): byte range in the input.
struct WordSpan {
    std::size_t offset = 0;
    std::size_t length = 0;
    bool is_number = false;
};

// Splits UTF-8 text into words with ICU's root-locale word BreakIterator; spaces and
// punctuation are dropped, letters and numbers kept.
//
// Contract: segment() returns exactly what segment_with_icu() returns (ICU's word
// BreakIterator over the whole text: every segment whose rule status is at least
// UBRK_WORD_NONE_LIMIT, `is_number` when it is below UBRK_WORD_NUMBER_LIMIT), for every
// input. It only gets there faster: runs of plain letters and digits between plain
// separators are recognised by a table-driven scanner, and every other stretch of text
// (apostrophes, numbers with separators, combining marks, CJK, Thai, emoji, ...) is handed
// to ICU, cut at positions where UAX #29 always breaks (see word_segmenter.cc).
// Thread safety: one instance per thread.
// Throws: InternalError if ICU fails; the input must be valid UTF-8 (see sanitize_utf8).
class WordSegmenter {
public:
    WordSegmenter();
    ~WordSegmenter();
    WordSegmenter(const WordSegmenter&) = delete;
    WordSegmenter& operator=(const WordSegmenter&) = delete;

    std::vector<WordSpan> segment(std::string_view utf8);

    // The reference: ICU alone over the whole text. Same output as segment(), slower;
    // kept for tests and benchmarks.
    std::vector<WordSpan> segment_with_icu(std::string_view utf8);

    // False when ICU's word rules are not the ones the fast path was derived from (another
    // ICU version): segment() then runs ICU alone.
    bool fast_path_enabled() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kb::analysis
