#include "kb/analysis/analyzer.h"

#include <map>
#include <unordered_map>

#include "kb/analysis/language.h"
#include "kb/analysis/stemmers.h"
#include "kb/analysis/text_normalizer.h"
#include "kb/analysis/word_segmenter.h"
#include "kb/util/utf8.h"

namespace kb::analysis {

namespace {

// A word's forms in one language, computed once: on the warm path a token costs one hash
// lookup instead of one per step (fold, transliterate, stem, fold the stem).
struct FormsCache {
    static constexpr std::size_t kMaxEntries = 500'000;
    std::unordered_map<std::string, TermForms> map;
};

}  // namespace

struct Analyzer::Impl {
    AnalyzerOptions options;
    WordSegmenter segmenter;
    TextNormalizer normalizer;
    Stemmers stemmers;
    std::map<std::string, FormsCache, std::less<>> forms_by_language;

    TermForms compute(const std::string& norm, const std::string& code) {
        const bool bcms = is_bcms(code);
        TermForms forms;
        forms.folded = normalizer.fold(norm, bcms);
        // BCMS dictionaries and Snowball Serbian work on Latin; Cyrillic words are
        // transliterated first so that both scripts get the same stem.
        const std::string& input = bcms ? normalizer.gaj_latin(norm) : norm;
        const std::string& stem = stemmers.stem(code, input);
        forms.stem =
            (stem == input && &input == &norm) ? forms.folded : normalizer.fold(stem, bcms);
        return forms;
    }

    FormsCache& cache_for(const std::string& code) {
        auto it = forms_by_language.find(code);
        if (it == forms_by_language.end()) {
            it = forms_by_language.emplace(code, FormsCache{}).first;
        }
        return it->second;
    }

    const TermForms& forms(const std::string& norm, const std::string& code, FormsCache& cache) {
        if (const auto it = cache.map.find(norm); it != cache.map.end()) {
            return it->second;
        }
        if (cache.map.size() >= FormsCache::kMaxEntries) {
            cache.map.clear();
        }
        TermForms computed = compute(norm, code);
        return cache.map.emplace(norm, std::move(computed)).first->second;
    }
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
    return impl_->forms(norm, code, impl_->cache_for(code));
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
    const std::string code = canonical_language(lang);
    FormsCache& cache = impl_->cache_for(code);
    for (Token& token : tokens) {
        const TermForms& f = impl_->forms(token.norm, code, cache);
        if (f.folded.empty() || f.folded.size() > impl_->options.max_word_bytes ||
            f.stem.size() > impl_->options.max_word_bytes) {
            continue;
        }
        token.folded = f.folded;
        token.stem = f.stem;
        token.position = position++;
        kept.push_back(std::move(token));
    }
    return kept;
}

}  // namespace kb::analysis
