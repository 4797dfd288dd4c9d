#include "kb/ingest/office_extractor.h"

#include <string>

#include <gtest/gtest.h>

#include "kb/ingest/extractor.h"
#include "kb/util/error.h"
#include "kb/util/file_io.h"

// The fixtures come from tests/data/ingest/make_office_pdf.py.
namespace kb::ingest {
namespace {

const std::string kDir = KB_TEST_DATA_DIR "/ingest/";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The reason of the InputError that extract_file (or extract_docx with `limits`) throws
// for `name`, checking that it names the file; "no exception" if there is none.
std::string file_error(const std::string& name) {
    const std::string path = kDir + name;
    try {
        extract_file(path);
    } catch (const InputError& e) {
        EXPECT_EQ(e.source(), path);
        EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
        return e.reason();
    }
    return "no exception";
}

std::string docx_error(const std::string& name, const OfficeLimits& limits) {
    const std::string path = kDir + name;
    try {
        extract_docx(util::read_file(path), path, limits);
    } catch (const InputError& e) {
        EXPECT_EQ(e.source(), path);
        return e.reason();
    }
    return "no exception";
}

TEST(DocxExtractor, ParagraphsTablesAndTextBoxesWithoutDeletionsOrDuplicates) {
    const ExtractedDocument doc = extract_file(kDir + "report.docx");
    EXPECT_EQ(doc.format, "docx");
    EXPECT_EQ(doc.text,
              "Sprawozdanie z projektu\n\n"
              "Współpraca gmin przygranicznych łączy ludzi.\n\n"
              "Usunięty\n\n"
              "Pole tekstowe\n\n"
              "Komórka żółta\n\n"
              "Slovenščina: čebela");
}

TEST(DocxExtractor, CorePropertiesAndDefaultLanguage) {
    const ExtractedDocument doc = extract_file(kDir + "report.docx");
    EXPECT_EQ(doc.title, "Sprawozdanie końcowe – Gmina Żabno");
    EXPECT_EQ(doc.author, "Józef Wąsik");
    EXPECT_EQ(doc.description, "Współpraca transgraniczna");
    EXPECT_EQ(doc.keywords, "interreg; gminy");
    EXPECT_EQ(doc.date, "2023-11-20");
    EXPECT_EQ(doc.modified, "2024-01-09");
    EXPECT_EQ(doc.language, "pl-PL");
}

TEST(OdtExtractor, ParagraphsHeadingsSpacesNotesAndTables) {
    const ExtractedDocument doc = extract_file(kDir + "report.odt");
    EXPECT_EQ(doc.format, "odt");
    EXPECT_EQ(doc.text,
              "Poročilo o čezmejnem sodelovanju\n\n"
              "Občina Kranjska Gora in gmina Zakopane sodelujeta. Druga vrstica: žaba, šola, "
              "čaj.\n\n"
              "Polski akapit: źdźbło trawy na łące.\n\n"
              "Przypis dolny.\n\n"
              "Celica tabele");
    EXPECT_FALSE(contains(doc.text, "Komentar"));
}

TEST(OdtExtractor, MetaXml) {
    const ExtractedDocument doc = extract_file(kDir + "report.odt");
    EXPECT_EQ(doc.title, "Čezmejno sodelovanje – poročilo");
    EXPECT_EQ(doc.author, "Mojca Žagar");
    EXPECT_EQ(doc.description, "Povzetek projekta");
    EXPECT_EQ(doc.keywords, "interreg, občine");
    EXPECT_EQ(doc.language, "sl-SI");
    EXPECT_EQ(doc.date, "2022-06-01");
    EXPECT_EQ(doc.modified, "2022-07-15");
}

TEST(OfficeExtractor, DetectedByZipContentBeforeName) {
    const std::string docx = util::read_file(kDir + "report.docx");
    const std::string odt = util::read_file(kDir + "report.odt");
    EXPECT_EQ(sniff_office_zip(docx), OfficeKind::Docx);
    EXPECT_EQ(sniff_office_zip(odt), OfficeKind::Odt);
    EXPECT_EQ(sniff_office_zip("PK\x03\x04 not really"), OfficeKind::None);
    EXPECT_EQ(detect_format("misnamed.odt", docx), Format::Docx);
    EXPECT_EQ(detect_format("misnamed.zip", odt), Format::Odt);
    EXPECT_EQ(detect_format("noext", docx), Format::Docx);
    // A zip that cannot be opened: the name decides, but only for a zip signature.
    EXPECT_EQ(detect_format("broken.docx", "PK\x03\x04 cut"), Format::Docx);
    EXPECT_EQ(detect_format("broken.odt", "PK\x03\x04 cut"), Format::Odt);
    EXPECT_EQ(detect_format("broken.zip", "PK\x03\x04 cut"), std::nullopt);
    EXPECT_EQ(detect_format("fake.docx", "plain text"), std::nullopt);
}

TEST(OfficeExtractor, BrokenFilesThrowInputErrorNamingFileAndReason) {
    EXPECT_TRUE(file_error("corrupt.docx").starts_with("not a readable zip archive"))
        << file_error("corrupt.docx");
    EXPECT_EQ(file_error("no_document.docx"), "not a DOCX (no word/document.xml in the zip)");
    try {
        extract_odt(util::read_file(kDir + "report.docx"), "x.odt");
        FAIL() << "no exception";
    } catch (const InputError& e) {
        EXPECT_EQ(e.reason(), "not an ODT (no content.xml in the zip)");
    }
}

TEST(OfficeExtractor, ZipBombIsRefusedByRatioOrSize) {
    // 100 MB of spaces in ~100 KB: the ratio cap refuses it from the headers...
    EXPECT_EQ(file_error("bomb.docx"),
              "zip entry word/document.xml has a compression ratio over 200:1 (zip bomb?)");
    // ...and without it the size cap does.
    OfficeLimits limits;
    limits.max_compression_ratio = 100'000;
    EXPECT_EQ(docx_error("bomb.docx", limits),
              "zip entry word/document.xml inflates past the limit of 67108864 bytes (zip bomb?)");
}

TEST(OfficeExtractor, SizeCapHoldsWhenTheHeadersLie) {
    // lying.docx says word/document.xml has 100 bytes; it inflates to about 24 KB.
    OfficeLimits limits;
    limits.max_xml_bytes = 4000;
    EXPECT_EQ(docx_error("lying.docx", limits),
              "zip entry word/document.xml inflates past the limit of 4000 bytes (zip bomb?)");
}

TEST(OfficeExtractor, EntryAndDepthCaps) {
    OfficeLimits limits;
    limits.max_entries = 4;  // report.docx has 5
    EXPECT_EQ(docx_error("report.docx", limits), "zip archive has 5 entries, over the limit of 4");
    EXPECT_EQ(file_error("deep.docx"), "word/document.xml: elements nest deeper than 1000 levels");
    limits = OfficeLimits{};
    limits.max_xml_depth = 6000;
    const std::string path = kDir + "deep.docx";
    EXPECT_EQ(extract_docx(util::read_file(path), path, limits).text, "głęboko");
}

TEST(OfficeExtractor, MalformedXmlGivesThePartAndOffset) {
    const std::string reason = file_error("malformed.docx");
    EXPECT_TRUE(reason.starts_with("word/document.xml: XML error at byte ")) << reason;
}

}  // namespace
}  // namespace kb::ingest
