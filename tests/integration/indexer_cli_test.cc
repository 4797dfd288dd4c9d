#include <fstream>

#include <gtest/gtest.h>
#include <xapian.h>

#include "support/process.h"
#include "support/temp_dir.h"

namespace kb::test {
namespace {

const std::string kIndexer = KB_INDEXER_PATH;
const std::string kCorpus = KB_CORPUS_DIR;

void write(const std::filesystem::path& path, const std::string& content) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

TEST(IndexerCli, IndexesTheCorpusAndReRunsWithoutDuplicates) {
    TempDir dir;
    const std::string index = (dir / "idx").string();
    const ProcessResult first = run_process({kIndexer, "--index", index, kCorpus});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    Xapian::Database db(index);
    const Xapian::doccount count = db.get_doccount();
    EXPECT_GE(count, 65u);  // 5 seeds + at least 60 documents
    EXPECT_TRUE(db.term_exists("Qseeds/001_260d3d3c4cd1868a.txt"));

    const ProcessResult second = run_process({kIndexer, "--index", index, kCorpus});
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_NE(second.out.find("added=0"), std::string::npos) << second.out;
    db.reopen();
    EXPECT_EQ(db.get_doccount(), count);
}

TEST(IndexerCli, CorpusCoversTheRequiredLanguages) {
    TempDir dir;
    const std::string index = (dir / "idx").string();
    ASSERT_EQ(run_process({kIndexer, "--index", index, kCorpus}).exit_code, 0);
    Xapian::Database db(index);
    for (const char* lang : {"pl", "sl", "hr", "sr", "bs", "cs", "sk", "de", "en", "hu"}) {
        EXPECT_GE(db.get_termfreq(std::string("L") + lang), 3u) << lang;
    }
}

TEST(IndexerCli, BadFilesAreReportedAndTheRestIsIndexed) {
    TempDir dir;
    write(dir / "src/good.txt", "Dobra praksa v regiji Savinjska in mestu Velenje.\n");
    write(dir / "src/empty.txt", "");
    write(dir / "src/binary.txt", std::string("\x7f"
                                              "ELF\0\0\0binary",
                                              13));
    write(dir / "src/page.html",
          "<html lang=\"pl\"><title>Tytuł</title><p>Treść strony.</p></html>");
    write(dir / "src/ignored.pdf", "%PDF-1.4 not yet supported");
    const ProcessResult r =
        run_process({kIndexer, "--index", (dir / "idx").string(), (dir / "src").string()});
    EXPECT_EQ(r.exit_code, 65) << r.err;
    EXPECT_NE(r.err.find("empty.txt"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("binary.txt"), std::string::npos) << r.err;
    Xapian::Database db((dir / "idx").string());
    EXPECT_EQ(db.get_doccount(), 2u);
    EXPECT_TRUE(db.term_exists("Lpl"));
}

TEST(IndexerCli, AParagraphInAnotherLanguageGetsItsOwnStems) {
    TempDir dir;
    const std::string polish =
        "Komisja Europejska uruchomiła nową platformę dedykowaną wspieraniu talentów w "
        "regionach europejskich, w tym w tych, które zmagają się ze spadkiem liczby osób z "
        "wyższym wykształceniem. Samorządy województw mogą z niej korzystać bezpłatnie.";
    const std::string english =
        "The European Commission is funding a new platform dedicated to supporting talent in "
        "the regions of Europe, including those facing a decline in the number of people with "
        "higher education. Regional authorities can use it free of charge from next month.";
    write(dir / "src/mixed.txt", polish + "\n\n" + english + "\n\n" + polish + "\n");
    const ProcessResult r =
        run_process({kIndexer, "--index", (dir / "idx").string(), (dir / "src").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Xapian::Database db((dir / "idx").string());
    EXPECT_TRUE(db.term_exists("Lpl"));
    EXPECT_TRUE(db.term_exists("Zfund"));  // English stem of "funding"
    const std::string data = db.get_document(1).get_data();
    EXPECT_NE(data.find("\"languages\":[\"en\"]"), std::string::npos) << data;
}

TEST(IndexerCli, UsageAndMissingSourceExitCodes) {
    TempDir dir;
    EXPECT_EQ(run_process({kIndexer}).exit_code, 64);
    EXPECT_EQ(run_process({kIndexer, "--index", (dir / "i").string()}).exit_code, 64);
    EXPECT_EQ(run_process({kIndexer, "--bogus"}).exit_code, 64);
    const ProcessResult missing =
        run_process({kIndexer, "--index", (dir / "i").string(), (dir / "nope").string()});
    EXPECT_EQ(missing.exit_code, 66);
    EXPECT_NE(missing.err.find("nope"), std::string::npos);
    EXPECT_EQ(run_process({kIndexer, "--help"}).exit_code, 0);
}

TEST(IndexerCli, MalformedTaxonomyStopsWith78AndTheLine) {
    TempDir dir;
    write(dir / "src/a.txt", "Dobra praksa v regiji.\n");
    write(dir / "taxonomy.xml", "<taxonomy>\n  <topics>\n    <topic id=\"a\">\n  </topics>\n");
    const ProcessResult r = run_process({kIndexer, "--index", (dir / "idx").string(), "--taxonomy",
                                         (dir / "taxonomy.xml").string(), (dir / "src").string()});
    EXPECT_EQ(r.exit_code, 78) << r.err;
    EXPECT_NE(r.err.find("taxonomy.xml:"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "idx" / "gen-1")) << "nothing may be written";
}

TEST(IndexerCli, CannotCreateIndexExitCode) {
    TempDir dir;
    write(dir / "src/a.txt", "Some text to index here.");
    write(dir / "blocker", "a file where the index folder should be");
    const ProcessResult r =
        run_process({kIndexer, "--index", (dir / "blocker/idx").string(), (dir / "src").string()});
    EXPECT_TRUE(r.exit_code == 73 || r.exit_code == 74) << r.exit_code << r.err;
    EXPECT_NE(r.err.find("blocker"), std::string::npos) << r.err;
}

TEST(IndexerCli, AnalyzePrintsOneJsonObjectPerToken) {
    const ProcessResult r =
        run_process({kIndexer, "--analyze", "--lang", "sr"}, "Београд, Beograd!\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out,
              "{\"token\":\"Београд\",\"lang\":\"sr\",\"norm\":\"београд\",\"folded\":\"beograd\","
              "\"stem\":\"beograd\",\"position\":1,\"offset\":0}\n"
              "{\"token\":\"Beograd\",\"lang\":\"sr\",\"norm\":\"beograd\",\"folded\":\"beograd\","
              "\"stem\":\"beograd\",\"position\":2,\"offset\":16}\n");
    const ProcessResult detected =
        run_process({kIndexer, "--analyze"}, "The regions are developing their economies quickly.");
    EXPECT_NE(detected.out.find("\"lang\":\"en\""), std::string::npos);
    EXPECT_NE(detected.out.find("\"stem\":\"region\""), std::string::npos);
    EXPECT_EQ(run_process({kIndexer, "--analyze", "--lang", "1!"}, "x").exit_code, 64);
}

}  // namespace
}  // namespace kb::test
