#include "kb/ingest/charset.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

#include <uchardet/uchardet.h>
#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include "kb/util/error.h"
#include "kb/util/utf8.h"

namespace kb::ingest {
namespace {

// uchardet is as accurate on the first megabyte as on the whole file, and much faster.
constexpr std::size_t kDetectorSample = std::size_t{1} << 20;
// The NUL-parity test for UTF-16 without a BOM looks at this many leading bytes.
constexpr std::size_t kUtf16Sample = 4096;

struct ConverterCloser {
    void operator()(UConverter* converter) const noexcept { ucnv_close(converter); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

struct DetectorDeleter {
    void operator()(uchardet_t detector) const noexcept { uchardet_delete(detector); }
};

// The preferred MIME name of a converter's encoding ("windows-1250", "ISO-8859-2"), else
// its IANA name, else ICU's own name.
std::string standard_name(UConverter* converter) {
    UErrorCode status = U_ZERO_ERROR;
    const char* name = ucnv_getName(converter, &status);
    if (U_FAILURE(status)) {
        return {};
    }
    for (const char* standard : {"MIME", "IANA"}) {
        status = U_ZERO_ERROR;
        const char* found = ucnv_getStandardName(name, standard, &status);
        if (U_SUCCESS(status) && found != nullptr) {
            return found;
        }
    }
    return name;
}

struct Conversion {
    std::string text;
    std::string encoding;
};

// A converter for `name`, or null if ICU does not know the name.
ConverterPtr open_converter(const std::string& name) {
    UErrorCode status = U_ZERO_ERROR;
    ConverterPtr converter(ucnv_open(name.c_str(), &status));
    return U_SUCCESS(status) ? std::move(converter) : nullptr;
}

// Converts with `from` (whose to-Unicode callback substitutes U+FFFD, ICU's default).
Conversion convert(std::string_view bytes, UConverter* from) {
    UErrorCode status = U_ZERO_ERROR;
    ConverterPtr to(ucnv_open("UTF-8", &status));
    if (U_FAILURE(status)) {
        throw InternalError(std::string("ICU ucnv_open(UTF-8): ") + u_errorName(status));
    }
    Conversion result;
    result.encoding = standard_name(from);
    result.text.reserve(bytes.size() + bytes.size() / 2);

    // ucnv_convertEx with a pivot buffer that persists across calls: the documented way to
    // convert a whole buffer through a fixed-size output chunk.
    std::array<UChar, 1024> pivot{};
    UChar* pivot_source = pivot.data();
    UChar* pivot_target = pivot.data();
    std::array<char, 64 * 1024> chunk{};
    const char* in = bytes.data();
    const char* const in_end = bytes.data() + bytes.size();
    bool reset = true;
    for (;;) {
        char* out = chunk.data();
        status = U_ZERO_ERROR;
        ucnv_convertEx(to.get(), from, &out, chunk.data() + chunk.size(), &in, in_end, pivot.data(),
                       &pivot_source, &pivot_target, pivot.data() + pivot.size(), reset,
                       /*flush=*/true, &status);
        reset = false;
        result.text.append(chunk.data(), static_cast<std::size_t>(out - chunk.data()));
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            continue;
        }
        if (U_FAILURE(status)) {
            throw InternalError(std::string("ICU ucnv_convertEx(") + result.encoding +
                                "): " + u_errorName(status));
        }
        break;
    }
    return result;
}

// Valid multi-byte UTF-8 sequences and ill-formed sequences in `bytes`.
struct Utf8Census {
    std::size_t valid_multibyte = 0;
    std::size_t invalid = 0;
};

Utf8Census utf8_census(std::string_view bytes) {
    Utf8Census census;
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
    const auto length = static_cast<int64_t>(bytes.size());
    int64_t i = 0;
    while (i < length) {
        if (s[i] < 0x80) {
            ++i;
            continue;
        }
        // U8_NEXT needs an int32_t index; walk in windows so huge files work too.
        const int64_t window_start = i;
        const auto window = static_cast<int32_t>(std::min<int64_t>(length - i, 1 << 30));
        int32_t j = 0;
        UChar32 c = 0;
        U8_NEXT(s + window_start, j, window, c);
        ++(c < 0 ? census.invalid : census.valid_multibyte);
        i = window_start + j;
    }
    return census;
}

// UTF-16 without a BOM: ASCII characters (spaces at least) put a NUL byte at every odd
// offset (LE) or even offset (BE); binary data has NULs at both.
const char* guess_bomless_utf16(std::string_view bytes) {
    const std::size_t n = std::min(bytes.size(), kUtf16Sample) & ~std::size_t{1};
    if (n < 8) {
        return nullptr;
    }
    std::size_t even = 0;
    std::size_t odd = 0;
    for (std::size_t i = 0; i < n; i += 2) {
        even += bytes[i] == '\0' ? 1 : 0;
        odd += bytes[i + 1] == '\0' ? 1 : 0;
    }
    const std::size_t units = n / 2;
    if (odd * 10 >= units && even * 20 <= odd) {
        return "UTF-16LE";
    }
    if (even * 10 >= units && odd * 20 <= even) {
        return "UTF-16BE";
    }
    return nullptr;
}

// The encoding uchardet reports, or empty if it cannot tell.
std::string detect_legacy(std::string_view bytes) {
    std::unique_ptr<uchardet, DetectorDeleter> detector(uchardet_new());
    if (!detector) {
        throw InternalError("uchardet_new failed");
    }
    const std::string_view sample = bytes.substr(0, kDetectorSample);
    if (uchardet_handle_data(detector.get(), sample.data(), sample.size()) != 0) {
        return {};
    }
    uchardet_data_end(detector.get());
    const char* charset = uchardet_get_charset(detector.get());
    return charset != nullptr ? std::string(charset) : std::string();
}

DecodedText from_utf16(std::string_view bytes, const char* encoding, const std::string& source) {
    const ConverterPtr from = open_converter(encoding);
    if (!from) {
        throw InternalError(std::string("ICU has no converter for ") + encoding);
    }
    Conversion converted = convert(bytes, from.get());
    if (converted.text.find('\0') != std::string::npos) {
        throw InputError(source, "binary content (NUL characters) in a UTF-16 text file");
    }
    return {std::move(converted.text), std::move(converted.encoding)};
}

}  // namespace

DecodedText convert_to_utf8(std::string_view bytes,
                            const std::string& encoding,
                            const std::string& source) {
    const ConverterPtr from = open_converter(encoding);
    if (!from) {
        throw InputError(source, "unknown character encoding '" + encoding + "'");
    }
    Conversion converted = convert(bytes, from.get());
    return {std::move(converted.text), std::move(converted.encoding)};
}

DecodedText decode_text(std::string_view bytes, const std::string& source) {
    if (bytes.starts_with("\xEF\xBB\xBF")) {
        bytes.remove_prefix(3);
        if (bytes.find('\0') != std::string_view::npos) {
            throw InputError(source, "binary content (NUL bytes) in a text file");
        }
        return {util::sanitize_utf8(bytes), "UTF-8"};
    }
    if (bytes.starts_with("\xFF\xFE")) {
        return from_utf16(bytes.substr(2), "UTF-16LE", source);
    }
    if (bytes.starts_with("\xFE\xFF")) {
        return from_utf16(bytes.substr(2), "UTF-16BE", source);
    }
    if (bytes.find('\0') != std::string_view::npos) {
        if (const char* utf16 = guess_bomless_utf16(bytes)) {
            return from_utf16(bytes, utf16, source);
        }
        throw InputError(source, "binary content (NUL bytes) in a text file");
    }
    const Utf8Census census = utf8_census(bytes);
    if (census.invalid == 0 || census.valid_multibyte >= 4 * census.invalid) {
        return {util::sanitize_utf8(bytes), "UTF-8"};
    }
    const std::string detected = detect_legacy(bytes);
    if (detected.empty() || detected == "ASCII" || detected.starts_with("UTF-")) {
        return {util::sanitize_utf8(bytes), "UTF-8"};
    }
    const ConverterPtr from = open_converter(detected);
    if (!from) {
        // uchardet names a few Mac encodings differently from ICU; U+FFFD is the safe reading.
        return {util::sanitize_utf8(bytes), "UTF-8"};
    }
    Conversion converted = convert(bytes, from.get());
    return {std::move(converted.text), std::move(converted.encoding)};
}

}  // namespace kb::ingest
