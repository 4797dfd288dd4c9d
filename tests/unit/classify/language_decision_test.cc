#include "kb/classify/language_decision.h"

#include <gtest/gtest.h>

namespace kb::classify {
namespace {

TEST(LanguageDecision, MetadataThenDeclaredThenDetected) {
    analysis::LanguageGuess detected;
    detected.code = "hr";
    detected.script = "Latn";
    detected.confidence = 0.6;

    const LanguageDecision from_metadata = decide_language("bs", "hr", detected);
    EXPECT_EQ(from_metadata.code, "bs");
    EXPECT_EQ(from_metadata.source, LanguageSource::Metadata);

    const LanguageDecision declared = decide_language("", "sr-Latn", detected);
    EXPECT_EQ(declared.code, "sr");
    EXPECT_EQ(declared.source, LanguageSource::Declared);
    EXPECT_EQ(declared.script, "Latn");

    const LanguageDecision bad_declaration = decide_language("", "x-default", detected);
    EXPECT_EQ(bad_declaration.code, "hr");
    EXPECT_EQ(bad_declaration.source, LanguageSource::Detected);
    EXPECT_DOUBLE_EQ(bad_declaration.confidence, 0.6);

    const LanguageDecision unknown = decide_language("", "", analysis::LanguageGuess{});
    EXPECT_EQ(unknown.code, "und");
    EXPECT_EQ(to_string(unknown.source), "unknown");
}

}  // namespace
}  // namespace kb::classify
