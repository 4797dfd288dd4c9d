#include "query_syntax.h"

#include <utility>

namespace kb::query::syntax {
namespace {

enum class TokenKind { Clause, Open, Close };

// A word or phrase (Clause), or a parenthesis; an Open token carries the '-' and field
// written before its '('.
struct Token {
    TokenKind kind = TokenKind::Clause;
    Node node;
};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Reads "field:" at `i` when a value follows it.
void read_field(std::string_view s, std::size_t& i, std::string& field) {
    for (const std::string_view name : {"title:", "lang:", "topic:", "region:", "type:"}) {
        if (s.substr(i).starts_with(name) && i + name.size() < s.size() &&
            !is_space(s[i + name.size()])) {
            field = std::string(name.substr(0, name.size() - 1));
            i += name.size();
            return;
        }
    }
}

// Reads one token starting at `i` (not a space). Returns false when there is none: an
// unbalanced quote is dropped, with what was written before it, and the rest is read on.
bool read_token(std::string_view s, std::size_t& i, Token& token, bool& relaxed) {
    if (s[i] == ')') {
        token.kind = TokenKind::Close;
        ++i;
        return true;
    }
    if ((s[i] == '-' || s[i] == '+') && i + 1 < s.size() && !is_space(s[i + 1])) {
        token.node.negated = s[i] == '-';
        ++i;
    }
    read_field(s, i, token.node.field);
    if (s[i] == '(') {
        token.kind = TokenKind::Open;
        ++i;
        return true;
    }
    if (s[i] == '"') {
        const std::size_t close = s.find('"', i + 1);
        ++i;
        if (close == std::string_view::npos) {
            relaxed = true;
            return false;
        }
        token.node.text = std::string(s.substr(i, close - i));
        token.node.phrase = true;
        i = close + 1;
        return true;
    }
    const std::size_t start = i;
    while (i < s.size() && !is_space(s[i]) && s[i] != '"' && s[i] != '(' && s[i] != ')') {
        ++i;
    }
    token.node.text = std::string(s.substr(start, i - start));
    return true;
}

// Groups nest at most this deep; deeper parentheses are dropped with their ')'. The parser,
// QueryBuilder and Xapian recurse per level: 8,000 '(' overflowed the stack
// (tests/data/fuzz-regressions/query/deep-groups.txt).
constexpr std::size_t kMaxGroupDepth = 32;

std::vector<Token> lex(std::string_view s, bool& relaxed) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    std::size_t depth = 0;
    std::size_t dropped = 0;  // '(' beyond kMaxGroupDepth whose ')' is dropped too
    while (i < s.size()) {
        if (is_space(s[i])) {
            ++i;
            continue;
        }
        Token token;
        if (!read_token(s, i, token, relaxed)) {
            continue;
        }
        if (token.kind == TokenKind::Open) {
            if (depth == kMaxGroupDepth) {
                relaxed = true;
                ++dropped;
                continue;
            }
            ++depth;
        } else if (token.kind == TokenKind::Close) {
            if (dropped > 0) {
                --dropped;
                continue;
            }
            depth -= depth > 0 ? 1 : 0;
        }
        tokens.push_back(std::move(token));
    }
    return tokens;
}

// OR, AND or NOT written as an operator, not as a word.
bool is_operator(const Token& token) {
    const Node& n = token.node;
    return token.kind == TokenKind::Clause && !n.phrase && n.field.empty() && !n.negated &&
           (n.text == "OR" || n.text == "AND" || n.text == "NOT");
}

// Recursive descent over the tokens, one sequence per call.
class Parser {
public:
    Parser(std::vector<Token> tokens, bool& relaxed)
        : tokens_(std::move(tokens)), relaxed_(relaxed) {}

    std::vector<Node> query() { return sequence(false, ""); }

private:
    // The operators read since the last clause.
    struct Pending {
        bool or_ = false;
        bool and_ = false;
        bool not_ = false;
        bool any() const { return or_ || and_ || not_; }
    };

    bool at_close() const {
        return pos_ < tokens_.size() && tokens_[pos_].kind == TokenKind::Close;
    }

    // Clauses up to the ')' that closes a group (`nested`) or the end; `field` applies to
    // the clauses that name none.
    std::vector<Node> sequence(bool nested, const std::string& field) {
        std::vector<Node> nodes;
        Pending pending;
        while (pos_ < tokens_.size()) {
            if (at_close()) {
                if (nested) {
                    break;
                }
                relaxed_ = true;  // a ')' without its '(': skipped
                ++pos_;
                continue;
            }
            Token token = std::move(tokens_[pos_++]);
            token.node.negated = token.node.negated || pending.not_;
            if (is_operator(token)) {
                read_operator(token.node.text, nodes.empty(), pending);
                continue;
            }
            token.node.or_with_previous = pending.or_;
            pending = {};
            add_clause(std::move(token), field, nodes);
        }
        if (pending.any()) {
            relaxed_ = true;  // "a OR", "(a AND)", "a NOT": the operator is dropped
        }
        return nodes;
    }

    void read_operator(const std::string& op, bool first, Pending& pending) {
        if ((first && op != "NOT") || pending.any()) {
            relaxed_ = true;  // "OR a", "a OR OR b": read as if it were not there
        }
        pending.or_ = op == "OR" && !first;
        pending.and_ = op == "AND";
        pending.not_ = op == "NOT";
    }

    void add_clause(Token token, const std::string& field, std::vector<Node>& nodes) {
        Node node = std::move(token.node);
        if (node.field.empty()) {
            node.field = field;
        }
        if (token.kind == TokenKind::Open) {
            node.group = true;
            node.children = sequence(true, node.field);
            if (at_close()) {
                ++pos_;
            } else if (!unclosed(node, nodes)) {
                return;
            }
        }
        nodes.push_back(std::move(node));
    }

    // A '(' without its ')' closes at the end of the text. Returns false when its clauses
    // went into `nodes` instead: "(a b" reads as "a b" (but "-(a b" stays an exclusion and
    // "x OR (a b" an alternative).
    bool unclosed(Node& group, std::vector<Node>& nodes) {
        relaxed_ = true;
        if (group.negated || group.or_with_previous) {
            return true;
        }
        for (Node& child : group.children) {
            nodes.push_back(std::move(child));
        }
        return false;
    }

    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
    bool& relaxed_;
};

}  // namespace

std::vector<Node> parse(std::string_view text, bool& relaxed) {
    return Parser(lex(text, relaxed), relaxed).query();
}

}  // namespace kb::query::syntax
