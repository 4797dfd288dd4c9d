#include "kb/classify/language_runs.h"

#include <algorithm>

#include "kb/analysis/language.h"

namespace kb::classify {
namespace {

// One paragraph: `length` bytes from `offset`, up to the next paragraph (the blank line
// after it included, so that paragraphs cover the text); `content` bytes are not blank.
struct Paragraph {
    std::size_t offset = 0;
    std::size_t length = 0;
    std::size_t content = 0;
};

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// Paragraphs are separated by a line holding nothing but white space.
std::vector<Paragraph> split_paragraphs(std::string_view text) {
    std::vector<Paragraph> paragraphs;
    Paragraph current;
    bool line_blank = true;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != '\n') {
            if (!is_blank(text[i])) {
                line_blank = false;
                ++current.content;
            }
            continue;
        }
        // End of a line (or of the text): a blank line ends a paragraph that has content.
        if (line_blank && current.content > 0 && i < text.size()) {
            current.length = i + 1 - current.offset;
            paragraphs.push_back(current);
            current = Paragraph{i + 1, 0, 0};
        }
        line_blank = true;
    }
    current.length = text.size() - current.offset;
    if (current.length > 0 || paragraphs.empty()) {
        paragraphs.push_back(current);
    }
    return paragraphs;
}

bool same_group(std::string_view a, std::string_view b) {
    return a == b || (analysis::is_bcms(a) && analysis::is_bcms(b));
}

}  // namespace

std::vector<LanguageRun> split_language_runs(std::string_view text,
                                             std::string_view document_language,
                                             analysis::LanguageDetector& detector,
                                             const LanguageRunOptions& options) {
    if (text.empty()) {
        return {};
    }
    const std::string document(document_language);
    const std::vector<Paragraph> paragraphs = split_paragraphs(text);
    const auto long_paragraphs =
        std::count_if(paragraphs.begin(), paragraphs.end(),
                      [&](const Paragraph& p) { return p.content >= options.min_paragraph_bytes; });
    if (text.size() < options.min_document_bytes || long_paragraphs < 2) {
        return {LanguageRun{0, text.size(), document}};
    }

    // The language of each paragraph; empty for a short one (decided below).
    std::vector<std::string> languages(paragraphs.size());
    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
        const Paragraph& p = paragraphs[i];
        if (p.content < options.min_paragraph_bytes) {
            continue;
        }
        const analysis::LanguageGuess guess =
            detector.detect_group(text.substr(p.offset, p.length));
        const bool confident = guess.reliable && guess.confidence >= options.min_confidence &&
                               guess.code != "und" && !guess.code.empty();
        languages[i] = confident && !same_group(guess.code, document) ? guess.code : document;
    }
    // A short paragraph (a heading, a list item) between two paragraphs of one language is
    // in that language; any other follows the document.
    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
        if (!languages[i].empty()) {
            continue;
        }
        std::size_t next = i + 1;
        while (next < paragraphs.size() && languages[next].empty()) {
            ++next;
        }
        const bool enclosed =
            i > 0 && next < paragraphs.size() && languages[i - 1] == languages[next];
        const std::string language = enclosed ? languages[next] : document;
        for (std::size_t j = i; j < next; ++j) {
            languages[j] = language;
        }
    }

    std::vector<LanguageRun> runs;
    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
        if (!runs.empty() && runs.back().language == languages[i]) {
            runs.back().length += paragraphs[i].length;
        } else {
            runs.push_back(LanguageRun{paragraphs[i].offset, paragraphs[i].length, languages[i]});
        }
    }
    return runs;
}

std::vector<LanguageRun> split_language_runs(std::string_view text,
                                             std::string_view document_language,
                                             const analysis::LanguageGuess& document_guess,
                                             analysis::LanguageDetector& detector,
                                             const LanguageRunOptions& options) {
    if (text.empty()) {
        return {};
    }
    const auto other = [&](std::string_view code) {
        return code != "und" && !same_group(code, document_language);
    };
    const bool may_mix =
        other(document_guess.code) ||
        std::any_of(document_guess.also_seen.begin(), document_guess.also_seen.end(), other);
    if (!may_mix) {
        return {LanguageRun{0, text.size(), std::string(document_language)}};
    }
    return split_language_runs(text, document_language, detector, options);
}

std::vector<std::string> other_languages(const std::vector<LanguageRun>& runs,
                                         std::string_view document_language) {
    std::vector<std::string> languages;
    for (const LanguageRun& run : runs) {
        if (run.language != document_language &&
            std::find(languages.begin(), languages.end(), run.language) == languages.end()) {
            languages.push_back(run.language);
        }
    }
    return languages;
}

}  // namespace kb::classify
