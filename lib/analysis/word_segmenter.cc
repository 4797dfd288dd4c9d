#include "kb/analysis/word_segmenter.h"

#include <array>
#include <cstdint>
#include <string>

#include <unicode/brkiter.h>
#include <unicode/rbbi.h>
#include <unicode/uchar.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include "kb/util/hash.h"

#include "icu_status.h"

// How the fast path stays identical to ICU
// ----------------------------------------
// ICU's root word rules (ICU 72: icu4c/source/data/brkitr/rules/word.txt, checked at start-up
// through kIcuWordRulesHash) are UAX #29 with a few tailorings ('@' is an $ALetter; ':',
// U+FE55 and U+FF1A are left out of $MidLetter) plus dictionary segmentation for $dictionary
// = Complex_Context, Han, Hiragana, Katakana and Hangul syllables. Every BMP code point gets
// one class (ClassTable, built once from the same property data ICU's rules use):
//   kLetter  $ALetter, except dictionary characters.
//   kDigit   $Numeric.
//   kMid     $MidLetter, $MidNumLet, $MidNum, $Single_Quote ( . , ; ' U+2019 ...).
//   kSep     Newline, Double_Quote and characters in no class of word.txt (Word_Break=Other,
//            and the three colons). kSpace: WSegSpace. kCR, kLF.
//   kComplex everything else: Extend, Format, ZWJ, Hebrew_Letter, Katakana, ExtendNumLet,
//            Regional_Indicator, dictionary characters, Ideographic, Extended_Pictographic,
//            supplementary and ill-formed code points.
// A "breaker" is a kSep/kSpace/kCR/kLF code point, or a kMid followed by one of those or by
// the end of the text.
//
// The text is cut between x and y when x is a breaker, y is not kComplex and x, y are not
// joined by WB3 (CR x LF) or WB3d (WSegSpace x WSegSpace). A cut is a boundary of the full
// text: WB3c needs x = ZWJ; WB4 needs y in Extend/Format/ZWJ; WB5-WB13b need x to be a
// letter, digit, Katakana or ExtendNumLet, or a Mid/quote followed by the letter or digit
// that WB7/WB7c/WB11 need (a kMid breaker is followed by a separator, Double_Quote is only
// joined to Hebrew letters); WB15/16 need x to be a regional indicator. So WB999 breaks.
// ICU on the text between two cuts finds the same segments as ICU on the whole text: rules
// reach across a cut only through a letter, digit, Hebrew letter, regional indicator or
// Extend/Format/ZWJ next to it (WB4, WB6/7, WB7b/c, WB11/12, WB15/16), and there is a
// breaker on its left and a non-kComplex code point on its right (a Mid there is not joined
// across the cut either: WB7/WB11 need a letter or digit before it); ICU's dictionary ranges
// lie between rule boundaries.
//
// A chunk (text between two cuts) without kComplex code points and without a kMid that is
// not a breaker is L S: L a run of letters and digits, S a run of breakers joined by WB3 or
// WB3d (any other breaker followed by a letter, digit or breaker is a cut). WB5/8/9/10 keep
// L together, and L breaks before S (no rule joins a letter or digit with a separator, nor
// with a Mid that is not followed by a letter or digit). ICU gives L the status of its last
// character ("$Numeric $ExFm* {100}", "$ALetterPlus $ExFm* {200}"), and segments without a
// letter or digit status 0. Every other chunk goes to ICU, consecutive ones as one region.

namespace kb::analysis {
namespace {

enum class Cls : std::uint8_t { kComplex, kLetter, kDigit, kMid, kSep, kSpace, kCR, kLF };

using ClassTable = std::array<Cls, 0x10000>;

// FNV-1a of the UTF-8 rules of ICU 72's root word BreakIterator, which the classes below
// mirror. Another ICU whose rules differ gets ICU alone until someone re-checks them.
constexpr std::uint64_t kIcuWordRulesHash = 0x89bbc8b2b543729aull;

// Sets as word.txt defines them; the first that contains a code point decides its class.
constexpr struct {
    const char* pattern;
    Cls cls;
} kClassSets[] = {
    {"[[:Han:][:Hiragana:][\\p{Word_Break=Katakana}][\\uac00-\\ud7a3]"
     "[:LineBreak=Complex_Context:][\\p{Ideographic}][\\p{Extended_Pictographic}]]",
     Cls::kComplex},
    {"[\\p{Word_Break=ALetter}@]", Cls::kLetter},
    {"[\\p{Word_Break=Numeric}]", Cls::kDigit},
    {"[[\\p{Word_Break=MidLetter}-[\\:\\uFE55\\uFF1A]][\\p{Word_Break=MidNumLet}]"
     "[\\p{Word_Break=MidNum}][\\p{Word_Break=Single_Quote}]]",
     Cls::kMid},
    {"[\\p{Word_Break=WSegSpace}]", Cls::kSpace},
    {"[\\p{Word_Break=CR}]", Cls::kCR},
    {"[\\p{Word_Break=LF}]", Cls::kLF},
    {"[[\\p{Word_Break=Other}][\\p{Word_Break=Newline}][\\p{Word_Break=Double_Quote}]"
     "[\\:\\uFE55\\uFF1A]]",
     Cls::kSep},
};

// Classes of the BMP; built once. Code points in none of the sets are kComplex.
const ClassTable& class_table() {
    static const ClassTable table = [] {
        ClassTable t{};  // kComplex
        std::array<bool, 0x10000> done{};
        for (const auto& [pattern, cls] : kClassSets) {
            IcuStatus status("word break classes");
            const icu::UnicodeSet set(icu::UnicodeString::fromUTF8(pattern), status);
            status.assertSuccess();
            for (UChar32 c = 0; c < 0x10000; ++c) {
                const auto i = static_cast<std::size_t>(c);
                if (!done[i] && set.contains(c)) {
                    t[i] = cls;
                    done[i] = true;
                }
            }
        }
        return t;
    }();
    return table;
}

// Class of the code point at `p`, its length in `len`. Four-byte and ill-formed sequences
// are kComplex, one byte at a time: ICU decides there.
inline Cls classify(const unsigned char* p,
                    const unsigned char* end,
                    const ClassTable& table,
                    std::size_t& len) {
    const unsigned b0 = p[0];
    if (b0 < 0x80) {
        len = 1;
        return table[b0];
    }
    if (b0 >= 0xC2 && b0 < 0xE0) {
        if (end - p >= 2 && (p[1] & 0xC0) == 0x80) {
            len = 2;
            return table[((b0 & 0x1Fu) << 6) | (p[1] & 0x3Fu)];
        }
    } else if (b0 >= 0xE0 && b0 < 0xF0) {
        if (end - p >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
            const unsigned c = ((b0 & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
            if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
                len = 3;
                return table[c];
            }
        }
    }
    len = 1;
    return Cls::kComplex;
}

inline bool is_separator(Cls c) {
    return c == Cls::kSep || c == Cls::kSpace || c == Cls::kCR || c == Cls::kLF;
}

// WB3 (CR x LF) and WB3d (WSegSpace x WSegSpace).
inline bool joined(Cls x, Cls y) {
    return (x == Cls::kSpace && y == Cls::kSpace) || (x == Cls::kCR && y == Cls::kLF);
}

}  // namespace

struct WordSegmenter::Impl {
    // Declared before the iterator, which holds a shallow clone of it: destroyed after.
    std::unique_ptr<UText, decltype(&utext_close)> text{nullptr, &utext_close};
    std::unique_ptr<icu::BreakIterator> iterator;
    bool fast_path = false;  // ICU's rules are the ones the classes mirror

    // ICU's words of `utf8`, offsets shifted by `base`, appended to `words`.
    void append_icu(std::string_view utf8, std::size_t base, std::vector<WordSpan>& words) {
        IcuStatus status("word segmentation");
        // UText over UTF-8: native indexes are byte offsets into `utf8`. Reopening reuses
        // the UText.
        UText* reopened =
            utext_openUTF8(text.get(), utf8.data(), static_cast<int64_t>(utf8.size()), status);
        status.assertSuccess();
        if (reopened != text.get()) {
            text.reset(reopened);
        }
        icu::BreakIterator& it = *iterator;
        it.setText(text.get(), status);
        status.assertSuccess();
        int32_t start = it.first();
        for (int32_t end = it.next(); end != icu::BreakIterator::DONE;
             start = end, end = it.next()) {
            const int32_t rule = it.getRuleStatus();
            if (rule < UBRK_WORD_NONE_LIMIT) {
                continue;
            }
            words.push_back(WordSpan{base + static_cast<std::size_t>(start),
                                     static_cast<std::size_t>(end - start),
                                     rule < UBRK_WORD_NUMBER_LIMIT});
        }
    }

    // Detaches the iterator from the caller's text.
    void detach() { iterator->setText(icu::UnicodeString()); }
};

WordSegmenter::WordSegmenter() : impl_(std::make_unique<Impl>()) {
    IcuStatus status("word break iterator");
    impl_->iterator.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    status.assertSuccess();
    const auto* rules = dynamic_cast<const icu::RuleBasedBreakIterator*>(impl_->iterator.get());
    if (rules != nullptr) {
        std::string utf8;
        rules->getRules().toUTF8String(utf8);
        impl_->fast_path = util::fnv1a64(utf8) == kIcuWordRulesHash;
    }
    if (impl_->fast_path) {
        class_table();
    }
}

bool WordSegmenter::fast_path_enabled() const {
    return impl_->fast_path;
}

WordSegmenter::~WordSegmenter() = default;

std::vector<WordSpan> WordSegmenter::segment_with_icu(std::string_view utf8) {
    std::vector<WordSpan> words;
    if (utf8.empty()) {
        return words;
    }
    impl_->append_icu(utf8, 0, words);
    impl_->detach();
    return words;
}

std::vector<WordSpan> WordSegmenter::segment(std::string_view utf8) {
    if (!impl_->fast_path) {
        return segment_with_icu(utf8);
    }
    std::vector<WordSpan> words;
    const ClassTable& table = class_table();
    const auto* const bytes = reinterpret_cast<const unsigned char*>(utf8.data());
    const std::size_t size = utf8.size();
    constexpr std::size_t kNone = std::string_view::npos;

    std::size_t region_start = kNone;  // start of the chunks waiting for ICU
    bool used_icu = false;
    std::size_t chunk_start = 0;
    std::size_t word_end = 0;  // end of the chunk's leading letter/digit run
    bool word_is_number = false;
    bool chunk_complex = false;
    Cls prev = Cls::kComplex;  // the start of the text is no breaker
    bool prev_breaks = false;

    // The chunk [chunk_start, end) is complete and `end` is a cut.
    auto finish_chunk = [&] {
        if (chunk_complex) {
            if (region_start == kNone) {
                region_start = chunk_start;
            }
            return;
        }
        if (region_start != kNone) {
            // Both ends of the region are cuts: ICU on it sees what it sees in the text.
            impl_->append_icu(utf8.substr(region_start, chunk_start - region_start), region_start,
                              words);
            region_start = kNone;
            used_icu = true;
        }
        if (word_end > chunk_start) {
            words.push_back(WordSpan{chunk_start, word_end - chunk_start, word_is_number});
        }
    };

    for (std::size_t i = 0; i < size;) {
        std::size_t len = 1;
        const Cls c = classify(bytes + i, bytes + size, table, len);
        if (prev == Cls::kMid) {
            // A kMid breaks on both sides when a separator follows it (no WB6/7/11/12).
            if (is_separator(c)) {
                prev_breaks = true;
            } else {
                chunk_complex = true;
            }
        }
        if (prev_breaks && c != Cls::kComplex && !joined(prev, c)) {
            finish_chunk();
            chunk_start = i;
            word_end = i;
            chunk_complex = false;
        }
        if (c == Cls::kLetter || c == Cls::kDigit) {
            // In a chunk without kComplex, letters and digits only come first. No cut
            // follows a letter or digit: take the whole run at once.
            Cls last = c;
            i += len;
            while (i < size) {
                const Cls next = classify(bytes + i, bytes + size, table, len);
                if (next != Cls::kLetter && next != Cls::kDigit) {
                    break;
                }
                last = next;
                i += len;
            }
            word_end = i;
            word_is_number = last == Cls::kDigit;
            prev = last;
            prev_breaks = false;
            continue;
        }
        if (c == Cls::kComplex) {
            chunk_complex = true;
        }
        prev = c;
        prev_breaks = is_separator(c);
        i += len;
    }
    // A kMid at the end of the text breaks on both sides (nothing after it for WB6/7/11/12).
    finish_chunk();
    if (region_start != kNone) {
        impl_->append_icu(utf8.substr(region_start), region_start, words);
        used_icu = true;
    }
    if (used_icu) {
        impl_->detach();
    }
    return words;
}

}  // namespace kb::analysis
