#include "kb/query/query_builder.h"

#include <algorithm>
#include <utility>

#include "kb/analysis/language.h"
#include "kb/analysis/stop_words.h"
#include "kb/index/schema.h"
#include "kb/util/utf8.h"

#include "query_syntax.h"

namespace kb::query {
namespace {

// The weight of a query word's match in a title, on top of its match in the body (the title
// is indexed in the body too).
constexpr double kTitleBoost = 0.5;
// Words a prefix* query expands to at most (the most frequent ones).
constexpr Xapian::termcount kMaxWildcardTerms = 100;

namespace prefix = index::schema::prefix;

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

template <typename T>
void append(std::vector<T>& to, const std::vector<T>& from) {
    to.insert(to.end(), from.begin(), from.end());
}

// The queries joined by `op`; empty when there are none.
Xapian::Query join(const std::vector<Xapian::Query>& queries, Xapian::Query::op op) {
    if (queries.size() == 1) {
        return queries.front();
    }
    if (queries.empty()) {
        return {};
    }
    return Xapian::Query(op, queries.begin(), queries.end());
}

Xapian::Query either(const std::vector<Xapian::Query>& alternatives) {
    return join(alternatives, Xapian::Query::OP_OR);
}

// All documents. Not Xapian::Query::MatchAll: that is one static object whose reference
// count is not atomic, so kb-searchd's worker threads copying it at once corrupt it and
// crash (xapian/query.h says so; Concurrency.* in tests/integration saw it).
Xapian::Query match_all() {
    return Xapian::Query(std::string());
}

// `query` (all documents when empty) without the documents that match any of `negatives`.
Xapian::Query exclude(const Xapian::Query& query, const std::vector<Xapian::Query>& negatives) {
    if (negatives.empty()) {
        return query;
    }
    return Xapian::Query(Xapian::Query::OP_AND_NOT, query.empty() ? match_all() : query,
                         Xapian::Query(Xapian::Query::OP_OR, negatives.begin(), negatives.end()));
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

// Builds the query of one parse() call from the clauses syntax::parse read, into `parsed`.
class QueryBuilder::Reader {
public:
    Reader(QueryBuilder& builder, ParsedQuery& parsed, std::vector<std::string> languages)
        : builder_(builder), parsed_(parsed), languages_(std::move(languages)) {}

    // The whole query: its clauses joined by `default_op`, facet filters, exclusions.
    void read_query(const std::vector<syntax::Node>& nodes, Xapian::Query::op default_op);

private:
    // One clause of a sequence: alternatives joined by OR.
    struct Clause {
        std::vector<Xapian::Query> alternatives;
        bool weighted = false;   // false: zero-weight facet terms only, a filter
        bool stop_word = false;  // stop words only: left out when the sequence has other words
        std::vector<std::string> words;     // those stop words, reported when left out
        std::vector<std::string> left_out;  // stop words left out inside it (a group)
        HighlightTerms highlight;
    };
    // The clauses of the query or of a group, before stop words are left out.
    struct Sequence {
        std::vector<Clause> clauses;           // joined by AND (default_op at the top level)
        std::vector<Xapian::Query> negatives;  // excluded: any of them
        std::vector<Xapian::Query> filters;    // top level: facet terms, all must hold
        std::vector<std::string> left_out;     // stop words left out inside excluded groups
    };
    // Where a clause is read.
    struct Scope {
        bool top = false;       // in the query itself, not in a group
        bool excluded = false;  // in an excluded group: matches need no ranking
    };

    Sequence read_sequence(const std::vector<syntax::Node>& nodes, Scope scope);
    void add(const syntax::Node& node, bool next_is_or, Scope scope, Sequence& seq);
    void add_group(const syntax::Node& node, bool next_is_or, Scope scope, Sequence& seq);
    void add_exclusions_only(const syntax::Node& node,
                             bool next_is_or,
                             const Sequence& sub,
                             Sequence& seq);
    void add_facet(const syntax::Node& node, Scope scope, Sequence& seq);
    void add_language(const syntax::Node& node, bool next_is_or, Scope scope, Sequence& seq);
    bool add_wildcard(const syntax::Node& node, Sequence& seq);
    void add_words(const syntax::Node& node, bool next_is_or, Scope scope, Sequence& seq);
    static void place(const syntax::Node& node, Clause clause, Sequence& seq);
    static std::vector<std::string> leave_out_stop_words(std::vector<Clause>& clauses);

    QueryBuilder& builder_;
    ParsedQuery& parsed_;
    const std::vector<std::string> languages_;  // candidate languages of the words
};

void QueryBuilder::Reader::read_query(const std::vector<syntax::Node>& nodes,
                                      Xapian::Query::op default_op) {
    Sequence seq = read_sequence(nodes, Scope{.top = true});
    parsed_.stop_words = leave_out_stop_words(seq.clauses);
    append(parsed_.stop_words, seq.left_out);
    std::vector<Xapian::Query> clauses;
    for (Clause& c : seq.clauses) {
        // A group of facet terms only, "(topic:a OR topic:b)", filters as a facet does.
        (c.weighted ? clauses : seq.filters).push_back(either(c.alternatives));
        merge(parsed_.highlight, c.highlight);
    }
    parsed_.and_groups = clauses.size();
    parsed_.has_positive = !clauses.empty();
    Xapian::Query query = join(clauses, default_op);
    if (!seq.filters.empty()) {
        query = Xapian::Query(
            Xapian::Query::OP_FILTER, query.empty() ? match_all() : query,
            Xapian::Query(Xapian::Query::OP_AND, seq.filters.begin(), seq.filters.end()));
        parsed_.has_filter = true;
    }
    parsed_.query = exclude(query, seq.negatives);
    if (!seq.filters.empty() || !seq.negatives.empty()) {
        parsed_.constraints = exclude(
            seq.filters.empty()
                ? match_all()
                : Xapian::Query(Xapian::Query::OP_AND, seq.filters.begin(), seq.filters.end()),
            seq.negatives);
    }
}

QueryBuilder::Reader::Sequence QueryBuilder::Reader::read_sequence(
    const std::vector<syntax::Node>& nodes, Scope scope) {
    Sequence seq;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const bool next_is_or = i + 1 < nodes.size() && nodes[i + 1].or_with_previous;
        add(nodes[i], next_is_or, scope, seq);
    }
    return seq;
}

void QueryBuilder::Reader::add(const syntax::Node& node,
                               bool next_is_or,
                               Scope scope,
                               Sequence& seq) {
    if (node.group) {
        add_group(node, next_is_or, scope, seq);
    } else if (node.field == "topic" || node.field == "region" || node.field == "type") {
        add_facet(node, scope, seq);
    } else if (node.field == "lang") {
        add_language(node, next_is_or, scope, seq);
    } else if (!add_wildcard(node, seq)) {
        add_words(node, next_is_or, scope, seq);
    }
}

void QueryBuilder::Reader::add_group(const syntax::Node& node,
                                     bool next_is_or,
                                     Scope scope,
                                     Sequence& seq) {
    Sequence sub = read_sequence(node.children, {.excluded = scope.excluded || node.negated});
    Clause group;
    group.left_out = leave_out_stop_words(sub.clauses);
    append(group.left_out, sub.left_out);
    if (sub.clauses.empty()) {
        add_exclusions_only(node, next_is_or, sub, seq);
        return;
    }
    std::vector<Xapian::Query> clauses;
    bool stop_words_only = sub.negatives.empty();
    for (Clause& c : sub.clauses) {
        clauses.push_back(either(c.alternatives));
        group.weighted = group.weighted || c.weighted;
        stop_words_only = stop_words_only && c.stop_word;
        append(group.words, c.words);
        merge(group.highlight, c.highlight);
    }
    // Within a group, juxtaposition is AND whatever the top level's default.
    group.alternatives.push_back(exclude(join(clauses, Xapian::Query::OP_AND), sub.negatives));
    group.stop_word = stop_words_only && !next_is_or;
    place(node, std::move(group), seq);
}

// A group with nothing to look for: "()" is dropped; "(-a -b)" excludes a and b from the
// sequence it is in, as -a -b would.
void QueryBuilder::Reader::add_exclusions_only(const syntax::Node& node,
                                               bool next_is_or,
                                               const Sequence& sub,
                                               Sequence& seq) {
    if (sub.negatives.empty()) {
        return;
    }
    if (node.negated || node.or_with_previous || next_is_or) {
        parsed_.relaxed = true;  // "-(-a)" is dropped, "b OR (-a)" read as "b -a"
    }
    if (!node.negated) {
        append(seq.negatives, sub.negatives);
        append(seq.left_out, sub.left_out);
    }
}

void QueryBuilder::Reader::add_facet(const syntax::Node& node, Scope scope, Sequence& seq) {
    // Boolean, no weight; ids as in the API.
    const std::string_view facet_prefix = node.field == "topic"    ? prefix::kTopic
                                          : node.field == "region" ? prefix::kRegion
                                                                   : prefix::kType;
    const Xapian::Query term(std::string(facet_prefix) + node.text);
    if (scope.top) {
        // A filter whatever the operators around it: all must hold.
        (node.negated ? seq.negatives : seq.filters).push_back(term);
        return;
    }
    // In a group, a clause like a word but of zero weight: "(topic:x OR brain)".
    parsed_.has_filter = parsed_.has_filter || (!node.negated && !scope.excluded);
    Clause c;
    c.alternatives.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, term, 0.0);
    place(node, std::move(c), seq);
}

void QueryBuilder::Reader::add_language(const syntax::Node& node,
                                        bool next_is_or,
                                        Scope scope,
                                        Sequence& seq) {
    const std::string code = analysis::canonical_language(node.text);
    if (!code.empty()) {
        parsed_.languages.push_back(code);
        return;
    }
    parsed_.relaxed = true;  // "lang:???": read as words
    syntax::Node words = node;
    words.text = "lang " + node.text;
    words.field.clear();
    add(words, next_is_or, scope, seq);
}

// prefix*: the indexed words that start with the folded prefix (the 100 most frequent), as
// one clause. False when `node` is no such word.
bool QueryBuilder::Reader::add_wildcard(const syntax::Node& node, Sequence& seq) {
    if (node.phrase || node.text.size() <= 1 || node.text.back() != '*') {
        return false;
    }
    const std::vector<analysis::Token> stem = builder_.analyzer_.segment(node.text);
    if (stem.size() == 1) {
        const std::string folded = builder_.analyzer_.forms(stem.front().norm, "und").folded;
        if (util::code_point_count(folded) >= 2) {
            Clause c;
            c.weighted = true;
            c.alternatives.emplace_back(
                Xapian::Query::OP_WILDCARD,
                std::string(node.field == "title" ? prefix::kTitle : "") + folded,
                kMaxWildcardTerms, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
            place(node, std::move(c), seq);
            return true;
        }
    }
    parsed_.relaxed = true;  // "a*", "*", "foo-bar*": read as words
    return false;
}

void QueryBuilder::Reader::add_words(const syntax::Node& node,
                                     bool next_is_or,
                                     Scope scope,
                                     Sequence& seq) {
    const std::vector<analysis::Token> tokens = builder_.analyzer_.segment(node.text);
    if (tokens.empty()) {
        return;
    }
    Clause c;
    c.weighted = true;
    const bool single_word = tokens.size() == 1 && !node.phrase;
    const bool title_only = node.field == "title";
    const bool ranked = !node.negated && !scope.excluded;
    Xapian::Query q =
        single_word
            ? builder_.word_query(tokens.front().norm, title_only, languages_, &c.highlight, ranked)
            : builder_.phrase_query(tokens, title_only, languages_, &c.highlight);
    if (q.empty()) {
        return;
    }
    c.alternatives.push_back(std::move(q));
    c.stop_word = single_word && node.field.empty() && !node.negated && !next_is_or &&
                  builder_.is_stop_word(tokens.front().norm, languages_);
    if (c.stop_word) {
        c.words.push_back(node.text);
    }
    place(node, std::move(c), seq);
}

// Adds a clause of one alternative: excluded, OR'ed to the clause before it, or a clause.
void QueryBuilder::Reader::place(const syntax::Node& node, Clause clause, Sequence& seq) {
    if (node.negated) {
        seq.negatives.push_back(either(clause.alternatives));
        append(seq.left_out, clause.left_out);
        return;
    }
    if (!node.or_with_previous || seq.clauses.empty()) {
        seq.clauses.push_back(std::move(clause));
        return;
    }
    Clause& last = seq.clauses.back();
    append(last.alternatives, clause.alternatives);
    last.weighted = last.weighted || clause.weighted;
    last.stop_word = false;  // an explicit OR is the user's choice
    last.words.clear();
    append(last.left_out, clause.left_out);
    merge(last.highlight, clause.highlight);
}

// Stop words do not rank or filter when their sequence has other words ("uczenie się przez
// całe życie"); a sequence of stop words only keeps them. Phrases always keep theirs.
// Returns the words left out, in the order of the query.
std::vector<std::string> QueryBuilder::Reader::leave_out_stop_words(std::vector<Clause>& clauses) {
    const bool has_content = std::any_of(
        clauses.begin(), clauses.end(), [](const Clause& c) { return c.weighted && !c.stop_word; });
    std::vector<std::string> left_out;
    std::vector<Clause> kept;
    for (Clause& c : clauses) {
        const bool leave = has_content && c.stop_word;
        append(left_out, leave ? c.words : c.left_out);
        if (!leave) {
            kept.push_back(std::move(c));
        }
    }
    clauses = std::move(kept);
    return left_out;
}

ParsedQuery QueryBuilder::parse(std::string_view text,
                                const std::vector<std::string>& candidate_languages,
                                Xapian::Query::op default_op) {
    ParsedQuery parsed;
    std::vector<std::string> languages = candidate_languages;
    if (languages.empty()) {
        languages.emplace_back("und");
    }
    const std::vector<syntax::Node> nodes = syntax::parse(text, parsed.relaxed);
    Reader(*this, parsed, std::move(languages)).read_query(nodes, default_op);
    return parsed;
}
}  // namespace kb::query
