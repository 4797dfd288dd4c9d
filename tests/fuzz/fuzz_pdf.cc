// libFuzzer target: PDF files (extract_pdf: poppler from memory, metadata, dates, title).
#include <cstddef>
#include <cstdint>

#include "kb/ingest/pdf_extractor.h"
#include "kb/util/error.h"

#include "fuzz_support.h"

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace kb;
    try {
        const ingest::ExtractedDocument doc =
            ingest::extract_pdf(fuzz::as_bytes(data, size), "fuzz.pdf");
        fuzz::require_utf8(doc);
        fuzz::require(!doc.text.empty(), "a PDF without text is an InputError");
        fuzz::require(fuzz::is_iso_date_or_empty(doc.date), "date is YYYY[-MM[-DD]]");
        fuzz::require(fuzz::is_iso_date_or_empty(doc.modified), "modified is YYYY[-MM[-DD]]");
    } catch (const InputError&) {
        // Not a PDF, unreadable, encrypted, no text: documented.
    }
    return 0;
}
