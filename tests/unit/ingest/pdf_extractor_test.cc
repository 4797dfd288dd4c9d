#include "kb/ingest/pdf_extractor.h"

#include <string>

#include <gtest/gtest.h>

#include "kb/ingest/extractor.h"
#include "kb/util/error.h"
#include "kb/util/file_io.h"

// The fixtures come from tests/data/ingest/make_office_pdf.py.
namespace kb::ingest {
namespace {

const std::string kDir = KB_TEST_DATA_DIR "/ingest/";

// The reason of the InputError that extracting `name` throws, checking that it names
// the file; "no exception" if there is none.
std::string pdf_error(const std::string& name) {
    const std::string path = kDir + name;
    try {
        extract_pdf(util::read_file(path), path);
    } catch (const InputError& e) {
        EXPECT_EQ(e.source(), path);
        EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
        return e.reason();
    }
    return "no exception";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(PdfExtractor, TextOfEveryPageWithDiacriticsAndPageBreaks) {
    const ExtractedDocument doc = extract_file(kDir + "report.pdf");
    EXPECT_EQ(doc.format, "pdf");
    EXPECT_TRUE(contains(doc.text, "Zażółć gęślą jaźń")) << doc.text;
    EXPECT_TRUE(contains(doc.text, "Łódź i Żywiec")) << doc.text;
    EXPECT_TRUE(contains(doc.text, "Človek in narava")) << doc.text;
    // Page 2 starts a new paragraph.
    EXPECT_TRUE(contains(doc.text, "strony.\n\nČlovek")) << doc.text;
    EXPECT_LT(doc.text.find("Zażółć"), doc.text.find("Človek"));
}

TEST(PdfExtractor, InfoDictionaryMetadataAndIsoDates) {
    const ExtractedDocument doc = extract_pdf(util::read_file(kDir + "report.pdf"), "r.pdf");
    EXPECT_EQ(doc.title, "Raport o współpracy transgranicznej");
    EXPECT_EQ(doc.author, "Anna Łukasiewicz");
    EXPECT_EQ(doc.description, "Interreg summary");
    EXPECT_EQ(doc.keywords, "interreg, cooperation");
    EXPECT_EQ(doc.date, "2024-03-05");
    EXPECT_EQ(doc.modified, "2024-04-12");
}

TEST(PdfExtractor, BadFilesThrowInputErrorNamingFileAndReason) {
    EXPECT_EQ(pdf_error("encrypted.pdf"), "encrypted PDF (a password is needed to read it)");
    EXPECT_EQ(pdf_error("scanned.pdf"), "no text (scanned PDF?)");
    EXPECT_TRUE(pdf_error("truncated.pdf").starts_with("not a readable PDF"));
    EXPECT_TRUE(pdf_error("report.docx").starts_with("not a PDF (starts with 'PK.."));
}

TEST(PdfExtractor, GarbageAfterTheHeaderIsNotReadable) {
    try {
        extract_pdf("%PDF-1.7\nthis is not a PDF at all\n", "junk.pdf");
        FAIL() << "no exception";
    } catch (const InputError& e) {
        EXPECT_EQ(e.source(), "junk.pdf");
        EXPECT_TRUE(e.reason().starts_with("not a readable PDF")) << e.what();
    }
}

TEST(PdfExtractor, DetectedByMagicFirstAndExtensionOnlyWhenPlausible) {
    static const struct {
        const char* name;
        std::string head;
        std::optional<Format> format;
    } cases[] = {
        {"report.bin", "%PDF-1.4\n", Format::Pdf},
        {"report", "%PDF-1.7\n", Format::Pdf},
        {"x.pdf", std::string(100, '\0') + "%PDF-1.4", Format::Pdf},  // junk before the header
        {"x.PDF", "%PDF-1.4", Format::Pdf},
        {"x.pdf", "not a pdf at all", std::nullopt},
        {"x.txt", "%PDF-1.4", Format::Pdf},
        {"x.txt", std::string(100, ' ') + "%PDF-1.4", Format::Text},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(detect_format(c.name, c.head), c.format) << c.name;
    }
}

TEST(Extractor, FileSizeCap) {
    ExtractOptions options;
    options.max_bytes = 1000;  // report.pdf is larger
    try {
        extract_file(kDir + "report.pdf", options);
        FAIL() << "no exception";
    } catch (const InputError& e) {
        EXPECT_EQ(e.source(), kDir + "report.pdf");
        EXPECT_TRUE(e.reason().starts_with("file too large: ")) << e.what();
        EXPECT_TRUE(e.reason().ends_with(" bytes, limit 1000")) << e.what();
    }
    options.max_bytes = 1 << 20;
    EXPECT_EQ(extract_file(kDir + "report.pdf", options).format, "pdf");
}

}  // namespace
}  // namespace kb::ingest
