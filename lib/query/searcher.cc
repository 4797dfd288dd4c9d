#include "kb/query/searcher.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>
#include <fstream>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "kb/analysis/analyzer.h"
#include "kb/analysis/language.h"
#include "kb/classify/classifier.h"
#include "kb/index/document_builder.h"
#include "kb/index/index_layout.h"
#include "kb/index/schema.h"
#include "kb/query/query_builder.h"
#include "kb/query/snippet.h"
#include "kb/util/error.h"
#include "kb/util/utf8.h"

#include "column_weight_source.h"
#include "facet_columns.h"
#include "facet_spy.h"
#include "match_deadline.h"
#include "multi_select_decider.h"
#include "order_key_maker.h"
#include "result_cursor.h"
#include "spelling.h"
#include "stored_fields.h"

namespace kb::query {
namespace {

namespace schema = index::schema;
using Clock = std::chrono::steady_clock;

// The weight of a document that matches the query only through its topic: below what a
// document containing the query words gets from BM25 (typically 2-10 here).
constexpr double kTopicMatchWeight = 0.5;

std::string_view facet_prefix(std::string_view facet) {
    if (facet == "topic") {
        return schema::prefix::kTopic;
    }
    if (facet == "region") {
        return schema::prefix::kRegion;
    }
    if (facet == "type") {
        return schema::prefix::kType;
    }
    return schema::prefix::kLanguage;
}

// The slots read into FacetColumns: the facets' and the year's (counts, recency boost).
constexpr Xapian::valueno kColumnSlots[] = {schema::slot::kLanguage, schema::slot::kTopics,
                                            schema::slot::kRegions,  schema::slot::kType,
                                            schema::slot::kYear,     schema::slot::kDate};

Xapian::valueno facet_slot(std::string_view facet) {
    if (facet == "topic") {
        return schema::slot::kTopics;
    }
    if (facet == "region") {
        return schema::slot::kRegions;
    }
    if (facet == "type") {
        return schema::slot::kType;
    }
    return schema::slot::kLanguage;
}

// The bounds of a request's date range over the date slot, both included. An upper bound
// covers its whole period: "2024-03" ends at "2024-03\xff".
std::pair<std::string, std::string> date_bounds(const SearchRequest& request) {
    return {request.date_from.empty() ? std::string("0") : request.date_from,
            request.date_to.empty() ? std::string("\xff") : request.date_to + "\xff"};
}

// The date range of a request as a Xapian value range over the date slot, or an empty
// query for none.
Xapian::Query date_range(const SearchRequest& request) {
    if (request.date_from.empty() && request.date_to.empty()) {
        return {};
    }
    const auto [from, to] = date_bounds(request);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::slot::kDate, from, to);
}

constexpr double kRecencyBoost = 0.3;
constexpr int kRecencyYears = 10;

int current_year() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    return utc.tm_year + 1900;
}

constexpr std::string_view kRemoteScheme = "tcp://";

struct RemoteAddress {
    std::string host;
    unsigned port = 0;
};

// The host and port of "tcp://HOST:PORT", or nullopt for a location of another form.
// Throws: ConfigError for a malformed tcp:// location.
std::optional<RemoteAddress> remote_address(std::string_view location) {
    if (!location.starts_with(kRemoteScheme)) {
        return std::nullopt;
    }
    const auto bad = [&](std::string_view why) {
        return ConfigError(std::string(location) + ": " + std::string(why) +
                           " (expected tcp://HOST:PORT)");
    };
    const std::string_view rest = location.substr(kRemoteScheme.size());
    std::string_view host;
    std::string_view port;
    if (rest.starts_with('[')) {
        const std::size_t close = rest.find(']');
        if (close == std::string_view::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
            throw bad("malformed bracketed IPv6 address");
        }
        host = rest.substr(1, close - 1);
        port = rest.substr(close + 2);
    } else {
        const std::size_t colon = rest.rfind(':');
        if (colon == std::string_view::npos) {
            throw bad("no port");
        }
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
        if (host.find(':') != std::string_view::npos) {
            throw bad("an IPv6 address must be in brackets");
        }
    }
    if (host.empty() || host.find_first_of("/?#@ \t[]") != std::string_view::npos) {
        throw bad("no host name or address");
    }
    unsigned number = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || number < 1 ||
        number > 65535) {
        throw bad("the port must be 1..65535");
    }
    return RemoteAddress{std::string(host), number};
}

// A directory written by kb-indexer --shards N: DIR/shard-0 .. DIR/shard-(N-1), each an
// index directory, and N in DIR/kb-shards.
constexpr std::string_view kShardPrefix = "shard-";
constexpr std::string_view kShardCountFile = "kb-shards";
constexpr std::size_t kMaxShards = 1024;

// The databases `locations` stand for, in order: each remote shard and index directory
// itself, and for a directory of shards its shards (as many as its kb-shards file says, so
// that a missing one is an error rather than documents silently left out; without that
// file, shard-0, shard-1, ... as long as they exist).
std::vector<std::string> expand_locations(const std::vector<std::string>& locations) {
    namespace fs = std::filesystem;
    std::vector<std::string> out;
    const auto shard = [](const fs::path& dir, std::size_t k) {
        return dir / (std::string(kShardPrefix) + std::to_string(k));
    };
    for (const std::string& location : locations) {
        const fs::path dir(location);
        std::error_code ec;
        if (location.starts_with(kRemoteScheme) || index::has_generations(dir) ||
            fs::exists(dir / "iamglass", ec)) {
            out.push_back(location);
            continue;
        }
        std::size_t count = 0;
        if (std::ifstream in(dir / kShardCountFile);
            in >> count && count > 0 && count <= kMaxShards) {
            for (std::size_t k = 0; k < count; ++k) {
                out.push_back(shard(dir, k).string());
            }
            continue;
        }
        for (std::size_t k = 0; k < kMaxShards && fs::is_directory(shard(dir, k), ec); ++k) {
            out.push_back(shard(dir, k).string());
            ++count;
        }
        if (count == 0) {
            out.push_back(location);  // not there yet, or no index: opening it says so
        }
    }
    return out;
}

// One database of a Searcher: an index directory, or a remote shard.
struct Shard {
    std::string location;                 // the directory, or "tcp://HOST:PORT"
    std::optional<RemoteAddress> remote;  // set for a remote shard
    Xapian::Database db;
    std::string stub;             // a directory's index::stub_signature when db was opened
    Clock::time_point connected;  // a remote shard's connection was opened
};

// The first schema version with slot::kOrder.
constexpr int kFirstOrderedSchema = 3;

// A schema version ("3") as a number; 0 for none or a malformed one.
int schema_number(std::string_view version) {
    int number = 0;
    const auto [end, ec] = std::from_chars(version.data(), version.data() + version.size(), number);
    return ec == std::errc() && end == version.data() + version.size() ? number : 0;
}

}  // namespace

std::string language_label(std::string_view code, std::string_view ui_lang) {
    if (code == "und" && ui_lang == "en") {
        return "Undetermined";
    }
    // ICU's CLDR names of languages in the UI language ("hr" in Polish: "chorwacki"),
    // capitalised as a label that starts a line.
    const icu::Locale ui(std::string(ui_lang).c_str());
    icu::UnicodeString name;
    const icu::Locale language(std::string(code).c_str());
    language.getDisplayLanguage(ui, name);
    std::string out;
    // ICU gives the code back when it has no name for it.
    if (!name.isBogus() && !name.isEmpty() &&
        name != icu::UnicodeString::fromUTF8(language.getLanguage())) {
        const int32_t first = name.moveIndex32(0, 1);
        icu::UnicodeString initial = name.tempSubString(0, first);
        initial.toTitle(nullptr, ui);
        name.replace(0, first, initial);
        name.toUTF8String(out);
        return out;
    }
    const analysis::LanguageInfo* info = analysis::find_language(code);
    return info != nullptr ? std::string(info->english_name) : std::string(code);
}

void check_index_location(std::string_view location) {
    if (location.empty()) {
        throw ConfigError("an index location is empty");
    }
    if (remote_address(location)) {
        return;
    }
    if (location.find("://") != std::string_view::npos) {
        throw ConfigError(std::string(location) +
                          ": not an index location (a directory, or tcp://HOST:PORT)");
    }
}

std::vector<std::string> parse_index_locations(std::string_view list) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= list.size()) {
        std::size_t end = list.find(',', start);
        if (end == std::string_view::npos) {
            end = list.size();
        }
        std::string_view item = list.substr(start, end - start);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) {
            item.remove_prefix(1);
        }
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) {
            item.remove_suffix(1);
        }
        if (!item.empty()) {
            check_index_location(item);
            out.emplace_back(item);
        }
        start = end + 1;
    }
    if (out.empty()) {
        throw ConfigError("no index location");
    }
    return out;
}

struct Searcher::Impl {
    std::vector<std::string> locations;  // as configured (checked)
    SearcherOptions options;
    std::vector<Shard> shards;  // what `locations` stood for when db was opened
    Xapian::Database db;        // every shard's database
    bool has_remote = false;    // a shard is remote: no MatchDecider, spies only in REL matches
    bool ordered = false;       // every shard has slot::kOrder (schema 3 or later)
    // kb-searchd has a Searcher per worker thread: small word caches keep its memory flat
    // over days of queries and snippets (500,000 words per language and step could take
    // hundreds of MB per thread); queries repeat few words.
    analysis::Analyzer analyzer{analysis::AnalyzerOptions{.max_cached_words = 4'000}};
    std::vector<std::string> index_languages;  // candidate languages of query words

    bool opened = false;

    // Whether a remote shard's connection is due to be opened again (SearcherOptions).
    bool stale(const Shard& shard, Clock::time_point now) const {
        return shard.remote && options.remote_reconnect_s > 0 &&
               now - shard.connected > std::chrono::seconds(options.remote_reconnect_s);
    }

    // Opens the databases at `leaves` (expand_locations()) as one. A remote shard's
    // connection is kept when the previous open went well and it is not stale(), since a
    // local shard's switch is no reason to connect again.
    void open(const std::vector<std::string>& leaves) {
        const bool keep_connections = opened;
        const Clock::time_point now = Clock::now();
        opened = false;
        std::vector<Shard> fresh;
        Xapian::Database combined;
        for (const std::string& leaf : leaves) {
            Shard shard;
            shard.location = leaf;
            shard.remote = remote_address(leaf);
            try {
                const auto old = std::find_if(shards.begin(), shards.end(),
                                              [&](const Shard& s) { return s.location == leaf; });
                if (shard.remote && keep_connections && old != shards.end() && !stale(*old, now)) {
                    shard.db = old->db;
                    shard.connected = old->connected;
                } else if (shard.remote) {
                    shard.db = Xapian::Remote::open(shard.remote->host, shard.remote->port,
                                                    options.remote_timeout_ms,
                                                    options.remote_connect_timeout_ms);
                    shard.connected = now;
                } else {
                    shard.stub = index::stub_signature(leaf);
                    shard.db = Xapian::Database(leaf);
                }
            } catch (const Xapian::Error& e) {
                throw IndexError(IndexError::Kind::Open,
                                 leaf + ": cannot open index: " + e.get_description());
            }
            combined.add_database(shard.db);
            fresh.push_back(std::move(shard));
        }
        shards = std::move(fresh);
        db = combined;
        has_remote = std::any_of(shards.begin(), shards.end(),
                                 [](const Shard& s) { return s.remote.has_value(); });
        try {
            refresh_index_metadata();
        } catch (const Xapian::Error& e) {
            throw IndexError(IndexError::Kind::Open,
                             "cannot read the index metadata: " + e.get_description());
        }
        opened = true;
    }
    std::optional<classify::Classifier> classifier;  // for topics_for_query; uses analyzer

    // Topics whose trigger words the query text contains, in any candidate language.
    std::vector<std::string> query_topics(const std::string& text,
                                          const std::vector<std::string>& languages) {
        std::set<std::string> topics;
        if (!classifier || text.empty()) {
            return {};
        }
        for (const std::string& lang : languages) {
            std::vector<std::string> stems;
            for (const analysis::Token& t : analyzer.analyze(text, lang)) {
                stems.push_back(t.stem);
            }
            for (std::string& id : classifier->topics_for_query(stems)) {
                topics.insert(std::move(id));
            }
        }
        return {topics.begin(), topics.end()};
    }

    nlohmann::json labels;                              // schema::metadata::kFacetLabels
    std::map<std::string, std::string> region_parents;  // schema::metadata::kRegionParents

    // Values by descending count, labelled in `ui_lang` (English, then the id, as fallback).
    std::vector<FacetValue> facet_values(const std::string& facet,
                                         const std::map<std::string, Xapian::doccount>& counts,
                                         const std::string& ui_lang) const {
        std::vector<FacetValue> values;
        for (const auto& [value, count] : counts) {
            FacetValue v{value, value, count, {}};
            if (facet == "lang") {
                v.label = language_label(value, ui_lang);
            } else if (const auto by_id = labels.find(facet);
                       by_id != labels.end() && by_id->is_object()) {
                if (const auto names = by_id->find(value);
                    names != by_id->end() && names->is_object()) {
                    // The UI language, else English, else the region's own name.
                    v.label = names->value(
                        ui_lang,
                        names->value(
                            "en",
                            names->value(std::string(schema::metadata::kAnyLanguageLabel), value)));
                }
            }
            if (facet == "region") {
                if (const auto parent = region_parents.find(value);
                    parent != region_parents.end() && counts.count(parent->second) != 0) {
                    v.parent = parent->second;
                }
            }
            values.push_back(std::move(v));
        }
        std::sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
            return a.count != b.count ? a.count > b.count : a.value < b.value;
        });
        return values;
    }

    // Labels and the region tree are written by kb-indexer into each shard from the same
    // taxonomy; merged, so that one shard's missing or older copy loses nothing. (Xapian reads
    // metadata of a combined database from its first database only.)
    void refresh_index_metadata() {
        labels = nlohmann::json::object();
        region_parents.clear();
        ordered = true;
        for (const Shard& shard : shards) {
            const nlohmann::json shard_labels = nlohmann::json::parse(
                shard.db.get_metadata(std::string(schema::metadata::kFacetLabels)), nullptr, false);
            if (shard_labels.is_object()) {
                for (const auto& [facet, by_id] : shard_labels.items()) {
                    if (!by_id.is_object()) {
                        continue;
                    }
                    nlohmann::json& merged = labels[facet];
                    for (const auto& [id, names] : by_id.items()) {
                        if (!merged.contains(id)) {
                            merged[id] = names;
                        }
                    }
                }
            }
            const nlohmann::json parents = nlohmann::json::parse(
                shard.db.get_metadata(std::string(schema::metadata::kRegionParents)), nullptr,
                false);
            if (parents.is_object()) {
                for (const auto& [id, parent] : parents.items()) {
                    if (parent.is_string()) {
                        region_parents.emplace(id, parent.get<std::string>());
                    }
                }
            }
            if (shard.db.get_doccount() > 0 &&
                schema_number(shard.db.get_metadata(std::string(schema::metadata::kSchema))) <
                    kFirstOrderedSchema) {
                ordered = false;  // an index kb-indexer has not rebuilt yet: no slot::kOrder
            }
        }
        index_languages.clear();
        const std::string prefix(schema::prefix::kLanguage);
        for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
            index_languages.push_back((*it).substr(prefix.size()));
        }
    }

    void reopen() {
        const std::vector<std::string> leaves = expand_locations(locations);
        const Clock::time_point now = Clock::now();
        bool changed = !opened || leaves.size() != shards.size();
        for (std::size_t i = 0; !changed && i < leaves.size(); ++i) {
            // A rebuild switches a stub to a new generation, which reopen() would not see.
            changed = leaves[i] != shards[i].location || stale(shards[i], now) ||
                      (!shards[i].remote && index::stub_signature(leaves[i]) != shards[i].stub);
        }
        if (changed) {
            open(leaves);
            return;
        }
        if (db.reopen()) {
            refresh_index_metadata();
        }
    }

    // Runs `fn` and, if the index changed under it, reopens and runs it once more
    // (Xapian's documented recovery for DatabaseModifiedError); if a remote shard's
    // connection failed (xapian-tcpsrv closes idle ones), connects again and runs it once
    // more. Any other Xapian error reopens everything at the next call.
    template <typename Fn>
    auto with_retry(Fn fn) -> decltype(fn()) {
        for (int attempt = 1;; ++attempt) {
            try {
                reopen();
                return fn();
            } catch (const Xapian::DatabaseModifiedError& e) {
                if (attempt > 1) {
                    opened = false;
                    throw IndexError(IndexError::Kind::Open,
                                     "index read failed: " + e.get_description());
                }
            } catch (const Xapian::NetworkError& e) {
                opened = false;
                if (attempt > 1) {
                    throw IndexError(IndexError::Kind::Open,
                                     "remote shard failed: " + e.get_description());
                }
            } catch (const Xapian::Error& e) {
                opened = false;
                throw IndexError(IndexError::Kind::Open,
                                 "index read failed: " + e.get_description());
            }
        }
    }

    SearchResponse run(const SearchRequest& request, const std::optional<ResultCursor>& cursor);

    // The languages of the index (its language terms) with their document counts.
    std::vector<FacetValue> language_counts() const {
        std::vector<FacetValue> values;
        const std::string prefix(schema::prefix::kLanguage);
        for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
            const std::string code = (*it).substr(prefix.size());
            values.push_back(FacetValue{code, language_label(code), it.get_termfreq(), {}});
        }
        return values;
    }

    // The words of the index for spelling suggestions, shared with the other Searchers of
    // these locations; rebuilt in the background with a database handle of its own.
    std::shared_ptr<const SpellingIndex> shared_words() const {
        std::string key;
        for (const std::string& location : locations) {
            key += location;
            key += '\n';
        }
        return SharedSpelling::get(key, db, [locations = locations, options = options] {
            Xapian::Database combined;
            for (const std::string& leaf : expand_locations(locations)) {
                if (const std::optional<RemoteAddress> remote = remote_address(leaf)) {
                    combined.add_database(Xapian::Remote::open(remote->host, remote->port,
                                                               options.remote_timeout_ms,
                                                               options.remote_connect_timeout_ms));
                } else {
                    combined.add_database(Xapian::Database(leaf));
                }
            }
            return combined;
        });
    }

    // The facet columns of the one local database, if they are of its current revision
    // (SharedFacetColumns); nullptr for shards, a remote shard, or while they are built.
    // Kept here too, so that a search takes no lock of the shared registry while the index
    // stays as it is.
    std::shared_ptr<const FacetColumns> facet_columns() {
        if (!options.facet_columns || shards.size() != 1 || has_remote) {
            return nullptr;
        }
        if (cached_columns && cached_columns->revision() == FacetColumns::revision_of(db)) {
            return cached_columns;
        }
        const std::string location = shards.front().location;
        cached_columns = SharedFacetColumns::get(location, db, kColumnSlots, schema::slot::kOrder,
                                                 [location] { return Xapian::Database(location); });
        return cached_columns;
    }
    std::shared_ptr<const FacetColumns> cached_columns;  // what facet_columns() last gave

    // The query with each unknown or rare word replaced by spelling_suggestion(), or "".
    // Field names ("title:"), OR/AND and numbers are left alone.
    std::string suggest_spelling(const std::string& q) {
        std::shared_ptr<const SpellingIndex> words;  // taken when a word needs it
        std::string out;
        std::size_t copied = 0;
        bool changed = false;
        for (const analysis::Token& t : analyzer.segment(q)) {
            const std::size_t end = t.offset + t.text.size();
            if (t.is_number || t.text == "OR" || t.text == "AND" ||
                (end < q.size() && q[end] == ':')) {
                continue;
            }
            const std::string folded = analyzer.forms(t.norm, "und").folded;
            if (db.get_termfreq(std::string(schema::prefix::kTitle) + folded) > 0) {
                continue;  // a title word
            }
            if (!words) {
                words = shared_words();
            }
            if (const std::optional<std::string> better = spelling_suggestion(*words, db, folded)) {
                out.append(q, copied, t.offset - copied);
                out += *better;
                copied = end;
                changed = true;
            }
        }
        if (!changed) {
            return {};
        }
        out.append(q, copied, std::string::npos);
        return out;
    }
    std::optional<SearchResponse> similar(std::string_view id, unsigned size);

    void add_hits(const Xapian::MSet& mset,
                  const HighlightTerms& highlight,
                  SearchResponse& response) {
        add_hits(mset.begin(), mset.end(), highlight, response);
    }
    void add_hits(Xapian::MSetIterator begin,
                  const Xapian::MSetIterator& end,
                  const HighlightTerms& highlight,
                  SearchResponse& response) {
        for (auto it = begin; it != end; ++it) {
            const std::string stored = it.get_document().get_data();
            const std::optional<StoredFields> data = StoredFields::parse(stored);
            Hit hit;
            hit.score = it.get_weight();
            if (data) {
                hit.id = data->string(schema::field::kId);
                hit.title = data->string(schema::field::kTitle);
                hit.lang = data->string(schema::field::kLanguage);
                hit.snippet =
                    make_snippet(data->string(schema::field::kText), hit.lang, highlight, analyzer);
                hit.topics = data->list(schema::field::kTopics);
                hit.regions = data->list(schema::field::kRegions);
                hit.type = data->string(schema::field::kType);
                hit.date = data->string(schema::field::kDate);
                hit.url = data->string(schema::field::kUrl);
            }
            response.hits.push_back(std::move(hit));
        }
    }
};

Searcher::Searcher(const std::filesystem::path& index_directory,
                   std::shared_ptr<const classify::Taxonomy> taxonomy)
    : Searcher(std::vector<std::string>{index_directory.string()},
               SearcherOptions{std::move(taxonomy)}) {}

Searcher::Searcher(const std::vector<std::string>& locations, SearcherOptions options)
    : impl_(std::make_unique<Impl>()) {
    if (locations.empty()) {
        throw ConfigError("no index location");
    }
    for (const std::string& location : locations) {
        check_index_location(location);
    }
    if (options.taxonomy) {
        impl_->classifier.emplace(options.taxonomy, impl_->analyzer);
    }
    impl_->locations = locations;
    impl_->options = std::move(options);
    try {
        impl_->open(expand_locations(impl_->locations));
    } catch (const IndexError&) {
        // Not there yet (or unreadable, or a remote shard down): every call tries again.
    }
}

Searcher::~Searcher() = default;

namespace {

// Hits fetched on either side of where a cursor's page should start, to find the cursor's
// sort position when documents came or went before it since the previous page.
constexpr Xapian::doccount kCursorSlack = 20;

// Where the page after a cursor starts in an MSet: right after the cursor's last hit, found
// by its document id wherever the index's changes since moved it; if that document is gone,
// at the first hit sorting after it (`by_docid` false). The sort key must match too: the
// document ids of shards searched as one are only the same while no shard is rebuilt,
// added or removed.
struct PageStart {
    Xapian::doccount index = 0;
    bool by_docid = false;
};

// The sort key a cursor holds for the hit at `it`: its slot::kOrder value. A match sorted
// by OrderKeyMaker (`by_rank`) has ranks of one revision as its keys, which a cursor must
// not keep: the next page may be of another revision.
std::string cursor_key(const Xapian::MSetIterator& it, bool by_rank) {
    return by_rank ? it.get_document().get_value(schema::slot::kOrder) : it.get_sort_key();
}

PageStart find_page_start(const Xapian::MSet& mset,
                          const ResultCursor& cursor,
                          SearchRequest::Sort sort,
                          bool by_rank) {
    PageStart start;
    for (auto it = mset.begin(); it != mset.end(); ++it, ++start.index) {
        if (*it == cursor.last_docid && cursor_key(it, by_rank) == cursor.last_key) {
            ++start.index;
            start.by_docid = true;
            return start;
        }
    }
    start.index = 0;
    for (auto it = mset.begin();
         it != mset.end() && !cursor.precedes(it, cursor_key(it, by_rank), sort); ++it) {
        ++start.index;
    }
    return start;
}

}  // namespace

SearchResponse Searcher::Impl::run(const SearchRequest& request,
                                   const std::optional<ResultCursor>& cursor) {
    const auto start = Clock::now();
    SearchResponse response;
    response.page = request.page;
    response.size = request.size;

    std::vector<std::string> filter_languages = request.languages;
    const std::vector<std::string>& candidates =
        filter_languages.empty() ? index_languages : filter_languages;
    QueryBuilder builder(analyzer, &db);
    ParsedQuery parsed = builder.parse(request.q, candidates);
    response.query_relaxed = parsed.relaxed;
    response.stop_words = parsed.stop_words;
    response.suggestion = suggest_spelling(request.q);
    for (const std::string& code : parsed.languages) {
        if (std::find(filter_languages.begin(), filter_languages.end(), code) ==
            filter_languages.end()) {
            filter_languages.push_back(code);
        }
    }
    std::map<std::string, std::vector<std::string>> filters = request.filters;
    if (!filter_languages.empty()) {
        filters["lang"] = filter_languages;
    }

    const Xapian::doccount doccount = db.get_doccount();
    // The hits fetched: the page, or with a cursor a window around where it should start.
    Xapian::doccount first = (request.page - 1) * request.size;
    Xapian::doccount count = request.size;
    if (cursor) {
        // A cursor's count is at most the documents there are (a forged one could ask
        // Xapian to rank billions).
        const Xapian::doccount next = std::min(cursor->next, doccount);
        first = next > kCursorSlack ? next - kCursorSlack : 0;
        count = next - first + request.size + kCursorSlack;
    }
    // The query with every facet filter but `except`'s (multi-select counts).
    const Xapian::Query dates = date_range(request);
    const auto filtered = [&](const Xapian::Query& text_query, const std::string& except) {
        // Not Xapian::Query::MatchAll, whose shared reference count threads would corrupt.
        Xapian::Query q = text_query.empty() ? Xapian::Query(std::string()) : text_query;
        if (!dates.empty() && except != "year") {
            q = Xapian::Query(Xapian::Query::OP_FILTER, q, dates);
        }
        for (const auto& [facet, values] : filters) {
            if (facet == except || values.empty()) {
                continue;
            }
            std::vector<std::string> terms;
            for (const std::string& v : values) {
                terms.push_back(std::string(facet_prefix(facet)) + v);
            }
            q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                              Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
        }
        return q;
    };
    // Facets without a filter of their own are counted in the main match, unless a shard is
    // remote and the main match sorts by a value: then Xapian 1.4 counts some of the remote
    // shard's documents twice (MultiMatch shows them to the spies again when they sort
    // below the proto-MSet's last hit), so they are counted in a match by relevance alone.
    std::map<std::string, std::unique_ptr<FacetSpy>> spies;
    // A value stream needs the docids of one database: Xapian 1.4 hands the spies of a
    // match over several databases each shard's own docids (FacetSpy).
    const Xapian::Database* local_db = shards.size() == 1 && !has_remote ? &db : nullptr;
    const std::shared_ptr<const FacetColumns> columns = facet_columns();
    const bool by_value = request.sort == SearchRequest::Sort::Date || ordered;
    const bool spies_in_main = !has_remote || !by_value;
    // The order of hits: see SearchRequest::sort. By slot::kOrder's ranks in the columns
    // when they are ready: the same order, without decoding the slot per document.
    std::optional<OrderKeyMaker> order_key;
    if (ordered && columns) {
        order_key.emplace(columns);
    }
    const auto set_order = [&](Xapian::Enquire& enquire) {
        if (request.sort == SearchRequest::Sort::Date) {
            if (order_key) {
                enquire.set_sort_by_key(&*order_key, true);
            } else {
                enquire.set_sort_by_value(ordered ? schema::slot::kOrder : schema::slot::kDate,
                                          true);
            }
        } else if (order_key) {
            enquire.set_sort_by_relevance_then_key(&*order_key, true);
        } else if (ordered) {
            enquire.set_sort_by_relevance_then_value(schema::slot::kOrder, true);
        }
    };
    Xapian::doccount page_start = 0;  // index in the main MSet of the page's first hit
    // The time budget, from the start of the request; nullptr: none. A remote shard cannot
    // run a MatchDecider: Enquire::set_time_limit alone bounds the match then.
    std::optional<MatchDeadline> deadline;
    if (request.time_limit_ms > 0) {
        deadline.emplace(start + std::chrono::milliseconds(request.time_limit_ms));
    }
    const auto limit_time = [&](Xapian::Enquire& enquire) {
        if (deadline) {
            enquire.set_time_limit(request.time_limit_ms / 1000.0);
        }
    };
    const MatchDeadline* decider = deadline && !has_remote ? &*deadline : nullptr;
    // With the facet columns, the selected facets' filters and the date range are applied
    // and counted by one decider in the main match (MultiSelectDecider) instead of one
    // more match each. Only when every filter is one it knows.
    std::optional<MultiSelectDecider> multi;
    if (columns) {
        std::vector<MultiSelectDecider::Selection> selections;
        bool known = true;
        for (const auto& [facet, values] : filters) {
            if (values.empty()) {
                continue;
            }
            const bool a_facet = std::find(std::begin(kFacetNames), std::end(kFacetNames),
                                           std::string_view(facet)) != std::end(kFacetNames);
            const FacetColumn* column = a_facet ? columns->column(facet_slot(facet)) : nullptr;
            if (column == nullptr) {
                known = false;
                break;
            }
            selections.push_back(MultiSelectDecider::any_of(facet, *column, values));
        }
        const FacetColumn* date_column = columns->column(schema::slot::kDate);
        const FacetColumn* year_column = columns->column(schema::slot::kYear);
        if (!dates.empty()) {
            if (date_column != nullptr && year_column != nullptr) {
                const auto [from, to] = date_bounds(request);
                selections.push_back(
                    MultiSelectDecider::range("year", *date_column, from, to, *year_column));
            } else {
                known = false;
            }
        }
        if (known && MultiSelectDecider::pays(selections, doccount)) {
            multi.emplace(std::move(selections), decider);
        }
    }
    // Whether `facet` is counted in the main match by a spy: not a facet the decider
    // counts, nor one with a filter that a match of its own counts.
    const auto spied_in_main = [&](const std::string& facet) {
        if (multi) {
            return !multi->selects(facet);
        }
        return facet == "year" ? dates.empty() : filters.count(facet) == 0;
    };
    const Xapian::MatchDecider* main_decider =
        multi ? static_cast<const Xapian::MatchDecider*>(&*multi) : decider;
    const auto counted_exactly = [&](const Xapian::MSet& m) {
        if (m.get_matches_lower_bound() != m.get_matches_upper_bound()) {
            response.timed_out = true;  // the time limit stopped the exact count
        }
    };
    // The facets the main match counts with spies (spied_in_main), added to `enquire`.
    const auto add_main_spies = [&](Xapian::Enquire& enquire) {
        spies.clear();
        for (const char* facet : kFacetNames) {
            if (spied_in_main(facet)) {
                auto spy = std::make_unique<FacetSpy>(facet_slot(facet), local_db, columns.get());
                enquire.add_matchspy(spy->spy());
                spies[facet] = std::move(spy);
            }
        }
        if (spied_in_main("year")) {
            auto spy = std::make_unique<FacetSpy>(schema::slot::kYear, local_db, columns.get());
            enquire.add_matchspy(spy->spy());
            spies["year"] = std::move(spy);
        }
    };
    const auto run_main = [&](const Xapian::Query& text_query) {
        spies.clear();
        Xapian::Enquire enquire(db);
        limit_time(enquire);
        if (multi) {
            // Every filter is the decider's: the text alone (or every document).
            multi->reset();
            enquire.set_query(text_query.empty() ? Xapian::Query(std::string()) : text_query);
        } else {
            enquire.set_query(filtered(text_query, ""));
        }
        // Date sorts: ties by slot::kOrder, not by relevance: weights shift with every
        // commit, and a cursor must find its place again (ResultCursor).
        set_order(enquire);
        if (spies_in_main) {
            add_main_spies(enquire);
        }
        // check_at_least = every document: totals and facet counts are exact.
        Xapian::MSet m = enquire.get_mset(first, count, doccount, nullptr, main_decider);
        if (!cursor) {
            page_start = 0;
            return m;
        }
        PageStart where = find_page_start(m, *cursor, request.sort, order_key.has_value());
        // Not found in the window around the cursor's old position: rare, after commits
        // that moved it further than kCursorSlack. Look again from the first hit.
        while (!where.by_docid && (first > 0 || (where.index == m.size() && m.size() == count))) {
            count = 2 * (first + count);
            first = 0;
            Xapian::Enquire again(db);  // without spies nor `multi`, which counted already
            limit_time(again);
            again.set_query(filtered(text_query, ""));
            set_order(again);
            m = again.get_mset(first, count, doccount, nullptr, decider);
            where = find_page_start(m, *cursor, request.sort, order_key.has_value());
        }
        page_start = where.index;
        return m;
    };
    // Cross-language precedents: documents of the topics the query names, in any language,
    // with a small fixed weight, so they follow the documents that contain the words.
    if (parsed.has_positive) {
        const std::vector<std::string> topics = query_topics(request.q, candidates);
        response.query_topics = topics;
        for (const std::string& topic : topics) {
            auto* source = new Xapian::FixedWeightPostingSource(kTopicMatchWeight);
            Xapian::Query boost(Xapian::Query::OP_FILTER, Xapian::Query(source->release()),
                                Xapian::Query(std::string(schema::prefix::kTopic) + topic));
            if (!parsed.constraints.empty()) {  // "brain drain -Slovenia": not those either
                boost = Xapian::Query(Xapian::Query::OP_FILTER, boost, parsed.constraints);
            }
            parsed.query = Xapian::Query(Xapian::Query::OP_OR, parsed.query, boost);
        }
    }
    if (parsed.has_positive && request.sort == SearchRequest::Sort::Relevance) {
        // A mild recency boost: documents of this year get kRecencyBoost more, ten years ago
        // nothing (BM25 scores of a match are a few units); undated documents nothing.
        std::map<std::string, double> by_year;
        const int year = current_year();
        for (int age = 0; age < kRecencyYears; ++age) {
            by_year[std::to_string(year - age)] =
                kRecencyBoost * (kRecencyYears - age) / kRecencyYears;
        }
        Xapian::PostingSource* recency = nullptr;
        if (columns) {  // an array lookup per document instead of decoding the slot
            recency = new ColumnWeightSource(columns, schema::slot::kYear, by_year);
        } else {
            auto* mapped = new Xapian::ValueMapPostingSource(schema::slot::kYear);
            for (const auto& [value, weight] : by_year) {
                mapped->add_mapping(value, weight);
            }
            recency = mapped;
        }
        parsed.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, parsed.query,
                                     Xapian::Query(recency->release()));
    }
    Xapian::MSet mset = run_main(parsed.query);
    if (mset.size() == 0 && mset.get_matches_estimated() == 0 && parsed.and_groups > 1) {
        // No document has every word: rank those with any of them.
        parsed = builder.parse(request.q, candidates, Xapian::Query::OP_OR);
        mset = run_main(parsed.query);
        response.match_any = true;
    }
    response.total = mset.get_matches_estimated();  // exact: check_at_least covered all
    counted_exactly(mset);
    if (!spies_in_main) {
        Xapian::Enquire enquire(db);  // by relevance alone (see spies_in_main)
        limit_time(enquire);
        enquire.set_query(filtered(parsed.query, ""));
        add_main_spies(enquire);
        counted_exactly(enquire.get_mset(0, 0, doccount, nullptr, decider));
    }
    for (const char* facet : kFacetNames) {
        if (multi && multi->selects(facet)) {
            response.facets[facet] = facet_values(facet, multi->counts(facet), request.ui_lang);
            continue;
        }
        if (!spied_in_main(facet)) {
            // Multi-select: this facet's counts ignore its own filter.
            auto spy = std::make_unique<FacetSpy>(facet_slot(facet), local_db, columns.get());
            Xapian::Enquire enquire(db);
            limit_time(enquire);
            enquire.set_query(filtered(parsed.query, facet));
            enquire.add_matchspy(spy->spy());
            counted_exactly(enquire.get_mset(0, 0, doccount, nullptr, decider));
            spies[facet] = std::move(spy);
        }
        response.facets[facet] = facet_values(facet, spies[facet]->counts(), request.ui_lang);
    }
    std::map<std::string, Xapian::doccount> year_counts;
    if (multi && multi->selects("year")) {
        year_counts = multi->counts("year");
    } else if (!dates.empty()) {
        // The year counts ignore the date range, as a facet's counts ignore its own filter.
        auto spy = std::make_unique<FacetSpy>(schema::slot::kYear, local_db, columns.get());
        Xapian::Enquire enquire(db);
        limit_time(enquire);
        enquire.set_query(filtered(parsed.query, "year"));
        enquire.add_matchspy(spy->spy());
        counted_exactly(enquire.get_mset(0, 0, doccount, nullptr, decider));
        year_counts = spy->counts();
    } else {
        year_counts = spies["year"]->counts();
    }
    {
        std::vector<FacetValue> years;
        for (const auto& [year, docs] : year_counts) {
            years.push_back(FacetValue{year, year, docs, {}});
        }
        std::sort(years.begin(), years.end(),
                  [](const FacetValue& a, const FacetValue& b) { return a.value > b.value; });
        response.facets["year"] = std::move(years);  // newest first
    }

    const auto page_begin = mset[std::min<Xapian::doccount>(page_start, mset.size())];
    const auto page_end = mset[std::min<Xapian::doccount>(page_start + request.size, mset.size())];
    add_hits(page_begin, page_end, parsed.highlight, response);
    if (deadline && deadline->expired()) {
        response.timed_out = true;
    }
    response.page = (first + page_start) / request.size + 1;  // as if pages were aligned
    const Xapian::doccount seen =
        first + page_start + static_cast<Xapian::doccount>(response.hits.size());
    if (!response.hits.empty() && seen < response.total) {
        auto last = page_end;
        --last;
        ResultCursor next;
        next.query = query_fingerprint(request);
        next.next = seen;
        next.last_docid = *last;
        next.last_weight = last.get_weight();
        next.last_key = cursor_key(last, order_key.has_value());
        response.next_cursor = next.encode();
    }
    response.took_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return response;
}

SearchResponse Searcher::search(const SearchRequest& request) {
    if (request.q.size() > kMaxQueryBytes) {
        throw InputError("q", "query longer than " + std::to_string(kMaxQueryBytes) + " bytes");
    }
    if (request.page < 1) {
        throw InputError("page", "must be 1 or more");
    }
    if (request.size < 1 || request.size > kMaxPageSize) {
        throw InputError("size", "must be between 1 and " + std::to_string(kMaxPageSize));
    }
    if (request.cursor.empty() &&
        static_cast<unsigned long long>(request.page) * request.size > kMaxResultWindow) {
        throw InputError("page", "page * size must not exceed " + std::to_string(kMaxResultWindow));
    }
    for (const auto& [facet, values] : request.filters) {
        for (const std::string& v : values) {
            if (v.empty() || v.size() > 200 || !util::is_valid_utf8(v)) {
                throw InputError(facet, "a value must be 1 to 200 bytes of UTF-8");
            }
        }
    }
    if (analysis::canonical_language(request.ui_lang).empty()) {
        throw InputError("ui_lang", "unknown language code '" + request.ui_lang + "'");
    }
    for (const auto& [name, value] :
         {std::pair{"date_from", &request.date_from}, std::pair{"date_to", &request.date_to}}) {
        if (!value->empty() && !index::is_index_date(*value)) {
            throw InputError(name, "must be YYYY, YYYY-MM or YYYY-MM-DD");
        }
    }
    if (!request.date_from.empty() && !request.date_to.empty() &&
        request.date_to + "\xff" < request.date_from) {
        throw InputError("date_to", "is before date_from");
    }
    SearchRequest checked = request;
    checked.ui_lang = analysis::canonical_language(request.ui_lang);
    checked.q = util::sanitize_utf8(request.q);
    checked.languages.clear();
    for (const std::string& code : request.languages) {
        const std::string canonical = analysis::canonical_language(code);
        if (canonical.empty() ||
            (analysis::find_language(canonical) == nullptr && canonical != "und")) {
            throw InputError("lang", "unknown language code '" + code + "'");
        }
        if (std::find(checked.languages.begin(), checked.languages.end(), canonical) ==
            checked.languages.end()) {
            checked.languages.push_back(canonical);
        }
    }
    std::optional<ResultCursor> cursor;
    if (!request.cursor.empty()) {
        cursor = ResultCursor::decode(request.cursor);
        if (cursor->query != query_fingerprint(checked)) {
            throw InputError("cursor",
                             "belongs to another query (q, filters, dates and sort "
                             "must stay as they were)");
        }
    }
    return impl_->with_retry([&] { return impl_->run(checked, cursor); });
}

// Precedents of a document: others sharing its topics and regions (in any language, with
// fixed weights: topics count most, then each region level it shares) and its key terms
// (Xapian's relevance-feedback expansion set of its stems: names of projects and
// programmes, acronyms, distinctive words), the document itself excluded.
std::optional<SearchResponse> Searcher::Impl::similar(std::string_view id, unsigned size) {
    const auto start = Clock::now();
    const std::string id_term = index::id_term(id);
    Xapian::PostingIterator p = db.postlist_begin(id_term);
    if (p == db.postlist_end(id_term)) {
        return std::nullopt;
    }
    const Xapian::docid docid = *p;
    const Xapian::Document doc = db.get_document(docid);
    std::vector<Xapian::Query> parts;
    const auto shared = [&](std::string_view prefix, double weight) {
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            const std::string term = *t;
            if (term.size() > prefix.size() && term.starts_with(prefix)) {
                auto* source = new Xapian::FixedWeightPostingSource(weight);
                parts.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(source->release()),
                                   Xapian::Query(term));
            }
        }
    };
    shared(schema::prefix::kTopic, 3.0);
    shared(schema::prefix::kRegion, 1.0);
    // Key terms: stems (Z...) only, not positional words or filters.
    struct StemsOnly : Xapian::ExpandDecider {
        bool operator()(const std::string& term) const override {
            return term.size() > 1 && term[0] == 'Z' && term[1] != 'S';
        }
    } stems_only;
    Xapian::RSet rset;
    rset.add_document(docid);
    Xapian::Enquire expand(db);
    // Over several databases, Xapian's default takes a term's frequency from the shard that
    // holds the document; the exact frequency over every shard gives one index's key terms.
    // From a remote shard that is a round trip per term, so remote shards keep the default
    // (their own statistics: close to the whole's when documents are spread evenly).
    const int flags = shards.size() > 1 && !has_remote ? Xapian::Enquire::USE_EXACT_TERMFREQ : 0;
    const Xapian::ESet eset = expand.get_eset(25, rset, flags, &stems_only);
    HighlightTerms highlight;
    for (auto t = eset.begin(); t != eset.end(); ++t) {
        parts.emplace_back(*t);
        highlight.stems.insert((*t).substr(schema::prefix::kStem.size()));
    }
    SearchResponse response;
    response.size = size;
    if (!parts.empty()) {
        const Xapian::Query query(Xapian::Query::OP_AND_NOT,
                                  Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()),
                                  Xapian::Query(id_term));
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        if (ordered) {
            enquire.set_sort_by_relevance_then_value(schema::slot::kOrder, true);  // as search
        }
        const Xapian::MSet mset = enquire.get_mset(0, size);
        response.total = mset.get_matches_estimated();
        add_hits(mset, highlight, response);
    }
    response.took_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return response;
}

std::optional<SearchResponse> Searcher::similar(std::string_view id, unsigned size) {
    if (size < 1 || size > kMaxPageSize) {
        throw InputError("size", "must be between 1 and " + std::to_string(kMaxPageSize));
    }
    return impl_->with_retry([&] { return impl_->similar(id, size); });
}

std::optional<StoredDocument> Searcher::document(std::string_view id) {
    return impl_->with_retry([&]() -> std::optional<StoredDocument> {
        const std::string term = index::id_term(id);
        Xapian::PostingIterator p = impl_->db.postlist_begin(term);
        if (p == impl_->db.postlist_end(term)) {
            return std::nullopt;
        }
        const std::string stored = impl_->db.get_document(*p).get_data();
        const std::optional<StoredFields> data = StoredFields::parse(stored);
        if (!data) {
            throw IndexError(IndexError::Kind::Open,
                             "stored data of '" + std::string(id) + "' is not valid JSON");
        }
        StoredDocument doc;
        doc.id = data->string(schema::field::kId);
        doc.title = data->string(schema::field::kTitle);
        doc.lang = data->string(schema::field::kLanguage);
        doc.script = data->string(schema::field::kScript);
        doc.lang_source = data->string(schema::field::kLanguageSource);
        doc.format = data->string(schema::field::kFormat);
        doc.description = data->string(schema::field::kDescription);
        doc.text = data->string(schema::field::kText);
        doc.topics = data->list(schema::field::kTopics);
        doc.regions = data->list(schema::field::kRegions);
        doc.type = data->string(schema::field::kType);
        doc.date = data->string(schema::field::kDate);
        doc.url = data->string(schema::field::kUrl);
        doc.lang_confidence = data->number(schema::field::kLanguageConfidence, 0.0);
        doc.bytes = data->number(schema::field::kBytes, std::uint64_t{0});
        doc.indexed_at = data->number(schema::field::kIndexedAt, std::int64_t{0});
        return doc;
    });
}

Xapian::doccount Searcher::document_count() {
    return impl_->with_retry([&] { return impl_->db.get_doccount(); });
}

std::vector<FacetValue> Searcher::languages() {
    return impl_->with_retry([&] { return impl_->language_counts(); });
}

IndexStats Searcher::stats() {
    return impl_->with_retry([&] {
        IndexStats stats;
        stats.documents = impl_->db.get_doccount();
        stats.languages = impl_->language_counts();
        std::stable_sort(
            stats.languages.begin(), stats.languages.end(),
            [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
        // Each shard's kb-indexer commits on its own: the oldest commit shows a shard whose
        // runs stopped. (A combined database's metadata is its first database's.)
        for (const Shard& shard : impl_->shards) {
            const std::string time =
                shard.db.get_metadata(std::string(schema::metadata::kLastIndexTime));
            if (!time.empty() && time.find_first_not_of("0123456789") == std::string::npos &&
                time.size() < 19) {
                const long long t = std::stoll(time);
                if (stats.last_index_time == 0 || t < stats.last_index_time) {
                    stats.last_index_time = t;
                }
            }
        }
        return stats;
    });
}

Suggestions Searcher::suggest(std::string_view text, unsigned size) {
    constexpr unsigned kMaxSuggestions = 20;
    constexpr std::size_t kMaxTextBytes = 200;
    // Bounds the work for a short, common prefix: completions come from the first terms in
    // byte order, which for two letters or more is a narrow range of the vocabulary.
    constexpr std::size_t kMaxTermsScanned = 20'000;
    if (size < 1 || size > kMaxSuggestions) {
        throw InputError("size", "must be between 1 and " + std::to_string(kMaxSuggestions));
    }
    if (text.size() > kMaxTextBytes || !util::is_valid_utf8(text)) {
        throw InputError(
            "q", "must be valid UTF-8 of at most " + std::to_string(kMaxTextBytes) + " bytes");
    }
    const auto start = std::chrono::steady_clock::now();
    const std::vector<analysis::Token> tokens = impl_->analyzer.segment(text);
    Suggestions out;
    if (tokens.empty() || tokens.back().offset + tokens.back().text.size() != text.size()) {
        return out;  // nothing typed, or the last word is finished (a space follows)
    }
    std::vector<std::string> folded;
    for (const analysis::Token& t : tokens) {
        folded.push_back(impl_->analyzer.forms(t.norm, "und").folded);
    }
    const std::string& prefix = folded.back();
    if (util::code_point_count(prefix) < 2) {
        return out;
    }
    const std::string typed_before(text.substr(0, tokens.back().offset));
    impl_->with_retry([&] {
        out.queries.clear();
        out.titles.clear();
        // Words: the most frequent completions of the last word.
        std::vector<std::pair<Xapian::doccount, std::string>> words;
        std::size_t scanned = 0;
        for (auto it = impl_->db.allterms_begin(prefix);
             it != impl_->db.allterms_end(prefix) && scanned < kMaxTermsScanned; ++it, ++scanned) {
            words.emplace_back(it.get_termfreq(), *it);
        }
        const std::size_t n = std::min<std::size_t>(size, words.size());
        std::partial_sort(words.begin(), words.begin() + static_cast<long>(n), words.end(),
                          [](const auto& a, const auto& b) {
                              return a.first != b.first ? a.first > b.first : a.second < b.second;
                          });
        for (std::size_t i = 0; i < n; ++i) {
            out.queries.emplace_back(typed_before + words[i].second, words[i].first);
        }
        // Titles: every typed word in the title, the last one as a prefix.
        std::vector<Xapian::Query> parts;
        const std::string title(schema::prefix::kTitle);
        for (std::size_t i = 0; i + 1 < folded.size(); ++i) {
            parts.emplace_back(title + folded[i]);
        }
        parts.emplace_back(Xapian::Query::OP_WILDCARD, title + prefix, 200,
                           Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        Xapian::Enquire enquire(impl_->db);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()));
        const Xapian::MSet mset = enquire.get_mset(0, size);
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const std::string stored = it.get_document().get_data();
            const std::optional<StoredFields> data = StoredFields::parse(stored);
            if (data) {
                out.titles.emplace_back(data->string(schema::field::kTitle),
                                        data->string(schema::field::kId));
            }
        }
        return 0;
    });
    out.took_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return out;
}

}  // namespace kb::query
