#include "kb/analysis/word_segmenter.h"

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "kb/util/utf8.h"

namespace kb::analysis {
namespace {

std::string to_utf8(char32_t c) {
    std::string out;
    util::append_utf8(out, c);
    return out;
}

std::string describe(std::string_view text, const std::vector<WordSpan>& words) {
    std::string out;
    out.append("\"").append(text).append("\":");
    for (const WordSpan& w : words) {
        out.append(" [").append(text.substr(w.offset, w.length)).append(w.is_number ? "]#" : "]");
    }
    return out;
}

// Compares segment() with ICU alone; returns the number of mismatching inputs.
int expect_same_as_icu(WordSegmenter& segmenter, std::string_view text) {
    const std::vector<WordSpan> fast = segmenter.segment(text);
    const std::vector<WordSpan> icu = segmenter.segment_with_icu(text);
    bool same = fast.size() == icu.size();
    for (std::size_t i = 0; same && i < fast.size(); ++i) {
        same = fast[i].offset == icu[i].offset && fast[i].length == icu[i].length &&
               fast[i].is_number == icu[i].is_number;
    }
    EXPECT_TRUE(same) << "fast " << describe(text, fast) << "\nicu  " << describe(text, icu);
    return same ? 0 : 1;
}

// Pieces the fuzzer strings are made of: everything around which the fast path decides
// something, and everything it must leave to ICU.
const std::vector<std::string>& tricky_alphabet() {
    static const std::vector<std::string> alphabet = [] {
        std::vector<std::string> a;
        for (const char* s :
             {"a",  "b", "Z", "x", "0", "1", "9", " ", " ", "  ", "\t", "\r", "\n", "\r\n", "\v",
              "\f", ".", ",", "'", ":", ";", "_", "-", "/", "(",  ")",  "\"", "#",  "*",    "!",
              "?",  "@", "&", "%", "$", "+", "=", "<", "|", "~",  "`",  "\\", "[",  "{"}) {
            a.emplace_back(s);
        }
        a.emplace_back(std::string(1, '\0'));
        for (char32_t c :
             {U'é',          U'Ł',          U'ż',          U'č',          U'ß',
              U'ŉ',          U'ı',          U'Ø',          U'ª',          U'º',
              U'µ',  // Latin
              U'ж',          U'Щ',          U'ё',          U'ї',          U'ђ',
              U'Ӂ',                                                              // Cyrillic
              U'α',          U'Ω',          U'ά',          U'ΐ',          U'ς',  // Greek
              U'\u0301',     U'\u030C',     U'\u0308',                           // combining marks
              U'\uFB01',     U'\u00AD',     U'\u200D',     U'\u200B',     U'\u200C',
              U'\u2060',     U'\u00A0',     U'\u202F',     U'\u2007',     U'\u3000',
              U'\u2003',     U'\u0085',     U'\u2028',     U'\u2029',     U'\u2019',
              U'\u2018',     U'\u201C',     U'\u201D',     U'\u00AB',     U'\u00BB',
              U'\u2014',     U'\u2013',     U'\u2026',     U'\u2024',     U'\u00B7',
              U'\u0387',     U'\u05F3',     U'\u05F4',     U'\u037E',     U'\uFE52',
              U'\uFF0E',     U'\uFF07',     U'\u2044',     U'\u066B',     U'\u066C',
              U'\u05D0',     U'\u05D1',     U'\u05B8',  // Hebrew, point
              U'\u0627',     U'\u0628',     U'\u064E',     U'\u0660',     U'\u06F5',  // Arabic
              U'\u0915',     U'\u093F',     U'\u0966',                                // Devanagari
              U'中',         U'文',         U'字',         U'〇',         U'\u3005',  // CJK
              U'\u3042',     U'\u30AB',     U'\u30FC',     U'\uFF76',     U'\u309A',  // kana
              U'\uAC00',     U'\uD55C',     U'\u1100',                                // Hangul
              U'\u0E01',     U'\u0E32',     U'\u0E44',     U'\u0E17',     U'\u0E22',
              U'\u0E48',  // Thai
              U'\u0E50',     U'\u1000',     U'\u17A2',     U'\u00A9',     U'\u00AE',
              U'\u2122',     U'\u203C',     U'\u2764',     U'\u263A',     U'\uFE0F',
              U'\u20E3',     U'\u2600',     U'\u261D',     U'\U0001F600', U'\U0001F44D',
              U'\U0001F3FB', U'\U0001F3FD', U'\U0001F1F5', U'\U0001F1F1', U'\U0001F468',
              U'\U0001F469', U'\U0001D400', U'\U00020000', U'\U000E0041', U'\uFFFD',
              U'\uFEFF',     U'\u061C',     U'\u200E'}) {
            a.push_back(to_utf8(c));
        }
        for (const char* s : {"e\u0301",
                              "C\u030C",
                              "\u0301\u0301",
                              "1,000",
                              "3.14",
                              "1'000",
                              "12:30",
                              "2023-05-01",
                              "l\u2019homme",
                              "don't",
                              "e.g.",
                              "a_b",
                              "\U0001F468\u200D\U0001F469",
                              "\U0001F44D\U0001F3FD",
                              "\U0001F1F5\U0001F1F1",
                              "#\uFE0F\u20E3",
                              "\u0E20\u0E32\u0E29\u0E32",
                              "\u65E5\u672C\u8A9E",
                              "\u30AB\u30BF\u30AB\u30CA",
                              "\u05D0\"\u05D1",
                              "\u05D0'",
                              "word",
                              "Straße",
                              "Ελλάδα",
                              "Москва"}) {
            a.emplace_back(s);
        }
        return a;
    }();
    return alphabet;
}

TEST(WordSegmenter, FindsWordsAndNumbers) {
    WordSegmenter segmenter;
    EXPECT_TRUE(segmenter.fast_path_enabled())
        << "ICU's word rules changed: re-check the classes in word_segmenter.cc against them "
           "and update kIcuWordRulesHash";
    const std::string text = "Zażółć gęślą jaźń, 2023 r. — Москва\r\nΕλλάδα  a1 1a";
    const auto words = segmenter.segment(text);
    std::vector<std::string> found;
    for (const WordSpan& w : words) {
        found.push_back(text.substr(w.offset, w.length) + (w.is_number ? "#" : ""));
    }
    // The status of a letter/digit word follows its last character, as in ICU.
    const std::vector<std::string> expected = {"Zażółć", "gęślą",  "jaźń", "2023#", "r",
                                               "Москва", "Ελλάδα", "a1#",  "1a"};
    EXPECT_EQ(found, expected);
    EXPECT_EQ(expect_same_as_icu(segmenter, text), 0);
    EXPECT_TRUE(segmenter.segment("").empty());
    EXPECT_TRUE(segmenter.segment(" ,.\r\n").empty());
}

TEST(WordSegmenter, EdgeCasesMatchIcu) {
    WordSegmenter segmenter;
    for (const char* text : {"a",
                             "1",
                             ".",
                             "a.",
                             "a. ",
                             " .a",
                             "a.b",
                             "a .b",
                             "a. b",
                             "1.",
                             "1. 2",
                             "1.2",
                             "a'",
                             "a' b",
                             "a 'b",
                             "\"a\"",
                             " \u0301a",
                             "a \u0301b",
                             "a\u0301 b",
                             "\r\n\u0301a",
                             "a\u00ADb",
                             "a\u200Db",
                             "a\u200Bb",
                             "a\u00A0b",
                             "a\u2019b",
                             "a\u2019 b",
                             "\u05D0\" b",
                             "a\"\u05D0",
                             "\u05D0' x",
                             "a_ b",
                             "a _b",
                             "x\u0E01\u0E32 y",
                             "\u4E2D\u6587 a",
                             "a  \u0301 b",
                             "a\t\u200Db",
                             "\U0001F1F5\U0001F1F1 a",
                             "\u2764\uFE0F a",
                             "a\u200D\u2764 b",
                             "e\u0301t\u00E9 \u00E9t\u00E9"}) {
        expect_same_as_icu(segmenter, text);
    }
}

// Differential fuzzing against ICU over the tricky alphabet.
TEST(WordSegmenter, FuzzMatchesIcuOnTrickyAlphabet) {
    WordSegmenter segmenter;
    const auto& alphabet = tricky_alphabet();
    std::mt19937 rng(20240521);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::uniform_int_distribution<int> length(0, 24);
    int mismatches = 0;
    for (int round = 0; round < 60000 && mismatches < 10; ++round) {
        std::string text;
        const int n = length(rng);
        for (int i = 0; i < n; ++i) {
            text += alphabet[pick(rng)];
        }
        mismatches += expect_same_as_icu(segmenter, text);
    }
    EXPECT_EQ(mismatches, 0);
}

// Random code points anywhere in Unicode, between plain letters and separators: checks the
// classification table against ICU for every class of character, not only the listed ones.
TEST(WordSegmenter, FuzzMatchesIcuOnRandomCodePoints) {
    WordSegmenter segmenter;
    std::mt19937 rng(77);
    std::uniform_int_distribution<std::uint32_t> bmp(0x80, 0xFFFF);
    std::uniform_int_distribution<std::uint32_t> any(0x80, 0x10FFFF);
    std::uniform_int_distribution<int> kind(0, 9);
    static const char* const kPlain[] = {"a", "z", "é",  "ж",    "1", " ",  "  ", ".",
                                         ",", "'", "\n", "\r\n", "-", "\"", "_",  "\u0301"};
    std::uniform_int_distribution<std::size_t> plain(0, std::size(kPlain) - 1);
    int mismatches = 0;
    for (int round = 0; round < 40000 && mismatches < 10; ++round) {
        std::string text;
        for (int i = 0; i < 12; ++i) {
            const int k = kind(rng);
            if (k < 2) {
                std::uint32_t c = k == 0 ? bmp(rng) : any(rng);
                if (c >= 0xD800 && c <= 0xDFFF) {
                    c = 0xFFFD;
                }
                text += to_utf8(static_cast<char32_t>(c));
            } else {
                text += kPlain[plain(rng)];
            }
        }
        mismatches += expect_same_as_icu(segmenter, text);
    }
    EXPECT_EQ(mismatches, 0);
}

// Every BMP code point once, in several contexts.
TEST(WordSegmenter, EveryBmpCodePointMatchesIcu) {
    WordSegmenter segmenter;
    int mismatches = 0;
    for (char32_t c = 0; c < 0x10000 && mismatches < 10; ++c) {
        if (c >= 0xD800 && c <= 0xDFFF) {
            continue;
        }
        const std::string s = to_utf8(c);
        const std::string text =
            "a" + s + "b " + s + " 1" + s + "2 " + s + s + "x" + s + ". " + s + "\u0301 " + s;
        mismatches += expect_same_as_icu(segmenter, text);
    }
    EXPECT_EQ(mismatches, 0);
}

}  // namespace
}  // namespace kb::analysis
