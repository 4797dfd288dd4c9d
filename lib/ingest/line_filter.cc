#include "line_filter_internal.h"

namespace kb::ingest {

std::string_view trim_line(std::string_view line) noexcept {
    while (!line.empty()) {
        if (line.front() == ' ' || line.front() == '\t' || line.front() == '\r') {
            line.remove_prefix(1);
        } else if (line.starts_with("\xC2\xA0")) {
            line.remove_prefix(2);
        } else {
            break;
        }
    }
    while (!line.empty()) {
        if (line.back() == ' ' || line.back() == '\t' || line.back() == '\r') {
            line.remove_suffix(1);
        } else if (line.ends_with("\xC2\xA0")) {
            line.remove_suffix(2);
        } else {
            break;
        }
    }
    return line;
}

std::string filter_lines(std::string_view text,
                         const std::function<bool(std::string_view line)>& drop) {
    std::string out;
    bool dropped_any = false;
    // True after a dropped line until the next kept non-blank line: blank lines in between
    // are dropped too when the output already ends a paragraph (or is empty).
    bool after_drop = false;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        const bool has_newline = end != std::string_view::npos;
        if (!has_newline) {
            end = text.size();
        }
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        const bool blank = trim_line(line).empty();
        if (!blank && drop(line)) {
            dropped_any = true;
            after_drop = true;
            continue;
        }
        if (blank && after_drop && (out.empty() || out.ends_with("\n\n"))) {
            continue;
        }
        if (!blank) {
            after_drop = false;
        }
        out += line;
        if (has_newline) {
            out += '\n';
        }
    }
    if (!dropped_any) {
        return std::string(text);
    }
    while (!out.empty() && out.back() == '\n') {
        out.pop_back();
    }
    if (!out.empty() && text.ends_with('\n')) {
        out += '\n';
    }
    return out;
}

}  // namespace kb::ingest
