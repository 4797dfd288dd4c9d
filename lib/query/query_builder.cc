#include "kb/query/query_builder.h"

#include <algorithm>

#include "kb/analysis/language.h"
#include "kb/analysis/stop_words.h"
#include "kb/index/schema.h"
#include "kb/util/utf8.h"

namespace kb::query {
namespace {

// The weight of a query word's match in a title, on top of its match in the body (the title
// is indexed in the body too).
constexpr double kTitleBoost = 0.5;
// Words a prefix* query expands to at most (the most frequent ones).
constexpr Xapian::termcount kMaxWildcardTerms = 100;

namespace prefix = index::schema::prefix;

struct Item {
    std::string text;
    std::string field;  // "", "title" or "lang"
    bool phrase = false;
    bool negated = false;
    bool or_with_previous = false;
};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Splits the query into items. Never fails; sets `relaxed` when it had to guess.
std::vector<Item> lex(std::string_view s, bool& relaxed) {
    std::vector<Item> items;
    bool pending_or = false;
    bool pending_and = false;
    bool pending_not = false;
    std::size_t i = 0;
    while (i < s.size()) {
        if (is_space(s[i]) || s[i] == '(' || s[i] == ')') {
            ++i;  // TODO(#6): grouping with parentheses
            continue;
        }
        Item item;
        item.negated = pending_not;
        item.or_with_previous = pending_or;
        if (s[i] == '-' && i + 1 < s.size() && !is_space(s[i + 1])) {
            item.negated = true;
            ++i;
        } else if (s[i] == '+' && i + 1 < s.size() && !is_space(s[i + 1])) {
            ++i;
        }
        // field:value
        for (const std::string_view field : {"title:", "lang:", "topic:", "region:", "type:"}) {
            if (s.substr(i).starts_with(field) && i + field.size() < s.size() &&
                !is_space(s[i + field.size()])) {
                item.field = std::string(field.substr(0, field.size() - 1));
                i += field.size();
                break;
            }
        }
        if (s[i] == '"' && s.find('"', i + 1) == std::string_view::npos) {
            // Unbalanced quote: drop it and read the rest as plain words.
            relaxed = true;
            ++i;
            continue;
        }
        if (s[i] == '"') {
            const std::size_t close = s.find('"', i + 1);
            item.text = std::string(s.substr(i + 1, close - i - 1));
            i = close + 1;
            item.phrase = true;
        } else {
            const std::size_t start = i;
            while (i < s.size() && !is_space(s[i]) && s[i] != '"' && s[i] != '(' && s[i] != ')') {
                ++i;
            }
            item.text = std::string(s.substr(start, i - start));
        }
        if (!item.phrase && item.field.empty() && !item.negated) {
            if (item.text == "OR" || item.text == "AND" || item.text == "NOT") {
                const bool dangling = items.empty() && item.text != "NOT";
                if (dangling || pending_or || pending_not || pending_and) {
                    relaxed = true;
                }
                pending_or = item.text == "OR" && !items.empty();
                pending_and = item.text == "AND";
                pending_not = item.text == "NOT";
                continue;
            }
        }
        pending_or = false;
        pending_and = false;
        pending_not = false;
        items.push_back(std::move(item));
    }
    if (pending_or || pending_and || pending_not) {
        relaxed = true;  // "a OR", "a AND", "a NOT": the operator is dropped
    }
    return items;
}

void merge(HighlightTerms& into, const HighlightTerms& from) {
    into.folded.insert(from.folded.begin(), from.folded.end());
    into.stems.insert(from.stems.begin(), from.stems.end());
}

void add_unique(std::vector<std::string>& terms, std::string term) {
    if (std::find(terms.begin(), terms.end(), term) == terms.end()) {
        terms.push_back(std::move(term));
    }
}

Xapian::Query any_of(const std::vector<std::string>& terms, Xapian::Query::op op) {
    if (terms.size() == 1) {
        return Xapian::Query(terms.front());
    }
    return Xapian::Query(op, terms.begin(), terms.end());
}

}  // namespace

Xapian::Query QueryBuilder::word_query(const std::string& norm,
                                       bool title_only,
                                       const std::vector<std::string>& languages,
                                       HighlightTerms* highlight,
                                       bool title_boost) {
    std::vector<std::string> folded;  // the word's folded forms and stems, without prefix
    std::vector<std::string> stems;
    std::vector<std::string> typed_without_diacritics;  // folded forms equal to what was typed
    for (const std::string& lang : languages) {
        const analysis::TermForms f = analyzer_.forms(norm, lang);
        if (f.folded.empty() || f.folded.size() + 2 > index::schema::kMaxTermBytes) {
            continue;
        }
        add_unique(folded, f.folded);
        add_unique(stems, f.stem);
        if (highlight != nullptr) {
            highlight->folded.insert(f.folded);
            highlight->stems.insert(f.stem);
        }
        if (f.folded == norm) {
            add_unique(typed_without_diacritics, f.folded);
        }
    }
    if (vocabulary_ != nullptr) {
        for (const std::string& form : typed_without_diacritics) {
            const std::string key = std::string(index::schema::synonym::kFoldedForm) + form;
            for (auto it = vocabulary_->synonyms_begin(key); it != vocabulary_->synonyms_end(key);
                 ++it) {
                add_unique(stems, *it);
                if (highlight != nullptr) {
                    highlight->stems.insert(*it);
                }
            }
        }
    }
    if (folded.empty() && stems.empty()) {
        return {};
    }
    // One synonym group per field: BM25 weighs the word once, whichever form matched.
    const auto group = [&](std::string_view word_prefix, std::string_view stem_prefix) {
        std::vector<std::string> terms;
        for (const std::string& f : folded) {
            add_unique(terms, std::string(word_prefix) + f);
        }
        for (const std::string& s : stems) {
            add_unique(terms, std::string(stem_prefix) + s);
        }
        return any_of(terms, Xapian::Query::OP_SYNONYM);
    };
    const Xapian::Query title = group(prefix::kTitle, prefix::kTitleStem);
    if (title_only) {
        return title;
    }
    if (!title_boost) {
        return group("", prefix::kStem);
    }
    // Title words are in the body too; the title group on top ranks a document whose title
    // has the word above one that only mentions it.
    return Xapian::Query(Xapian::Query::OP_OR, group("", prefix::kStem),
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, title, kTitleBoost));
}

Xapian::Query QueryBuilder::phrase_query(const std::vector<analysis::Token>& tokens,
                                         bool title_only,
                                         const std::vector<std::string>& languages,
                                         HighlightTerms* highlight) {
    const std::string_view word_prefix = title_only ? prefix::kTitle : "";
    std::vector<Xapian::Query> positions;
    for (const analysis::Token& token : tokens) {
        std::vector<std::string> variants;
        for (const std::string& lang : languages) {
            const analysis::TermForms f = analyzer_.forms(token.norm, lang);
            if (f.folded.empty()) {
                continue;
            }
            add_unique(variants, std::string(word_prefix) + f.folded);
            if (highlight != nullptr) {
                highlight->folded.insert(f.folded);
            }
        }
        if (!variants.empty()) {
            positions.push_back(any_of(variants, Xapian::Query::OP_OR));
        }
    }
    if (positions.empty()) {
        return {};
    }
    if (positions.size() == 1) {
        return positions.front();
    }
    return Xapian::Query(Xapian::Query::OP_PHRASE, positions.begin(), positions.end(),
                         static_cast<Xapian::termcount>(positions.size()));
}

bool QueryBuilder::is_stop_word(const std::string& norm,
                                const std::vector<std::string>& languages) {
    for (const std::string& lang : languages) {
        const std::string code = analysis::canonical_language(lang);
        if (analysis::is_stop_word(code, analyzer_.forms(norm, code).folded)) {
            return true;
        }
    }
    return false;
}

ParsedQuery QueryBuilder::parse(std::string_view text,
                                const std::vector<std::string>& candidate_languages,
                                Xapian::Query::op default_op) {
    ParsedQuery parsed;
    std::vector<std::string> languages = candidate_languages;
    if (languages.empty()) {
        languages.emplace_back("und");
    }
    std::vector<Item> items = lex(text, parsed.relaxed);

    struct Group {
        std::vector<Xapian::Query> alternatives;  // joined by OR
        bool stop_word = false;  // one plain word that is a stop word of a candidate language
        std::string text;
        HighlightTerms highlight;
    };
    std::vector<Group> groups;  // joined by default_op
    std::vector<Xapian::Query> negatives;
    std::vector<Xapian::Query> facet_filters;  // topic:, region:, type: (all must hold)
    for (std::size_t i = 0; i < items.size(); ++i) {
        Item& item = items[i];
        if (item.field == "topic" || item.field == "region" || item.field == "type") {
            // A facet filter written in the query: boolean, no weight; ids as in the API.
            const std::string_view prefix = item.field == "topic"    ? prefix::kTopic
                                            : item.field == "region" ? prefix::kRegion
                                                                     : prefix::kType;
            Xapian::Query filter(std::string(prefix) + item.text);
            (item.negated ? negatives : facet_filters).push_back(std::move(filter));
            continue;
        }
        if (item.field == "lang") {
            const std::string code = analysis::canonical_language(item.text);
            if (!code.empty()) {
                parsed.languages.push_back(code);
                continue;
            }
            parsed.relaxed = true;  // "lang:???": read as words
            item.text = "lang " + item.text;
            item.field.clear();
        }
        const bool title_only = item.field == "title";
        if (!item.phrase && item.text.size() > 1 && item.text.back() == '*') {
            // prefix*: the indexed words that start with the folded prefix (the 100 most
            // frequent), as one clause.
            const std::vector<analysis::Token> stem = analyzer_.segment(item.text);
            if (stem.size() == 1) {
                const std::string folded = analyzer_.forms(stem.front().norm, "und").folded;
                if (util::code_point_count(folded) >= 2) {
                    Xapian::Query q(Xapian::Query::OP_WILDCARD,
                                    std::string(title_only ? prefix::kTitle : "") + folded,
                                    kMaxWildcardTerms, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
                    if (item.negated) {
                        negatives.push_back(std::move(q));
                    } else if (item.or_with_previous && !groups.empty()) {
                        groups.back().alternatives.push_back(std::move(q));
                    } else {
                        Group g;
                        g.alternatives.push_back(std::move(q));
                        g.text = item.text;
                        groups.push_back(std::move(g));
                    }
                    continue;
                }
            }
            parsed.relaxed = true;  // "a*", "*", "foo-bar*": read as words
        }
        const std::vector<analysis::Token> tokens = analyzer_.segment(item.text);
        if (tokens.empty()) {
            continue;
        }
        HighlightTerms highlight;
        const bool single_word = tokens.size() == 1 && !item.phrase;
        Xapian::Query q = single_word ? word_query(tokens.front().norm, title_only, languages,
                                                   &highlight, !item.negated)
                                      : phrase_query(tokens, title_only, languages, &highlight);
        if (q.empty()) {
            continue;
        }
        if (item.negated) {
            negatives.push_back(std::move(q));
        } else if (item.or_with_previous && !groups.empty()) {
            groups.back().alternatives.push_back(std::move(q));
            groups.back().stop_word = false;  // an explicit OR is the user's choice
            merge(groups.back().highlight, highlight);
        } else {
            const bool next_is_or = i + 1 < items.size() && items[i + 1].or_with_previous;
            Group g;
            g.alternatives.push_back(std::move(q));
            g.stop_word = single_word && item.field.empty() && !next_is_or &&
                          is_stop_word(tokens.front().norm, languages);
            g.text = item.text;
            g.highlight = std::move(highlight);
            groups.push_back(std::move(g));
        }
    }
    // Stop words do not rank or filter when the query has other words ("uczenie się przez
    // całe życie"); a query of stop words only keeps them. Phrases always keep theirs.
    const bool has_content =
        std::any_of(groups.begin(), groups.end(), [](const Group& g) { return !g.stop_word; });
    std::vector<std::vector<Xapian::Query>> kept;
    for (Group& g : groups) {
        if (has_content && g.stop_word) {
            parsed.stop_words.push_back(g.text);
            continue;
        }
        merge(parsed.highlight, g.highlight);
        kept.push_back(std::move(g.alternatives));
    }

    std::vector<Xapian::Query> clauses;
    for (auto& group : kept) {
        clauses.push_back(group.size() == 1
                              ? group.front()
                              : Xapian::Query(Xapian::Query::OP_OR, group.begin(), group.end()));
    }
    parsed.and_groups = clauses.size();
    parsed.has_positive = !clauses.empty();
    Xapian::Query positive;
    if (clauses.size() == 1) {
        positive = clauses.front();
    } else if (!clauses.empty()) {
        positive = Xapian::Query(default_op, clauses.begin(), clauses.end());
    }
    if (!facet_filters.empty()) {
        const Xapian::Query base = parsed.has_positive ? positive : Xapian::Query::MatchAll;
        positive = Xapian::Query(
            Xapian::Query::OP_FILTER, base,
            Xapian::Query(Xapian::Query::OP_AND, facet_filters.begin(), facet_filters.end()));
        parsed.has_filter = true;
    }
    if (!negatives.empty()) {
        const Xapian::Query base =
            parsed.has_positive || !facet_filters.empty() ? positive : Xapian::Query::MatchAll;
        positive =
            Xapian::Query(Xapian::Query::OP_AND_NOT, base,
                          Xapian::Query(Xapian::Query::OP_OR, negatives.begin(), negatives.end()));
    }
    parsed.query = positive;
    return parsed;
}

}  // namespace kb::query
