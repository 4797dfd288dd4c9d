#include "kb/query/api_json.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <functional>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "kb/query/api_schema.h"

namespace kb::query {
namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& j) {
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

// A facet's values as a list; values with a parent among them (regions) nest under it in
// "children", so the region facet is a tree: country > region > city.
Json facet_json(const std::vector<FacetValue>& values) {
    std::map<std::string, std::vector<const FacetValue*>> children;
    std::set<std::string> present;
    for (const FacetValue& v : values) {
        present.insert(v.value);
    }
    for (const FacetValue& v : values) {
        if (!v.parent.empty() && present.count(v.parent) != 0 && v.parent != v.value) {
            children[v.parent].push_back(&v);
        }
    }
    std::set<std::string> emitted;  // guards against a cycle in bad metadata
    std::function<Json(const FacetValue&)> node = [&](const FacetValue& v) {
        Json j = {{api::kValue, v.value}, {api::kLabel, v.label}, {api::kCount, v.count}};
        emitted.insert(v.value);
        if (const auto it = children.find(v.value); it != children.end()) {
            Json kids = Json::array();
            for (const FacetValue* child : it->second) {
                if (emitted.count(child->value) == 0) {
                    kids.push_back(node(*child));
                }
            }
            j[api::kChildren] = std::move(kids);
        }
        return j;
    };
    Json list = Json::array();
    for (const FacetValue& v : values) {
        if (v.parent.empty() || present.count(v.parent) == 0 || v.parent == v.value) {
            list.push_back(node(v));
        }
    }
    return list;
}

std::string to_json(const SearchResponse& r) {
    Json hits = Json::array();
    for (const Hit& h : r.hits) {
        hits.push_back({{api::kId, h.id},
                        {api::kTitle, h.title},
                        {api::kSnippet, h.snippet},
                        {api::kLang, h.lang},
                        {api::kTopics, h.topics},
                        {api::kRegions, h.regions},
                        {api::kType, h.type},
                        {api::kDate, h.date.empty() ? Json(nullptr) : Json(h.date)},
                        {api::kUrl, h.url.empty() ? Json(nullptr) : Json(h.url)},
                        {api::kScore, std::round(h.score * 10000.0) / 10000.0}});
    }
    Json facets = Json::object();
    for (const auto& [name, values] : r.facets) {
        facets[name] = facet_json(values);
    }
    const Json j = {{api::kTotal, r.total},
                    {api::kPage, r.page},
                    {api::kSize, r.size},
                    {api::kHits, std::move(hits)},
                    {api::kFacets, std::move(facets)},
                    {api::kQueryRelaxed, r.query_relaxed},
                    {api::kMatchAny, r.match_any},
                    {api::kStopWords, r.stop_words},
                    {api::kQueryTopics, r.query_topics},
                    {api::kSuggestion, r.suggestion.empty() ? Json(nullptr) : Json(r.suggestion)},
                    {api::kNextCursor, r.next_cursor.empty() ? Json(nullptr) : Json(r.next_cursor)},
                    {api::kTimedOut, r.timed_out},
                    {api::kTookMs, std::round(r.took_ms * 1000.0) / 1000.0}};
    return dump(j);
}

std::string facets_to_json(const SearchResponse& r) {
    Json facets = Json::object();
    for (const auto& [name, values] : r.facets) {
        facets[name] = facet_json(values);
    }
    return dump(Json{{api::kTotal, r.total}, {api::kFacets, std::move(facets)}});
}

std::string to_json(const IndexStats& stats, long long now) {
    Json languages = Json::array();
    for (const FacetValue& v : stats.languages) {
        languages.push_back(
            {{api::kValue, v.value}, {api::kLabel, v.label}, {api::kCount, v.count}});
    }
    Json time = nullptr;
    Json age = nullptr;
    if (stats.last_index_time > 0) {
        const auto t = static_cast<std::time_t>(stats.last_index_time);
        std::tm utc{};
        gmtime_r(&t, &utc);
        char buffer[32];
        std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
        time = buffer;
        age = std::max<long long>(0, now - stats.last_index_time);
    }
    return dump(Json{{api::kDocuments, stats.documents},
                     {api::kLanguages, std::move(languages)},
                     {api::kLastIndexTime, std::move(time)},
                     {api::kIndexAgeSeconds, std::move(age)}});
}

std::string to_json(const Suggestions& suggestions) {
    Json queries = Json::array();
    for (const auto& [text, count] : suggestions.queries) {
        queries.push_back({{api::kText, text}, {api::kCount, count}});
    }
    Json titles = Json::array();
    for (const auto& [title, id] : suggestions.titles) {
        titles.push_back({{api::kTitle, title}, {api::kId, id}});
    }
    return dump(Json{{api::kQueries, std::move(queries)},
                     {api::kTitles, std::move(titles)},
                     {api::kTookMs, std::round(suggestions.took_ms * 1000.0) / 1000.0}});
}

std::string to_json(const StoredDocument& d) {
    const Json j = {{api::kId, d.id},
                    {api::kTitle, d.title},
                    {api::kLang, d.lang},
                    {api::kScript, d.script},
                    {api::kLangConfidence, d.lang_confidence},
                    {api::kLangSource, d.lang_source},
                    {api::kFormat, d.format},
                    {api::kDescription, d.description},
                    {api::kBytes, d.bytes},
                    {api::kIndexedAt, d.indexed_at},
                    {api::kTopics, d.topics},
                    {api::kRegions, d.regions},
                    {api::kType, d.type},
                    {api::kDate, d.date.empty() ? Json(nullptr) : Json(d.date)},
                    {api::kUrl, d.url.empty() ? Json(nullptr) : Json(d.url)},
                    {api::kText, d.text}};
    return dump(j);
}

std::string error_json(std::string_view code, std::string_view message, std::string_view param) {
    Json e = {{api::kCode, code}, {api::kMessage, message}};
    if (!param.empty()) {
        e[std::string(api::kParam)] = param;
    }
    return dump(Json{{api::kError, std::move(e)}});
}

namespace {

Json token_json(const analysis::Token& t, std::string_view lang) {
    return {{api::kToken, t.text},    {api::kLang, lang},   {api::kNorm, t.norm},
            {api::kFolded, t.folded}, {api::kStem, t.stem}, {api::kPosition, t.position},
            {api::kOffset, t.offset}};
}

}  // namespace

std::string tokens_to_json_lines(const std::vector<analysis::Token>& tokens,
                                 std::string_view lang) {
    std::string out;
    for (const analysis::Token& t : tokens) {
        out += dump(token_json(t, lang));
        out += '\n';
    }
    return out;
}

std::string analysis_to_json(const std::vector<analysis::Token>& tokens, std::string_view lang) {
    Json list = Json::array();
    for (const analysis::Token& t : tokens) {
        list.push_back(token_json(t, lang));
    }
    return dump(Json{{api::kLang, lang}, {api::kTokens, std::move(list)}});
}

}  // namespace kb::query
