#include "query_params.h"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "kb/util/error.h"
#include "kb/util/utf8.h"

namespace kb::searchd {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

}  // namespace

std::string percent_decode(std::string_view s, std::string_view what, bool plus_is_space) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%') {
            const int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
            const int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                throw InputError(std::string(what), "malformed percent-encoding");
            }
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (s[i] == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += s[i];
        }
    }
    if (!util::is_valid_utf8(out)) {
        throw InputError(std::string(what), "not valid UTF-8");
    }
    if (out.find('\0') != std::string::npos) {
        throw InputError(std::string(what), "contains a NUL byte");
    }
    return out;
}

QueryParams QueryParams::parse(std::string_view raw) {
    QueryParams params;
    std::size_t start = 0;
    while (start <= raw.size()) {
        std::size_t end = raw.find('&', start);
        if (end == std::string_view::npos) {
            end = raw.size();
        }
        const std::string_view pair = raw.substr(start, end - start);
        if (!pair.empty()) {
            const std::size_t eq = pair.find('=');
            const std::string name = percent_decode(pair.substr(0, eq), "query string", true);
            const std::string value = eq == std::string_view::npos
                                          ? std::string()
                                          : percent_decode(pair.substr(eq + 1), name, true);
            params.items_.emplace_back(name, value);
        }
        start = end + 1;
    }
    return params;
}

std::vector<std::string> QueryParams::all(std::string_view name) const {
    std::vector<std::string> values;
    for (const auto& [n, v] : items_) {
        if (n == name) {
            values.push_back(v);
        }
    }
    return values;
}

std::optional<std::string> QueryParams::first(std::string_view name) const {
    for (const auto& [n, v] : items_) {
        if (n == name) {
            return v;
        }
    }
    return std::nullopt;
}

unsigned QueryParams::get_unsigned(std::string_view name,
                                   unsigned fallback,
                                   unsigned min,
                                   unsigned max) const {
    const std::optional<std::string> value = first(name);
    if (!value) {
        return fallback;
    }
    unsigned result = 0;
    const char* begin = value->data();
    const char* end = begin + value->size();
    const auto [ptr, ec] = std::from_chars(begin, end, result);
    if (value->empty() || ec != std::errc() || ptr != end || result < min || result > max) {
        throw InputError(std::string(name), "must be an integer from " + std::to_string(min) +
                                                " to " + std::to_string(max));
    }
    return result;
}

void QueryParams::reject_unknown(std::initializer_list<std::string_view> known) const {
    for (const auto& [name, value] : items_) {
        if (!name.empty() && name.front() == '_') {
            continue;
        }
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            throw InputError(name, "unknown parameter");
        }
    }
}

QueryParams QueryParams::from_json(std::string_view body) {
    // The member whose value is being read ("" while a name is read), so that a string
    // that is not valid UTF-8 (which the parser refuses) is blamed on its parameter.
    std::string member;
    const nlohmann::json::parser_callback_t track =
        [&member](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
            using Event = nlohmann::json::parse_event_t;
            if (depth == 1 && event == Event::key) {
                member = parsed.get<std::string>();
            } else if (depth == 1 && (event == Event::value || event == Event::array_end ||
                                      event == Event::object_end)) {
                member.clear();
            }
            return true;
        };
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(body, track);
    } catch (const nlohmann::json::parse_error& e) {
        const std::string_view what = e.what();
        if (what.find("UTF-8") != std::string_view::npos ||
            what.find("surrogate") != std::string_view::npos) {
            // (The parser's message would quote the bad bytes.)
            throw InputError(member.empty() ? "body" : member, "is not valid UTF-8");
        }
        throw InputError("body", std::string("not JSON: ") + e.what());
    } catch (const nlohmann::json::exception& e) {
        throw InputError("body", std::string("not JSON: ") + e.what());
    }
    if (!j.is_object()) {
        throw InputError("body", "must be a JSON object");
    }
    const auto scalar = [](const std::string& name, const nlohmann::json& v) {
        if (v.is_string()) {
            const std::string s = v.get<std::string>();
            if (!util::is_valid_utf8(s)) {
                throw InputError(name, "is not valid UTF-8");
            }
            if (s.find('\0') != std::string::npos) {
                throw InputError(name, "contains a NUL byte");
            }
            return s;
        }
        if (v.is_number_unsigned() || v.is_number_integer()) {
            return std::to_string(v.get<long long>());
        }
        if (v.is_boolean()) {
            return std::string(v.get<bool>() ? "true" : "false");
        }
        throw InputError(name, "must be a string, a number or a list of them");
    };
    QueryParams params;
    for (const auto& [name, value] : j.items()) {
        if (value.is_array()) {
            for (const auto& item : value) {
                params.items_.emplace_back(name, scalar(name, item));
            }
        } else if (!value.is_null()) {
            params.items_.emplace_back(name, scalar(name, value));
        }
    }
    return params;
}

}  // namespace kb::searchd
