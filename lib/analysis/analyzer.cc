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
// lookup, keyed by the word as written, instead of case folding and one lookup per step
// (fold, transliterate, stem, fold the stem).
struct CachedForms {
    std::string norm;
    TermForms forms;
};

// Hashes std::string and std::string_view alike, so that a lookup needs no key copy.
struct WordHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

struct FormsCache {
    static constexpr std::size_t kMaxEntries = 500'000;
    std::unordered_map<std::string, CachedForms, WordHash, std::equal_to<>> map;
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

    // The forms of `word` as written (case folded here) in language `code`. A word whose
    // norm is empty or over the length limit gets empty forms, without stemming.
    const CachedForms& forms(std::string_view word, const std::string& code, FormsCache& cache) {
        if (const auto it = cache.map.find(word); it != cache.map.end()) {
            return it->second;
        }
        if (cache.map.size() >= FormsCache::kMaxEntries) {
            cache.map.clear();
        }
        CachedForms computed;
        computed.norm = normalizer.case_fold(word);
        if (!computed.norm.empty() && computed.norm.size() <= 4 * options.max_word_bytes) {
            computed.forms = compute(computed.norm, code);
        }
        return cache.map.emplace(std::string(word), std::move(computed)).first->second;
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
    return impl_->forms(norm, code, impl_->cache_for(code)).forms;
}

bool Analyzer::stems(std::string_view lang) {
    return impl_->stemmers.has_stemmer(canonical_language(lang));
}

std::vector<Token> Analyzer::analyze(std::string_view text,
                                     std::string_view lang,
                                     std::uint32_t first_position) {
    std::string sanitized;
    if (!util::is_valid_utf8(text)) {
        sanitized = util::sanitize_utf8(text);
        text = sanitized;
    }
    const std::string code = canonical_language(lang);
    FormsCache& cache = impl_->cache_for(code);
    const std::size_t max_bytes = impl_->options.max_word_bytes;
    const std::vector<WordSpan> spans = impl_->segmenter.segment(text);
    std::vector<Token> tokens;
    tokens.reserve(spans.size());
    std::uint32_t position = first_position;
    for (const WordSpan& span : spans) {
        const std::string_view word = text.substr(span.offset, span.length);
        const CachedForms& f = impl_->forms(word, code, cache);
        if (f.forms.folded.empty() || f.forms.folded.size() > max_bytes ||
            f.forms.stem.size() > max_bytes) {
            continue;
        }
        Token& token = tokens.emplace_back();
        token.text = word;
        token.offset = span.offset;
        token.is_number = span.is_number;
        token.norm = f.norm;
        token.folded = f.forms.folded;
        token.stem = f.forms.stem;
        token.position = position++;
    }
    return tokens;
}

}  // namespace kb::analysis
