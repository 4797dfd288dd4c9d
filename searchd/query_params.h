#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb::searchd {

// The decoded parameters of a query string, in order; a name may repeat.
class QueryParams {
public:
    // Parses "a=1&b=x%20y&b=z". Throws InputError naming the parameter (source "query
    // string" for a name) on malformed percent-encoding, a value that is not valid UTF-8 or
    // holds a NUL byte.
    static QueryParams parse(std::string_view raw_query);

    // The parameters of a JSON object body (POST): {"q": "..", "lang": ["pl", "sl"],
    // "page": 2} reads as q=..&lang=pl&lang=sl&page=2. Throws InputError (source "body")
    // if it is not a JSON object of strings, numbers, booleans and arrays of those, and
    // naming the member for a string that is not valid UTF-8 or holds a NUL byte.
    static QueryParams from_json(std::string_view body);

    std::vector<std::string> all(std::string_view name) const;
    std::optional<std::string> first(std::string_view name) const;

    // The value of an integer parameter within [min, max], or `fallback` when absent.
    // Throws InputError naming the parameter when it is not such a number.
    unsigned get_unsigned(std::string_view name,
                          unsigned fallback,
                          unsigned min,
                          unsigned max) const;

    // Throws InputError naming the first parameter not in `known` (names starting with '_'
    // are allowed, for cache-busting front ends).
    void reject_unknown(std::initializer_list<std::string_view> known) const;

    const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

private:
    std::vector<std::pair<std::string, std::string>> items_;
};

// Decodes %XX and '+' (as space). Throws InputError naming `what` on a bad escape, or when
// the result is not valid UTF-8 or holds a NUL byte (%00).
std::string percent_decode(std::string_view s, std::string_view what, bool plus_is_space);

}  // namespace kb::searchd
