#include "kb/classify/language_runs.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace kb::classify {
namespace {

const std::string kPolish =
    "Komisja Europejska uruchomiła nową platformę dedykowaną wspieraniu talentów w regionach "
    "europejskich, w tym w tych, które zmagają się ze spadkiem liczby osób z wyższym "
    "wykształceniem. Samorządy województw mogą z niej korzystać bezpłatnie od przyszłego "
    "miesiąca.";
const std::string kEnglish =
    "The European Commission has launched a new platform dedicated to supporting talent in "
    "the regions of Europe, including those facing a decline in the number of people with "
    "higher education. Regional authorities can use it free of charge from next month.";
const std::string kCroatian =
    "Europska komisija pokrenula je novu platformu za potporu talentima u europskim regijama, "
    "uključujući one koje se suočavaju s padom broja visokoobrazovanih ljudi. Županije je "
    "mogu koristiti besplatno od sljedećeg mjeseca, a tijekom godine i tisuću drugih tvrtki.";
const std::string kSerbian =
    "Evropska komisija pokrenula je novu platformu za podršku talentima u evropskim "
    "regionima, uključujući one koji se suočavaju sa padom broja visokoobrazovanih ljudi. "
    "Opštine mogu da je koriste besplatno od sledećeg meseca, a tokom godine i hiljadu firmi.";

TEST(LanguageRuns, AParagraphInAnotherLanguageIsARunOfItsOwn) {
    analysis::LanguageDetector detector;
    const std::string text = kPolish + "\n\n" + kEnglish + "\n\n" + kPolish;
    const std::vector<LanguageRun> runs = split_language_runs(text, "pl", detector);
    ASSERT_EQ(runs.size(), 3u);
    EXPECT_EQ(runs[0].language, "pl");
    EXPECT_EQ(runs[1].language, "en");
    EXPECT_EQ(runs[2].language, "pl");
    EXPECT_EQ(text.substr(runs[1].offset, kEnglish.size()), kEnglish);
    // The runs cover the text in order.
    EXPECT_EQ(runs[0].offset, 0u);
    EXPECT_EQ(runs[1].offset, runs[0].offset + runs[0].length);
    EXPECT_EQ(runs[2].offset + runs[2].length, text.size());
    EXPECT_EQ(other_languages(runs, "pl"), std::vector<std::string>{"en"});
    // CLD2 saw the English part, so the gated version splits the same way.
    const analysis::LanguageGuess guess = detector.detect(text);
    EXPECT_EQ(guess.code, "pl");
    EXPECT_NE(std::find(guess.also_seen.begin(), guess.also_seen.end(), "en"),
              guess.also_seen.end());
    EXPECT_EQ(split_language_runs(text, "pl", guess, detector), runs);
}

TEST(LanguageRuns, AOneLanguageTextIsNotLookedAtParagraphByParagraph) {
    analysis::LanguageDetector detector;
    const std::string text = kPolish + "\n\n" + kPolish + "\n\n" + kPolish;
    const analysis::LanguageGuess guess = detector.detect(text);
    EXPECT_TRUE(guess.also_seen.empty());
    EXPECT_EQ(split_language_runs(text, "pl", guess, detector),
              (std::vector<LanguageRun>{{0, text.size(), "pl"}}));
    // A declared language other than the detected one is a reason to look.
    analysis::LanguageGuess english = guess;
    english.code = "en";
    const std::string mixed = kPolish + "\n\n" + kEnglish + "\n\n" + kPolish;
    EXPECT_EQ(split_language_runs(mixed, "pl", english, detector).size(), 3u);
}

TEST(LanguageRuns, BosnianCroatianSerbianParagraphsAreOneRun) {
    analysis::LanguageDetector detector;
    const std::string text = kCroatian + "\n\n" + kSerbian + "\n\n" + kCroatian;
    const std::vector<LanguageRun> runs = split_language_runs(text, "hr", detector);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0], (LanguageRun{0, text.size(), "hr"}));
    EXPECT_TRUE(other_languages(runs, "hr").empty());
}

TEST(LanguageRuns, ShortParagraphsFollowTheDocument) {
    analysis::LanguageDetector detector;
    // A short English paragraph is not detected on its own.
    const std::string text =
        kPolish + "\n\nSee also: regional development.\n\n" + kPolish + "\n\n" + kPolish;
    const std::vector<LanguageRun> runs = split_language_runs(text, "pl", detector);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].language, "pl");
    // Between two paragraphs of one language, a short one (a heading) goes with them.
    const std::string enclosed =
        kPolish + "\n\n" + kEnglish + "\n\nRegional policy\n\n" + kEnglish + "\n\n" + kPolish;
    const std::vector<LanguageRun> with_heading = split_language_runs(enclosed, "pl", detector);
    ASSERT_EQ(with_heading.size(), 3u);
    EXPECT_EQ(with_heading[1].language, "en");
    EXPECT_NE(
        enclosed.substr(with_heading[1].offset, with_heading[1].length).find("Regional policy"),
        std::string::npos);
}

TEST(LanguageRuns, ShortOrOneParagraphTextsAreNotSplit) {
    analysis::LanguageDetector detector;
    EXPECT_TRUE(split_language_runs("", "pl", detector).empty());
    const std::string one = kPolish + " " + kEnglish;
    EXPECT_EQ(split_language_runs(one, "pl", detector),
              (std::vector<LanguageRun>{LanguageRun{0, one.size(), "pl"}}));
    // Declared language wins for the document: an undetermined one stays so.
    const std::string two = kEnglish + "\n\n" + kEnglish;
    EXPECT_EQ(split_language_runs(two, "en", detector).size(), 1u);
}

}  // namespace
}  // namespace kb::classify
