#include "kb/ingest/text_extractor.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "kb/ingest/boilerplate.h"
#include "kb/ingest/charset.h"
#include "kb/ingest/date_finder.h"
#include "kb/ingest/source_url.h"
#include "kb/util/error.h"
#include "kb/util/utf8.h"

namespace kb::ingest {
namespace {

std::string_view trim(std::string_view s) {
    // Spaces, tabs, CR, and UTF-8 no-break space (C2 A0).
    while (!s.empty()) {
        if (s.front() == ' ' || s.front() == '\t' || s.front() == '\r') {
            s.remove_prefix(1);
        } else if (s.starts_with("\xC2\xA0")) {
            s.remove_prefix(2);
        } else {
            break;
        }
    }
    while (!s.empty()) {
        if (s.back() == ' ' || s.back() == '\t' || s.back() == '\r') {
            s.remove_suffix(1);
        } else if (s.ends_with("\xC2\xA0")) {
            s.remove_suffix(2);
        } else {
            break;
        }
    }
    return s;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Words: runs of letters or digits (any byte >= 0x80 counts as a letter here, which is
// enough to count words in UTF-8 text).
int count_words(std::string_view line) {
    int words = 0;
    bool in_word = false;
    for (const char c : line) {
        const auto b = static_cast<unsigned char>(c);
        const bool word_char = std::isalnum(b) || b >= 0x80;
        if (word_char && !in_word) {
            ++words;
        }
        in_word = word_char;
    }
    return words;
}

bool mostly_capitals(std::string_view line) {
    int upper = 0;
    int lower = 0;
    for (const char c : line) {
        const auto b = static_cast<unsigned char>(c);
        upper += std::isupper(b) ? 1 : 0;
        lower += std::islower(b) ? 1 : 0;
    }
    return upper > 3 * lower;
}

// Page furniture that is not removed from the text (it may be content) but is never a
// title. Lower-cased ASCII substrings; multilingual lines common on public-sector pages.
bool is_menu_line(std::string_view line) {
    static constexpr std::array kMarkers = {
        "javascript",    "cookie",          "ciasteczk",        "piškotk",
        "piskotk",       "kolačić",         "kolacic",          "ctrl+",
        "ctrl-",         "spis treści",     "szukaj w",         "przejdź do",
        "skip to",       "zum inhalt",      "preskoči",         "pređi na",
        "font size",     "velikost pisave", "rozmiar czcionki", "accept all",
        "akceptuj",      "sprejmi",         "prihvati",         "wersja kontrastowa",
        "high contrast", "mapa strony",     "sitemap",          "zaloguj",
        "log in",        "prijava",         "newsletter",
    };
    const std::string lower = ascii_lower(line);
    return std::any_of(kMarkers.begin(), kMarkers.end(),
                       [&](const char* m) { return lower.find(m) != std::string::npos; });
}

}  // namespace

std::string guess_title(std::string_view text) {
    std::string_view fallback;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string_view line = trim(text.substr(start, end - start));
        start = end + 1;
        if (line.empty() || count_words(line) == 0) {
            continue;
        }
        const bool furniture = is_boilerplate_line(line) || is_menu_line(line);
        if (fallback.empty() && !furniture) {
            fallback = line;
        }
        if (count_words(line) >= 4 && line.size() <= 250 && !mostly_capitals(line) && !furniture) {
            return std::string(line);
        }
    }
    if (fallback.empty()) {
        return {};
    }
    std::string title(fallback.substr(0, util::utf8_prefix_length(fallback, 200)));
    if (title.size() < fallback.size()) {
        title += "…";
    }
    return title;
}

ExtractedDocument extract_text(std::string_view bytes, const std::string& source) {
    DecodedText decoded = decode_text(bytes, source);
    const std::string& text = decoded.text;
    ExtractedDocument doc;
    doc.format = "text";
    doc.encoding = std::move(decoded.encoding);
    // CRLF and CR line ends -> LF.
    std::string normalised;
    normalised.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            normalised += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
        } else {
            normalised += text[i];
        }
    }
    if (count_words(normalised) == 0) {
        throw InputError(source, "no text");
    }
    std::string filtered = remove_boilerplate_lines(normalised);
    // A file of nothing but boilerplate keeps it: better indexed than rejected.
    doc.text = count_words(filtered) == 0 ? std::move(normalised) : std::move(filtered);
    doc.title = guess_title(doc.text);
    doc.date = find_publication_date(doc.text);
    doc.url = find_source_url(doc.text);
    return doc;
}

}  // namespace kb::ingest
