#include "kb/analysis/language_detector.h"

#include <algorithm>
#include <array>

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

#include "dictionary_vote.h"

namespace kb::analysis {
namespace {

constexpr std::size_t kSampleBytes = 64 * 1024;
constexpr std::size_t kScriptSampleBytes = 16 * 1024;
constexpr std::size_t kMarkerSampleBytes = 8 * 1024;
// CLD2 reads texts up to kCld2WholeBytes whole; of longer ones, the first kCld2HeadBytes and
// kCld2Slices slices of kCld2SliceBytes (see cld2_sample).
constexpr std::size_t kCld2WholeBytes = 2 * 1024;
constexpr std::size_t kCld2HeadBytes = 1536;
constexpr std::size_t kCld2Slices = 2;
constexpr std::size_t kCld2SliceBytes = 512;
// A dictionary vote is weak evidence: a word or two.
constexpr double kVoteConfidence = 0.3;
// Texts up to this many words that CLD2 gives up on are given to the dictionary vote.
constexpr std::size_t kVoteMaxWords = 40;

struct CyrillicLetters {
    int serbian = 0;      // ђ ј љ њ ћ џ (either case)
    int non_serbian = 0;  // й щ ъ ь ю я ы э ё (either case)
};

CyrillicLetters count_cyrillic_letters(std::string_view utf8) {
    // Byte-level: every letter counted is a two-byte sequence with lead byte 0xD0 or 0xD1
    // (U+0400..U+047F), lower-cased by arithmetic on the code point.
    CyrillicLetters letters;
    const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
    const std::size_t length = std::min(utf8.size(), kScriptSampleBytes);
    for (std::size_t i = 0; i + 1 < length; ++i) {
        if ((s[i] != 0xD0 && s[i] != 0xD1) || (s[i + 1] & 0xC0) != 0x80) {
            continue;
        }
        char32_t c = ((s[i] & 0x1FU) << 6) | (s[i + 1] & 0x3FU);
        ++i;
        if (c >= 0x0400 && c <= 0x040F) {
            c += 0x50;  // Ѐ..Џ -> ѐ..џ
        } else if (c >= 0x0410 && c <= 0x042F) {
            c += 0x20;  // А..Я -> а..я
        }
        switch (c) {
            case 0x0452:
            case 0x0458:
            case 0x0459:
            case 0x045A:
            case 0x045B:
            case 0x045F:
                ++letters.serbian;
                break;
            case 0x0439:
            case 0x0449:
            case 0x044A:
            case 0x044C:
            case 0x044E:
            case 0x044F:
            case 0x044B:
            case 0x044D:
            case 0x0451:
                ++letters.non_serbian;
                break;
            default:
                break;
        }
    }
    return letters;
}

// What CLD2 reads of a long text: its start and evenly spaced slices of the rest, each cut at
// a space so that no word is split. CLD2 costs ~30 ns a byte, most of the detection time;
// a few KB decide the main language of a document as well as 64 KB do (tools/bench/langid),
// and slices from the whole text still show CLD2 a part in another language
// (LanguageGuess::also_seen) wherever it is.
std::string_view cld2_sample(std::string_view text, std::string& buffer) {
    if (text.size() <= kCld2WholeBytes) {
        return text;
    }
    const auto slice = [&](std::size_t from, std::size_t bytes) {
        if (from > 0) {
            const std::size_t space = text.find(' ', from);
            from = space == std::string_view::npos ? text.size() : space + 1;
        }
        std::string_view rest = text.substr(from);
        std::string_view cut = rest.substr(0, util::utf8_prefix_length(rest, bytes));
        if (cut.size() < rest.size()) {
            const std::size_t space = cut.rfind(' ');
            if (space != std::string_view::npos && space > 0) {
                cut = cut.substr(0, space);
            }
        }
        buffer.append(cut);
        buffer += '\n';
    };
    buffer.clear();
    slice(0, kCld2HeadBytes);
    for (std::size_t i = 1; i <= kCld2Slices; ++i) {
        slice(text.size() * i / (kCld2Slices + 1), kCld2SliceBytes);
    }
    return buffer;
}

}  // namespace

struct LanguageDetector::Impl {
    WordSegmenter segmenter;
    TextNormalizer normalizer;
    DictionaryVote vote;
    std::string cld2_buffer;  // cld2_sample() of a long text

    // For a short text CLD2 has no answer for: the language whose dictionary knows most of
    // its words (see DictionaryVote), or empty.
    std::string vote_by_dictionaries(std::string_view sample) {
        std::vector<DictionaryVote::Word> words;
        for (const WordSpan& span : segmenter.segment(sample)) {
            if (span.is_number) {
                continue;
            }
            if (words.size() == kVoteMaxWords) {
                return {};  // not short: CLD2's silence is not for lack of words
            }
            DictionaryVote::Word& w = words.emplace_back();
            w.norm = normalizer.case_fold(sample.substr(span.offset, span.length));
            w.latin = normalizer.gaj_latin(w.norm);
            w.folded = normalizer.fold(w.norm, true);
        }
        return vote.winner(words);
    }
};

std::vector<std::string> LanguageDetector::folded_words(std::string_view sample) {
    // 4 KB of text has dozens of markers if it has any: enough evidence (tools/bench/langid
    // tells bs/hr/sr apart as well as with 16 KB, slightly better), at a quarter of the cost.
    sample = sample.substr(0, util::utf8_prefix_length(sample, kMarkerSampleBytes));
    std::vector<std::string> words;
    for (const WordSpan& span : impl_->segmenter.segment(sample)) {
        if (!span.is_number) {
            words.push_back(impl_->normalizer.fold(
                impl_->normalizer.case_fold(sample.substr(span.offset, span.length)), true));
        }
    }
    return words;
}

LanguageDetector::LanguageDetector() : impl_(std::make_unique<Impl>()) {}
LanguageDetector::~LanguageDetector() = default;

std::string LanguageDetector::dominant_script(std::string_view utf8) {
    // Letters of the first kScriptSampleBytes decide; ASCII letters are Latin without a
    // lookup (most of the text in most documents), two-byte letters by a table.
    // The script of each letter below U+0800 (two-byte UTF-8: Latin, Greek, Cyrillic, ...),
    // read off ICU once; -1 for what is not a letter or has no real script.
    static const std::array<int16_t, 0x800> two_byte_scripts = [] {
        std::array<int16_t, 0x800> scripts{};
        for (UChar32 c = 0; c < 0x800; ++c) {
            UErrorCode status = U_ZERO_ERROR;
            const UScriptCode script = uscript_getScript(c, &status);
            const bool counted = u_isalpha(c) && U_SUCCESS(status) && script > USCRIPT_INHERITED &&
                                 script < USCRIPT_CODE_LIMIT;
            scripts[static_cast<std::size_t>(c)] = counted ? static_cast<int16_t>(script) : -1;
        }
        return scripts;
    }();
    std::array<int, USCRIPT_CODE_LIMIT> counts{};
    const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
    const auto length = static_cast<int32_t>(std::min(utf8.size(), kScriptSampleBytes));
    int32_t i = 0;
    while (i < length) {
        if (s[i] < 0x80) {
            const uint8_t c = s[i++];
            counts[USCRIPT_LATIN] += ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? 1 : 0;
            continue;
        }
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c >= 0 && c < 0x800) {
            const int script = two_byte_scripts[static_cast<std::size_t>(c)];
            if (script >= 0) {
                ++counts[static_cast<std::size_t>(script)];
            }
            continue;
        }
        if (c < 0 || !u_isalpha(c)) {
            continue;
        }
        UErrorCode status = U_ZERO_ERROR;
        const UScriptCode script = uscript_getScript(c, &status);
        if (U_SUCCESS(status) && script > USCRIPT_INHERITED && script < USCRIPT_CODE_LIMIT) {
            ++counts[script];
        }
    }
    const auto best = std::max_element(counts.begin(), counts.end());
    if (*best == 0) {
        return {};
    }
    return uscript_getShortName(static_cast<UScriptCode>(best - counts.begin()));
}

LanguageGuess LanguageDetector::detect(std::string_view utf8) {
    return detect_prefix(utf8, true);
}

LanguageGuess LanguageDetector::detect_group(std::string_view utf8) {
    return detect_prefix(utf8, false);
}

LanguageGuess LanguageDetector::detect_prefix(std::string_view utf8, bool tell_bcms_apart) {
    const std::string_view prefix = utf8.substr(0, util::utf8_prefix_length(utf8, kSampleBytes));
    if (util::is_valid_utf8(prefix)) {
        return detect_sample(prefix, tell_bcms_apart);  // the usual case: no copy
    }
    return detect_sample(util::sanitize_utf8(prefix), tell_bcms_apart);
}

LanguageGuess LanguageDetector::detect_sample(std::string_view sample, bool tell_bcms_apart) {
    LanguageGuess guess;
    guess.script = dominant_script(sample);

    CLD2::CLDHints hints{nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
    CLD2::Language language3[3];
    int percent3[3] = {0, 0, 0};
    double scores3[3] = {0, 0, 0};
    int text_bytes = 0;
    bool reliable = false;
    int valid_prefix = 0;
    const std::string_view cld2_text = cld2_sample(sample, impl_->cld2_buffer);
    const CLD2::Language top = CLD2::ExtDetectLanguageSummaryCheckUTF8(
        cld2_text.data(), static_cast<int>(cld2_text.size()), true, &hints, 0, language3, percent3,
        scores3, nullptr, &text_bytes, &reliable, &valid_prefix);
    for (int i = 1; i < 3; ++i) {
        const std::string other = canonical_language(CLD2::LanguageCode(language3[i]));
        if (percent3[i] > 0 && !other.empty() && other != "un") {
            guess.also_seen.push_back(other);
        }
    }
    std::string code = canonical_language(CLD2::LanguageCode(top));
    double confidence = percent3[0] / 100.0;
    if (top == CLD2::UNKNOWN_LANGUAGE || code.empty() || code == "un") {
        // CLD2 gives up on short texts and on Serbian Cyrillic with Latin look-alike letters
        // mixed in; its best known candidate is still evidence.
        code.clear();
        for (int i = 0; i < 3 && code.empty(); ++i) {
            const std::string candidate = canonical_language(CLD2::LanguageCode(language3[i]));
            if (!candidate.empty() && candidate != "un" && percent3[i] > 0) {
                code = candidate;
                confidence = percent3[i] / 100.0 / 2;  // weaker than a reliable answer
            }
        }
    }
    if (guess.script == "Cyrl") {
        // The alphabet decides between Serbian/Bosnian and Bulgarian/Russian Cyrillic when
        // CLD2 is unsure: ђ ј љ њ ћ џ are Serbian, й щ ъ ь ю я are not.
        const CyrillicLetters letters = count_cyrillic_letters(sample);
        if (code.empty()) {
            if (letters.serbian > 0 && letters.serbian >= letters.non_serbian) {
                code = "sr";
            } else if (letters.non_serbian > letters.serbian) {
                code = "bg";
            }
        } else if (!is_bcms(code) && code != "mk" &&
                   letters.serbian > 2 * letters.non_serbian + 2) {
            code = "sr";
        } else if (is_bcms(code) && letters.serbian == 0 && letters.non_serbian > 0) {
            // Serbian and Bosnian Cyrillic have no й щ ъ ь ю я, and a text in them without
            // one of ђ ј љ њ ћ џ is rare ("съвест", "изявление" are Bulgarian).
            code = "bg";
            confidence /= 2;
        }
    }
    if (code.empty() && guess.script == "Latn") {
        // CLD2 had no answer (short text). Bosnian/Croatian/Serbian markers that Slovenian
        // does not share (ijekavian forms and the bs/hr/sr lexicon, not ekavian forms such
        // as "mesto") are enough evidence for the group.
        const BcmsVerdict verdict = disambiguate_bcms(folded_words(sample), false, "");
        const BcmsEvidence& e = verdict.evidence;
        if (e.ijekavian + e.croatian + e.bosnian_serbian + e.bosnian >= 2) {
            // The verdict already chose within the group: no second pass below.
            guess.code = verdict.code;
            guess.confidence = verdict.confidence / 2;
            return guess;
        }
    }
    if (code.empty()) {
        code = impl_->vote_by_dictionaries(sample);
        if (code.empty()) {
            return guess;
        }
        confidence = kVoteConfidence;
    }
    guess.code = code;
    guess.reliable = reliable;
    guess.confidence = confidence;

    const bool cyrillic = guess.script == "Cyrl";
    if (is_bcms(code) && tell_bcms_apart) {
        const std::vector<std::string> words = folded_words(sample);
        const BcmsVerdict verdict = disambiguate_bcms(words, cyrillic, code);
        guess.code = verdict.code;
        // CLD2's confidence is for the group; the choice within it has its own.
        guess.confidence =
            std::min(guess.confidence > 0 ? guess.confidence : 1.0, verdict.confidence);
        guess.reliable = guess.reliable && verdict.confidence >= 0.7;
    }
    return guess;
}

}  // namespace kb::analysis
