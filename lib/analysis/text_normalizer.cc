#include "kb/analysis/text_normalizer.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

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

}  // namespace

struct TextNormalizer::Impl {
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
