// libFuzzer target: the query language (QueryBuilder::parse, with the real Analyzer), and the
// query it builds run on a small glass index in a temporary folder, so that Xapian accepts every
// query the builder can make (a malformed one throws Xapian::InvalidArgumentError at match time).
// parse() documents that nothing the user types makes it fail: every exception is a bug.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

#include "kb/analysis/analyzer.h"
#include "kb/index/schema.h"
#include "kb/query/query_builder.h"

#include "fuzz_support.h"
#include "support/temp_dir.h"

namespace {

namespace schema = kb::index::schema;

// Built once: the Analyzer loads dictionaries on first use of a language.
struct Fixture {
    kb::analysis::Analyzer analyzer;
    kb::test::TempDir dir;  // removed at exit (libFuzzer exits normally unless it crashed)
    Xapian::WritableDatabase db{dir.path() / "index", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS};
    const std::vector<std::string> languages = {"pl", "sl", "hr", "en", "bg"};

    Fixture() {
        // A few documents indexed as kb-indexer does (folded terms with positions, stems,
        // title terms, facets), and the folded-form synonyms QueryBuilder looks up.
        const struct {
            const char* lang;
            const char* title;
            const char* text;
        } docs[] = {
            {"pl", "Sprawozdanie roczne", "Życie w regionach. Fundusze UE dla Małopolski."},
            {"sr", "Београд и регион", "Београд, Beograd: odliv mozgova i talenti."},
            {"sl", "Beg možganov", "Umetna inteligenca in veštačka inteligencija v regiji."},
            {"en", "Brain drain report", "Regional development and talent retention."},
        };
        for (const auto& d : docs) {
            Xapian::Document doc;
            for (const auto& t : analyzer.analyze(d.text, d.lang)) {
                doc.add_posting(t.folded, t.position);
                doc.add_boolean_term(std::string(schema::prefix::kStem) + t.stem);
                db.add_synonym(std::string(schema::synonym::kFoldedForm) + t.folded, t.stem);
            }
            for (const auto& t : analyzer.analyze(d.title, d.lang)) {
                doc.add_posting(std::string(schema::prefix::kTitle) + t.folded, t.position);
                doc.add_boolean_term(std::string(schema::prefix::kTitleStem) + t.stem);
            }
            doc.add_boolean_term(std::string(schema::prefix::kLanguage) + d.lang);
            doc.add_boolean_term(std::string(schema::prefix::kTopic) + "talent-retention");
            doc.add_boolean_term(std::string(schema::prefix::kRegion) + "SI");
            doc.add_boolean_term(std::string(schema::prefix::kType) + "report");
            db.add_document(doc);
        }
        db.commit();
    }
};

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the name libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Fixture fixture;
    kb::query::QueryBuilder builder(fixture.analyzer, &fixture.db);
    const kb::query::ParsedQuery parsed =
        builder.parse(kb::fuzz::as_bytes(data, size), fixture.languages);
    kb::fuzz::require(!parsed.has_positive || !parsed.query.empty(),
                      "a query with positive words is not empty");
    Xapian::Enquire enquire(fixture.db);
    enquire.set_query(parsed.query.empty() ? Xapian::Query::MatchAll : parsed.query);
    (void)enquire.get_mset(0, 10);
    (void)parsed.query.get_description();
    return 0;
}
