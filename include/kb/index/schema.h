#pragma once

#include <string_view>

#include <xapian.h>

// The one place that says how kbsearch stores documents in Xapian: term prefixes, value
// slots, stored JSON fields and database metadata keys. Changing any of these changes the
// index format: bump kSchemaVersion.
namespace kb::index::schema {

// 2: date and year slots; 3: the order slot (slot::kOrder)
inline constexpr std::string_view kSchemaVersion = "3";

// Term prefixes (Omega conventions where one exists: Q id, L language, S title, Z stem).
namespace prefix {
inline constexpr std::string_view kId = "Q";          // unique id: the document's path
inline constexpr std::string_view kLanguage = "L";    // boolean filter, e.g. "Lpl"
inline constexpr std::string_view kStem = "Z";        // canonical (stemmed) body term
inline constexpr std::string_view kTitle = "S";       // folded title word, with positions
inline constexpr std::string_view kTitleStem = "ZS";  // canonical title term
inline constexpr std::string_view kTopic = "XT";      // boolean filter, e.g. "XTtalent-retention"
inline constexpr std::string_view kRegion = "XR";     // boolean filter: a region or an ancestor
inline constexpr std::string_view kType = "XY";       // boolean filter: the document type
}  // namespace prefix

// Synonym table keys (Xapian's synonyms, stored in the database).
namespace synonym {
// "F" + a word's folded form -> the stems (without prefix) of the words that fold to it and
// were written with diacritics or in Cyrillic, so that a query typed without diacritics,
// which no dictionary can lemmatise, still reaches their lemma (vestacka -> vestacki, as
// veštačka and вештачка are).
inline constexpr std::string_view kFoldedForm = "F";
}  // namespace synonym

// Value slots.
namespace slot {
inline constexpr Xapian::valueno kLanguage = 0;  // language code, for facet counts
// Where a document came from, for incremental runs (see IndexWriter::stored_sources).
inline constexpr Xapian::valueno kSourceRoot = 1;   // absolute source folder of the run
inline constexpr Xapian::valueno kSourceId = 2;     // the document id (path in that folder)
inline constexpr Xapian::valueno kSourceStat = 3;   // "size:mtime" of the file when indexed
inline constexpr Xapian::valueno kContentHash = 4;  // hash of the file's bytes
// Facet values for counting, several ids joined by kListSeparator.
inline constexpr Xapian::valueno kTopics = 5;
inline constexpr Xapian::valueno kRegions = 6;  // the regions and all their ancestors
inline constexpr Xapian::valueno kType = 7;
// The publication date as written, "YYYY", "YYYY-MM" or "YYYY-MM-DD": it sorts, and
// ranges over it filter (a partial date sorts before the full dates of its period).
inline constexpr Xapian::valueno kDate = 8;
inline constexpr Xapian::valueno kYear = 9;  // "YYYY", for the year facet
// The order of results, unique per document: the date as in kDate ("" if none), then
// kListSeparator and the id term. Date sorts sort by it (newest first) and relevance ties
// are broken by it, so that the order never depends on document ids, which differ between
// one index and the same documents split into shards (and after a --rebuild).
inline constexpr Xapian::valueno kOrder = 10;
}  // namespace slot

// Fields of the JSON object stored as document data.
namespace field {
inline constexpr std::string_view kId = "id";
inline constexpr std::string_view kTitle = "title";
inline constexpr std::string_view kLanguage = "lang";
inline constexpr std::string_view kScript = "script";
inline constexpr std::string_view kLanguageConfidence = "lang_confidence";
inline constexpr std::string_view kLanguageSource = "lang_source";
inline constexpr std::string_view kOtherLanguages = "languages";  // of paragraphs, not "lang"
inline constexpr std::string_view kFormat = "format";
inline constexpr std::string_view kPath = "path";
inline constexpr std::string_view kDescription = "description";
inline constexpr std::string_view kDate = "date";
inline constexpr std::string_view kUrl = "url";
inline constexpr std::string_view kType = "type";
inline constexpr std::string_view kTopics = "topics";
inline constexpr std::string_view kRegions = "regions";
inline constexpr std::string_view kAuthor = "author";
inline constexpr std::string_view kEncoding = "encoding";
inline constexpr std::string_view kText = "text";
inline constexpr std::string_view kBytes = "bytes";
inline constexpr std::string_view kIndexedAt = "indexed_at";
}  // namespace field

// Database metadata keys.
namespace metadata {
inline constexpr std::string_view kSchema = "kb.schema";
inline constexpr std::string_view kLastIndexTime = "kb.last_index_time";
// "kb.failed." + a hash of source root and id -> JSON {root, id, path, stat, reason}: a
// file that could not be indexed, not retried until it changes.
inline constexpr std::string_view kFailedPrefix = "kb.failed.";
// JSON written by kb-indexer from its taxonomy, so that kb-searchd needs no taxonomy file:
// {"topic": {id: {lang: label}}, "region": {...}, "type": {...}}
inline constexpr std::string_view kFacetLabels = "kb.facet_labels";
// The key of a label for any language without its own (a region's first name: "Zagreb").
inline constexpr std::string_view kAnyLanguageLabel = "*";
// JSON {region id: parent region id}, for the region facet tree.
inline constexpr std::string_view kRegionParents = "kb.region_parents";
}  // namespace metadata

// Separates the ids of a list-valued slot.
inline constexpr char kListSeparator = '\x1f';

// Xapian's hard limit for a term on disk (glass backend).
inline constexpr std::size_t kMaxTermBytes = 245;

// Gap between the title's positions and the body's, so that phrases never span both.
inline constexpr Xapian::termpos kBodyPositionGap = 100;

}  // namespace kb::index::schema
