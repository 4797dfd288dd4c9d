#include "analysis/morfologik_dictionary.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "kb/util/error.h"

namespace kb::analysis {
namespace {

const char* const kPolishJar = "/usr/share/java/morfologik-polish.jar";
const char* const kPolishEntry = "morfologik/stemming/polish/polish.dict";

std::shared_ptr<MorfologikDictionary> polish() {
    auto dictionary = MorfologikDictionary::get(kPolishJar, kPolishEntry);
    if (!dictionary) {
        ADD_FAILURE() << kPolishJar << " is missing: tools/deps.sh installs it";
    }
    return dictionary;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(MorfologikDictionary, GivesPolishLemmas) {
    auto pl = polish();
    ASSERT_TRUE(pl);
    static const struct {
        const char* form;
        const char* lemma;
    } cases[] = {
        {"regionach", "region"},
        {"regionów", "region"},
        {"województwa", "województwo"},
        {"rozwoju", "rozwój"},
        {"jest", "być"},
        {"będą", "być"},
        {"ma", "mieć"},
        {"mamy", "mieć"},
        {"miał", "mieć"},
        {"nowa", "nowy"},
        {"lubuskiego", "lubuski"},
        {"warszawie", "warszawa"},
        {"uczenia", "uczyć"},
        {"przedsiębiorstw", "przedsiębiorstwo"},
    };
    for (const auto& c : cases) {
        const std::vector<std::string> lemmas = pl->lemmas(c.form);
        EXPECT_TRUE(contains(lemmas, c.lemma)) << c.form << " -> " << c.lemma;
        EXPECT_EQ(choose_lemma(c.form, lemmas), c.lemma) << c.form;
    }
    EXPECT_TRUE(pl->lemmas("talentmagnetami").empty());
    EXPECT_TRUE(pl->lemmas("").empty());
    EXPECT_EQ(MorfologikDictionary::get(kPolishJar, kPolishEntry), pl);  // loaded once
}

TEST(MorfologikDictionary, MissingJarIsNotAnError) {
    EXPECT_EQ(MorfologikDictionary::get("/nonexistent/morfologik-polish.jar", kPolishEntry),
              nullptr);
}

TEST(MorfologikDictionary, RejectsWhatIsNotADictionary) {
    const std::string info = "fsa.dict.separator=;\nfsa.dict.encoding=UTF-8\n";
    EXPECT_THROW(MorfologikDictionary("x", "not an automaton", info), ConfigError);
    EXPECT_THROW(MorfologikDictionary("x", std::string("\\fsa\x05\x00\x07\x00", 8) + "....", info),
                 ConfigError);  // FSA5, not CFSA2
    EXPECT_THROW(MorfologikDictionary("x", "\\fsa", info), ConfigError);
    EXPECT_THROW(MorfologikDictionary("x", std::string("\\fsa\xc6\x00\x07\x00", 8) + "....",
                                      "fsa.dict.encoding=ISO-8859-2\n"),
                 ConfigError);
}

TEST(MorfologikDictionary, TruncatedAutomatonFailsCleanly) {
    auto pl = polish();
    ASSERT_TRUE(pl);
    // The first 64 KB of the real automaton: lookups run off its end and must throw, not
    // read out of bounds.
    const std::string info =
        "fsa.dict.separator=;\nfsa.dict.encoding=UTF-8\nfsa.dict.encoder=PREFIX\n";
    std::string head = pl->automaton_for_tests().substr(0, 65536);
    MorfologikDictionary truncated("truncated", head, info);
    for (const char* word : {"regionach", "zażółć", "a", "województwa"}) {
        try {
            (void)truncated.lemmas(word);
        } catch (const InternalError&) {
        }
    }
}

TEST(ChooseLemma, IsDeterministic) {
    EXPECT_EQ(choose_lemma("projekta", {"projektati", "projekat", "projekt"}), "projekt");
    EXPECT_EQ(choose_lemma("roku", {"roku", "rok"}), "rok");
    EXPECT_EQ(choose_lemma("x", {}), "");
    EXPECT_EQ(choose_lemma("ab", {"ac", "ab"}), "ab");
}

}  // namespace
}  // namespace kb::analysis
