#include "kb/ingest/extractor.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "kb/ingest/html_extractor.h"
#include "kb/ingest/text_extractor.h"
#include "kb/util/error.h"

namespace kb::ingest {
namespace {

TEST(TextExtractor, TitleSkipsBoilerplateAndMenuLines) {
    static const struct {
        const char* text;
        const char* title;
    } cases[] = {
        {"Twoja przeglądarka nie obsługuje skryptów JavaScript - działanie strony jest mocno "
         "ograniczone.\n\nNowa platforma KE do wspierania talentów\n\nTekst.",
         "Nowa platforma KE do wspierania talentów"},
        {"SI\nPISAVA\nCTRL+ ZA POVEČAVO\nTalentMagnet\n\nTalentMagnet – preprečevanje bega "
         "izobražencev\n\nBody text here.",
         "TalentMagnet – preprečevanje bega izobražencev"},
        {"Spis treści\nSzukaj w przewodniku\n\nAkcja 2: Współpraca na rzecz innowacji\n",
         "Akcja 2: Współpraca na rzecz innowacji"},
        {"Short\n", "Short"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(guess_title(c.text), c.title);
    }
}

TEST(TextExtractor, StripsBomNormalisesLineEndsAndRepairsUtf8) {
    const ExtractedDocument doc =
        extract_text("\xEF\xBB\xBFLine one of the text\r\nsecond\xFF line\r", "a.txt");
    EXPECT_EQ(doc.text, "Line one of the text\nsecond\xEF\xBF\xBD line\n");
    EXPECT_EQ(doc.format, "text");
}

TEST(TextExtractor, RejectsEmptyAndBinaryNamingTheFile) {
    EXPECT_THROW(extract_text("", "empty.txt"), InputError);
    EXPECT_THROW(extract_text("  \n ", "blank.txt"), InputError);
    try {
        extract_text(std::string("PK\x03\x04\0\0junk", 10), "junk.txt");
        FAIL() << "no exception";
    } catch (const InputError& e) {
        EXPECT_EQ(e.source(), "junk.txt");
    }
}

TEST(HtmlExtractor, TakesTitleLangMetaAndBodyWithoutBoilerplate) {
    const char* html = R"(<!DOCTYPE html><html lang="bs"><head><meta charset="utf-8">
<title>Projekat BACK ON TRACK</title><meta name="description" content="Opis">
<script>var x = "<p>not text</p>";</script><style>p{}</style></head>
<body><nav><a href="/">Početna</a></nav><header>Logo</header>
<h1>Naslov</h1><p>Prvi   paragraf
teksta.</p><div>Drugi <b>paragraf</b>.</div><footer>© 2024</footer>
<aside>Reklama</aside><p hidden>skriveno</p></body></html>)";
    const ExtractedDocument doc = extract_html(html, "p.html");
    EXPECT_EQ(doc.title, "Projekat BACK ON TRACK");
    EXPECT_EQ(doc.language, "bs");
    EXPECT_EQ(doc.description, "Opis");
    EXPECT_EQ(doc.text, "Naslov\n\nPrvi paragraf teksta.\n\nDrugi paragraf.");
}

TEST(HtmlExtractor, FallsBackToH1AndHandlesDeepNesting) {
    std::string nested = "<html><body><h1>Heading here</h1>";
    for (int i = 0; i < 1500; ++i) {
        nested += "<div>";
    }
    nested += "deep text";
    const ExtractedDocument doc = extract_html(nested, "nested.html");
    EXPECT_EQ(doc.title, "Heading here");
    EXPECT_NE(doc.text.find("deep text"), std::string::npos);

    // Nesting that would overflow gumbo's recursive tree code is rejected, naming the file.
    std::string absurd = "<html><body>";
    for (int i = 0; i < 100000; ++i) {
        absurd += "<div>";
    }
    try {
        extract_html(absurd, "absurd.html");
        FAIL() << "no exception";
    } catch (const InputError& e) {
        EXPECT_EQ(e.source(), "absurd.html");
        EXPECT_NE(e.reason().find("nested"), std::string::npos);
    }
    EXPECT_THROW(extract_html("<html><script>x</script></html>", "empty.html"), InputError);
}

TEST(TextExtractor, DropsBoilerplateLinesAndFindsDateAndSource) {
    const ExtractedDocument doc = extract_text(
        "Twoja przeglądarka nie obsługuje skryptów JavaScript - działanie strony jest mocno "
        "ograniczone.\n\nNowa platforma KE do wspierania talentów\n\nData publikacji -4 "
        "listopada 2021 godz. 14:28\n\nTekst artykułu.\n\nTa strona używa plików cookie.\n\n"
        "Źródło: https://www.lubuskie.pl/aktualnosci/1\n",
        "a.txt");
    EXPECT_EQ(doc.text,
              "Nowa platforma KE do wspierania talentów\n\nData publikacji -4 listopada 2021 "
              "godz. 14:28\n\nTekst artykułu.\n\nŹródło: https://www.lubuskie.pl/aktualnosci/1\n");
    EXPECT_EQ(doc.title, "Nowa platforma KE do wspierania talentów");
    EXPECT_EQ(doc.date, "2021-11-04");
    EXPECT_EQ(doc.url, "https://www.lubuskie.pl/aktualnosci/1");

    // A file of nothing but boilerplate is kept rather than rejected.
    EXPECT_EQ(extract_text("Accept all cookies\n", "b.txt").text, "Accept all cookies\n");
    // No date or address: empty.
    const ExtractedDocument plain = extract_text("Just some words here.\n", "c.txt");
    EXPECT_EQ(plain.date, "");
    EXPECT_EQ(plain.url, "");
}

TEST(HtmlExtractor, TakesDeclaredDateAndUrlBeforeTheText) {
    const char* html = R"(<!DOCTYPE html><html lang="hr"><head><title>Vijest</title>
<link rel="stylesheet" href="https://example.hr/s.css">
<link rel="Canonical" href="https://example.hr/vijesti/1">
<meta property="og:url" content="https://example.hr/og">
<meta name="date" content="2023-01-02">
<meta property="article:published_time" content="2024-11-21T08:48:00+01:00">
</head><body><p>Ova stranica koristi kolačiće.</p><p>Zagreb, 4. listopada 2021.</p>
<div>Tekst vijesti.</div><p>Prihvaćam</p></body></html>)";
    const ExtractedDocument doc = extract_html(html, "v.html");
    EXPECT_EQ(doc.date, "2024-11-21");
    EXPECT_EQ(doc.url, "https://example.hr/vijesti/1");
    EXPECT_EQ(doc.text, "Zagreb, 4. listopada 2021.\n\nTekst vijesti.");
}

TEST(HtmlExtractor, FallsBackToOgUrlAndToTheText) {
    const ExtractedDocument og = extract_html(
        R"(<html><head><meta property="og:url" content="https://example.si/a">
<meta name="dcterms.date" content="not a date"><link rel="canonical" href="/relative">
</head><body><p>Velenje, 14. januarja 2021</p></body></html>)",
        "a.html");
    EXPECT_EQ(og.url, "https://example.si/a");
    EXPECT_EQ(og.date, "2021-01-14");

    // From the text; lang="hr" makes listopad October.
    const ExtractedDocument text = extract_html(
        R"(<html lang="hr"><body><p>Zagreb, 4. listopada 2021.</p>
<p>Izvor: https://example.hr/izvor</p></body></html>)",
        "b.html");
    EXPECT_EQ(text.date, "2021-10-04");
    EXPECT_EQ(text.url, "https://example.hr/izvor");

    const ExtractedDocument none =
        extract_html("<html><body><p>Nothing declared.</p></body></html>", "c.html");
    EXPECT_EQ(none.date, "");
    EXPECT_EQ(none.url, "");
}

TEST(Extractor, SeedsKeepTheirTitlesAndLoseTheirBoilerplate) {
    const std::filesystem::path seeds =
        std::filesystem::path(KB_TEST_DATA_DIR) / ".." / ".." / "corpus" / "seeds";
    if (!std::filesystem::exists(seeds)) {
        GTEST_SKIP() << "no corpus seeds at " << seeds;
    }
    static const struct {
        const char* file;
        const char* title;
        const char* date;
        const char* starts_with;
    } cases[] = {
        {"000_eb2aaa67d79241e9.txt",
         "Nowa platforma KE do wspierania talentów – nabór do specjalistycznych grup roboczych", "",
         "Nowa platforma KE"},
        {"001_260d3d3c4cd1868a.txt",
         "TalentMagnet – preprečevanje bega izobražencev iz malih in srednje velikih mest", "",
         "TalentMagnet\n"},
        {"003_b2d877ae7cf5eb09.txt", "Uczenie się przez całe życie – szansa i wyzwanie",
         "2021-11-04", nullptr},
        {"004_bea8ae7b33cd5770.txt", nullptr, "2024-11-21", "BACK ON TRACK"},
    };
    for (const auto& c : cases) {
        const ExtractedDocument doc = extract_file(seeds / c.file);
        if (c.title != nullptr) {
            EXPECT_EQ(doc.title, c.title) << c.file;
        }
        EXPECT_EQ(doc.date, c.date) << c.file;
        if (c.starts_with != nullptr) {
            EXPECT_TRUE(doc.text.starts_with(c.starts_with))
                << c.file << ": " << doc.text.substr(0, 80);
        }
    }
}

TEST(Extractor, SniffsHtmlByContentThenExtension) {
    EXPECT_EQ(detect_format("x.txt", "<!DOCTYPE html><html>"), Format::Html);
    EXPECT_EQ(detect_format("x.HTM", "hello"), Format::Html);
    EXPECT_EQ(detect_format("x.txt", "hello"), Format::Text);
    EXPECT_EQ(detect_format("x.pdf", "%PDF-1.4"), Format::Pdf);
}

}  // namespace
}  // namespace kb::ingest
