#include "kb/classify/taxonomy.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kb/util/error.h"

#include "support/temp_dir.h"

namespace kb::classify {
namespace {

const std::filesystem::path kTaxonomy =
    std::filesystem::path(KB_TEST_DATA_DIR) / ".." / ".." / "corpus" / "taxonomy.xml";

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

// Loads `xml` from a temporary file and returns the ConfigError message ("" if it loaded).
std::string load_error(const std::string& xml) {
    test::TempDir dir;
    const auto path = dir / "taxonomy.xml";
    std::ofstream(path) << xml;
    try {
        Taxonomy::load(path);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

TEST(Taxonomy, LoadsTheCorpusTaxonomy) {
    const Taxonomy tax = Taxonomy::load(kTaxonomy);
    ASSERT_GE(tax.topics().size(), 12u);
    const std::vector<std::string> langs = {"en", "pl", "sl", "hr", "bs", "sr",
                                            "cs", "sk", "hu", "ro", "bg", "de"};
    for (const Concept& topic : tax.topics()) {
        for (const std::string& lang : langs) {
            EXPECT_TRUE(topic.labels.contains(lang)) << topic.id << " " << lang;
            const auto it = topic.triggers.find(lang);
            ASSERT_NE(it, topic.triggers.end()) << topic.id << " " << lang;
            EXPECT_GE(it->second.size(), 5u) << topic.id << " " << lang;
        }
    }
    ASSERT_NE(tax.find_topic("talent-retention"), nullptr);
    EXPECT_NE(tax.find_type("call-for-proposals"), nullptr);
    EXPECT_NE(tax.find_type("other"), nullptr);

    for (const char* id : {"PL43", "SI03", "SI04", "HR02", "HR03", "HR05", "HR06", "CZ01", "SK04",
                           "HU11", "RO32", "BG41", "AT13", "DE2", "RS11", "BA-03"}) {
        const Region* region = tax.find_region(id);
        ASSERT_NE(region, nullptr) << id;
        EXPECT_EQ(region->level, RegionLevel::Region) << id;
    }
    for (const char* id : {"SI", "PL", "BA", "RS", "ME", "MK", "AL", "XK", "MD", "UA", "CH", "NO",
                           "GB", "GR", "MT"}) {
        ASSERT_NE(tax.find_region(id), nullptr) << id;
        EXPECT_EQ(tax.find_region(id)->level, RegionLevel::Country) << id;
    }
    const Region* danube = tax.find_region("EUSDR");
    ASSERT_NE(danube, nullptr);
    EXPECT_EQ(danube->level, RegionLevel::Macro);
    EXPECT_TRUE(contains(danube->members, "SI"));
    EXPECT_TRUE(contains(danube->members, "BA"));
    for (const char* id : {"EUSALP", "EUSBSR", "EUSAIR"}) {
        ASSERT_NE(tax.find_region(id), nullptr) << id;
        EXPECT_FALSE(tax.find_region(id)->members.empty()) << id;
    }
}

TEST(Taxonomy, AncestorsFollowNestingAndMembership) {
    const Taxonomy tax = Taxonomy::load(kTaxonomy);
    const std::vector<std::string> velenje = tax.ancestors("si-velenje");
    ASSERT_GE(velenje.size(), 3u);
    EXPECT_EQ(velenje[0], "SI03");
    EXPECT_EQ(velenje[1], "SI");
    EXPECT_TRUE(contains(velenje, "EUSDR"));
    EXPECT_TRUE(contains(velenje, "EUSALP"));
    EXPECT_TRUE(contains(velenje, "EUSAIR"));
    EXPECT_FALSE(contains(velenje, "EUSBSR"));

    const std::vector<std::string> tuzla = tax.ancestors("ba-tuzla");
    EXPECT_EQ(tuzla, (std::vector<std::string>{"BA-03", "BA-BIH", "BA", "EUSDR", "EUSAIR"}));
    // Bavaria is in the Danube strategy, Berlin is not.
    EXPECT_TRUE(contains(tax.ancestors("de-muenchen"), "EUSDR"));
    EXPECT_FALSE(contains(tax.ancestors("de-berlin"), "EUSDR"));
    EXPECT_TRUE(tax.ancestors("SI").size() == 3u);
    EXPECT_THROW(tax.ancestors("nowhere"), InputError);
}

TEST(Taxonomy, LabelsFallBackToEnglish) {
    const Taxonomy tax = Taxonomy::load(kTaxonomy);
    EXPECT_EQ(tax.label(TaxonomyKind::Topic, "talent-retention", "sl"),
              "Ohranjanje talentov in beg možganov");
    EXPECT_EQ(tax.label(TaxonomyKind::Topic, "talent-retention", "fr"),
              "Talent retention and brain drain");
    EXPECT_EQ(tax.label(TaxonomyKind::Region, "rs-beograd", "sr-Cyrl"), "Београд");
    EXPECT_EQ(tax.label(TaxonomyKind::Region, "rs-beograd", "de"), "Belgrad");
    EXPECT_EQ(tax.label(TaxonomyKind::Region, "si-velenje", "en"), "Velenje");
    EXPECT_EQ(tax.label(TaxonomyKind::Type, "news", "pl"), "Aktualności");
    EXPECT_EQ(tax.label(TaxonomyKind::Topic, "no-such-topic", "en"), "no-such-topic");
}

const std::string kHeader = "<?xml version=\"1.0\"?>\n<taxonomy>\n";

TEST(Taxonomy, ErrorsNameTheFileAndLine) {
    EXPECT_NE(
        load_error(kHeader + "<topics>\n<topic id=\"a\">\n</topics>\n").find("taxonomy.xml:5: "),
        std::string::npos)
        << "malformed XML";
    EXPECT_NE(load_error(kHeader + "<topics>\n<topic>\n<label lang=\"en\">A</label>\n"
                                   "</topic>\n</topics>\n</taxonomy>\n")
                  .find("taxonomy.xml:4: <topic> without an id"),
              std::string::npos);
    EXPECT_NE(load_error(kHeader + "<topics>\n<topic id=\"a\"><label lang=\"en\">A</label>"
                                   "</topic>\n<topic id=\"a\"><label lang=\"en\">B</label>"
                                   "</topic>\n</topics>\n</taxonomy>\n")
                  .find("taxonomy.xml:5: duplicate id 'a' (first defined on line 4)"),
              std::string::npos);
    EXPECT_NE(load_error(kHeader + "<topics>\n\n<topic id=\"a\"><label lang=\"pl\">A</label>"
                                   "</topic>\n</topics>\n</taxonomy>\n")
                  .find("taxonomy.xml:5: topic 'a' has no English label"),
              std::string::npos);
    EXPECT_NE(load_error(kHeader + "<regions>\n<macro id=\"M\"><name lang=\"en\">M</name>\n"
                                   "<member ref=\"XX\"/>\n</macro>\n</regions>\n</taxonomy>\n")
                  .find("taxonomy.xml:5: <member ref=\"XX\"> names no region"),
              std::string::npos);
    EXPECT_NE(load_error(kHeader + "<regions>\n<macro id=\"A\"><name lang=\"en\">A</name>"
                                   "<member ref=\"B\"/></macro>\n<macro id=\"B\">"
                                   "<name lang=\"en\">B</name><member ref=\"A\"/></macro>\n"
                                   "</regions>\n</taxonomy>\n")
                  .find("taxonomy.xml:4: macro-region 'A' contains itself"),
              std::string::npos);
    EXPECT_NE(load_error(kHeader + "<regions>\n<region id=\"X\" level=\"planet\">"
                                   "<name lang=\"en\">X</name></region>\n</regions>\n"
                                   "</taxonomy>\n")
                  .find("taxonomy.xml:4: region 'X' has level 'planet'"),
              std::string::npos);
    EXPECT_EQ(load_error(kHeader + "<regions>\n<region id=\"X\" level=\"country\">"
                                   "<name lang=\"en\">X</name></region>\n</regions>\n"
                                   "</taxonomy>\n"),
              "");
    EXPECT_THROW(Taxonomy::load("/nonexistent/taxonomy.xml"), ConfigError);
}

}  // namespace
}  // namespace kb::classify
