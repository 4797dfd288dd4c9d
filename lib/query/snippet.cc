#include "kb/query/snippet.h"

#include <algorithm>

#include "kb/util/utf8.h"

namespace kb::query {
namespace {

// Only the start of long documents is searched for a snippet: analysis costs time per
// hit and the best passage is rarely deep in a long text.
constexpr std::size_t kMaxScanBytes = 64 * 1024;

// Appends the text between two words, escaped, with any run of white space (line breaks
// included) collapsed to one space: a snippet is one line.
void append_separator(std::string& out, std::string_view between) {
    bool space = false;
    std::string kept;
    for (const char c : between) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = true;
        } else {
            if (space && !out.empty()) {
                kept += ' ';
            }
            space = false;
            kept += c;
        }
    }
    if (space && !out.empty()) {
        kept += ' ';
    }
    util::append_html_escaped(out, kept);
}

}  // namespace

std::string make_snippet(std::string_view text,
                         std::string_view lang,
                         const HighlightTerms& terms,
                         analysis::Analyzer& analyzer,
                         std::size_t max_bytes) {
    std::string sanitized;
    if (!util::is_valid_utf8(text)) {
        sanitized = util::sanitize_utf8(text);
        text = sanitized;
    }
    text = text.substr(0, util::utf8_prefix_length(text, kMaxScanBytes));
    const std::vector<analysis::Token> tokens = analyzer.analyze(text, lang);
    if (tokens.empty()) {
        return {};
    }
    std::vector<char> hit(tokens.size(), 0);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        hit[i] = (terms.folded.contains(tokens[i].folded) || terms.stems.contains(tokens[i].stem))
                     ? 1
                     : 0;
    }

    // Window [first, last] of tokens spanning at most max_bytes with the most distinct
    // matched words (then the most matches).
    std::size_t best_first = 0;
    int best_distinct = -1;
    int best_count = -1;
    std::size_t last = 0;
    for (std::size_t first = 0; first < tokens.size(); ++first) {
        if (!hit[first] && best_distinct >= 0) {
            continue;  // windows start on a match, once one was found
        }
        last = std::max(last, first);
        while (last + 1 < tokens.size() &&
               tokens[last + 1].offset + tokens[last + 1].text.size() - tokens[first].offset <=
                   max_bytes) {
            ++last;
        }
        std::set<std::string_view> distinct;
        int count = 0;
        for (std::size_t k = first; k <= last; ++k) {
            if (hit[k]) {
                distinct.insert(tokens[k].stem);
                ++count;
            }
        }
        if (static_cast<int>(distinct.size()) > best_distinct ||
            (static_cast<int>(distinct.size()) == best_distinct && count > best_count)) {
            best_distinct = static_cast<int>(distinct.size());
            best_count = count;
            best_first = first;
        }
    }
    // Start a little before the first match, at a word, so the match has context.
    std::size_t first = best_first;
    while (first > 0 && best_count > 0 && best_first - first < 4 &&
           tokens[best_first].offset - tokens[first - 1].offset < max_bytes / 4) {
        --first;
    }
    const std::size_t begin = (first == 0) ? 0 : tokens[first].offset;
    std::size_t end = begin;
    std::size_t k = first;
    for (; k < tokens.size(); ++k) {
        const std::size_t token_end = tokens[k].offset + tokens[k].text.size();
        if (token_end - begin > max_bytes) {
            break;
        }
        end = token_end;
    }
    // The window reached the last word: keep the closing punctuation too.
    const bool reaches_end = k == tokens.size() && text.size() - end <= 16;

    std::string out;
    if (begin > 0) {
        out += "…";
    }
    std::size_t pos = begin;
    for (std::size_t w = first; w < tokens.size() && tokens[w].offset < end; ++w) {
        const analysis::Token& t = tokens[w];
        append_separator(out, text.substr(pos, t.offset - pos));
        if (hit[w]) {
            out += "<mark>";
            util::append_html_escaped(out, t.text);
            out += "</mark>";
        } else {
            util::append_html_escaped(out, t.text);
        }
        pos = t.offset + t.text.size();
    }
    if (reaches_end) {
        append_separator(out, text.substr(pos));
        while (!out.empty() && out.back() == ' ') {
            out.pop_back();
        }
        return out;
    }
    if (end < text.size()) {
        out += "…";
    }
    return out;
}

}  // namespace kb::query
