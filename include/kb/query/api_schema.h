#pragma once

#include <string_view>

// JSON field names of the HTTP API (kb-searchd) and of `kb-indexer --analyze`: one place,
// so that the OpenAPI description, the server and the tests agree.
namespace kb::query::api {

// Search response.
inline constexpr std::string_view kTotal = "total";
inline constexpr std::string_view kPage = "page";
inline constexpr std::string_view kSize = "size";
inline constexpr std::string_view kHits = "hits";
inline constexpr std::string_view kFacets = "facets";
inline constexpr std::string_view kTookMs = "took_ms";
inline constexpr std::string_view kQueryRelaxed = "query_relaxed";
inline constexpr std::string_view kMatchAny = "match_any";
inline constexpr std::string_view kStopWords = "stop_words";
inline constexpr std::string_view kChildren = "children";
inline constexpr std::string_view kQueryTopics = "query_topics";
inline constexpr std::string_view kSuggestion = "suggestion";
inline constexpr std::string_view kNextCursor = "next_cursor";
inline constexpr std::string_view kTimedOut = "timed_out";

// Hit and document.
inline constexpr std::string_view kId = "id";
inline constexpr std::string_view kTitle = "title";
inline constexpr std::string_view kSnippet = "snippet";
inline constexpr std::string_view kLang = "lang";
inline constexpr std::string_view kScore = "score";
inline constexpr std::string_view kTopics = "topics";
inline constexpr std::string_view kRegions = "regions";
inline constexpr std::string_view kType = "type";
inline constexpr std::string_view kDate = "date";
inline constexpr std::string_view kUrl = "url";
inline constexpr std::string_view kScript = "script";
inline constexpr std::string_view kLangConfidence = "lang_confidence";
inline constexpr std::string_view kLangSource = "lang_source";
inline constexpr std::string_view kFormat = "format";
inline constexpr std::string_view kDescription = "description";
inline constexpr std::string_view kBytes = "bytes";
inline constexpr std::string_view kIndexedAt = "indexed_at";
inline constexpr std::string_view kText = "text";

// Facet value.
inline constexpr std::string_view kValue = "value";
inline constexpr std::string_view kLabel = "label";
inline constexpr std::string_view kCount = "count";

// Error.
inline constexpr std::string_view kError = "error";
inline constexpr std::string_view kCode = "code";
inline constexpr std::string_view kMessage = "message";
inline constexpr std::string_view kParam = "param";

// Analysis tokens.
inline constexpr std::string_view kToken = "token";
inline constexpr std::string_view kNorm = "norm";
inline constexpr std::string_view kFolded = "folded";
inline constexpr std::string_view kStem = "stem";
inline constexpr std::string_view kPosition = "position";
inline constexpr std::string_view kOffset = "offset";

// Health and stats.
inline constexpr std::string_view kStatus = "status";
inline constexpr std::string_view kDocuments = "documents";
inline constexpr std::string_view kLanguages = "languages";
inline constexpr std::string_view kLastIndexTime = "last_index_time";
inline constexpr std::string_view kIndexAgeSeconds = "index_age_seconds";
inline constexpr std::string_view kTokens = "tokens";

// Suggestions.
inline constexpr std::string_view kQueries = "queries";
inline constexpr std::string_view kTitles = "titles";

}  // namespace kb::query::api
