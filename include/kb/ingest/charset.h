#pragma once

#include <string>
#include <string_view>

namespace kb::ingest {

// Text bytes decoded to UTF-8, with the character encoding they were read in.
struct DecodedText {
    std::string text;      // well-formed UTF-8; undecodable bytes are U+FFFD
    std::string encoding;  // MIME name: "UTF-8", "UTF-16LE", "windows-1250", "ISO-8859-5"...
};

// Decodes the bytes of a plain-text file of unknown encoding:
//  * a byte order mark decides (UTF-8, UTF-16LE, UTF-16BE; the mark is dropped);
//  * text that is valid UTF-8, or nearly so (at least four valid multi-byte sequences for
//    each invalid byte), is UTF-8, without asking the detector (fast path);
//  * text without a BOM whose NUL bytes fall on one parity only is UTF-16 (LE or BE);
//  * otherwise uchardet guesses a legacy 8-bit encoding (Windows-125x, ISO-8859-x, KOI8-R...)
//    and ICU converts it; if it cannot tell, the text is read as UTF-8 with U+FFFD.
// Line ends are left as they are.
// Thread safety: safe to call concurrently (no shared state).
// Throws: InputError naming `source` if the bytes are binary (NUL bytes outside UTF-16,
// or NUL characters in UTF-16).
DecodedText decode_text(std::string_view bytes, const std::string& source);

// Converts `bytes` in the named encoding (any ICU converter name or alias: "windows-1250",
// "ISO-8859-2", "UTF-16LE"...) to UTF-8; undecodable bytes become U+FFFD. The result names
// the encoding by its preferred MIME name (as DecodedText::encoding).
// Thread safety: safe to call concurrently.
// Throws: InputError naming `source` if ICU does not know the encoding.
DecodedText convert_to_utf8(std::string_view bytes,
                            const std::string& encoding,
                            const std::string& source);

}  // namespace kb::ingest
