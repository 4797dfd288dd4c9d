// libFuzzer target: XML documents (extract_xml: encodings, TEI and DocBook titles, depth
// cap, XHTML handed to extract_html) and the format sniffer (sniff_xml).
#include <cstddef>
#include <cstdint>

#include "kb/ingest/xml_extractor.h"
#include "kb/util/error.h"

#include "fuzz_support.h"

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace kb;
    const std::string_view bytes = fuzz::as_bytes(data, size);
    (void)ingest::sniff_xml(bytes);
    try {
        const ingest::ExtractedDocument doc = ingest::extract_xml(bytes, "fuzz.xml");
        fuzz::require_utf8(doc);
        fuzz::require(!doc.text.empty(), "a file without text is an InputError");
        fuzz::require(fuzz::is_iso_date_or_empty(doc.date), "date is YYYY[-MM[-DD]]");
    } catch (const InputError&) {
        // Not well-formed, too deep, unknown encoding, no text: documented.
    }
    return 0;
}
