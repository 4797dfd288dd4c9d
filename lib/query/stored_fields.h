#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace kb::query {

// The fields of a document's stored data (the JSON object index::DocumentBuilder writes),
// read without building a JSON tree: one pass finds where each top-level value lies, and a
// string is unescaped only when asked for. The data holds the whole text, so a general
// JSON parser spent a fifth of a search on it (nlohmann's lexer, ~40 instructions a byte).
// Data this reader does not take (not an object, an escaped key, nesting deeper than
// arrays of scalars) goes to nlohmann's parser instead. The scan does not validate what
// DocumentBuilder never writes (control characters in strings, bad escapes): a string with
// a bad escape reads as "", where nlohmann would refuse the whole object.
// `data` must outlive the object.
class StoredFields {
public:
    // nullopt if `data` is not a JSON object at all.
    static std::optional<StoredFields> parse(std::string_view data);

    // The string at `key`; "" if absent or not a string.
    std::string string(std::string_view key) const;
    // The strings of the array at `key`; others and non-strings are left out.
    std::vector<std::string> list(std::string_view key) const;

    // The number at `key` as T (double, or an integer type taking it whole); `fallback` if
    // absent or null. Throws std::invalid_argument if it holds something else (a string, a
    // fraction for an integer, out of T's range), as nlohmann's value() did: a stored field
    // of the wrong type is a damaged index, not a value to guess.
    template <typename T>
    T number(std::string_view key, T fallback) const;

private:
    StoredFields() = default;

    // Where a top-level value lies: raw JSON text, a string's without its quotes.
    struct Span {
        std::string_view key;
        std::string_view raw;
        char kind;  // '"' string, '[' array, '0' anything else
        bool escaped;
    };
    std::vector<Span> spans_;
    std::optional<nlohmann::json> tree_;  // when the fast reader gave up

    const Span* find(std::string_view key) const;
};

}  // namespace kb::query
