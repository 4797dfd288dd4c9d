#include "kb/ingest/sidecar.h"

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "kb/ingest/extractor.h"
#include "kb/util/error.h"

namespace kb::ingest {
namespace {

const std::filesystem::path kDir = std::filesystem::path(KB_TEST_DATA_DIR) / "ingest" / "sidecar";

using Strings = std::vector<std::string>;

TEST(Sidecar, JsonSidecarNamedAfterTheFullFileName) {
    const std::optional<Sidecar> sidecar = read_sidecar(kDir / "raport.txt");
    ASSERT_TRUE(sidecar.has_value());
    EXPECT_EQ(sidecar->path, kDir / "raport.txt.meta.json");
    EXPECT_EQ(sidecar->title, "Sprawozdanie roczne Wydziału Rozwoju Regionalnego 2023");
    EXPECT_EQ(sidecar->url, "https://www.malopolska.pl/sprawozdania/2023.pdf");
    EXPECT_EQ(sidecar->date, "2024-03-15");
    EXPECT_EQ(sidecar->language, "pl");
    EXPECT_EQ(sidecar->type, "report");
    EXPECT_EQ(sidecar->topics, (Strings{"rozwój regionalny", "fundusze UE"}));
    EXPECT_EQ(sidecar->regions, (Strings{"Małopolska"}));
}

TEST(Sidecar, XmlSidecarNamedAfterTheStem) {
    const std::optional<Sidecar> sidecar = read_sidecar(kDir / "plan.txt");
    ASSERT_TRUE(sidecar.has_value());
    EXPECT_EQ(sidecar->path, kDir / "plan.meta.xml");
    EXPECT_EQ(sidecar->title, "Plan razvoja Grada Beograda 2024–2030");
    EXPECT_EQ(sidecar->date, "2024-01");
    EXPECT_EQ(sidecar->language, "sr-Latn");
    EXPECT_EQ(sidecar->type, "strategy");
    EXPECT_EQ(sidecar->topics, (Strings{"urbanizam", "saobraćaj"}));
    EXPECT_EQ(sidecar->regions, (Strings{"Beograd", "Srbija"}));
}

TEST(Sidecar, MissingSidecarIsNullopt) {
    EXPECT_FALSE(read_sidecar(kDir / "plain.txt").has_value());
    EXPECT_FALSE(read_sidecar(kDir / "raport.txt.meta.json").has_value());
}

TEST(Sidecar, MalformedSidecarsThrowNamingTheSidecar) {
    static const struct {
        const char* document;
        const char* sidecar;
        const char* reason;
    } cases[] = {
        {"broken.txt", "broken.txt.meta.json", "malformed JSON"},
        {"baddate.txt", "baddate.meta.json", "not an ISO 8601 date"},
        {"wrongroot.txt", "wrongroot.meta.xml", "expected <meta>"},
    };
    for (const auto& c : cases) {
        try {
            (void)read_sidecar(kDir / c.document);
            FAIL() << c.document << ": no exception";
        } catch (const InputError& e) {
            EXPECT_EQ(e.source(), (kDir / c.sidecar).string());
            EXPECT_NE(e.reason().find(c.reason), std::string::npos) << e.reason();
        }
    }
}

TEST(Sidecar, ValidatesValues) {
    EXPECT_EQ(parse_sidecar_json(R"({"date": "2024-02-29T10:00:00Z"})", "s").date, "2024-02-29");
    EXPECT_EQ(parse_sidecar_json(R"({"topics": "jedna"})", "s").topics, Strings{"jedna"});
    EXPECT_THROW(parse_sidecar_json(R"({"date": "2023-02-29"})", "s"), InputError);
    EXPECT_THROW(parse_sidecar_json(R"({"date": "15.03.2024"})", "s"), InputError);
    EXPECT_THROW(parse_sidecar_json(R"({"language": "polski język"})", "s"), InputError);
    EXPECT_THROW(parse_sidecar_json(R"({"url": "www.example.com"})", "s"), InputError);
    EXPECT_THROW(parse_sidecar_json(R"({"title": 5})", "s"), InputError);
    EXPECT_THROW(parse_sidecar_json(R"({"topics": ["a", 1]})", "s"), InputError);
    EXPECT_THROW(parse_sidecar_json(R"(["a"])", "s"), InputError);
    EXPECT_THROW(parse_sidecar_xml("<meta><title>a</title><title>b</title></meta>", "s"),
                 InputError);
    EXPECT_THROW(parse_sidecar_xml("<meta><title>a</meta>", "s"), InputError);
}

TEST(Sidecar, ApplyOverridesOnlyWhatTheSidecarGives) {
    ExtractedDocument doc;
    doc.title = "Wyciągnięty tytuł";
    doc.text = "Tekst";
    doc.language = "en";
    doc.description = "Opis z dokumentu";
    Sidecar sidecar;
    sidecar.title = "Tytuł z pliku metadanych";
    sidecar.language = "pl";
    sidecar.date = "2024-03-15";
    sidecar.topics = {"fundusze UE"};
    apply_sidecar(sidecar, doc);
    EXPECT_EQ(doc.title, "Tytuł z pliku metadanych");
    EXPECT_EQ(doc.language, "pl");
    EXPECT_EQ(doc.date, "2024-03-15");
    EXPECT_EQ(doc.description, "Opis z dokumentu");
    EXPECT_EQ(doc.text, "Tekst");
    EXPECT_EQ(doc.topics, Strings{"fundusze UE"});
    EXPECT_TRUE(doc.regions.empty());
}

TEST(Sidecar, SidecarFilesAreNotDocuments) {
    EXPECT_TRUE(is_sidecar("dir/report.pdf.meta.json"));
    EXPECT_TRUE(is_sidecar("REPORT.META.XML"));
    EXPECT_FALSE(is_sidecar("meta.json"));
    EXPECT_FALSE(is_sidecar("report.xml"));
    EXPECT_EQ(detect_format(kDir / "plan.meta.xml", "<?xml version=\"1.0\"?><meta/>"),
              std::nullopt);
    EXPECT_EQ(detect_format(kDir / "raport.txt.meta.json", "{}"), std::nullopt);
    EXPECT_EQ(sidecar_candidates("d/report.pdf"),
              (std::vector<std::filesystem::path>{"d/report.pdf.meta.json", "d/report.pdf.meta.xml",
                                                  "d/report.meta.json", "d/report.meta.xml"}));
}

}  // namespace
}  // namespace kb::ingest
