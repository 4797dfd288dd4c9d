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
// Thread safety: one instance per thread.
// Throws: InternalError if ICU fails; the input must be valid UTF-8 (see sanitize_utf8).
class WordSegmenter {
public:
    WordSegmenter();
    ~WordSegmenter();
    WordSegmenter(const WordSegmenter&) = delete;
    WordSegmenter& operator=(const WordSegmenter&) = delete;

    std::vector<WordSpan> segment(std::string_view utf8);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kb::analysis
