#include "kb/ingest/repeated_line_filter.h"

#include <string>

#include <gtest/gtest.h>

namespace kb::ingest {
namespace {

std::string page(int i) {
    return "Portal Województwa Lubuskiego\nStrona główna\n\nArtykuł numer " + std::to_string(i) +
           " o rozwoju regionu.\n\nUrząd Marszałkowski, ul. Podgórna 7\n";
}

TEST(RepeatedLineFilter, FindsLinesInManyDocumentsOnly) {
    RepeatedLineFilter filter;
    for (int i = 0; i < 4; ++i) {
        filter.add_document(page(i));
    }
    // Four documents: below min_documents (5), nothing is repeated yet.
    EXPECT_FALSE(filter.is_repeated("Strona główna"));
    filter.add_document(page(4));
    EXPECT_EQ(filter.documents(), 5u);
    EXPECT_TRUE(filter.is_repeated("Strona główna"));
    // Trimmed, case- and diacritic-insensitive, with or without the line end.
    EXPECT_TRUE(filter.is_repeated("  STRONA GLOWNA \n"));
    EXPECT_TRUE(filter.is_repeated("Urząd Marszałkowski, ul.  Podgórna 7"));
    EXPECT_FALSE(filter.is_repeated("Artykuł numer 1 o rozwoju regionu."));
    EXPECT_FALSE(filter.is_repeated("Never seen"));
    EXPECT_EQ(filter.strip(page(2)), "Artykuł numer 2 o rozwoju regionu.\n");
    EXPECT_EQ(filter.strip("Nothing repeated\n\n"), "Nothing repeated\n\n");
}

TEST(RepeatedLineFilter, NeedsTheFractionOfDocumentsAndCountsOncePerDocument) {
    RepeatedLineFilter filter;
    // "Menu" in 5 of 20 documents: 25% < 30%.
    for (int i = 0; i < 20; ++i) {
        filter.add_document(i < 5 ? "Menu line\nText " + std::to_string(i) : "Text");
    }
    EXPECT_FALSE(filter.is_repeated("Menu line"));
    filter.add_document("Menu line");
    // 6 of 21: ceil(0.3 * 21) = 7 > 6.
    EXPECT_FALSE(filter.is_repeated("Menu line"));
    filter.add_document("Menu line");
    EXPECT_TRUE(filter.is_repeated("Menu line"));  // 7 of 22, ceil(6.6) = 7

    // A line repeated within one document counts once.
    RepeatedLineFilter once;
    once.add_document("Same line\nSame line\nSame line\nSame line\nSame line\nSame line");
    EXPECT_FALSE(once.is_repeated("Same line"));
}

TEST(RepeatedLineFilter, IgnoresVeryShortAndVeryLongLines) {
    RepeatedLineFilter filter;
    const std::string long_line(250, 'x');
    for (int i = 0; i < 10; ++i) {
        filter.add_document("ab\n" + long_line + "\nabc");
    }
    EXPECT_FALSE(filter.is_repeated("ab"));
    EXPECT_FALSE(filter.is_repeated(long_line));
    EXPECT_TRUE(filter.is_repeated("abc"));
    EXPECT_EQ(filter.strip("ab\nabc\n"), "ab\n");
}

TEST(RepeatedLineFilter, BoundsTheLinesItTracks) {
    RepeatedLineFilterOptions options;
    options.min_documents = 2;
    options.fraction = 0.0;
    options.max_tracked_lines = 4;
    RepeatedLineFilter filter(options);
    filter.add_document("Footer line");
    filter.add_document("Footer line");
    // Many unique lines: singletons are forgotten, the repeated footer stays.
    for (int i = 0; i < 100; ++i) {
        filter.add_document("Unique line " + std::to_string(i));
    }
    EXPECT_TRUE(filter.is_repeated("Footer line"));
    filter.add_document("New line here");
    filter.add_document("New line here");
    EXPECT_TRUE(filter.is_repeated("New line here"));

    // A bound of zero tracks nothing.
    options.max_tracked_lines = 0;
    RepeatedLineFilter none(options);
    none.add_document("Footer line");
    none.add_document("Footer line");
    EXPECT_FALSE(none.is_repeated("Footer line"));
}

}  // namespace
}  // namespace kb::ingest
