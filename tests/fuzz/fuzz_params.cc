// libFuzzer target: kb-searchd's request parameters (searchd/query_params.h): a query string
// (QueryParams::parse), a JSON body (QueryParams::from_json) and percent_decode, then the
// checks the search endpoint makes of them. Every failure must be an InputError (a 400).
#include <cstddef>
#include <cstdint>
#include <string>

#include "kb/util/error.h"
#include "kb/util/utf8.h"

#include "fuzz_support.h"
#include "query_params.h"

namespace {

void use(const kb::searchd::QueryParams& params) {
    for (const auto& [name, value] : params.items()) {
        kb::fuzz::require(kb::util::is_valid_utf8(name) && kb::util::is_valid_utf8(value),
                          "parameters are valid UTF-8");
    }
    (void)params.all("lang");
    (void)params.first("q");
    try {
        params.reject_unknown({"q", "lang", "topic", "region", "type", "ui_lang", "page", "size",
                               "date_from", "date_to", "sort", "cursor"});
    } catch (const kb::InputError&) {
        // An unknown parameter: documented.
    }
    try {
        const unsigned size = params.get_unsigned("size", 10, 1, 100);
        kb::fuzz::require(size >= 1 && size <= 100, "get_unsigned stays within [min, max]");
    } catch (const kb::InputError&) {
        // Not such a number: documented.
    }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using kb::searchd::QueryParams;
    const std::string_view bytes = kb::fuzz::as_bytes(data, size);
    try {
        use(QueryParams::parse(bytes));
    } catch (const kb::InputError&) {
        // Malformed percent-encoding or not UTF-8: documented.
    }
    try {
        use(QueryParams::from_json(bytes));
    } catch (const kb::InputError&) {
        // Not a JSON object of scalars and lists: documented.
    }
    for (const bool plus_is_space : {true, false}) {
        try {
            const std::string decoded = kb::searchd::percent_decode(bytes, "q", plus_is_space);
            kb::fuzz::require(kb::util::is_valid_utf8(decoded), "percent_decode gives UTF-8");
            kb::fuzz::require(decoded.size() <= bytes.size(), "decoding never grows");
        } catch (const kb::InputError&) {
            // A bad escape or not UTF-8: documented.
        }
    }
    return 0;
}
