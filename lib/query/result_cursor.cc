#include "result_cursor.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <vector>

#include "kb/index/schema.h"
#include "kb/util/error.h"
#include "kb/util/hash.h"

namespace kb::query {
namespace {

// "c1.<query>.<next>.<docid>.<weight bits>.<key hex>", numbers in hex.
constexpr std::string_view kVersion = "c1";
// A sort key is at most a date, a separator and an id term (schema::slot::kOrder).
constexpr std::size_t kMaxKeyBytes = 10 + 1 + index::schema::kMaxTermBytes;

std::string to_hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (const char c : bytes) {
        out += kDigits[static_cast<unsigned char>(c) >> 4];
        out += kDigits[static_cast<unsigned char>(c) & 0xf];
    }
    return out;
}

InputError malformed() {
    return InputError("cursor", "not a cursor of this query's results; start again without it");
}

std::uint64_t parse_hex(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
    if (text.empty() || text.size() > 16 || ec != std::errc() || end != text.data() + text.size()) {
        throw malformed();
    }
    return value;
}

std::string from_hex(std::string_view text) {
    if (text.size() % 2 != 0 || text.size() > 2 * kMaxKeyBytes) {
        throw malformed();
    }
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        out += static_cast<char>(parse_hex(text.substr(i, 2)));
    }
    return out;
}

}  // namespace

std::string ResultCursor::encode() const {
    std::string out(kVersion);
    for (const std::uint64_t n : {query, std::uint64_t{next}, std::uint64_t{last_docid},
                                  std::bit_cast<std::uint64_t>(last_weight)}) {
        out += '.';
        char digits[16];
        const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n, 16);
        out.append(digits, end);
    }
    out += '.';
    out += to_hex(last_key.substr(0, kMaxKeyBytes));
    return out;
}

ResultCursor ResultCursor::decode(std::string_view text) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const std::size_t dot = text.find('.', start);
        parts.push_back(text.substr(start, dot - start));
        if (dot == std::string_view::npos || parts.size() > 6) {
            break;
        }
        start = dot + 1;
    }
    if (parts.size() != 6 || parts[0] != kVersion) {
        throw malformed();
    }
    ResultCursor cursor;
    cursor.query = parse_hex(parts[1]);
    const std::uint64_t next = parse_hex(parts[2]);
    const std::uint64_t docid = parse_hex(parts[3]);
    if (next > std::numeric_limits<Xapian::doccount>::max() ||
        docid > std::numeric_limits<Xapian::docid>::max() || docid == 0) {
        throw malformed();
    }
    cursor.next = static_cast<Xapian::doccount>(next);
    cursor.last_docid = static_cast<Xapian::docid>(docid);
    cursor.last_weight = std::bit_cast<double>(parse_hex(parts[4]));
    if (!(cursor.last_weight >= 0.0) || cursor.last_weight > 1e300) {
        throw malformed();  // NaN, negative or infinite: not a Xapian weight
    }
    if (!parts[5].empty()) {
        cursor.last_key = from_hex(parts[5]);
    }
    return cursor;
}

bool ResultCursor::precedes(const Xapian::MSetIterator& it,
                            const std::string& key,
                            SearchRequest::Sort sort) const {
    if (sort == SearchRequest::Sort::Relevance) {
        const double weight = it.get_weight();
        if (weight != last_weight) {
            return weight < last_weight;
        }
    }
    // Then slot::kOrder, descending (newest first); "" for both in an index without it.
    if (key != last_key) {
        return key < last_key;
    }
    return *it > last_docid;
}

std::uint64_t query_fingerprint(const SearchRequest& request) {
    // Each field ends with a byte no UTF-8 text has, so "ab"+"c" differs from "a"+"bc".
    std::uint64_t h = util::fnv1a64(request.sort == SearchRequest::Sort::Date ? "date" : "rel");
    const auto add = [&h](std::string_view field) {
        h = util::fnv1a64(field, h);
        h = util::fnv1a64("\xff", h);
    };
    add(request.q);
    std::vector<std::string> languages = request.languages;
    std::sort(languages.begin(), languages.end());
    for (const std::string& l : languages) {
        add(l);
    }
    add("\xfe");
    for (const auto& [facet, values] : request.filters) {
        std::vector<std::string> sorted = values;
        std::sort(sorted.begin(), sorted.end());
        add(facet);
        for (const std::string& v : sorted) {
            add(v);
        }
        add("\xfe");
    }
    add(request.date_from);
    add(request.date_to);
    return h;
}

}  // namespace kb::query
