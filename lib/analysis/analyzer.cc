#include "kb/analysis/analyzer.h"

#include "kb/analysis/language.h"
#include "kb/analysis/stemmers.h"
#include "kb/analysis/text_normalizer.h"
#include "kb/analysis/word_segmenter.h"
#include "kb/util/utf8.h"

namespace kb::analysis {

struct Analyzer::Impl {
    AnalyzerOptions options;
    WordSegmenter segmenter;
    TextNormalizer normalizer;
    Stemmers stemmers;
};

Analyzer::Analyzer(AnalyzerOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->options = options;
}

Analyzer::~Analyzer() = default;

std::vector<Token> Analyzer::segment(std::string_view text, std::uint32_t first_position) {
    std::string sanitized;
    if (!util::is_valid_utf8(text)) {
        sanitized = util::sanitize_utf8(text);
        text = sanitized;
    }
    std::vector<Token> tokens;
    std::uint32_t position = first_position;
    for (const WordSpan& span : impl_->segmenter.segment(text)) {
        Token token;
        token.text = std::string(text.substr(span.offset, span.length));
        token.offset = span.offset;
        token.is_number = span.is_number;
        token.norm = impl_->normalizer.case_fold(token.text);
        if (token.norm.empty() || token.norm.size() > 4 * impl_->options.max_word_bytes) {
            continue;
        }
        token.position = position++;
        tokens.push_back(std::move(token));
    }
    return tokens;
}

TermForms Analyzer::forms(const std::string& norm, std::string_view lang) {
    const std::string code = canonical_language(lang);
    const bool bcms = is_bcms(code);
    TermForms forms;
    forms.folded = impl_->normalizer.fold(norm, bcms);
    // BCMS dictionaries and Snowball Serbian work on Latin; Cyrillic words are transliterated
    // first so that both scripts get the same stem.
    const std::string& input = bcms ? impl_->normalizer.gaj_latin(norm) : norm;
    const std::string& stem = impl_->stemmers.stem(code, input);
    forms.stem =
        (stem == input && &input == &norm) ? forms.folded : impl_->normalizer.fold(stem, bcms);
    return forms;
}

bool Analyzer::stems(std::string_view lang) {
    return impl_->stemmers.has_stemmer(canonical_language(lang));
}

std::vector<Token> Analyzer::analyze(std::string_view text,
                                     std::string_view lang,
                                     std::uint32_t first_position) {
    std::vector<Token> tokens = segment(text, first_position);
    std::vector<Token> kept;
    kept.reserve(tokens.size());
    std::uint32_t position = first_position;
    for (Token& token : tokens) {
        TermForms f = forms(token.norm, lang);
        if (f.folded.empty() || f.folded.size() > impl_->options.max_word_bytes ||
            f.stem.size() > impl_->options.max_word_bytes) {
            continue;
        }
        token.folded = std::move(f.folded);
        token.stem = std::move(f.stem);
        token.position = position++;
        kept.push_back(std::move(token));
    }
    return kept;
}

}  // namespace kb::analysis
