#include "request_head.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace kb::searchd {
namespace {

// Poco's HTTPRequest limits on the parts of the request line around the target.
constexpr std::size_t kMaxMethodBytes = 32;
constexpr std::size_t kMaxVersionBytes = 8;
// Blank lines Poco skips before a request line; more is not a client.
constexpr std::size_t kMaxLeadingSpace = 256;

// Poco::Ascii::isSpace, which separates the parts of Poco's request line.
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// A byte no request line may hold: a URI is printable (RFC 3986), and Poco would take a
// NUL or an escape sequence into the path, and so into the access log.
bool is_control(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t' && c != '\r') || u == 0x7f;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool icontains(std::string_view haystack, std::string_view needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                       [](char x, char y) {
                           return std::tolower(static_cast<unsigned char>(x)) ==
                                  std::tolower(static_cast<unsigned char>(y));
                       }) != haystack.end();
}

// What the header fields say of the body.
struct BodyFields {
    std::size_t content_length = 0;
    bool has_length = false;
    bool other_encoding = false;  // a Transfer-Encoding but chunked
    bool chunked = false;
    bool expect_continue = false;

    void see(std::string_view name, std::string_view value) {
        value = trim(value);
        if (iequals(name, "Content-Length")) {
            std::size_t n = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            has_length = ec == std::errc() && end == value.data() + value.size();
            content_length = has_length ? n : 0;
        } else if (iequals(name, "Transfer-Encoding")) {
            chunked = icontains(value, "chunked");
            other_encoding = !chunked;
        } else if (iequals(name, "Expect") && icontains(value, "100-continue")) {
            expect_continue = true;
        }
    }
};

// The value of the hexadecimal digits `digits` starts with (then ';', spaces or the end),
// or -1 if there are none, or too many.
long long chunk_size(std::string_view digits) {
    long long size = 0;
    std::size_t count = 0;
    for (; count < digits.size() && std::isxdigit(static_cast<unsigned char>(digits[count]));
         ++count) {
        if (count == 15) {
            return -1;
        }
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(digits[count])));
        size = size * 16 + (c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return count == 0 ? -1 : size;
}

}  // namespace

HeadScan scan_request_head(std::string_view bytes, const HeadLimits& limits) {
    HeadScan scan;
    const auto fail = [&scan](HeadVerdict verdict, std::string problem) {
        scan.verdict = verdict;
        scan.problem = std::move(problem);
        return scan;
    };
    std::size_t pos = 0;
    while (pos < bytes.size() && is_space(bytes[pos])) {
        ++pos;
    }
    if (pos > kMaxLeadingSpace) {
        return fail(HeadVerdict::Malformed, "no request line");
    }

    // The request line: METHOD TARGET VERSION.
    const std::size_t line_end = bytes.find('\n', pos);
    const std::string_view line = bytes.substr(
        pos, line_end == std::string_view::npos ? std::string_view::npos : line_end - pos);
    if (std::any_of(line.begin(), line.end(), is_control)) {
        return fail(HeadVerdict::Malformed,
                    "the request line holds a control character (percent-encode it)");
    }
    const auto space_from = [&line](std::size_t from) {
        const auto it =
            std::find_if(line.begin() + static_cast<std::ptrdiff_t>(from), line.end(), is_space);
        return static_cast<std::size_t>(it - line.begin());
    };
    const std::size_t method_end = space_from(0);
    if (method_end > kMaxMethodBytes) {
        return fail(HeadVerdict::Malformed, "no request line");
    }
    std::size_t target_begin = method_end;
    while (target_begin < line.size() && is_space(line[target_begin])) {
        ++target_begin;
    }
    const std::size_t target_end = space_from(target_begin);
    if (target_end - target_begin > limits.max_target_bytes) {
        return fail(HeadVerdict::TargetTooLong,
                    "the request target is over " + std::to_string(limits.max_target_bytes) +
                        " bytes: send a long query as a POST with a JSON body");
    }
    if (target_end < line.size() && line.size() - target_end > kMaxVersionBytes + 8) {
        return fail(HeadVerdict::Malformed, "malformed request line");
    }
    if (line_end == std::string_view::npos) {
        return scan;  // Incomplete
    }

    // Header fields, up to the blank line.
    std::size_t fields = 0;
    std::size_t header_bytes = 0;
    std::size_t value_bytes = 0;  // of the current field, folded lines included
    BodyFields body;
    pos = line_end + 1;
    for (;;) {
        const std::size_t eol = bytes.find('\n', pos);
        const bool whole = eol != std::string_view::npos;
        std::string_view field = bytes.substr(pos, whole ? eol - pos : std::string_view::npos);
        if (!field.empty() && field.back() == '\r') {
            field.remove_suffix(1);
        }
        if (field.empty()) {
            if (!whole) {
                return scan;  // Incomplete: perhaps the blank line, half received
            }
            scan.head_bytes = eol + 1;
            scan.chunked = body.chunked;
            scan.expect_continue = body.expect_continue;
            const bool by_length = body.has_length && !body.chunked && !body.other_encoding;
            if (by_length && body.content_length > limits.max_body_bytes) {
                return fail(
                    HeadVerdict::BodyTooLarge,
                    "the request body is over " + std::to_string(limits.max_body_bytes) + " bytes");
            }
            scan.verdict = HeadVerdict::Complete;
            if (by_length && body.content_length <= limits.max_body_wait_bytes) {
                scan.body_bytes = body.content_length;
            }
            return scan;
        }
        header_bytes += (whole ? eol + 1 : bytes.size()) - pos;
        if (header_bytes > limits.max_header_bytes) {
            return fail(HeadVerdict::FieldsTooLarge, "the header fields are over " +
                                                         std::to_string(limits.max_header_bytes) +
                                                         " bytes together");
        }
        if (field.front() == ' ' || field.front() == '\t') {
            value_bytes += field.size();  // a folded line continues the value
        } else {
            if (++fields > limits.max_fields) {
                return fail(HeadVerdict::FieldsTooLarge,
                            "more than " + std::to_string(limits.max_fields) + " header fields");
            }
            const std::size_t colon = field.find(':');
            const std::size_t name_bytes = colon == std::string_view::npos ? field.size() : colon;
            if (name_bytes > limits.max_name_bytes) {
                return fail(HeadVerdict::FieldsTooLarge, "a header field name is over " +
                                                             std::to_string(limits.max_name_bytes) +
                                                             " bytes");
            }
            value_bytes = colon == std::string_view::npos ? 0 : field.size() - colon - 1;
            if (whole && colon != std::string_view::npos) {
                body.see(field.substr(0, colon), field.substr(colon + 1));
            }
        }
        if (value_bytes > limits.max_value_bytes) {
            return fail(HeadVerdict::FieldsTooLarge, "a header field value is over " +
                                                         std::to_string(limits.max_value_bytes) +
                                                         " bytes");
        }
        if (!whole) {
            return scan;  // Incomplete
        }
        pos = eol + 1;
    }
}

ChunkedScan scan_chunked_body(std::string_view bytes, std::size_t max_data_bytes) {
    // Longest chunk-size line, extensions included, and longest trailer section.
    constexpr std::size_t kMaxSizeLine = 1024;
    constexpr std::size_t kMaxTrailer = 8192;
    ChunkedScan scan;
    const auto state = [&scan](ChunkedScan::State s) {
        scan.state = s;
        return scan;
    };
    std::size_t pos = 0;
    for (;;) {
        const std::size_t eol = bytes.find('\n', pos);
        if (eol == std::string_view::npos) {
            return state(bytes.size() - pos > kMaxSizeLine ? ChunkedScan::State::Malformed
                                                           : ChunkedScan::State::Incomplete);
        }
        const long long size = chunk_size(bytes.substr(pos, eol - pos));
        if (size < 0) {
            return state(ChunkedScan::State::Malformed);
        }
        pos = eol + 1;
        if (size == 0) {
            // The last chunk: trailer fields up to a blank line.
            const std::size_t trailer = pos;
            for (;;) {
                const std::size_t end = bytes.find('\n', pos);
                if (end == std::string_view::npos || end - trailer > kMaxTrailer) {
                    return state(end == std::string_view::npos &&
                                         bytes.size() - trailer <= kMaxTrailer
                                     ? ChunkedScan::State::Incomplete
                                     : ChunkedScan::State::Malformed);
                }
                const bool blank = end == pos || (end == pos + 1 && bytes[pos] == '\r');
                pos = end + 1;
                if (blank) {
                    scan.framed_bytes = pos;
                    return state(ChunkedScan::State::Complete);
                }
            }
        }
        scan.data_bytes += static_cast<std::size_t>(size);
        if (scan.data_bytes > max_data_bytes) {
            return state(ChunkedScan::State::TooLarge);
        }
        pos += static_cast<std::size_t>(size);
        // The chunk's data, then CRLF (or LF).
        if (pos + 1 > bytes.size() || (bytes[pos] == '\r' && pos + 2 > bytes.size())) {
            return state(ChunkedScan::State::Incomplete);
        }
        if (bytes[pos] == '\r' && bytes[pos + 1] == '\n') {
            pos += 2;
        } else if (bytes[pos] == '\n') {
            pos += 1;
        } else {
            return state(ChunkedScan::State::Malformed);
        }
    }
}

}  // namespace kb::searchd
