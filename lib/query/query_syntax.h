#pragma once

// The query language of kb::query::QueryBuilder, read into a tree (private to lib/query).
//
//   query    := sequence
//   sequence := { operator | clause }
//   clause   := [ '-' | '+' ] [ field ':' ] ( word | '"' words '"' | '(' sequence ')' )
//   operator := 'OR' | 'AND' | 'NOT'          (bare and upper case; anything else is a word)
//   field    := 'title' | 'lang' | 'topic' | 'region' | 'type'
//
// `OR` joins a clause to the one before it; `NOT` excludes the next clause, as '-' does;
// `AND` is the default and changes nothing. A group's field applies to its clauses that
// name none: title:(a b) is title:a title:b.
// Reading never fails, and sets `relaxed` where it had to guess: a dangling operator or an
// unbalanced quote is dropped, a ')' without its '(' is skipped, and a '(' without its ')'
// closes at the end of the text (or is skipped where that changes nothing: "(a b" is "a b").

#include <string>
#include <string_view>
#include <vector>

namespace kb::query::syntax {

// A clause: a word, a phrase or a group.
struct Node {
    std::string text;               // the word, or the words of a phrase; empty for a group
    std::string field;              // "", "title", "lang", "topic", "region" or "type"
    bool phrase = false;            // "text"
    bool group = false;             // (children)
    bool negated = false;           // -clause or NOT clause
    bool or_with_previous = false;  // OR between it and the clause before it
    std::vector<Node> children;     // a group's clauses, with the group's field applied
};

// The top-level clauses of `text`. Never fails; sets `relaxed` when it had to guess.
std::vector<Node> parse(std::string_view text, bool& relaxed);

}  // namespace kb::query::syntax
