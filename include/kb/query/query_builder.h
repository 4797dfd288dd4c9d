#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "kb/analysis/analyzer.h"

namespace kb::query {

// Query words in the forms the index stores, for highlighting matches in snippets.
struct HighlightTerms {
    std::set<std::string, std::less<>> folded;
    std::set<std::string, std::less<>> stems;
};

// The result of parsing a user's query.
struct ParsedQuery {
    Xapian::Query query;                  // empty when the input had no positive words
    bool has_positive = false;            // false: match all documents (browsing), minus exclusions
    bool has_filter = false;              // topic:, region: or type: in the query
    bool relaxed = false;                 // the syntax was odd and was read as plain words
    std::size_t and_groups = 0;           // top-level clauses joined by the default AND
    std::vector<std::string> languages;   // from lang:xx in the query text
    std::vector<std::string> stop_words;  // words left out of matching and ranking
    HighlightTerms highlight;
    // What every result must satisfy besides the words: the top-level facet filters and
    // exclusions, as a boolean query (empty when there are none). For clauses added to
    // `query` from outside (the searcher's topic matches).
    Xapian::Query constraints;
};

// Turns the text a user typed into a Xapian query, through the same Analyzer as indexing.
// Syntax: words; "phrases"; prefix*; -word, -"phrase", -(group) and NOT clause exclude;
// OR between two clauses, binding tighter than AND (the default between clauses):
// `a b OR c` is a AND (b OR c); (groups) nest: `(a OR b) c`, `((a b) OR c) -(d e)`;
// field prefixes title:word, title:"phrase", title:(a b) (every word of the group), lang:pl,
// and the facets topic:, region:, type: (filters at the top level; in a group, boolean
// clauses of zero weight: `(topic:x OR brain)`). `default_op` joins the top-level clauses
// only; within a group, clauses are ANDed.
// Nothing the user types makes it fail: unbalanced quotes and parentheses, dangling
// operators and unknown fields are read as plain words (or dropped) and reported with
// `relaxed`; an empty () is dropped.
// Each word becomes a synonym group of its forms in every candidate language (the word's
// language is rarely known): `regionach` looks for the Polish stem, `Београд` for Latin
// `beograd` as well. Phrases match folded words at consecutive positions.
// A plain word that is a stop word in any candidate language (kb::analysis::is_stop_word)
// is left out when its group (or the query) has other words, and reported in `stop_words`;
// phrases keep theirs, since the index keeps every word.
// Thread safety: one instance per thread (uses the thread's Analyzer).
class QueryBuilder {
public:
    // With `vocabulary` (the index), a word typed without diacritics also looks for the
    // stems of the indexed words that fold to it (schema::synonym::kFoldedForm): vestacka
    // finds what veštačka and вештачка find, though no dictionary knows "vestacka".
    explicit QueryBuilder(analysis::Analyzer& analyzer,
                          const Xapian::Database* vocabulary = nullptr)
        : analyzer_(analyzer), vocabulary_(vocabulary) {}

    ParsedQuery parse(std::string_view text,
                      const std::vector<std::string>& candidate_languages,
                      Xapian::Query::op default_op = Xapian::Query::OP_AND);

private:
    class Reader;  // reads the clauses of one query (query_builder.cc)

    bool is_stop_word(const std::string& norm, const std::vector<std::string>& languages);
    // The forms of one query word as a synonym group; with `title_boost`, OR its title terms
    // at half weight (an excluded word needs no boost).
    Xapian::Query word_query(const std::string& norm,
                             bool title_only,
                             const std::vector<std::string>& languages,
                             HighlightTerms* highlight,
                             bool title_boost = true);
    Xapian::Query phrase_query(const std::vector<analysis::Token>& tokens,
                               bool title_only,
                               const std::vector<std::string>& languages,
                               HighlightTerms* highlight);

    analysis::Analyzer& analyzer_;
    const Xapian::Database* vocabulary_;
};

}  // namespace kb::query
