#include "kb/analysis/text_normalizer.h"

#include <array>

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "kb/util/utf8.h"

#include "icu_status.h"
#include "word_cache.h"

namespace kb::analysis {
namespace {

std::unique_ptr<icu::Transliterator> make_transliterator(const char* id) {
    IcuStatus status("transliterator");
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance(id, UTRANS_FORWARD, status));
    status.assertSuccess();
    return t;
}

bool has_cyrillic(std::string_view utf8) {
    // Cyrillic (U+0400..U+052F) is encoded with lead bytes 0xD0..0xD4.
    for (const char c : utf8) {
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0xD0 && b <= 0xD4) {
            return true;
        }
    }
    return false;
}

// The single-letter results of the two transliterations for U+0080..U+052F (Latin-1 to
// Cyrillic Supplement) and U+1E00..U+1EFF (Latin Extended Additional), read off ICU once per
// process. A case-folded word made only of such letters (and ASCII) is folded by table
// lookups: ICU's Latin-ASCII costs about 10 us a word, the table 30 ns. The rules that depend
// on context only concern capitals, and case-folded input has none; a unit test checks the
// table against ICU on every letter and on random words. Combining marks, and anything else
// outside the ranges, take the ICU path.
class FoldTable {
public:
    FoldTable() {
        std::unique_ptr<icu::Transliterator> latin_ascii = make_transliterator("Latin-ASCII");
        std::unique_ptr<icu::Transliterator> serbian_latin =
            make_transliterator("Serbian-Latin/BGN");
        for (UChar32 c = 0x80; c < kEnd; ++c) {
            if (!in_range(c) || (c >= 0x0300 && c <= 0x036F) ||
                u_charType(c) == U_NON_SPACING_MARK || u_charType(c) == U_UNASSIGNED ||
                u_hasBinaryProperty(c, UCHAR_CHANGES_WHEN_CASEFOLDED)) {
                continue;  // left to ICU: not case-folded input, or a mark that combines
            }
            const std::string plain = transliterate(c, nullptr, *latin_ascii);
            entries_[0][index(c)] = plain;
            // In a word with Cyrillic, fold() transliterates and case-folds the whole word: a
            // non-Cyrillic letter that this changes (ΐ decomposes) is left to ICU.
            const std::string cyrillic = transliterate(c, serbian_latin.get(), *latin_ascii);
            const bool is_cyrillic = c >= 0x0400 && c <= 0x052F;
            if (is_cyrillic || cyrillic == plain) {
                entries_[1][index(c)] = cyrillic;
            }
        }
    }

    // `word` folded by the table, or false (and `out` unspecified) if a letter is not in it.
    bool fold(std::string_view word, bool cyrillic_to_latin, std::string& out) const {
        out.clear();
        const auto& entries = entries_[cyrillic_to_latin ? 1 : 0];
        const auto* s = reinterpret_cast<const uint8_t*>(word.data());
        const auto length = static_cast<int32_t>(word.size());
        int32_t i = 0;
        while (i < length) {
            if (s[i] < 0x80) {
                out += static_cast<char>(s[i++]);
                continue;
            }
            UChar32 c = 0;
            U8_NEXT(s, i, length, c);
            if (c < 0 || !in_range(c)) {
                return false;
            }
            const std::string& e = entries[index(c)];
            if (e.empty()) {
                return false;
            }
            if (e[0] != '\0') {
                out += e;
            }
        }
        return true;
    }

    static const FoldTable& instance() {
        static const FoldTable table;  // built once per process, thread-safe since C++11
        return table;
    }

private:
    // The letter after `first` (if given) and case folding, then `latin_ascii`; a letter that
    // folds to nothing is stored as "\0" so that an empty entry means "not in the table".
    static std::string transliterate(UChar32 c,
                                     icu::Transliterator* first,
                                     icu::Transliterator& latin_ascii) {
        icu::UnicodeString u(c);
        if (first != nullptr) {
            first->transliterate(u);
            u.foldCase();
        }
        latin_ascii.transliterate(u);
        std::string out;
        u.toUTF8String(out);
        return out.empty() ? std::string(1, '\0') : out;
    }

    static constexpr UChar32 kEnd = 0x1F00;
    static bool in_range(UChar32 c) { return c < 0x0530 || (c >= 0x1E00 && c < kEnd); }
    static std::size_t index(UChar32 c) {
        return c < 0x0530 ? static_cast<std::size_t>(c - 0x80)
                          : static_cast<std::size_t>(c - 0x1E00 + (0x0530 - 0x80));
    }
    static constexpr std::size_t kSize = (0x0530 - 0x80) + (kEnd - 0x1E00);
    std::array<std::array<std::string, kSize>, 2> entries_;  // empty: not in the table
};

}  // namespace

struct TextNormalizer::Impl {
    const FoldTable& table = FoldTable::instance();
    std::string scratch;
    const icu::Normalizer2* casefold = nullptr;  // ICU singleton: never deleted
    std::unique_ptr<icu::Transliterator> latin_ascii = make_transliterator("Latin-ASCII");
    std::unique_ptr<icu::Transliterator> serbian_latin = make_transliterator("Serbian-Latin/BGN");
    WordCache fold_cache;
    WordCache fold_cache_cyrillic;
    WordCache gaj_cache;

    std::string transliterate(const std::string& word, bool cyrillic_to_latin) const {
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(word);
        if (cyrillic_to_latin && has_cyrillic(word)) {
            serbian_latin->transliterate(u);
            // BGN writes some capitals for digraphs at word start; fold case again.
            u.foldCase();
        }
        latin_ascii->transliterate(u);
        std::string out;
        u.toUTF8String(out);
        return out;
    }
};

void TextNormalizer::set_max_cached_words(std::size_t words) {
    impl_->fold_cache.set_max_entries(words);
    impl_->fold_cache_cyrillic.set_max_entries(words);
    impl_->gaj_cache.set_max_entries(words);
}

TextNormalizer::TextNormalizer() : impl_(std::make_unique<Impl>()) {
    IcuStatus status("NFKC_Casefold");
    impl_->casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    status.assertSuccess();
}

TextNormalizer::~TextNormalizer() = default;

std::string TextNormalizer::case_fold(std::string_view utf8) {
    std::string out;
    if (util::is_ascii(utf8)) {
        out.reserve(utf8.size());
        for (const char c : utf8) {
            out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        }
        return out;
    }
    IcuStatus status("case folding");
    icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(utf8.size()));
    impl_->casefold->normalizeUTF8(
        0, icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())), sink, nullptr, status);
    status.assertSuccess();
    return out;
}

const std::string& TextNormalizer::fold(const std::string& case_folded, bool cyrillic_to_latin) {
    if (util::is_ascii(case_folded)) {
        return case_folded;  // nothing to fold: no lookup, no copy
    }
    if (impl_->table.fold(case_folded, cyrillic_to_latin, impl_->scratch)) {
        return impl_->scratch;
    }
    auto& cache = cyrillic_to_latin ? impl_->fold_cache_cyrillic : impl_->fold_cache;
    return cache.get(case_folded, [&](const std::string& word) {
        return impl_->transliterate(word, cyrillic_to_latin);
    });
}

const std::string& TextNormalizer::gaj_latin(const std::string& case_folded) {
    if (!has_cyrillic(case_folded)) {
        return case_folded;
    }
    return impl_->gaj_cache.get(case_folded, [&](const std::string& word) {
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(word);
        impl_->serbian_latin->transliterate(u);
        u.foldCase();
        std::string out;
        u.toUTF8String(out);
        return out;
    });
}

}  // namespace kb::analysis
