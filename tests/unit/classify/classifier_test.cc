#include "kb/classify/classifier.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kb/analysis/analyzer.h"

namespace kb::classify {
namespace {

const std::filesystem::path kCorpus =
    std::filesystem::path(KB_TEST_DATA_DIR) / ".." / ".." / "corpus";

std::string read_seed(const std::string& prefix) {
    for (const auto& entry : std::filesystem::directory_iterator(kCorpus / "seeds")) {
        if (entry.path().filename().string().starts_with(prefix)) {
            std::ifstream in(entry.path(), std::ios::binary);
            return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        }
    }
    return {};
}

std::vector<std::string> topic_ids(const Classification& c) {
    std::vector<std::string> out;
    for (const TopicScore& t : c.topics) {
        out.push_back(t.id);
    }
    return out;
}

std::vector<std::string> region_ids(const Classification& c) {
    std::vector<std::string> out;
    for (const RegionMatch& r : c.regions) {
        out.push_back(r.id);
    }
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

class ClassifierTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        taxonomy_ = std::make_shared<const Taxonomy>(Taxonomy::load(kCorpus / "taxonomy.xml"));
        analyzer_ = std::make_unique<analysis::Analyzer>();
        classifier_ = std::make_unique<Classifier>(taxonomy_, *analyzer_);
        // For tests of matching alone: one trigger in the title is enough.
        ClassifierOptions any_match;
        any_match.min_topic_score = 1;
        matcher_ = std::make_unique<Classifier>(taxonomy_, *analyzer_, any_match);
    }
    static void TearDownTestSuite() {
        matcher_.reset();
        classifier_.reset();
        analyzer_.reset();
        taxonomy_.reset();
    }

    // Topics whose triggers match a short text given as its title.
    static std::vector<std::string> title_topics(const std::string& title,
                                                 const std::string& lang) {
        return topic_ids(matcher_->classify("", title, lang));
    }

    static std::shared_ptr<const Taxonomy> taxonomy_;
    static std::unique_ptr<analysis::Analyzer> analyzer_;
    static std::unique_ptr<Classifier> classifier_;
    static std::unique_ptr<Classifier> matcher_;
};

std::shared_ptr<const Taxonomy> ClassifierTest::taxonomy_;
std::unique_ptr<analysis::Analyzer> ClassifierTest::analyzer_;
std::unique_ptr<Classifier> ClassifierTest::classifier_;
std::unique_ptr<Classifier> ClassifierTest::matcher_;

TEST_F(ClassifierTest, InflectedAndDiacriticLessTriggersMatch) {
    EXPECT_TRUE(
        contains(title_topics("Problem odpływu mózgów z regionu", "pl"), "talent-retention"));
    EXPECT_TRUE(
        contains(title_topics("Problem: odplyw mozgow z regionu", "pl"), "talent-retention"));
    EXPECT_TRUE(contains(title_topics("Preprečevanje bega možganov", "sl"), "talent-retention"));
    EXPECT_TRUE(contains(title_topics("Како зауставити одлив мозгова", "sr"), "talent-retention"));
    EXPECT_TRUE(contains(title_topics("Kako zaustaviti odliv mozgova", "sr"), "talent-retention"));
    EXPECT_TRUE(contains(title_topics("Abwanderung von Fachkräften aus dem ländlichen Raum", "de"),
                         "talent-retention"));
    EXPECT_TRUE(title_topics("Pogoda na weekend", "pl").empty());
}

TEST_F(ClassifierTest, OneBodyMentionIsNotEnough) {
    const Classification c = classifier_->classify(
        "Spotkanie odbyło się w piątek. Mówiono też o odpływie mózgów.", "Spotkanie", "pl");
    EXPECT_FALSE(contains(topic_ids(c), "talent-retention"));
}

TEST_F(ClassifierTest, PolishTalentPlatformSeed) {
    const Classification c = classifier_->classify(read_seed("000_"), "", "pl");
    const auto topics = topic_ids(c);
    EXPECT_TRUE(contains(topics, "demographic-change")) << ::testing::PrintToString(topics);
    EXPECT_TRUE(contains(topics, "talent-retention")) << ::testing::PrintToString(topics);
    EXPECT_TRUE(contains(region_ids(c), "be-brussels")) << ::testing::PrintToString(region_ids(c));
}

TEST_F(ClassifierTest, SlovenianTalentMagnetSeedIsAboutVelenje) {
    const Classification c = classifier_->classify(read_seed("001_"), "TalentMagnet", "sl");
    const auto topics = topic_ids(c);
    ASSERT_FALSE(topics.empty());
    EXPECT_EQ(topics.front(), "talent-retention") << ::testing::PrintToString(topics);
    ASSERT_EQ(region_ids(c), std::vector<std::string>{"si-velenje"});
    EXPECT_EQ(c.regions[0].ancestors[0], "SI03");
    EXPECT_TRUE(contains(c.regions[0].ancestors, "SI"));
    EXPECT_TRUE(contains(c.regions[0].ancestors, "EUSDR"));
    EXPECT_EQ(c.type, "project-page");
}

TEST_F(ClassifierTest, RegionNamesMatchTheirFormsAndNothingElse) {
    const auto regions = [](const std::string& text, const std::string& lang) {
        return region_ids(classifier_->classify(text, "", lang));
    };
    // The longest name wins: Slovenj Gradec is a Slovenian town, "Gradec" alone is Graz.
    EXPECT_EQ(regions("Podjetje ima sedež v Slovenj Gradcu.", "sl"),
              std::vector<std::string>{"si-slovenj-gradec"});
    EXPECT_EQ(regions("Konferenca bo v Gradcu.", "sl"), std::vector<std::string>{"at-graz"});
    // Slovak "Slovensko" is a Slovenian adjective; Slovenian names Slovakia "Slovaška".
    EXPECT_TRUE(
        regions("Slovensko gospodarstvo raste. Slovensko podjetje širi posel.", "sl").empty());
    EXPECT_EQ(regions("Izvoz na Slovaško raste.", "sl"), std::vector<std::string>{"SK"});
    // Polish "Radom" and "Rady" (councils) share a stem; only forms of the name match.
    EXPECT_TRUE(regions("Rady gmin zebrały się. Rada Miejska obradowała.", "pl").empty());
    EXPECT_EQ(regions("Mieszkam w Radomiu od lat.", "pl"), std::vector<std::string>{"pl-radom"});
    // Hunspell does not inflect Czech names; the capitalised form is enough.
    EXPECT_EQ(regions("Školy ve Skotsku podporují jazyky.", "cs"), std::vector<std::string>{"GB"});
    // Demonyms name the country.
    EXPECT_EQ(regions("Britons could work a four-day week.", "en"), std::vector<std::string>{"GB"});
    // A passing mention goes: Germany once, beside the United Kingdom four times.
    EXPECT_EQ(regions("The UK plan. Schools in the UK and in Scotland. Unlike Germany, the UK "
                      "funds it.",
                      "en"),
              std::vector<std::string>{"GB"});
}

TEST_F(ClassifierTest, EvidenceNamesTheWordsThatMatched) {
    const Classification c =
        classifier_->classify("Mieszkam w Radomiu od lat.", "Odpływ mózgów", "pl");
    bool region = false;
    bool topic_in_title = false;
    for (const Evidence& e : c.evidence) {
        region = region || (e.kind == TaxonomyKind::Region && e.id == "pl-radom" &&
                            e.words == "Radomiu" && !e.in_title);
        topic_in_title = topic_in_title || (e.kind == TaxonomyKind::Topic &&
                                            e.id == "talent-retention" && e.in_title);
    }
    EXPECT_TRUE(region);
    EXPECT_TRUE(topic_in_title);
}

TEST_F(ClassifierTest, LubuskieSeed) {
    const Classification c = classifier_->classify(read_seed("003_"), "", "pl");
    EXPECT_TRUE(contains(topic_ids(c), "lifelong-learning"))
        << ::testing::PrintToString(topic_ids(c));
    // The page is about województwo lubuskie (named four times); Zielona Góra, in it, is
    // only an office address (once), so the region stands and the city goes.
    EXPECT_EQ(region_ids(c), std::vector<std::string>{"PL43"});
    EXPECT_EQ(c.regions[0].ancestors[0], "PL");
}

TEST_F(ClassifierTest, TuzlaCantonSeed) {
    const Classification c = classifier_->classify(read_seed("004_"), "", "bs");
    EXPECT_EQ(region_ids(c), std::vector<std::string>{"BA-03"});
    EXPECT_TRUE(contains(c.regions[0].ancestors, "BA"));
    EXPECT_TRUE(contains(c.regions[0].ancestors, "EUSDR"));
    EXPECT_TRUE(contains(topic_ids(c), "youth-employment"))
        << ::testing::PrintToString(topic_ids(c));
}

TEST_F(ClassifierTest, RegionNamesInOtherLanguagesAndScripts) {
    const Classification c = classifier_->classify(
        "Конференција је одржана у Београду, а следећа ће бити у Загребу.", "", "sr");
    EXPECT_TRUE(contains(region_ids(c), "rs-beograd"));
    EXPECT_TRUE(contains(region_ids(c), "hr-zagreb"));
    // A one-word name needs a capital letter: "split" is a common English word.
    EXPECT_TRUE(region_ids(classifier_->classify("we split the budget", "", "en")).empty());
    EXPECT_EQ(region_ids(classifier_->classify("A port in Split.", "", "en")),
              std::vector<std::string>{"hr-split"});
}

TEST_F(ClassifierTest, TopicsForQueryFindTriggersInAnyLanguage) {
    std::vector<std::string> stems;
    for (const auto& token : analyzer_->analyze("odpływ mózgów", "pl")) {
        stems.push_back(token.stem);
    }
    EXPECT_EQ(classifier_->topics_for_query(stems).front(), "talent-retention");
    stems.clear();
    for (const auto& token : analyzer_->analyze("brain drain", "en")) {
        stems.push_back(token.stem);
    }
    EXPECT_EQ(classifier_->topics_for_query(stems).front(), "talent-retention");
    EXPECT_TRUE(classifier_->topics_for_query({"zzz"}).empty());
}

}  // namespace
}  // namespace kb::classify
