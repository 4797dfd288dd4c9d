#pragma once

// Helpers shared by the libFuzzer targets of tests/fuzz (see README.md there).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "kb/ingest/extracted_document.h"
#include "kb/util/utf8.h"

namespace kb::fuzz {

inline std::string_view as_bytes(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Aborts, which libFuzzer reports as a crash with the input, when a documented property of
// a result does not hold.
inline void require(bool ok, const char* property) {
    if (!ok) {
        std::fprintf(stderr, "kb fuzz: property does not hold: %s\n", property);
        std::abort();
    }
}

// Every string an extractor returns is well-formed UTF-8 (extracted_document.h), since it
// goes on into ICU, CLD2, Xapian terms and JSON.
inline void require_utf8(const ingest::ExtractedDocument& doc) {
    const auto utf8 = [](std::string_view s) {
        return util::is_valid_utf8(s);
    };
    require(utf8(doc.format) && utf8(doc.title) && utf8(doc.text) && utf8(doc.language) &&
                utf8(doc.description) && utf8(doc.keywords) && utf8(doc.encoding) &&
                utf8(doc.date) && utf8(doc.url) && utf8(doc.type) && utf8(doc.author) &&
                utf8(doc.modified),
            "every field of ExtractedDocument is valid UTF-8");
    for (const auto& list : {doc.topics, doc.regions}) {
        for (const auto& s : list) {
            require(utf8(s), "topics and regions are valid UTF-8");
        }
    }
}

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" (or empty: not known), as ExtractedDocument::date.
inline bool is_iso_date_or_empty(std::string_view s) {
    if (s.empty()) {
        return true;
    }
    if (s.size() != 4 && s.size() != 7 && s.size() != 10) {
        return false;
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) {
            return false;
        }
    }
    return true;
}

}  // namespace kb::fuzz
