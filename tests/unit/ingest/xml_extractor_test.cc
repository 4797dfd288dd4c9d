#include "kb/ingest/xml_extractor.h"

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "kb/ingest/extractor.h"
#include "kb/util/error.h"
#include "kb/util/file_io.h"

namespace kb::ingest {
namespace {

const std::filesystem::path kData = std::filesystem::path(KB_TEST_DATA_DIR) / "ingest";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::optional<Format> format_of(const char* name) {
    const std::filesystem::path path = kData / name;
    return detect_format(path, util::read_file(path));
}

TEST(XmlExtractor, TeiGivesHeaderTitleLanguageAndBodyParagraphs) {
    EXPECT_EQ(format_of("tei.xml"), Format::Xml);
    const ExtractedDocument doc = extract_file(kData / "tei.xml");
    EXPECT_EQ(doc.format, "xml");
    EXPECT_EQ(doc.encoding, "UTF-8");
    EXPECT_EQ(doc.title, "Kronika miasta Krakowa w latach 1918-1939");
    EXPECT_EQ(doc.language, "pl");
    // An inline <hi> inside a word joins it; blocks are paragraphs.
    EXPECT_TRUE(doc.text.starts_with("Rozdział pierwszy\n\nWojewództwo krakowskie powstało"))
        << doc.text;
    EXPECT_TRUE(contains(doc.text, "odbudowało in statu nascendi swoje instytucje i uczelnie."));
    EXPECT_TRUE(contains(doc.text, "opisuje\n\nżycie codzienne"));
    EXPECT_TRUE(contains(doc.text, "Gdzie Wisła płynie szeroko,\n\ntam Kraków stoi wysoko."));
    // The header is metadata, not text.
    EXPECT_FALSE(contains(doc.text, "Biblioteki Cyfrowej"));
    EXPECT_FALSE(contains(doc.text, "Jan Kowalski"));
}

TEST(XmlExtractor, DocBookGivesInfoTitleAndSkipsInfo) {
    EXPECT_EQ(format_of("docbook.xml"), Format::Xml);
    const ExtractedDocument doc = extract_file(kData / "docbook.xml");
    EXPECT_EQ(doc.title, "Водич за кориснике градске библиотеке");
    EXPECT_EQ(doc.language, "sr");
    EXPECT_TRUE(doc.text.starts_with("Увод\n\nГрадска библиотека у Београду")) << doc.text;
    EXPECT_TRUE(contains(doc.text, "имају попуст."));
    EXPECT_TRUE(contains(doc.text, "спрату\n\nПозајмљивање књига"));
    EXPECT_FALSE(contains(doc.text, "Петровић"));
}

TEST(XmlExtractor, DocBookArticleWithTitleChildAndGenericTitles) {
    const ExtractedDocument article = extract_xml(
        "<article><title>Przewodnik po <emphasis>regionie</emphasis></title>"
        "<para>Tekst akapitu.</para></article>",
        "a.xml");
    EXPECT_EQ(article.title, "Przewodnik po regionie");
    EXPECT_EQ(article.text, "Przewodnik po regionie\n\nTekst akapitu.");

    const ExtractedDocument rss = extract_xml(
        "<rss><channel><title>Vijesti</title><item><title>Prva</title>"
        "<description>Opis prve vijesti</description></item></channel></rss>",
        "feed");
    EXPECT_EQ(rss.title, "Vijesti");
    EXPECT_EQ(rss.text, "Vijesti\n\nPrva\n\nOpis prve vijesti");

    // Elements that are neither blocks nor inline separate words.
    const ExtractedDocument data =
        extract_xml("<records><r><name2>Ana</name2><city>Zagreb</city></r></records>", "d");
    EXPECT_EQ(data.text, "Ana Zagreb");
    EXPECT_EQ(data.title, "");
}

TEST(XmlExtractor, DeclaredLegacyEncodingIsConverted) {
    const ExtractedDocument doc = extract_file(kData / "polish-windows-1250.xml");
    EXPECT_EQ(doc.encoding, "windows-1250");
    EXPECT_EQ(doc.language, "pl");
    EXPECT_EQ(doc.title, "");
    EXPECT_TRUE(contains(doc.text, "Sprawozdanie roczne Województwo małopolskie"));
    EXPECT_TRUE(contains(doc.text, "Zażółć gęślą jaźń."));
}

TEST(XmlExtractor, Utf16XmlIsRead) {
    std::string utf16 = "\xFF\xFE";
    for (const char c :
         std::string("<?xml version=\"1.0\" encoding=\"UTF-16\"?><doc>Tekst</doc>")) {
        utf16 += c;
        utf16 += '\0';
    }
    EXPECT_EQ(detect_format("x.dat", utf16), Format::Xml);
    const ExtractedDocument doc = extract_xml(utf16, "u16.xml");
    EXPECT_EQ(doc.encoding, "UTF-16LE");
    EXPECT_EQ(doc.text, "Tekst");
}

TEST(XmlExtractor, RejectsDeepNestingMalformedAndEmptyNamingTheFile) {
    for (const char* name : {"deep.xml", "malformed.xml"}) {
        const std::filesystem::path path = kData / name;
        try {
            (void)extract_file(path);
            FAIL() << name << ": no exception";
        } catch (const InputError& e) {
            EXPECT_EQ(e.source(), path.string());
        }
    }
    try {
        (void)extract_file(kData / "deep.xml");
    } catch (const InputError& e) {
        EXPECT_TRUE(contains(e.reason(), "nested deeper than 2000")) << e.reason();
    }
    try {
        (void)extract_file(kData / "malformed.xml");
    } catch (const InputError& e) {
        EXPECT_TRUE(contains(e.reason(), "not well-formed XML at offset")) << e.reason();
    }
    // 1999 levels below the root are fine.
    std::string ok = "<doc>";
    for (int i = 0; i < 1998; ++i) {
        ok += "<div>";
    }
    ok += "tekst";
    EXPECT_THROW(extract_xml(ok, "unclosed.xml"), InputError);
    for (int i = 0; i < 1998; ++i) {
        ok += "</div>";
    }
    ok += "</doc>";
    EXPECT_EQ(extract_xml(ok, "ok.xml").text, "tekst");
    EXPECT_THROW(extract_xml("<doc>  </doc>", "blank.xml"), InputError);
    EXPECT_THROW(extract_xml(std::string(kMaxXmlBytes + 1, ' '), "huge.xml"), InputError);
}

TEST(XmlExtractor, XhtmlGoesToTheHtmlExtractor) {
    EXPECT_EQ(format_of("page.xhtml"), Format::Html);
    EXPECT_EQ(format_of("page-xhtml.xml"), Format::Html);
    const ExtractedDocument doc = extract_file(kData / "page-xhtml.xml");
    EXPECT_EQ(doc.format, "html");
    EXPECT_EQ(doc.title, "Fahrplan der Straßenbahn in Graz");
    // extract_xml hands XHTML on as well.
    EXPECT_EQ(extract_xml(util::read_file(kData / "page.xhtml"), "p.xml").format, "html");
}

TEST(XmlExtractor, SniffAndDetectFormat) {
    const XmlSniff sniff = sniff_xml(
        "\xEF\xBB\xBF<?xml version='1.0'?>\n<!-- c -->\n<!DOCTYPE TEI [ <!ENTITY x \"a>b\"> ]>"
        "\n<?pi x?><tei:TEI xmlns:tei='x'>");
    EXPECT_TRUE(sniff.declaration);
    EXPECT_EQ(sniff.root, "tei:TEI");
    EXPECT_EQ(sniff_xml("Plain text < 5").root, "");
    EXPECT_FALSE(sniff_xml("<doc/>").declaration);

    EXPECT_EQ(detect_format("notes.txt", "<?xml version=\"1.0\"?><doc>x</doc>"), Format::Xml);
    EXPECT_EQ(detect_format("README", "<doc>x</doc>"), Format::Xml);
    EXPECT_EQ(detect_format("a.tei", "Kein XML"), Format::Xml);
    // Without a declaration a leading tag does not override the name.
    EXPECT_EQ(detect_format("fragment.html", "<div>Tekst</div>"), Format::Html);
    EXPECT_EQ(detect_format("notes.txt", "<b>Uwaga</b> tekst"), Format::Text);
    EXPECT_EQ(detect_format("notes.md", "<div>x</div>"), std::nullopt);
    EXPECT_EQ(detect_format("logo.svg", "<?xml version=\"1.0\"?><svg/>"), std::nullopt);
}

}  // namespace
}  // namespace kb::ingest
