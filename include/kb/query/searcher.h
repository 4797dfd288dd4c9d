#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace kb::classify {
class Taxonomy;
}

namespace kb::query {

// Limits of a search request; a request beyond them is rejected, not clipped.
inline constexpr unsigned kMaxPageSize = 100;
inline constexpr unsigned kMaxResultWindow = 10'000;  // page * size
// The library's own bound on a query; kb-searchd's (--max-query-bytes, 4096 by default) is
// lower.
inline constexpr std::size_t kMaxQueryBytes = 64 * 1024;

struct SearchRequest {
    std::string q;
    std::vector<std::string> languages;  // filter: any of these (OR); empty = all
    // Filters of the other facets ("topic", "region", "type"): any of the values of one
    // facet (OR), all facets (AND).
    std::map<std::string, std::vector<std::string>> filters;
    std::string ui_lang = "en";  // language of facet labels
    unsigned page = 1;           // 1-based
    unsigned size = 10;
    // Publication date range, inclusive: "YYYY", "YYYY-MM" or "YYYY-MM-DD" ("" = open).
    // A bound covers its whole period (date_to=2024 includes 2024-12-31); documents without
    // a date are left out when either bound is set.
    std::string date_from;
    std::string date_to;
    // Date: newest first (undated last). Ties, and equal scores, by schema::slot::kOrder:
    // newer first, then by id, the same in one index and in shards.
    enum class Sort { Relevance, Date } sort = Sort::Relevance;
    // Deep paging: the `next_cursor` of the previous page of the same query (q, filters,
    // dates, sort). The page after the cursor's last hit, at any depth; `page` is then
    // ignored. Malformed, or from another query: InputError("cursor").
    std::string cursor;
    // Time budget of the match in milliseconds (0 = none). When it runs out, the response
    // holds the best hits found so far and says `timed_out`.
    unsigned time_limit_ms = 0;
};

// The facets a search counts and filters, by API name. Searches also count "year"
// (publication years; filtered by date_from/date_to rather than by value).
inline constexpr const char* kFacetNames[] = {"lang", "topic", "region", "type"};

struct FacetValue {
    std::string value;
    std::string label;
    Xapian::doccount count = 0;
    std::string parent;  // region facet: the parent region's id, if it has one
};

struct Hit {
    std::string id;
    std::string title;
    std::string snippet;  // HTML: escaped text with <mark> around matches
    std::string lang;
    double score = 0.0;
    std::vector<std::string> topics;
    std::vector<std::string> regions;
    std::string type;
    std::string date;  // as stored ("YYYY", "YYYY-MM" or "YYYY-MM-DD"), or ""
    std::string url;
};

struct SearchResponse {
    Xapian::doccount total = 0;  // exact
    unsigned page = 1;
    unsigned size = 10;
    std::vector<Hit> hits;
    // Facet name -> values by descending count. Counts of a facet ignore that facet's own
    // filter, so a client can offer "add another language" with correct numbers.
    std::map<std::string, std::vector<FacetValue>> facets;
    bool query_relaxed = false;             // odd syntax was read as plain words
    bool match_any = false;                 // no document had every word; results have some of them
    std::vector<std::string> stop_words;    // query words left out of matching and ranking
    std::vector<std::string> query_topics;  // topics whose trigger words the query contains
    // "Did you mean": the query with its unknown or rare words replaced by the index's closest
    // common words (diacritic-folded), or "" when every word is fine.
    std::string suggestion;
    // The cursor of the next page (SearchRequest::cursor), "" after the last hit.
    std::string next_cursor;
    bool timed_out = false;  // the time limit cut the match short: hits and counts are partial
    double took_ms = 0.0;
};

// Completions for search as you type (GET /api/v1/suggest).
struct Suggestions {
    std::vector<std::pair<std::string, Xapian::doccount>> queries;  // completed query, docs
    std::vector<std::pair<std::string, std::string>> titles;        // title, document id
    double took_ms = 0.0;
};

// What an index holds (GET /api/v1/stats, /metrics).
struct IndexStats {
    Xapian::doccount documents = 0;
    std::vector<FacetValue> languages;  // by descending count
    // Unix seconds of kb-indexer's last commit; 0 unknown. Over shards, the oldest shard's
    // (a shard whose nightly run stopped shows).
    long long last_index_time = 0;
};

// A stored document, as given to API clients.
struct StoredDocument {
    std::string id;
    std::string title;
    std::string lang;
    std::string script;
    double lang_confidence = 0.0;
    std::string lang_source;
    std::string format;
    std::string description;
    std::uint64_t bytes = 0;
    std::int64_t indexed_at = 0;
    std::vector<std::string> topics;
    std::vector<std::string> regions;
    std::string type;
    std::string date;  // as stored, or ""
    std::string url;   // the source's address, or ""
    std::string text;
};

// How a Searcher is set up (beyond where its indexes are).
struct SearcherOptions {
    // With a taxonomy, a query whose words are trigger words of a topic in any language also
    // finds that topic's documents in every language, ranked after the documents that
    // contain the words (cross-language precedents: "brain drain" finds "beg možganov").
    std::shared_ptr<const classify::Taxonomy> taxonomy;
    // Remote shards: how long one answer of xapian-tcpsrv may take, and how long connecting
    // may take, in milliseconds.
    unsigned remote_timeout_ms = 10'000;
    unsigned remote_connect_timeout_ms = 5'000;
    // A connection to a remote shard is opened again when it is older than this (0: never):
    // xapian-tcpsrv keeps each connection on the generation it opened, so this is how soon
    // a kb-indexer --rebuild of a remote shard is searched.
    unsigned remote_reconnect_s = 60;
    // One local index: facet counts, the recency boost and the order of hits read the value
    // slots from columns in memory (lib/query/facet_columns.h: about 20 bytes per document,
    // shared by the process's Searchers, read again in the background after each commit)
    // instead of decoding them per document. Off: always from the slots; the same answers.
    bool facet_columns = true;
};

// Searches one index, or several as one (shards): each a kbsearch index directory, or a
// remote shard "tcp://HOST:PORT" served by Xapian's xapian-tcpsrv. A directory that is no
// index itself but holds shard-0, shard-1, ... (kb-indexer --shards N; as many as its
// kb-shards file says) stands for those shards. Totals, facet counts, the order of hits
// (ties included: schema::slot::kOrder), scores and paging are those of one index holding
// every shard's documents, with these exceptions:
//   - `prefix*` finds the same documents, but Xapian expands and weighs a wildcard per
//     database, so their scores and order may differ;
//   - remote shards: a query word typed without diacritics is not expanded through the
//     shards' synonym tables (Xapian 1.4's remote protocol carries none), so it finds only
//     the documents that have that very form; similar() weighs key terms by the statistics
//     of the shard that holds the document; the time budget (SearchRequest::time_limit_ms)
//     is Enquire::set_time_limit alone, which the shards apply too (a remote shard cannot
//     run a MatchDecider).
//
// Opens the databases read-only and reopens them at every call, so it sees each commit of
// kb-indexer (and each --rebuild switch, per local shard) without restarting. The indexes
// need not exist yet: until every one can be opened, every call throws IndexError (cheaply:
// the analysis objects are kept). A remote shard that is down is an IndexError too; the
// next call connects again, and a connection the server closed (xapian-tcpsrv's idle
// timeout) is opened again and the call retried once. A remote shard's commits are seen at
// once, its --rebuild switch once the connection is renewed (remote_reconnect_s).
// Thread safety: one instance per thread (it owns Xapian databases, remote connections and
// an Analyzer).
// Throws: InputError (source = parameter name) for invalid requests; IndexError when an
// index cannot be opened or read.
class Searcher {
public:
    explicit Searcher(const std::filesystem::path& index_directory,
                      std::shared_ptr<const classify::Taxonomy> taxonomy = nullptr);
    // Searches the indexes at `locations` (see check_index_location) as one.
    // Throws: ConfigError for a malformed location or none.
    Searcher(const std::vector<std::string>& locations, SearcherOptions options);
    ~Searcher();
    Searcher(const Searcher&) = delete;
    Searcher& operator=(const Searcher&) = delete;

    SearchResponse search(const SearchRequest& request);

    // The document with this id, or nullopt.
    std::optional<StoredDocument> document(std::string_view id);

    // Up to `size` precedents of document `id` in any language (see searcher.cc), or nullopt
    // if there is no such document. `total` is an estimate.
    // Throws: InputError("size") out of 1..kMaxPageSize; IndexError.
    std::optional<SearchResponse> similar(std::string_view id, unsigned size = 10);

    Xapian::doccount document_count();

    // Languages present in the index with their document counts.
    std::vector<FacetValue> languages();

    // What the index holds (over all shards): document count, languages, when kb-indexer
    // last committed.
    IndexStats stats();

    // Completions of what a user is typing (search as you type): the query with its last
    // word completed by the most frequent indexed words starting with it (diacritic-folded,
    // as queries may be typed), and titles whose words start with the typed ones. At most
    // `size` of each, best first. A last word under two letters gives none.
    // Throws: InputError("size") out of 1..20, InputError("q") over 200 bytes; IndexError.
    Suggestions suggest(std::string_view text, unsigned size = 8);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Checks one index location for Searcher: a directory path, or "tcp://HOST:PORT" (HOST a name,
// an IPv4 address or a bracketed IPv6 one; PORT 1..65535).
// Throws: ConfigError naming the location and what is wrong.
void check_index_location(std::string_view location);

// The locations of a comma-separated list ("a, tcp://h:9000"), trimmed, each checked.
// Throws: ConfigError for a malformed one, or for a list without any.
std::vector<std::string> parse_index_locations(std::string_view list);

// Name of a language facet value in the UI language `ui_lang` ("pl" -> "Polish"; in Polish
// "Polski"), from ICU's CLDR data; the English name or the code if ICU has none.
std::string language_label(std::string_view code, std::string_view ui_lang = "en");

}  // namespace kb::query
