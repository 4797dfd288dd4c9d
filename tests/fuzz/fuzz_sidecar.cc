// libFuzzer target: metadata sidecars, JSON (NAME.meta.json) and XML (NAME.meta.xml). Each
// input is parsed as both.
#include <cstddef>
#include <cstdint>

#include "kb/ingest/sidecar.h"
#include "kb/util/error.h"

#include "fuzz_support.h"

namespace {

void check(const kb::ingest::Sidecar& sidecar) {
    using kb::fuzz::require;
    const auto utf8 = [](std::string_view s) {
        return kb::util::is_valid_utf8(s);
    };
    require(utf8(sidecar.title) && utf8(sidecar.url) && utf8(sidecar.language) &&
                utf8(sidecar.type) && utf8(sidecar.description),
            "sidecar values are valid UTF-8");
    require(kb::fuzz::is_iso_date_or_empty(sidecar.date), "date is YYYY[-MM[-DD]]");
    for (const auto& list : {sidecar.topics, sidecar.regions}) {
        for (const auto& s : list) {
            require(utf8(s), "topics and regions are valid UTF-8");
        }
    }
    kb::ingest::ExtractedDocument doc;
    doc.text = "text";
    kb::ingest::apply_sidecar(sidecar, doc);
    kb::fuzz::require_utf8(doc);
    require(doc.text == "text", "apply_sidecar never changes the text");
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace kb;
    const std::string_view bytes = fuzz::as_bytes(data, size);
    try {
        check(ingest::parse_sidecar_json(bytes, "fuzz.meta.json"));
    } catch (const InputError&) {
        // Malformed: documented.
    }
    try {
        check(ingest::parse_sidecar_xml(bytes, "fuzz.meta.xml"));
    } catch (const InputError&) {
        // Malformed: documented.
    }
    return 0;
}
