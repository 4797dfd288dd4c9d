#include "kb/query/snippet.h"

#include <algorithm>
#include <set>

#include "kb/util/utf8.h"

namespace kb::query {
namespace {

// Only the start of long documents is searched for a snippet: analysis costs time per
// hit and the best passage is rarely deep in a long text. The text is analysed in small
// chunks until the first match, then as far as windows that start on a match within one
// window of it can reach (two windows past it): a hit's ten pages of text cost a
// kilobyte or two, not all of them. Snippets were half of a search's time with 2 KB
// chunks and a whole chunk after the first match's (tools/bench/query at 200k).
constexpr std::size_t kMaxScanBytes = 64 * 1024;
constexpr std::size_t kScanChunkBytes = 512;

// The end of the chunk that starts at `begin`: kScanChunkBytes on, moved to the next space
// so that no word is cut (or to a character boundary if none comes soon).
std::size_t chunk_end(std::string_view text, std::size_t begin) {
    std::size_t end = begin + kScanChunkBytes;
    if (end >= text.size()) {
        return text.size();
    }
    const std::size_t limit = std::min(text.size(), end + 256);
    while (end < limit && text[end] != ' ' && text[end] != '\n' && text[end] != '\t') {
        ++end;
    }
    return begin + util::utf8_prefix_length(text.substr(begin), end - begin);
}

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

// The first three letters of a folded word (all of a shorter one).
std::string_view head(std::string_view folded) {
    int letters = 0;
    for (std::size_t i = 0; i < folded.size(); ++i) {
        if ((static_cast<unsigned char>(folded[i]) & 0xC0) != 0x80 && ++letters == 4) {
            return folded.substr(0, i);
        }
    }
    return folded;
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
    const std::size_t full_size = text.size();
    text = text.substr(0, util::utf8_prefix_length(text, kMaxScanBytes));
    std::set<std::string_view> stem_heads;
    for (const std::string& stem : terms.stems) {
        stem_heads.insert(head(stem));
    }
    std::vector<analysis::Token> tokens;
    std::vector<char> hit;
    std::size_t scan_to = text.size();  // until the first match sets it nearer
    std::size_t scanned = 0;
    while (scanned < std::min(scan_to, text.size())) {
        const std::size_t end = chunk_end(text, scanned);
        for (analysis::Token& t : analyzer.segment(text.substr(scanned, end - scanned))) {
            t.offset += scanned;
            // Folding is cheap, stemming is not (a dictionary lookup per new word): only a
            // word that begins like a query stem can have it as its stem.
            t.folded = analyzer.fold(t.norm, lang);
            bool match = terms.folded.contains(t.folded);
            if (stem_heads.contains(head(t.folded))) {
                t.stem = analyzer.forms(t.norm, lang).stem;
                match = match || terms.stems.contains(t.stem);
            } else {
                t.stem = t.folded;  // what the window counts as one word
            }
            if (match && scan_to == text.size()) {
                scan_to = t.offset + 2 * max_bytes;
            }
            hit.push_back(match ? 1 : 0);
            tokens.push_back(std::move(t));
        }
        scanned = end;
    }
    text = text.substr(0, scanned);
    if (tokens.empty()) {
        return {};
    }

    // Window [first, last] of tokens spanning at most max_bytes with the most distinct
    // matched words (then the most matches).
    // Only windows that start on a match count: one that starts before its first match
    // has no more matches than the one that starts on it. Without matches: the start.
    std::size_t best_first = 0;
    int best_distinct = -1;
    int best_count = 0;
    std::size_t last = 0;
    std::vector<std::string_view> distinct;  // the window's matched words, a handful
    for (std::size_t first = 0; first < tokens.size(); ++first) {
        if (!hit[first]) {
            continue;
        }
        last = std::max(last, first);
        while (last + 1 < tokens.size() &&
               tokens[last + 1].offset + tokens[last + 1].text.size() - tokens[first].offset <=
                   max_bytes) {
            ++last;
        }
        distinct.clear();
        int count = 0;
        for (std::size_t k = first; k <= last; ++k) {
            if (hit[k]) {
                if (std::find(distinct.begin(), distinct.end(), tokens[k].stem) == distinct.end()) {
                    distinct.push_back(tokens[k].stem);
                }
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
    const bool reaches_end =
        k == tokens.size() && text.size() == full_size && full_size - end <= 16;

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
    if (end < full_size) {
        out += "…";
    }
    return out;
}

}  // namespace kb::query
