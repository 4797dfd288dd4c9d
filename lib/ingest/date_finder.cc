#include "kb/ingest/date_finder.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "kb/util/utf8.h"

#include "match_fold_internal.h"

namespace kb::ingest {
namespace {

constexpr std::size_t kWindowBytes = 3072;
constexpr int kMinYear = 1990;
constexpr int kMaxYear = 2100;
// Running text starts at a line longer than this, or at kWrappedLines consecutive lines
// longer than kWrappedLineBytes (a paragraph wrapped at a fixed width).
constexpr std::size_t kParagraphBytes = 200;
constexpr std::size_t kWrappedLineBytes = 50;
constexpr std::size_t kWrappedLines = 3;
// A date this close to the start of the first paragraph is its dateline.
constexpr std::size_t kDatelineBytes = 40;

// Month names in their usual spellings; folded (fold_for_matching) when the table is built.
// "listopad" (and its forms) is November here; October for Croatian and Bosnian hints.
struct MonthName {
    const char* name;
    int month;
};
constexpr MonthName kMonthNames[] = {
    // English, German, Polish, Czech, Slovak, Slovenian, Croatian, Bosnian/Serbian Latin,
    // Hungarian, Romanian, Bulgarian, Serbian Cyrillic, Russian (genitive).
    {"january", 1},   {"jan", 1},        {"januar", 1},       {"jänner", 1},
    {"styczeń", 1},   {"stycznia", 1},   {"leden", 1},        {"ledna", 1},
    {"január", 1},    {"januára", 1},    {"januarja", 1},     {"siječanj", 1},
    {"siječnja", 1},  {"januara", 1},    {"ianuarie", 1},     {"януари", 1},
    {"јануар", 1},    {"јануара", 1},    {"января", 1},       {"february", 2},
    {"feb", 2},       {"febr", 2},       {"februar", 2},      {"feber", 2},
    {"luty", 2},      {"lutego", 2},     {"únor", 2},         {"února", 2},
    {"február", 2},   {"februára", 2},   {"februarja", 2},    {"veljača", 2},
    {"veljače", 2},   {"februara", 2},   {"februarie", 2},    {"февруари", 2},
    {"фебруар", 2},   {"фебруара", 2},   {"февраля", 2},      {"march", 3},
    {"mar", 3},       {"märz", 3},       {"marzec", 3},       {"marca", 3},
    {"březen", 3},    {"března", 3},     {"marec", 3},        {"ožujak", 3},
    {"ožujka", 3},    {"mart", 3},       {"marta", 3},        {"március", 3},
    {"márc", 3},      {"martie", 3},     {"март", 3},         {"марта", 3},
    {"april", 4},     {"apr", 4},        {"kwiecień", 4},     {"kwietnia", 4},
    {"duben", 4},     {"dubna", 4},      {"apríl", 4},        {"apríla", 4},
    {"aprila", 4},    {"travanj", 4},    {"travnja", 4},      {"április", 4},
    {"aprilie", 4},   {"април", 4},      {"априла", 4},       {"апреля", 4},
    {"may", 5},       {"mai", 5},        {"maj", 5},          {"maja", 5},
    {"květen", 5},    {"května", 5},     {"máj", 5},          {"mája", 5},
    {"május", 5},     {"svibanj", 5},    {"svibnja", 5},      {"май", 5},
    {"мај", 5},       {"маја", 5},       {"мая", 5},          {"june", 6},
    {"jun", 6},       {"juni", 6},       {"czerwiec", 6},     {"czerwca", 6},
    {"červen", 6},    {"června", 6},     {"jún", 6},          {"júna", 6},
    {"junij", 6},     {"junija", 6},     {"juna", 6},         {"június", 6},
    {"lipanj", 6},    {"lipnja", 6},     {"iunie", 6},        {"юни", 6},
    {"јун", 6},       {"јуна", 6},       {"июня", 6},         {"july", 7},
    {"jul", 7},       {"juli", 7},       {"lipiec", 7},       {"lipca", 7},
    {"červenec", 7},  {"července", 7},   {"júl", 7},          {"júla", 7},
    {"julij", 7},     {"julija", 7},     {"jula", 7},         {"július", 7},
    {"srpanj", 7},    {"srpnja", 7},     {"iulie", 7},        {"юли", 7},
    {"јул", 7},       {"јула", 7},       {"июля", 7},         {"august", 8},
    {"aug", 8},       {"sierpień", 8},   {"sierpnia", 8},     {"srpen", 8},
    {"srpna", 8},     {"augusta", 8},    {"avgust", 8},       {"avgusta", 8},
    {"augusztus", 8}, {"kolovoz", 8},    {"kolovoza", 8},     {"август", 8},
    {"августа", 8},   {"september", 9},  {"sep", 9},          {"sept", 9},
    {"szept", 9},     {"wrzesień", 9},   {"września", 9},     {"září", 9},
    {"septembra", 9}, {"septembar", 9},  {"szeptember", 9},   {"rujan", 9},
    {"rujna", 9},     {"septembrie", 9}, {"септември", 9},    {"септембар", 9},
    {"септембра", 9}, {"сентября", 9},   {"october", 10},     {"oct", 10},
    {"okt", 10},      {"oktober", 10},   {"październik", 10}, {"października", 10},
    {"říjen", 10},    {"října", 10},     {"október", 10},     {"októbra", 10},
    {"oktobra", 10},  {"oktobar", 10},   {"octombrie", 10},   {"октомври", 10},
    {"октобар", 10},  {"октобра", 10},   {"октября", 10},     {"november", 11},
    {"nov", 11},      {"listopad", 11},  {"listopada", 11},   {"listopadu", 11},
    {"novembra", 11}, {"novembar", 11},  {"studeni", 11},     {"studenoga", 11},
    {"studenog", 11}, {"noiembrie", 11}, {"ноември", 11},     {"новембар", 11},
    {"новембра", 11}, {"ноября", 11},    {"december", 12},    {"dec", 12},
    {"dez", 12},      {"dezember", 12},  {"grudzień", 12},    {"grudnia", 12},
    {"prosinec", 12}, {"prosince", 12},  {"decembra", 12},    {"decembar", 12},
    {"prosinac", 12}, {"prosinca", 12},  {"decembrie", 12},   {"декември", 12},
    {"децембар", 12}, {"децембра", 12},  {"декабря", 12},
};

// Labels of a publication date (folded). Anywhere in a line, at a word start:
constexpr std::string_view kLabels[] = {
    "data publikacji", "data opublikowania",  "opublikowano",      "data wydania",
    "datum objave",    "datum objavljivanja", "datum publikacije", "objavljeno",
    "objavljen",       "published",           "publication date",  "posted on",
    "veroffentlicht",  "publikovano",         "datum publikace",   "datum vydani",
    "zverejnene",      "datum zverejnenia",   "publikovane",       "kozzeteve",
    "megjelent",       "megjelenes",          "publicat",          "data publicarii",
    "публикувано",     "дата на публикуване", "објављено",         "датум објаве",
    "опубликовано"};
// ... and generic ones only at the start of a line ("Datum: 21.11.2024").
constexpr std::string_view kLineStartLabels[] = {"data", "date", "datum", "дата", "датум"};

// A date right after these words is a version number.
constexpr std::string_view kVersionWords[] = {"version", "wersja", "verzija",  "verze",
                                              "verzia",  "verzio", "versiune", "ver",
                                              "release", "build",  "версия",   "верзија"};

constexpr std::string_view kOrdinalSuffixes[] = {"st", "nd", "rd", "th"};

template <std::size_t N>
bool is_one_of(std::string_view s, const std::string_view (&list)[N]) {
    return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

const std::unordered_map<std::string, int>& month_table() {
    static const std::unordered_map<std::string, int> table = [] {
        std::unordered_map<std::string, int> t;
        for (const MonthName& m : kMonthNames) {
            t.emplace(fold_for_matching(m.name), m.month);
        }
        return t;
    }();
    return table;
}

enum class Kind { Number, Word, Punct };

struct Token {
    Kind kind;
    std::string text;
    bool glued;  // follows the previous token of its line without space
    std::size_t line;
    std::size_t offset;  // in the folded line
};

// Splits folded text (one line) into numbers (ASCII digits), words (letters) and single
// punctuation characters.
void tokenize(std::string_view folded, std::size_t line, std::vector<Token>& out) {
    const auto* data = reinterpret_cast<const uint8_t*>(folded.data());
    const auto length = static_cast<int32_t>(folded.size());
    bool glued = false;
    int32_t i = 0;
    while (i < length) {
        const int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(data, i, length, c);
        if (c == ' ') {
            glued = false;
            continue;
        }
        const bool digit = c >= '0' && c <= '9';
        const bool letter = !digit && c >= 0 && u_isalpha(c);
        const Kind kind = digit ? Kind::Number : letter ? Kind::Word : Kind::Punct;
        if (glued && kind != Kind::Punct && !out.empty() && out.back().kind == kind &&
            out.back().line == line) {
            out.back().text.append(folded.substr(start, i - start));
            continue;
        }
        out.push_back({kind, std::string(folded.substr(start, i - start)),
                       glued && !out.empty() && out.back().line == line, line,
                       static_cast<std::size_t>(start)});
        glued = true;
    }
}

struct Date {
    int year;
    int month;
    int day;
};

bool is_valid(const Date& d) {
    if (d.year < kMinYear || d.year > kMaxYear || d.month < 1 || d.month > 12 || d.day < 1) {
        return false;
    }
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
    const int days = kDays[d.month - 1] + (d.month == 2 && leap ? 1 : 0);
    return d.day <= days;
}

std::string to_iso(const Date& d) {
    const auto two_digits = [](std::string& out, int n) {
        out += static_cast<char>('0' + n / 10);
        out += static_cast<char>('0' + n % 10);
    };
    std::string out = std::to_string(d.year);
    out += '-';
    two_digits(out, d.month);
    out += '-';
    two_digits(out, d.day);
    return out;
}

// Matches the date formats on a token sequence. Every token of a date is on one line.
class Matcher {
public:
    Matcher(const std::vector<Token>& tokens, int listopad_month)
        : tokens_(tokens), listopad_month_(listopad_month) {}

    // The valid date that starts at token i, if any.
    std::optional<Date> at(std::size_t i) const {
        const Token& first = tokens_[i];
        if (!starts_cleanly(i)) {
            return std::nullopt;
        }
        std::optional<Date> date;
        if (first.kind == Kind::Number && first.text.size() == 4) {
            date = year_first(i);
        } else if (number(&first, 1, 2)) {
            date = day_first(i);
        } else if (first.kind == Kind::Word) {
            date = month_first(i);
        }
        if (date && !is_valid(*date)) {
            return std::nullopt;
        }
        return date;
    }

private:
    // Token i if it is on `line`.
    const Token* get(std::size_t i, std::size_t line) const {
        return i < tokens_.size() && tokens_[i].line == line ? &tokens_[i] : nullptr;
    }
    static bool number(const Token* t, std::size_t min_digits, std::size_t max_digits) {
        return t != nullptr && t->kind == Kind::Number && t->text.size() >= min_digits &&
               t->text.size() <= max_digits;
    }
    static bool punct(const Token* t, std::string_view p) {
        return t != nullptr && t->kind == Kind::Punct && t->text == p;
    }
    static int value(const Token* t) { return std::stoi(t->text); }
    int month(const Token* t) const {
        if (t == nullptr || t->kind != Kind::Word) {
            return 0;
        }
        const auto& table = month_table();
        const auto found = table.find(t->text);
        if (found == table.end()) {
            return 0;
        }
        return t->text.starts_with("listopad") ? listopad_month_ : found->second;
    }

    // Not the continuation of a longer number ("1.21.11.2024", "+21.11.2024", "v21.11"),
    // not after another number (a phone number) unless that is a time ("08:48 21.11.2024"),
    // not a version.
    bool starts_cleanly(std::size_t i) const {
        const std::size_t line = tokens_[i].line;
        const Token* prev = i > 0 ? get(i - 1, line) : nullptr;
        if (prev == nullptr) {
            return true;
        }
        const Token* before = i > 1 ? get(i - 2, line) : nullptr;
        if (prev->kind == Kind::Number) {
            return punct(before, ":") && prev->glued;
        }
        if (tokens_[i].glued) {
            if (prev->kind == Kind::Word || punct(prev, "+")) {
                return false;
            }
            if (prev->glued && before != nullptr && before->kind == Kind::Number) {
                return false;
            }
        }
        for (const Token* t : {prev, before}) {
            if (t != nullptr && t->kind == Kind::Word && is_one_of(t->text, kVersionWords)) {
                return false;
            }
        }
        return true;
    }
    // Token k does not continue the number before it ("2.11.2024.1", "2020-07-01-5").
    bool ends_cleanly(std::size_t k, std::size_t line) const {
        const Token* next = get(k, line);
        if (next == nullptr || !next->glued || next->kind != Kind::Punct) {
            return true;
        }
        const Token* after = get(k + 1, line);
        return !(after != nullptr && after->glued && after->kind == Kind::Number);
    }

    // 2020-07-01, 2020/07/01, 2024. 11. 20., 2024. november 20.
    std::optional<Date> year_first(std::size_t i) const {
        const std::size_t line = tokens_[i].line;
        const int year = value(&tokens_[i]);
        const Token* sep = get(i + 1, line);
        if (sep == nullptr || !sep->glued) {
            return std::nullopt;
        }
        if (punct(sep, "-") || punct(sep, "/")) {
            const Token* m = get(i + 2, line);
            const Token* sep2 = get(i + 3, line);
            const Token* d = get(i + 4, line);
            if (number(m, 1, 2) && m->glued && punct(sep2, sep->text) && sep2->glued &&
                number(d, 1, 2) && d->glued && ends_cleanly(i + 5, line)) {
                return Date{year, value(m), value(d)};
            }
            return std::nullopt;
        }
        if (!punct(sep, ".")) {
            return std::nullopt;
        }
        const Token* next = get(i + 2, line);
        if (number(next, 1, 2)) {
            const Token* sep2 = get(i + 3, line);
            const Token* d = get(i + 4, line);
            const Token* end = get(i + 5, line);
            if (punct(sep2, ".") && sep2->glued && number(d, 1, 2) && punct(end, ".") &&
                end->glued && ends_cleanly(i + 5, line)) {
                return Date{year, value(next), value(d)};
            }
            return std::nullopt;
        }
        if (const int m = month(next)) {
            std::size_t j = i + 3;
            if (punct(get(j, line), ".")) {
                ++j;
            }
            const Token* d = get(j, line);
            if (number(d, 1, 2)) {
                return Date{year, m, value(d)};
            }
        }
        return std::nullopt;
    }

    // 21.11.2024, 21. 11. 2024, 21/11/2024, 21-11-2024, 20. novembra 2024, 20th November 2024
    std::optional<Date> day_first(std::size_t i) const {
        const std::size_t line = tokens_[i].line;
        const int day = value(&tokens_[i]);
        const Token* sep = get(i + 1, line);
        if (sep != nullptr && sep->glued &&
            (punct(sep, ".") || punct(sep, "/") || punct(sep, "-"))) {
            const bool spaced_ok = sep->text == ".";
            const Token* m = get(i + 2, line);
            const Token* sep2 = get(i + 3, line);
            const Token* y = get(i + 4, line);
            if (number(m, 1, 2) && (m->glued || spaced_ok)) {
                if (punct(sep2, sep->text) && sep2->glued && number(y, 4, 4) &&
                    (y->glued || spaced_ok) && ends_cleanly(i + 5, line)) {
                    return Date{value(y), value(m), day};
                }
                return std::nullopt;
            }
        }
        std::size_t j = i + 1;
        const Token* t = get(j, line);
        if (t != nullptr && t->glued &&
            (punct(t, ".") || (t->kind == Kind::Word && is_one_of(t->text, kOrdinalSuffixes)))) {
            ++j;
        }
        const int m = month(get(j, line));
        if (m == 0) {
            return std::nullopt;
        }
        ++j;
        if (punct(get(j, line), ".")) {
            ++j;
        }
        if (punct(get(j, line), ",")) {
            ++j;
        }
        const Token* y = get(j, line);
        if (number(y, 4, 4)) {
            return Date{value(y), m, day};
        }
        return std::nullopt;
    }

    // November 20, 2024; Nov. 20th 2024
    std::optional<Date> month_first(std::size_t i) const {
        const std::size_t line = tokens_[i].line;
        const int m = month(&tokens_[i]);
        if (m == 0) {
            return std::nullopt;
        }
        std::size_t j = i + 1;
        if (punct(get(j, line), ".")) {
            ++j;
        }
        const Token* d = get(j, line);
        if (!number(d, 1, 2)) {
            return std::nullopt;
        }
        ++j;
        const Token* suffix = get(j, line);
        if (suffix != nullptr && suffix->glued && suffix->kind == Kind::Word &&
            is_one_of(suffix->text, kOrdinalSuffixes)) {
            ++j;
        }
        if (punct(get(j, line), ",")) {
            ++j;
        }
        const Token* y = get(j, line);
        if (number(y, 4, 4)) {
            return Date{value(y), m, value(d)};
        }
        return std::nullopt;
    }

    const std::vector<Token>& tokens_;
    int listopad_month_;
};

bool is_letter_at_end(std::string_view s) {
    // The last code point of `s` is a letter.
    if (s.empty()) {
        return false;
    }
    auto i = static_cast<int32_t>(s.size());
    UChar32 c = 0;
    U8_PREV(reinterpret_cast<const uint8_t*>(s.data()), 0, i, c);
    return c >= 0 && u_isalpha(c);
}

bool is_letter_at_start(std::string_view s) {
    if (s.empty()) {
        return false;
    }
    int32_t i = 0;
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
    return c >= 0 && u_isalpha(c);
}

bool has_date_label(std::string_view folded) {
    for (const std::string_view label : kLabels) {
        for (std::size_t at = folded.find(label); at != std::string_view::npos;
             at = folded.find(label, at + 1)) {
            if (!is_letter_at_end(folded.substr(0, at)) &&
                !is_letter_at_start(folded.substr(at + label.size()))) {
                return true;
            }
        }
    }
    return std::any_of(
        std::begin(kLineStartLabels), std::end(kLineStartLabels), [&](std::string_view label) {
            return folded.starts_with(label) && !is_letter_at_start(folded.substr(label.size()));
        });
}

int listopad_month(std::string_view language_hint) {
    const std::string_view primary = language_hint.substr(0, language_hint.find_first_of("-_"));
    const bool croatian =
        primary.size() == 2 && (std::tolower(primary[0]) == 'h' && std::tolower(primary[1]) == 'r');
    const bool bosnian =
        primary.size() == 2 && (std::tolower(primary[0]) == 'b' && std::tolower(primary[1]) == 's');
    return croatian || bosnian ? 10 : 11;
}

}  // namespace

std::string find_publication_date(std::string_view text, std::string_view language_hint) {
    const std::string_view window = text.substr(0, util::utf8_prefix_length(text, kWindowBytes));
    std::vector<Token> tokens;
    std::vector<std::size_t> line_start;  // first token of each line
    std::vector<bool> labelled;
    std::size_t body_line = std::string_view::npos;  // first line of running text
    std::size_t wrapped = 0;                         // consecutive long-ish lines
    std::size_t start = 0;
    while (start < window.size()) {
        std::size_t end = window.find('\n', start);
        if (end == std::string_view::npos) {
            end = window.size();
        }
        const std::string folded = fold_for_matching(window.substr(start, end - start));
        const std::size_t line = line_start.size();
        wrapped = folded.size() > kWrappedLineBytes ? wrapped + 1 : 0;
        if (body_line == std::string_view::npos) {
            if (folded.size() > kParagraphBytes) {
                body_line = line;
            } else if (wrapped == kWrappedLines) {
                body_line = line + 1 - kWrappedLines;
            }
        }
        line_start.push_back(tokens.size());
        labelled.push_back(has_date_label(folded));
        tokenize(folded, line, tokens);
        start = end + 1;
    }
    line_start.push_back(tokens.size());
    const Matcher matcher(tokens, listopad_month(language_hint));
    const auto first_in = [&](std::size_t begin, std::size_t end) -> std::optional<Date> {
        for (std::size_t i = begin; i < end; ++i) {
            if (const auto date = matcher.at(i)) {
                return date;
            }
        }
        return std::nullopt;
    };
    const std::size_t lines = labelled.size();
    for (std::size_t line = 0; line < lines; ++line) {
        if (!labelled[line]) {
            continue;
        }
        if (const auto date = first_in(line_start[line], line_start[line + 1])) {
            return to_iso(*date);
        }
        // The date may be on the next non-empty line ("Objavljeno:\n21.11.2024").
        std::size_t next = line + 1;
        while (next < lines && line_start[next] == line_start[next + 1]) {
            ++next;
        }
        if (next < lines) {
            if (const auto date = first_in(line_start[next], line_start[next + 1])) {
                return to_iso(*date);
            }
        }
    }
    if (lines == 0) {  // empty text (tests/data/fuzz-regressions/html/empty-date-meta.html)
        return {};
    }
    // Unlabelled: the head of the document and the dateline of its first paragraph; dates
    // further on are mostly those of events, deadlines and other documents.
    if (body_line >= lines) {
        body_line = lines - (lines > 0 ? 1 : 0);
    }
    std::size_t end = line_start[body_line];
    while (end < line_start[body_line + 1] && tokens[end].offset <= kDatelineBytes) {
        ++end;
    }
    if (const auto date = first_in(0, end)) {
        return to_iso(*date);
    }
    return {};
}

}  // namespace kb::ingest
