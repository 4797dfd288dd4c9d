#include "kb/analysis/analyzer.h"

#include <cstdint>
#include <deque>
#include <map>

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

// The forms of the words met in one language, keyed by the word as written. An open
// addressing table of (hash tag, entry) slots with a power-of-two size: a hit costs one hash, one
// slot and one entry read, where std::unordered_map adds an integer division and a bucket
// read (measured: the lookup was a fifth of warm analysis). Entries live in a deque, so a
// returned reference stays valid until the next insert.
class FormsCache {
public:
    explicit FormsCache(std::size_t max_entries) : max_entries_(max_entries) {}

    static std::uint64_t hash(std::string_view word) noexcept {
        return std::hash<std::string_view>{}(word);
    }

    const CachedForms* find(std::string_view word, std::uint64_t h) const noexcept {
        if (slots_.empty()) {
            return nullptr;
        }
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            const Slot& slot = slots_[i];
            if (slot.tag == 0) {
                return nullptr;
            }
            if (slot.tag == tag_of(h) && entries_[slot.entry].key == word) {
                return &entries_[slot.entry].forms;
            }
        }
    }

    // Hints for a lookup of hash `h` a few words ahead: the slot a lookup reads first, and,
    // once that slot is in cache, the entry it names. A warm lookup is two cache misses on
    // words outside the most frequent ones; analyze() overlaps them with other words' work.
    void prefetch_slot(std::uint64_t h) const noexcept {
        if (!slots_.empty()) {
            __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
        }
    }
    void prefetch_entry(std::uint64_t h) const noexcept {
        if (!slots_.empty()) {
            const Slot& slot = slots_[h & (slots_.size() - 1)];
            if (slot.tag == tag_of(h)) {
                __builtin_prefetch(&entries_[slot.entry]);
            }
        }
    }

    // Adds `word` (not in the table); clears the table first when it is full.
    const CachedForms& insert(std::string_view word, std::uint64_t h, CachedForms forms) {
        if (entries_.size() >= max_entries_) {
            entries_.clear();
            slots_.clear();
        }
        if (2 * (entries_.size() + 1) > slots_.size()) {
            grow();
        }
        entries_.push_back(Entry{std::string(word), std::move(forms)});
        place(h, static_cast<std::uint32_t>(entries_.size() - 1));
        return entries_.back().forms;
    }

private:
    struct Entry {
        std::string key;
        CachedForms forms;
    };
    // 8 bytes, so that more of the table stays in cache: the slot index comes from the low
    // bits of the hash, the tag from the high ones.
    struct Slot {
        std::uint32_t tag = 0;  // 0: empty
        std::uint32_t entry = 0;
    };

    static std::uint32_t tag_of(std::uint64_t h) noexcept {
        return static_cast<std::uint32_t>(h >> 32) | 1;
    }

    void place(std::uint64_t h, std::uint32_t entry) {
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = h & mask;
        while (slots_[i].tag != 0) {
            i = (i + 1) & mask;
        }
        slots_[i] = Slot{tag_of(h), entry};
    }

    void grow() {
        slots_.assign(slots_.empty() ? 1024 : 2 * slots_.size(), Slot{});
        for (std::size_t e = 0; e < entries_.size(); ++e) {
            place(hash(entries_[e].key), static_cast<std::uint32_t>(e));
        }
    }

    std::size_t max_entries_;
    std::vector<Slot> slots_;
    std::deque<Entry> entries_;
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
            it = forms_by_language.emplace(code, FormsCache{options.max_cached_words}).first;
        }
        return it->second;
    }

    // The forms of `word` as written (case folded here) in language `code`. A word whose
    // norm is empty or over the length limit gets empty forms, without stemming.
    const CachedForms& forms(std::string_view word, const std::string& code, FormsCache& cache) {
        return forms(word, FormsCache::hash(word), code, cache);
    }

    const CachedForms& forms(std::string_view word,
                             std::uint64_t h,
                             const std::string& code,
                             FormsCache& cache) {
        if (const CachedForms* cached = cache.find(word, h)) {
            return *cached;
        }
        CachedForms computed;
        computed.norm = normalizer.case_fold(word);
        if (!computed.norm.empty() && computed.norm.size() <= 4 * options.max_word_bytes) {
            computed.forms = compute(computed.norm, code);
        }
        return cache.insert(word, h, std::move(computed));
    }
};

Analyzer::Analyzer(AnalyzerOptions options) : impl_(std::make_unique<Impl>()) {
    if (options.max_cached_words == 0) {
        options.max_cached_words = AnalyzerOptions{}.max_cached_words;
    }
    impl_->options = options;
    impl_->normalizer.set_max_cached_words(options.max_cached_words);
    impl_->stemmers.set_max_cached_words(options.max_cached_words);
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

std::string Analyzer::fold(const std::string& norm, std::string_view lang) {
    return impl_->normalizer.fold(norm, is_bcms(canonical_language(lang)));
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
    std::vector<std::uint64_t> hashes(spans.size());
    for (std::size_t i = 0; i < spans.size(); ++i) {
        hashes[i] = FormsCache::hash(text.substr(spans[i].offset, spans[i].length));
    }
    // Lookups are memory-bound: the slot of the word 16 ahead and the entry of the word 8
    // ahead are fetched while this one is copied (measured: see tools/bench/analysis).
    constexpr std::size_t kSlotAhead = 16;
    constexpr std::size_t kEntryAhead = 8;
    std::vector<Token> tokens;
    tokens.reserve(spans.size());
    std::uint32_t position = first_position;
    for (std::size_t i = 0; i < spans.size(); ++i) {
        if (i + kSlotAhead < spans.size()) {
            cache.prefetch_slot(hashes[i + kSlotAhead]);
        }
        if (i + kEntryAhead < spans.size()) {
            cache.prefetch_entry(hashes[i + kEntryAhead]);
        }
        const WordSpan& span = spans[i];
        const std::string_view word = text.substr(span.offset, span.length);
        const CachedForms& f = impl_->forms(word, hashes[i], code, cache);
        if (f.forms.folded.empty() || f.forms.folded.size() > max_bytes ||
            f.forms.stem.size() > max_bytes) {
            continue;
        }
        tokens.push_back(Token{std::string(word), span.offset, position++, f.norm, f.forms.folded,
                               f.forms.stem, span.is_number});
    }
    return tokens;
}

}  // namespace kb::analysis
