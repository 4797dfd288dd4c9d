#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kb/analysis/token.h"
#include "kb/query/searcher.h"

namespace kb::query {

// JSON encodings of API responses (field names in api_schema.h). Strings that are not
// valid UTF-8 are repaired with U+FFFD rather than failing.
std::string to_json(const SearchResponse& response);
std::string to_json(const StoredDocument& document);

// {"total": N, "facets": {...}}: the facets of a search, as in to_json(SearchResponse).
std::string facets_to_json(const SearchResponse& response);

// {"documents", "languages": [{value, label, count}], "last_index_time" (ISO 8601 UTC, or
// null), "index_age_seconds" (or null)} at Unix time `now`.
std::string to_json(const IndexStats& stats, long long now);

// {"queries": [{"text", "count"}], "titles": [{"title", "id"}], "took_ms"}.
std::string to_json(const Suggestions& suggestions);

// {"error":{"code":..,"message":..,"param":..}}; `param` is omitted when empty.
std::string error_json(std::string_view code,
                       std::string_view message,
                       std::string_view param = {});

// One JSON object per line for each token: token, lang, norm, folded, stem, position,
// offset. The format of `kb-indexer --analyze` and of the analyze endpoint.
std::string tokens_to_json_lines(const std::vector<analysis::Token>& tokens, std::string_view lang);

// {"lang": .., "tokens": [..]}: the same token objects in one document (analyze endpoint).
std::string analysis_to_json(const std::vector<analysis::Token>& tokens, std::string_view lang);

}  // namespace kb::query
