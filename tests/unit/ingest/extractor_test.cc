#include "kb/ingest/extractor.h"

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

TEST(Extractor, SniffsHtmlByContentThenExtension) {
    EXPECT_EQ(detect_format("x.txt", "<!DOCTYPE html><html>"), Format::Html);
    EXPECT_EQ(detect_format("x.HTM", "hello"), Format::Html);
    EXPECT_EQ(detect_format("x.txt", "hello"), Format::Text);
    EXPECT_EQ(detect_format("x.pdf", "%PDF-1.4"), Format::Pdf);
}

}  // namespace
}  // namespace kb::ingest
