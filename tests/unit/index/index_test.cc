#include <gtest/gtest.h>

#include "kb/index/document_builder.h"
#include "kb/index/index_writer.h"
#include "kb/index/schema.h"
#include "kb/util/error.h"

#include "support/temp_dir.h"

namespace kb::index {
namespace {

IndexedDocument sample(const std::string& id) {
    IndexedDocument doc;
    doc.id = id;
    doc.title = "Rozwój regionów";
    doc.text = "Uczenie się przez całe życie w regionach.";
    doc.language = "pl";
    return doc;
}

TEST(DocumentBuilder, AddsIdLanguageFoldedAndStemTerms) {
    analysis::Analyzer analyzer;
    const Xapian::Document doc = build_document(sample("a/b.txt"), analyzer);
    std::set<std::string> terms;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        terms.insert(*it);
    }
    for (const char* expected : {"Qa/b.txt", "Lpl", "Srozwoj", "rozwoj", "regionach", "zycie",
                                 "Zzyc", "Zregion", "ZSregion", "Zuczyc"}) {
        EXPECT_TRUE(terms.contains(expected)) << expected;
    }
    EXPECT_EQ(doc.get_value(schema::slot::kLanguage), "pl");
    EXPECT_NE(doc.get_data().find("\"id\":\"a/b.txt\""), std::string::npos);
}

TEST(DocumentBuilder, EachLanguageRunGetsItsOwnStems) {
    analysis::Analyzer analyzer;
    IndexedDocument doc;
    doc.id = "mixed.txt";
    doc.language = "pl";
    const std::string polish = "Uczenie się przez całe życie w regionach.";
    const std::string english = "Funding for the regions.";
    doc.text = polish + "\n\n" + english;
    doc.language_runs = {classify::LanguageRun{0, polish.size() + 2, "pl"},
                         classify::LanguageRun{polish.size() + 2, english.size(), "en"}};
    const Xapian::Document xdoc = build_document(doc, analyzer);
    std::set<std::string> terms;
    for (auto it = xdoc.termlist_begin(); it != xdoc.termlist_end(); ++it) {
        terms.insert(*it);
    }
    // English stems for the English run, Polish lemmas for the Polish one.
    for (const char* expected : {"Zfund", "Zregion", "Zzyc", "Lpl", "regions", "regionach"}) {
        EXPECT_TRUE(terms.contains(expected)) << expected;
    }
    EXPECT_FALSE(terms.contains("Zfunding"));
    // Positions go on across runs: "regionach" (Polish, last word) before "funding".
    Xapian::termpos polish_last = 0;
    for (auto p = xdoc.termlist_begin(); p != xdoc.termlist_end(); ++p) {
        if (*p == "regionach") {
            polish_last = *p.positionlist_begin();
        }
    }
    auto funding = xdoc.termlist_begin();
    funding.skip_to("funding");
    ASSERT_EQ(*funding, "funding");
    EXPECT_EQ(*funding.positionlist_begin(), polish_last + 1);
    EXPECT_NE(xdoc.get_data().find("\"languages\":[\"en\"]"), std::string::npos) << xdoc.get_data();
}

TEST(DocumentBuilder, IdTermsFitXapiansLimitAndStayUnique) {
    const std::string long_a(600, 'a');
    const std::string long_b = std::string(599, 'a') + "b";
    EXPECT_LE(id_term(long_a).size(), schema::kMaxTermBytes);
    EXPECT_NE(id_term(long_a), id_term(long_b));
    EXPECT_EQ(id_term("x.txt"), "Qx.txt");
}

TEST(IndexWriter, ReplacesByIdAndLocksAgainstASecondWriter) {
    test::TempDir dir;
    analysis::Analyzer analyzer;
    {
        IndexWriter writer(dir / "idx");
        for (int round = 0; round < 2; ++round) {
            writer.put(id_term("one"), build_document(sample("one"), analyzer));
            writer.put(id_term("two"), build_document(sample("two"), analyzer));
        }
        EXPECT_TRUE(writer.contains(id_term("one")));
        try {
            IndexWriter second(dir / "idx");
            FAIL() << "second writer opened";
        } catch (const IndexError& e) {
            EXPECT_EQ(e.kind(), IndexError::Kind::Locked);
        }
        writer.remove(id_term("two"));
        writer.commit();
        EXPECT_EQ(writer.document_count(), 1u);
    }
    Xapian::Database db((dir / "idx").string());
    EXPECT_EQ(db.get_doccount(), 1u);
    EXPECT_EQ(db.get_metadata(std::string(schema::metadata::kSchema)), schema::kSchemaVersion);
    EXPECT_FALSE(db.get_metadata(std::string(schema::metadata::kLastIndexTime)).empty());
}

TEST(IndexWriter, UnwritableLocationIsAnIndexError) {
    EXPECT_THROW(IndexWriter("/proc/kb-cannot-write-here/idx"), IndexError);
}

}  // namespace
}  // namespace kb::index
