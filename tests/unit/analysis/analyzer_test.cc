#include "kb/analysis/analyzer.h"

#include <algorithm>
#include <memory>
#include <random>
#include <vector>

#include <gtest/gtest.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "kb/analysis/language.h"
#include "kb/analysis/text_normalizer.h"

namespace kb::analysis {
namespace {

TEST(TextNormalizer, CaseFoldsWithNfkc) {
    TextNormalizer n;
    static const struct {
        const char* in;
        const char* out;
    } cases[] = {
        {"Größe", "grösse"},    {"ŁÓDŹ", "łódź"}, {"ﬁnance", "finance"},
        {"БЕОГРАД", "београд"}, {"ABC", "abc"},   {"", ""},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(n.case_fold(c.in), c.out) << c.in;
    }
}

TEST(TextNormalizer, FoldsDiacriticsAndSerbianCyrillic) {
    TextNormalizer n;
    static const struct {
        const char* in;
        bool cyrillic_to_latin;
        const char* out;
    } cases[] = {
        {"łódź", false, "lodz"},
        {"đurđevac", false, "durdevac"},
        {"grösse", false, "grosse"},
        {"życie", false, "zycie"},
        {"možganov", false, "mozganov"},
        {"београд", true, "beograd"},
        {"њујорк", true, "njujork"},
        {"љубљана", true, "ljubljana"},
        {"лaбуристичкa", true, "laburisticka"},  // Latin 'a' typed inside a Cyrillic word
        {"београд", false, "београд"},           // Bulgarian/Russian Cyrillic stays Cyrillic
    };
    for (const auto& c : cases) {
        EXPECT_EQ(n.fold(c.in, c.cyrillic_to_latin), c.out) << c.in;
    }
}

// What fold() computes, with ICU alone: the reference for its letter table.
std::string icu_fold(const std::string& word, bool cyrillic_to_latin) {
    UErrorCode status = U_ZERO_ERROR;
    static std::unique_ptr<icu::Transliterator> latin_ascii(
        icu::Transliterator::createInstance("Latin-ASCII", UTRANS_FORWARD, status));
    static std::unique_ptr<icu::Transliterator> serbian_latin(
        icu::Transliterator::createInstance("Serbian-Latin/BGN", UTRANS_FORWARD, status));
    EXPECT_TRUE(U_SUCCESS(status));
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(word);
    if (cyrillic_to_latin && std::any_of(word.begin(), word.end(), [](char c) {
            return static_cast<unsigned char>(c) >= 0xD0 && static_cast<unsigned char>(c) <= 0xD4;
        })) {
        serbian_latin->transliterate(u);
        u.foldCase();
    }
    latin_ascii->transliterate(u);
    std::string out;
    u.toUTF8String(out);
    return out;
}

TEST(TextNormalizer, LetterTableFoldsAsIcuDoes) {
    TextNormalizer n;
    // Every case-folded letter of the table's ranges, alone, between ASCII letters and doubled.
    std::vector<std::string> letters;
    for (UChar32 c = 0x80; c < 0x1F00; ++c) {
        if ((c >= 0x0530 && c < 0x1E00) || !u_isalpha(c)) {
            continue;
        }
        std::string letter;
        icu::UnicodeString(c).toUTF8String(letter);
        if (n.case_fold(letter) == letter) {
            letters.push_back(letter);
        }
    }
    ASSERT_GT(letters.size(), 600u);
    std::vector<std::string> words;
    for (const std::string& l : letters) {
        words.push_back(l);
        words.push_back("a" + l + "b");
        words.push_back(l + l);
    }
    // Random words of 2 to 6 letters drawn from them, with a fixed seed.
    std::mt19937 random(20261125);
    std::uniform_int_distribution<std::size_t> pick(0, letters.size() - 1);
    for (int i = 0; i < 3000; ++i) {
        std::string word;
        for (int k = 2 + i % 5; k > 0; --k) {
            word += letters[pick(random)];
        }
        words.push_back(word);
    }
    for (const std::string& w : words) {
        for (const bool cyrillic : {false, true}) {
            EXPECT_EQ(n.fold(w, cyrillic), icu_fold(w, cyrillic)) << w << " " << cyrillic;
        }
    }
}

TEST(Analyzer, SegmentsFoldsAndStems) {
    Analyzer a;
    const auto tokens = a.analyze("Regions, developing; 2024!", "en");
    ASSERT_EQ(tokens.size(), 3u);
    EXPECT_EQ(tokens[0].text, "Regions");
    EXPECT_EQ(tokens[0].norm, "regions");
    EXPECT_EQ(tokens[0].stem, "region");
    EXPECT_EQ(tokens[0].position, 1u);
    EXPECT_EQ(tokens[1].stem, "develop");
    EXPECT_EQ(tokens[1].offset, 9u);
    EXPECT_TRUE(tokens[2].is_number);
    EXPECT_EQ(tokens[2].folded, "2024");
}

// Caches cleared every few words (kb-searchd's small bounds) change no result.
TEST(Analyzer, SmallWordCachesGiveTheSameTerms) {
    Analyzer roomy;
    Analyzer tight(AnalyzerOptions{.max_cached_words = 3});
    const std::string text =
        "Razvoj regije i razvojni projekti u regijama; разvoj, развој регија, "
        "rozwój regionów, Entwicklung der Regionen, a regiók fejlesztése, razvoj regij.";
    for (const char* lang : {"hr", "sr", "pl", "de", "hu", "sl"}) {
        for (int pass = 0; pass < 3; ++pass) {
            const std::vector<Token> a = roomy.analyze(text, lang);
            const std::vector<Token> b = tight.analyze(text, lang);
            ASSERT_EQ(a.size(), b.size()) << lang;
            for (std::size_t i = 0; i < a.size(); ++i) {
                EXPECT_EQ(a[i].folded, b[i].folded) << lang << " " << a[i].text;
                EXPECT_EQ(a[i].stem, b[i].stem) << lang << " " << a[i].text;
                EXPECT_EQ(tight.fold(a[i].norm, lang), a[i].folded);
            }
        }
    }
}

TEST(Analyzer, CyrillicAndLatinSerbianGiveTheSameTerms) {
    Analyzer a;
    const auto cyr = a.analyze("Београд и Нови Сад", "sr");
    const auto lat = a.analyze("Beograd i Novi Sad", "sr");
    ASSERT_EQ(cyr.size(), lat.size());
    for (std::size_t i = 0; i < cyr.size(); ++i) {
        EXPECT_EQ(cyr[i].folded, lat[i].folded);
        EXPECT_EQ(cyr[i].stem, lat[i].stem);
    }
}

TEST(Analyzer, TextWithoutDiacriticsGivesTheSameFoldedTerms) {
    Analyzer a;
    const auto with = a.analyze("Uczenie się przez całe życie", "pl");
    const auto without = a.analyze("uczenie sie przez cale zycie", "pl");
    ASSERT_EQ(with.size(), without.size());
    for (std::size_t i = 0; i < with.size(); ++i) {
        EXPECT_EQ(with[i].folded, without[i].folded);
    }
}

TEST(Analyzer, EmptyInvalidAndOverlongInputIsSafe) {
    Analyzer a;
    EXPECT_TRUE(a.analyze("", "pl").empty());
    EXPECT_TRUE(a.analyze("  ,.;  ", "pl").empty());
    const auto bad = a.analyze("abc\xFF\xFE def", "en");
    ASSERT_EQ(bad.size(), 2u);
    EXPECT_EQ(bad[1].folded, "def");
    const std::string huge(400, 'x');
    const auto tokens = a.analyze("short " + huge + " word", "en");
    ASSERT_EQ(tokens.size(), 2u);  // the 400-byte word is dropped, not passed to Xapian
    EXPECT_EQ(tokens[1].folded, "word");
    EXPECT_EQ(tokens[1].position, 2u);
}

TEST(Language, CanonicalCodesAndNames) {
    EXPECT_EQ(canonical_language("sr-Cyrl"), "sr");
    EXPECT_EQ(canonical_language("PL_pl"), "pl");
    EXPECT_EQ(canonical_language("x"), "");
    EXPECT_EQ(canonical_language("12"), "");
    ASSERT_NE(find_language("bs"), nullptr);
    EXPECT_EQ(find_language("bs")->english_name, "Bosnian");
    EXPECT_EQ(find_language("zz"), nullptr);
    EXPECT_TRUE(is_bcms("hr"));
    EXPECT_FALSE(is_bcms("sl"));
}

}  // namespace
}  // namespace kb::analysis
