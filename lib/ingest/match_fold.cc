#include <algorithm>
#include <cstdint>
#include <string>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "kb/util/error.h"

#include "match_fold_internal.h"

namespace kb::ingest {
namespace {

constexpr std::size_t kMaxFoldBytes = std::size_t{64} << 20;

const icu::Normalizer2& nfd() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* instance = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status) || instance == nullptr) {
        throw InternalError(std::string("ICU Normalizer2::getNFDInstance: ") + u_errorName(status));
    }
    return *instance;  // an ICU singleton: never deleted
}

void append_utf8(std::string& out, UChar32 c) {
    char buffer[U8_MAX_LENGTH];
    int32_t length = 0;
    U8_APPEND_UNSAFE(buffer, length, c);
    out.append(buffer, static_cast<std::size_t>(length));
}

}  // namespace

std::string fold_for_matching(std::string_view text) {
    const icu::Normalizer2& decomposer = nfd();
    const auto* data = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(std::min(text.size(), kMaxFoldBytes));
    std::string out;
    out.reserve(static_cast<std::size_t>(length));
    bool pending_space = false;
    int32_t i = 0;
    while (i < length) {
        UChar32 c = 0;
        U8_NEXT(data, i, length, c);
        if (c < 0) {
            c = 0xFFFD;
        }
        if (u_isUWhiteSpace(c)) {
            pending_space = !out.empty();
            continue;
        }
        c = u_tolower(c);
        if (c >= 0x80) {
            if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) {
                continue;  // a separate combining mark (text in NFD)
            }
            switch (c) {
                case 0x0142:  // ł
                    c = 'l';
                    break;
                case 0x0111:  // đ
                    c = 'd';
                    break;
                case 0x0131:  // dotless ı
                    c = 'i';
                    break;
                case 0x00F8:  // ø
                    c = 'o';
                    break;
                case 0x00DF:  // ß
                    c = 's';
                    if (pending_space) {
                        out += ' ';
                        pending_space = false;
                    }
                    out += 's';
                    break;
                default: {
                    icu::UnicodeString decomposition;
                    if (decomposer.getDecomposition(c, decomposition) && !decomposition.isEmpty()) {
                        c = decomposition.char32At(0);
                    }
                    break;
                }
            }
        }
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        append_utf8(out, c);
    }
    return out;
}

}  // namespace kb::ingest
