#include "kb/ingest/charset.h"

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "kb/ingest/extractor.h"
#include "kb/ingest/text_extractor.h"
#include "kb/util/error.h"
#include "kb/util/file_io.h"

namespace kb::ingest {
namespace {

const std::filesystem::path kData = std::filesystem::path(KB_TEST_DATA_DIR) / "ingest";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

ExtractedDocument extract_fixture(const char* name) {
    const std::filesystem::path path = kData / name;
    EXPECT_EQ(detect_format(path, util::read_file(path)), Format::Text) << name;
    return extract_file(path);
}

TEST(Charset, PolishInEveryEncodingReadsTheSame) {
    static const struct {
        const char* file;
        const char* encoding;
    } cases[] = {
        {"polish-utf8.txt", "UTF-8"},
        {"polish-utf8-bom.txt", "UTF-8"},
        {"polish-windows-1250.txt", "windows-1250"},
        {"polish-iso-8859-2.txt", "ISO-8859-2"},
        {"polish-utf16le-bom.txt", "UTF-16LE"},
        {"polish-utf16be-bom.txt", "UTF-16BE"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.file);
        const ExtractedDocument doc = extract_fixture(c.file);
        EXPECT_EQ(doc.encoding, c.encoding);
        EXPECT_EQ(doc.title,
                  "Województwo małopolskie - sprawozdanie z realizacji programu regionalnego");
        // ą ś ź and Ś Ź are where windows-1250 and ISO-8859-2 differ.
        EXPECT_TRUE(contains(doc.text, "jego stolicą jest Kraków. Środki"));
        EXPECT_TRUE(contains(doc.text, "Źródła finansowania"));
        EXPECT_TRUE(contains(doc.text, "Zażółć gęślą jaźń."));
        EXPECT_FALSE(contains(doc.text, "\r"));
        EXPECT_FALSE(contains(doc.text, "\xEF\xBF\xBD"));  // no U+FFFD
        EXPECT_FALSE(contains(doc.text, "\xEF\xBB\xBF"));  // no BOM
    }
}

TEST(Charset, SerbianCyrillicInWindows1251AndIso88595) {
    static const struct {
        const char* file;
        const char* encoding;
    } cases[] = {
        {"serbian-windows-1251.txt", "windows-1251"},
        {"serbian-iso-8859-5.txt", "ISO-8859-5"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.file);
        const ExtractedDocument doc = extract_fixture(c.file);
        EXPECT_EQ(doc.encoding, c.encoding);
        EXPECT_EQ(doc.title, "Београд - главни град Републике Србије");
        EXPECT_TRUE(contains(doc.text, "Београд је главни и највећи град Србије."));
        EXPECT_TRUE(contains(doc.text, "Ђаци и студенти"));
        EXPECT_TRUE(contains(doc.text, "џиновски мостови"));
        EXPECT_TRUE(contains(doc.text, "Љубитељи природе"));
    }
}

TEST(Charset, GermanInWindows1252KeepsEuroSignAndQuotes) {
    const ExtractedDocument doc = extract_fixture("german-windows-1252.txt");
    EXPECT_EQ(doc.encoding, "windows-1252");
    EXPECT_EQ(doc.title, "Größere Städte in Österreich und Deutschland: eine Übersicht");
    EXPECT_TRUE(contains(doc.text, "22 € je Quadratmeter"));
    EXPECT_TRUE(contains(doc.text, "„Die Mieten\nsteigen schneller als die Löhne“, heißt es"));
}

TEST(Charset, Utf16WithoutBomIsRecognisedByItsNulBytes) {
    std::string le = util::read_file(kData / "polish-utf16le-bom.txt");
    std::string be = util::read_file(kData / "polish-utf16be-bom.txt");
    le.erase(0, 2);
    be.erase(0, 2);
    const DecodedText from_le = decode_text(le, "le.txt");
    const DecodedText from_be = decode_text(be, "be.txt");
    EXPECT_EQ(from_le.encoding, "UTF-16LE");
    EXPECT_EQ(from_be.encoding, "UTF-16BE");
    EXPECT_TRUE(contains(from_le.text, "Zażółć gęślą jaźń."));
    EXPECT_EQ(from_le.text, from_be.text);
}

TEST(Charset, NearlyValidUtf8StaysUtf8WithReplacementCharacters) {
    // Ten valid two-byte sequences and one stray byte: a damaged UTF-8 file, not cp1250.
    const DecodedText decoded = decode_text("Zażółć gęślą jaźń \xB9 koniec", "damaged.txt");
    EXPECT_EQ(decoded.encoding, "UTF-8");
    EXPECT_EQ(decoded.text, "Zażółć gęślą jaźń \xEF\xBF\xBD koniec");
}

TEST(Charset, BinaryJunkAndEmptyFilesAreRejectedNamingTheFile) {
    for (const char* name : {"binary.txt", "empty.txt"}) {
        const std::filesystem::path path = kData / name;
        try {
            (void)extract_file(path);
            FAIL() << name << ": no exception";
        } catch (const InputError& e) {
            EXPECT_EQ(e.source(), path.string());
        }
    }
    // A NUL character decoded from UTF-16 is binary too.
    EXPECT_THROW(decode_text(std::string("\xFF\xFE"
                                         "a\0\0\0b\0",
                                         8),
                             "nul.txt"),
                 InputError);
}

TEST(Charset, ConvertsNamedEncodingsAndRejectsUnknownOnes) {
    const DecodedText text = convert_to_utf8("\xB9\x9C", "windows-1250", "x.xml");
    EXPECT_EQ(text.text, "ąś");
    EXPECT_EQ(text.encoding, "windows-1250");
    EXPECT_THROW(convert_to_utf8("abc", "no-such-charset-42", "x.xml"), InputError);
}

}  // namespace
}  // namespace kb::ingest
