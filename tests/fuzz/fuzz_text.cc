// libFuzzer target: plain text of unknown encoding. extract_text decodes it (decode_text:
// BOM, UTF-8, UTF-16 by NUL parity, else uchardet + ICU), drops boilerplate lines, guesses a
// title and finds a date and a source URL in it.
#include <cstddef>
#include <cstdint>

#include "kb/ingest/charset.h"
#include "kb/ingest/extractor.h"
#include "kb/ingest/text_extractor.h"
#include "kb/util/error.h"

#include "fuzz_support.h"

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace kb;
    const std::string_view bytes = fuzz::as_bytes(data, size);
    try {
        const ingest::ExtractedDocument doc = ingest::extract_text(bytes, "fuzz.txt");
        fuzz::require_utf8(doc);
        fuzz::require(!doc.encoding.empty(), "extract_text names the encoding");
        fuzz::require(fuzz::is_iso_date_or_empty(doc.date), "date is YYYY[-MM[-DD]]");
    } catch (const InputError&) {
        // Empty or binary: documented.
    }
    // A name without a known extension: detection by content only, whatever the bytes.
    (void)ingest::detect_format("fuzz", bytes.substr(0, 8192));
    return 0;
}
