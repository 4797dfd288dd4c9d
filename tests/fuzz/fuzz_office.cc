// libFuzzer target: DOCX and ODT (zip archives of XML parts: libzip, caps against zip bombs,
// pugixml) and the zip sniffer (sniff_office_zip). Each input is read as both formats.
#include <cstddef>
#include <cstdint>

#include "kb/ingest/office_extractor.h"
#include "kb/util/error.h"

#include "fuzz_support.h"

namespace {

void check(const kb::ingest::ExtractedDocument& doc) {
    kb::fuzz::require_utf8(doc);
    kb::fuzz::require(!doc.text.empty(), "a document without text is an InputError");
    kb::fuzz::require(kb::fuzz::is_iso_date_or_empty(doc.date), "date is YYYY[-MM[-DD]]");
    kb::fuzz::require(kb::fuzz::is_iso_date_or_empty(doc.modified), "modified is YYYY[-MM[-DD]]");
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace kb;
    const std::string_view bytes = fuzz::as_bytes(data, size);
    (void)ingest::sniff_office_zip(bytes);
    try {
        check(ingest::extract_docx(bytes, "fuzz.docx"));
    } catch (const InputError&) {
        // Not a zip, no word/document.xml, a cap, bad XML, no text: documented.
    }
    try {
        check(ingest::extract_odt(bytes, "fuzz.odt"));
    } catch (const InputError&) {
        // As for DOCX.
    }
    return 0;
}
