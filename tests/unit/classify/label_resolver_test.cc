#include "kb/classify/label_resolver.h"

#include <filesystem>

#include <gtest/gtest.h>

namespace kb::classify {
namespace {

const std::filesystem::path kTaxonomy =
    std::filesystem::path(KB_TEST_DATA_DIR) / ".." / ".." / "corpus" / "taxonomy.xml";

TEST(LabelResolver, MapsIdsLabelsAndNamesInAnyLanguage) {
    LabelResolver r(std::make_shared<const Taxonomy>(Taxonomy::load(kTaxonomy)));
    static const struct {
        TaxonomyKind kind;
        const char* text;
        const char* id;
    } cases[] = {
        {TaxonomyKind::Topic, "youth-employment", "youth-employment"},
        {TaxonomyKind::Topic, "Youth employment", "youth-employment"},
        {TaxonomyKind::Topic, "YOUTH_EMPLOYMENT", "youth-employment"},
        {TaxonomyKind::Region, "BA-03", "BA-03"},
        {TaxonomyKind::Region, "tuzlanski kanton", "BA-03"},
        {TaxonomyKind::Region, "Тузлански кантон", "BA-03"},
        {TaxonomyKind::Region, "Beograd", "rs-beograd"},
        {TaxonomyKind::Region, "województwo lubuskie", "PL43"},
        {TaxonomyKind::Region, "wojewodztwo lubuskie", "PL43"},
        {TaxonomyKind::Type, "Practice report", "practice-report"},
    };
    for (const auto& c : cases) {
        const std::optional<std::string> id = r.resolve(c.kind, c.text);
        ASSERT_TRUE(id.has_value()) << c.text;
        EXPECT_EQ(*id, c.id) << c.text;
    }
    EXPECT_FALSE(r.resolve(TaxonomyKind::Topic, "podvodni ribolov").has_value());
    EXPECT_FALSE(r.resolve(TaxonomyKind::Region, "").has_value());
    // A region name is not a topic.
    EXPECT_FALSE(r.resolve(TaxonomyKind::Topic, "Beograd").has_value());
}

}  // namespace
}  // namespace kb::classify
