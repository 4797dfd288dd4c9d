#include "kb/ingest/source_url.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <vector>

#include "kb/util/utf8.h"

#include "line_filter_internal.h"
#include "match_fold_internal.h"

namespace kb::ingest {
namespace {

constexpr std::size_t kWindowBytes = 3072;
constexpr std::size_t kFirstLines = 10;
constexpr std::size_t kMaxUrlBytes = 2048;

// Labels (folded) that start a line naming where the text comes from.
constexpr std::string_view kLabels[] = {
    "source", "original source", "url",       "link",  "original", "izvor", "zrodlo",   "vir",
    "zdroj",  "quelle",          "forras",    "sursa", "източник", "извор", "источник", "adres",
    "adresa", "povezava",        "poveznica", "odkaz", "web",      "online"};

// Characters that end a URL in running text: ASCII delimiters and typographic quotes.
bool ends_url(std::string_view rest) {
    const auto c = static_cast<unsigned char>(rest.front());
    if (c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == '{' ||
        c == '}' || c == '|' || c == '\\' || c == '^') {
        return true;
    }
    static constexpr std::string_view kStops[] = {"\xC2\xA0",     "\xC2\xAB",     "\xC2\xBB",
                                                  "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x9E",
                                                  "\xE2\x80\x98", "\xE2\x80\x99"};
    return std::any_of(std::begin(kStops), std::end(kStops),
                       [&](std::string_view stop) { return rest.starts_with(stop); });
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

// The first plausible http(s) URL in `line`, or empty.
std::string first_url(std::string_view line) {
    const std::string lower = ascii_lower(line);
    std::size_t from = 0;
    while (true) {
        const std::size_t http = lower.find("http://", from);
        const std::size_t https = lower.find("https://", from);
        const std::size_t at = std::min(http, https);
        if (at == std::string::npos) {
            return {};
        }
        from = at + 1;
        if (at > 0 && std::isalnum(static_cast<unsigned char>(line[at - 1]))) {
            continue;  // "xhttp://" is not a URL start
        }
        std::size_t end = at;
        while (end < line.size() && !ends_url(line.substr(end))) {
            ++end;
        }
        std::string_view url = line.substr(at, end - at);
        // Trailing punctuation belongs to the sentence; a ")" only if its "(" is in the URL.
        while (!url.empty()) {
            const char last = url.back();
            if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' ||
                last == '?') {
                url.remove_suffix(1);
            } else if ((last == ')' || last == ']') &&
                       std::count(url.begin(), url.end(), last == ')' ? '(' : '[') <
                           std::count(url.begin(), url.end(), last)) {
                url.remove_suffix(1);
            } else {
                break;
            }
        }
        const std::size_t host_start = url.find("://") + 3;
        const std::size_t host_end = url.find_first_of("/?#", host_start);
        const std::string_view host = url.substr(
            host_start, host_end == std::string_view::npos ? host_end : host_end - host_start);
        const bool host_ok = !host.empty() &&
                             (host.find('.') != std::string_view::npos ||
                              ascii_lower(host).starts_with("localhost")) &&
                             host.front() != '.' && host.back() != '.';
        if (host_ok && url.size() <= kMaxUrlBytes) {
            return std::string(url);
        }
    }
}

bool is_labelled(std::string_view line) {
    const std::string folded = fold_for_matching(line);
    return std::any_of(std::begin(kLabels), std::end(kLabels), [&](std::string_view label) {
        if (!folded.starts_with(label)) {
            return false;
        }
        const std::string_view rest = std::string_view(folded).substr(label.size());
        // "Source: ...", "Izvor - ...", "URL https://...", but not "Sources of funding".
        return rest.empty() || rest.front() == ':' || rest.front() == ' ' || rest.front() == '-' ||
               rest.front() == '(';
    });
}

// True if `line` is `url` alone, perhaps in brackets or quotes: "[https://...]", "<url>.".
bool is_whole_line(std::string_view line, std::string_view url) {
    const std::size_t at = line.find(url);
    const auto only_brackets = [](std::string_view s) {
        return s.find_first_not_of("[]()<>\"' .,;:") == std::string_view::npos;
    };
    return at != std::string_view::npos && only_brackets(line.substr(0, at)) &&
           only_brackets(line.substr(at + url.size()));
}

// Licence texts (LICENSE.txt, a Creative Commons notice) name their licence, not a source.
bool is_licence(std::string_view url) {
    const std::string lower = ascii_lower(url);
    return lower.find("creativecommons.org/") != std::string::npos ||
           lower.find("/licenses/") != std::string::npos ||
           lower.find("/licences/") != std::string::npos;
}

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        lines.push_back(trim_line(text.substr(start, end - start)));
        start = end + 1;
    }
    return lines;
}

// The URL of the first labelled line of `lines` (or of the non-empty line after it).
std::string labelled_url(const std::vector<std::string_view>& lines) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].empty() || !is_labelled(lines[i])) {
            continue;
        }
        std::string url = first_url(lines[i]);
        if (url.empty()) {
            std::size_t next = i + 1;
            while (next < lines.size() && lines[next].empty()) {
                ++next;
            }
            if (next < lines.size()) {
                url = first_url(lines[next]);
            }
        }
        if (!url.empty()) {
            return url;
        }
    }
    return {};
}

}  // namespace

std::string find_source_url(std::string_view text) {
    const std::string_view head = text.substr(0, util::utf8_prefix_length(text, kWindowBytes));
    const std::vector<std::string_view> head_lines = lines_of(head);
    if (std::string url = labelled_url(head_lines); !url.empty()) {
        return url;
    }
    if (text.size() > head.size()) {
        std::size_t tail_start = std::max(head.size(), text.size() - kWindowBytes);
        tail_start = text.find('\n', tail_start);  // whole lines only
        if (tail_start != std::string_view::npos) {
            if (std::string url = labelled_url(lines_of(text.substr(tail_start + 1)));
                !url.empty()) {
                return url;
            }
        }
    }
    std::size_t seen = 0;
    for (const std::string_view line : head_lines) {
        if (line.empty()) {
            continue;
        }
        if (++seen > kFirstLines) {
            break;
        }
        if (std::string url = first_url(line);
            !url.empty() && is_whole_line(line, url) && !is_licence(url)) {
            return url;
        }
    }
    return {};
}

}  // namespace kb::ingest
