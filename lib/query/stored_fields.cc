#include "stored_fields.h"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "kb/util/utf8.h"

namespace kb::query {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// Reads JSON text from the front, without building anything; each step returns false
// where the text is not what this reader takes.
class Scanner {
public:
    explicit Scanner(std::string_view text) : text_(text) {}

    void skip_space() {
        while (pos_ < text_.size() && is_space(text_[pos_])) {
            ++pos_;
        }
    }
    bool at_end() const { return pos_ >= text_.size(); }
    char peek() const { return at_end() ? '\0' : text_[pos_]; }
    bool take(char c) {
        if (peek() != c) {
            return false;
        }
        ++pos_;
        return true;
    }

    // A string, the opening quote next: its raw contents, and whether it has escapes. The
    // closing quote is the first one after an even number of backslashes (memchr finds
    // quotes many bytes at a time; text has few of them).
    bool string(std::string_view& raw, bool& escaped) {
        if (!take('"')) {
            return false;
        }
        const std::size_t begin = pos_;
        std::size_t from = pos_;
        for (;;) {
            const void* found = std::memchr(text_.data() + from, '"', text_.size() - from);
            if (found == nullptr) {
                return false;
            }
            const std::size_t quote = static_cast<const char*>(found) - text_.data();
            std::size_t backslashes = 0;
            while (quote - backslashes > begin && text_[quote - backslashes - 1] == '\\') {
                ++backslashes;
            }
            if (backslashes % 2 == 0) {
                raw = text_.substr(begin, quote - begin);
                escaped = std::memchr(raw.data(), '\\', raw.size()) != nullptr;
                pos_ = quote + 1;
                return true;
            }
            from = quote + 1;
        }
    }

    // A number, true, false or null: up to the next delimiter.
    bool scalar(std::string_view& raw) {
        const std::size_t begin = pos_;
        while (!at_end() && !is_space(peek()) && peek() != ',' && peek() != '}' && peek() != ']' &&
               peek() != '"' && peek() != '[' && peek() != '{') {
            ++pos_;
        }
        raw = text_.substr(begin, pos_ - begin);
        return !raw.empty();
    }

    // An array of strings and scalars: its raw text, brackets included.
    bool flat_array(std::string_view& raw) {
        const std::size_t begin = pos_;
        if (!take('[')) {
            return false;
        }
        skip_space();
        if (!take(']')) {
            for (;;) {
                std::string_view element;
                bool escaped = false;
                if (peek() == '"' ? !string(element, escaped) : !scalar(element)) {
                    return false;
                }
                skip_space();
                if (take(']')) {
                    break;
                }
                if (!take(',')) {
                    return false;
                }
                skip_space();
            }
        }
        raw = text_.substr(begin, pos_ - begin);
        return true;
    }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

// Four hex digits at `s`, or -1.
long hex4(std::string_view s) {
    if (s.size() < 4) {
        return -1;
    }
    long v = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const char c = s[i];
        const int d = c >= '0' && c <= '9'   ? c - '0'
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                             : -1;
        if (d < 0) {
            return -1;
        }
        v = v * 16 + d;
    }
    return v;
}

// The raw contents of a JSON string unescaped; nullopt for a bad escape.
std::optional<std::string> unescape(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    std::size_t i = 0;
    while (i < raw.size()) {
        const char* slash =
            static_cast<const char*>(std::memchr(raw.data() + i, '\\', raw.size() - i));
        const std::size_t stop = slash == nullptr ? raw.size() : slash - raw.data();
        out.append(raw, i, stop - i);
        if (stop + 1 >= raw.size()) {
            return stop == raw.size() ? std::optional<std::string>(std::move(out)) : std::nullopt;
        }
        const char e = raw[stop + 1];
        i = stop + 2;
        switch (e) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                long c = hex4(raw.substr(i));
                if (c < 0) {
                    return std::nullopt;
                }
                i += 4;
                if (c >= 0xD800 && c <= 0xDBFF) {  // a surrogate pair
                    const long low = raw.substr(i, 2) == "\\u" ? hex4(raw.substr(i + 2)) : -1;
                    if (low < 0xDC00 || low > 0xDFFF) {
                        return std::nullopt;
                    }
                    c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                    i += 6;
                } else if (c >= 0xDC00 && c <= 0xDFFF) {
                    return std::nullopt;
                }
                util::append_utf8(out, static_cast<char32_t>(c));
                break;
            }
            default:
                return std::nullopt;
        }
    }
    return out;
}

}  // namespace

std::optional<StoredFields> StoredFields::parse(std::string_view data) {
    StoredFields fields;
    Scanner scan(data);
    bool fast = false;
    scan.skip_space();
    if (scan.take('{')) {
        scan.skip_space();
        fast = true;
        if (!scan.take('}')) {
            for (;;) {
                Span span{};
                bool key_escaped = false;
                if (!scan.string(span.key, key_escaped) || key_escaped) {
                    fast = false;
                    break;
                }
                scan.skip_space();
                if (!scan.take(':')) {
                    fast = false;
                    break;
                }
                scan.skip_space();
                span.kind = scan.peek() == '"' ? '"' : scan.peek() == '[' ? '[' : '0';
                const bool read = span.kind == '"'   ? scan.string(span.raw, span.escaped)
                                  : span.kind == '[' ? scan.flat_array(span.raw)
                                                     : scan.scalar(span.raw);
                if (!read) {
                    fast = false;
                    break;
                }
                fields.spans_.push_back(span);
                scan.skip_space();
                if (scan.take('}')) {
                    break;
                }
                if (!scan.take(',')) {
                    fast = false;
                    break;
                }
                scan.skip_space();
            }
        }
        scan.skip_space();
        fast = fast && scan.at_end();
    }
    if (!fast) {
        fields.spans_.clear();
        nlohmann::json tree = nlohmann::json::parse(data, nullptr, false);
        if (tree.is_discarded() || !tree.is_object()) {
            return std::nullopt;
        }
        fields.tree_ = std::move(tree);
    }
    return fields;
}

const StoredFields::Span* StoredFields::find(std::string_view key) const {
    // The last of equal keys, as nlohmann keeps.
    for (auto it = spans_.rbegin(); it != spans_.rend(); ++it) {
        if (it->key == key) {
            return &*it;
        }
    }
    return nullptr;
}

std::string StoredFields::string(std::string_view key) const {
    if (tree_) {
        const auto it = tree_->find(key);
        return (it != tree_->end() && it->is_string()) ? it->get<std::string>() : std::string();
    }
    const Span* span = find(key);
    if (span == nullptr || span->kind != '"') {
        return {};
    }
    if (!span->escaped) {
        return std::string(span->raw);
    }
    return unescape(span->raw).value_or(std::string());
}

std::vector<std::string> StoredFields::list(std::string_view key) const {
    std::vector<std::string> out;
    if (tree_) {
        const auto it = tree_->find(key);
        if (it != tree_->end() && it->is_array()) {
            for (const auto& v : *it) {
                if (v.is_string()) {
                    out.push_back(v.get<std::string>());
                }
            }
        }
        return out;
    }
    const Span* span = find(key);
    if (span == nullptr || span->kind != '[') {
        return out;
    }
    Scanner scan(span->raw);
    scan.take('[');
    scan.skip_space();
    while (!scan.at_end() && scan.peek() != ']') {
        std::string_view element;
        bool escaped = false;
        if (scan.peek() == '"') {
            scan.string(element, escaped);
            if (!escaped) {
                out.emplace_back(element);
            } else if (std::optional<std::string> text = unescape(element)) {
                out.push_back(std::move(*text));
            }
        } else {
            scan.scalar(element);
        }
        scan.skip_space();
        scan.take(',');
        scan.skip_space();
    }
    return out;
}

template <typename T>
T StoredFields::number(std::string_view key, T fallback) const {
    if (tree_) {
        const auto it = tree_->find(key);
        if (it == tree_->end() || it->is_null()) {
            return fallback;
        }
        if (it->is_number() && (std::is_floating_point_v<T> || !it->is_number_float())) {
            return it->get<T>();
        }
        throw std::invalid_argument("stored field '" + std::string(key) + "' is not a number");
    }
    const Span* span = find(key);
    T value{};
    if (span == nullptr || span->raw == "null") {
        return fallback;
    }
    const char* end = span->raw.data() + span->raw.size();
    const auto [stop, error] = std::from_chars(span->raw.data(), end, value);
    if (span->kind != '0' || error != std::errc() || stop != end) {
        throw std::invalid_argument("stored field '" + std::string(key) + "' is not a number");
    }
    return value;
}

template double StoredFields::number(std::string_view, double) const;
template std::uint64_t StoredFields::number(std::string_view, std::uint64_t) const;
template std::int64_t StoredFields::number(std::string_view, std::int64_t) const;

}  // namespace kb::query
