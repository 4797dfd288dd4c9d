#include "kb/analysis/stemmers.h"

#include <gtest/gtest.h>

#include "kb/analysis/analyzer.h"

namespace kb::analysis {
namespace {

// Inflected forms of one word must get one canonical term, in each script.
TEST(Stemmers, InflectedFormsShareOneTermPerLanguage) {
    Analyzer analyzer;
    static const struct {
        const char* lang;
        std::vector<std::string> forms;
        const char* term;
    } cases[] = {
        {"pl", {"regionach", "regionów", "region", "regiony"}, "region"},
        {"pl", {"uczenie", "uczenia", "uczeniu"}, "uczyc"},
        {"pl", {"roku", "rok", "rokiem", "lat"}, "rok"},
        {"pl", {"ma", "mamy", "miał", "mieć"}, "miec"},
        {"pl", {"województwa", "województwie"}, "wojewodztwo"},
        {"sl", {"mesta", "mestih", "mestu", "mesto"}, "mesto"},
        {"sl", {"ljudje", "človeka", "človek"}, "clovek"},
        {"sl", {"imamo", "imel", "imeti", "ima"}, "imeti"},
        {"hr", {"godina", "godinu", "godine"}, "godina"},
        {"hr", {"programa", "programima", "program"}, "program"},
        {"bs", {"projekta", "projektima"}, "projekt"},
        {"sr", {"пројекта", "projekta", "пројектима"}, "projekt"},
        {"sr", {"Београду", "Beogradu"}, "beograd"},
        {"cs", {"regionech", "regionů", "region"}, "region"},
        {"cs", {"městech", "města", "město"}, "mesto"},
        {"sk", {"regiónoch", "regiónov", "región"}, "region"},
        {"sk", {"mestách", "mesta", "mesto"}, "mesto"},
        {"bg", {"регионите", "региона", "регион"}, "регион"},
        {"bg", {"градове", "градовете", "град"}, "град"},
        {"hu", {"régiókban", "régiók", "régió"}, "regio"},
        {"ro", {"regiunilor", "regiunea", "regiune"}, "regiun"},
        {"en", {"regions", "region"}, "region"},
        {"de", {"Regionen", "Region"}, "region"},
    };
    for (const auto& c : cases) {
        for (const std::string& form : c.forms) {
            const auto tokens = analyzer.analyze(form, c.lang);
            ASSERT_EQ(tokens.size(), 1u) << form;
            EXPECT_EQ(tokens[0].stem, c.term) << c.lang << ": " << form;
        }
    }
}

TEST(Stemmers, UnknownWordsFallBack) {
    Stemmers stemmers;
    // Not in hr_HR: the Snowball Serbian stemmer still strips the case ending.
    EXPECT_EQ(stemmers.stem("hr", "talentmagnetima"), "talentmagnet");
    // Polish and Slovenian words no dictionary knows lose their inflectional ending.
    EXPECT_EQ(stemmers.stem("pl", "talentmagnet"), "talentmagnet");
    EXPECT_EQ(stemmers.stem("pl", "talentmagnetami"), "talentmagnet");
    EXPECT_EQ(stemmers.stem("sl", "talentmagnetih"), "talentmagnet");
    EXPECT_EQ(stemmers.stem("cs", "talentmagnetech"), "talentmagnetech");  // no stripper
    EXPECT_TRUE(stemmers.has_stemmer("pl"));
    EXPECT_TRUE(stemmers.has_stemmer("en"));
    EXPECT_FALSE(stemmers.has_stemmer("und"));
}

TEST(Stemmers, MissingDictionaryDirectoryDegradesToFallback) {
    Stemmers stemmers({"/nonexistent/hunspell", "/nonexistent/java"});
    EXPECT_FALSE(stemmers.has_stemmer("cs"));
    EXPECT_EQ(stemmers.stem("cs", "regionech"), "regionech");
    EXPECT_EQ(stemmers.stem("pl", "regionach"), "region");    // the suffix stripper remains
    EXPECT_EQ(stemmers.stem("sr", "programima"), "program");  // Snowball Serbian remains
}

}  // namespace
}  // namespace kb::analysis
