#include "analysis/apertium_analyser.h"

#include <algorithm>
#include <fstream>

#include <gtest/gtest.h>

#include "kb/util/error.h"

#include "support/temp_dir.h"

namespace kb::analysis {
namespace {

const char* const kSlovenian = "/usr/share/apertium/apertium-hbs-slv/slv-hbs.automorf.bin";

TEST(ApertiumAnalyser, GivesSlovenianLemmas) {
    auto sl = ApertiumAnalyser::get(kSlovenian);
    ASSERT_TRUE(sl) << kSlovenian << " is missing: tools/deps.sh installs apertium-hbs-slv";
    static const struct {
        const char* form;
        const char* lemma;
    } cases[] = {
        {"leto", "leto"},    {"mestih", "mesto"},        {"imamo", "imeti"},    {"imel", "imeti"},
        {"moral", "morati"}, {"ljudje", "človek"},       {"človeka", "človek"}, {"velika", "velik"},
        {"mesta", "mesto"},  {"ljubljani", "ljubljana"},
    };
    for (const auto& c : cases) {
        const std::vector<std::string> lemmas = sl->lemmas(c.form);
        EXPECT_EQ(choose_lemma(c.form, lemmas), c.lemma) << c.form;
    }
    const std::vector<std::string> leta = sl->lemmas("leta");  // leto, and let (a flight)
    EXPECT_NE(std::find(leta.begin(), leta.end(), "leto"), leta.end());
    EXPECT_TRUE(sl->lemmas("talentmagnetih").empty());
    EXPECT_TRUE(sl->lemmas("").empty());
    EXPECT_TRUE(sl->lemmas("^a/b<n>$").empty());       // stream syntax is not a word
    EXPECT_EQ(ApertiumAnalyser::get(kSlovenian), sl);  // loaded once
}

TEST(ApertiumAnalyser, GivesBcmsLemmasForWholeWordsOnly) {
    auto hbs = ApertiumAnalyser::get("/usr/share/apertium/apertium-hbs-eng/hbs-eng.automorf.bin");
    ASSERT_TRUE(hbs);
    EXPECT_EQ(choose_lemma("godine", hbs->lemmas("godine")), "godina");
    EXPECT_EQ(choose_lemma("gradovima", hbs->lemmas("gradovima")), "grad");
    // A prefix that is a word (a, b) is no analysis of the whole word.
    for (const char* w : {"agenti", "bar", "bod"}) {
        for (const std::string& lemma : hbs->lemmas(w)) {
            EXPECT_GE(lemma.size(), 3u) << w << " -> " << lemma;
        }
    }
}

TEST(ApertiumAnalyser, MissingOrBrokenFiles) {
    EXPECT_EQ(ApertiumAnalyser::get("/nonexistent/slv-hbs.automorf.bin"), nullptr);
    test::TempDir dir;
    const auto bad = dir / "bad.automorf.bin";
    std::ofstream(bad) << "this is not a transducer";
    // lttoolbox cannot tell every non-transducer: such a file must fail or know no word.
    try {
        ApertiumAnalyser broken(bad);
        EXPECT_TRUE(broken.lemmas("mesta").empty());
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("bad.automorf.bin"), std::string::npos);
    }
}

TEST(ApertiumAnalyser, ParsesAnalyses) {
    const auto r = parse_apertium_analysis("^leta/let<n><mi>/leto<n><nt><sg>$");
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].first, "let");
    EXPECT_EQ(r[1].first, "leto");
    EXPECT_EQ(r[1].second, "n");
    EXPECT_TRUE(parse_apertium_analysis("^xyz/*xyz$").empty());
    EXPECT_TRUE(parse_apertium_analysis("").empty());
    EXPECT_TRUE(parse_apertium_analysis("^unterminated/a<n>").empty());
    EXPECT_EQ(parse_apertium_analysis("^a/b# c<vblex>$")[0].first, "b");
}

}  // namespace
}  // namespace kb::analysis
