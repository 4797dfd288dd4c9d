#include "kb/analysis/word_segmenter.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include "icu_status.h"

namespace kb::analysis {

struct WordSegmenter::Impl {
    std::unique_ptr<icu::BreakIterator> iterator;
};

WordSegmenter::WordSegmenter() : impl_(std::make_unique<Impl>()) {
    IcuStatus status("word break iterator");
    impl_->iterator.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    status.assertSuccess();
}

WordSegmenter::~WordSegmenter() = default;

std::vector<WordSpan> WordSegmenter::segment(std::string_view utf8) {
    std::vector<WordSpan> words;
    if (utf8.empty()) {
        return words;
    }
    IcuStatus status("word segmentation");
    // UText over UTF-8: native indexes are byte offsets into `utf8`.
    std::unique_ptr<UText, decltype(&utext_close)> text(
        utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), status),
        &utext_close);
    status.assertSuccess();
    icu::BreakIterator& it = *impl_->iterator;
    it.setText(text.get(), status);
    status.assertSuccess();
    int32_t start = it.first();
    for (int32_t end = it.next(); end != icu::BreakIterator::DONE; start = end, end = it.next()) {
        const int32_t rule = it.getRuleStatus();
        if (rule < UBRK_WORD_NONE_LIMIT) {
            continue;
        }
        words.push_back(WordSpan{static_cast<std::size_t>(start),
                                 static_cast<std::size_t>(end - start),
                                 rule < UBRK_WORD_NUMBER_LIMIT});
    }
    // Detach the iterator from the UText before it is closed.
    it.setText(icu::UnicodeString());
    return words;
}

}  // namespace kb::analysis
