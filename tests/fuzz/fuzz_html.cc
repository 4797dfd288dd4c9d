// libFuzzer target: HTML pages (extract_html: gumbo, metadata, boilerplate, dates, URLs).
#include <cstddef>
#include <cstdint>

#include "kb/ingest/html_extractor.h"
#include "kb/util/error.h"

#include "fuzz_support.h"

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace kb;
    try {
        const ingest::ExtractedDocument doc =
            ingest::extract_html(fuzz::as_bytes(data, size), "fuzz.html");
        fuzz::require_utf8(doc);
        fuzz::require(!doc.text.empty(), "a page without text is an InputError");
        fuzz::require(fuzz::is_iso_date_or_empty(doc.date), "date is YYYY[-MM[-DD]]");
    } catch (const InputError&) {
        // No text at all: documented.
    }
    return 0;
}
