#include "api_handler.h"

#include <cctype>
#include <chrono>
#include <iterator>
#include <sstream>

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Util/Application.h>
#include <xapian.h>

#include "kb/analysis/analyzer.h"
#include "kb/analysis/language_detector.h"
#include "kb/query/api_json.h"
#include "kb/query/searcher.h"
#include "kb/query/text_analysis.h"
#include "kb/util/error.h"

#include "openapi.h"
#include "query_params.h"
#include "request_id.h"

namespace kb::searchd {
namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

constexpr std::string_view kDocumentsPrefix = "/api/v1/documents/";
constexpr std::string_view kStaticPrefix = "/static/";

// Thrown when a request body or a parameter is over its limit (ServerLimits): answered 413.
struct PayloadTooLarge {
    std::string param;  // "body", or the parameter's name
    std::size_t limit;  // bytes
};

// Thrown when a request body did not arrive in full: the client stopped sending before the
// end its Content-Length announced, and the read timed out (ServerLimits::request_timeout_ms)
// or the connection broke. Answered 408, and the connection is closed.
struct IncompleteBody {};

// An error to send: status, code and message for the JSON body.
struct HttpError {
    HTTPResponse::HTTPStatus status;
    std::string code;
    std::string message;
    std::string param;
};

void send_json(HTTPServerResponse& response,
               HTTPResponse::HTTPStatus status,
               const std::string& body) {
    response.setStatusAndReason(status);  // setStatus() alone would say "404 OK"
    response.setContentType("application/json; charset=utf-8");
    response.set("Cache-Control", "no-store");
    response.set("X-Content-Type-Options", "nosniff");
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send() << body;
}

void send_error(HTTPServerResponse& response, const HttpError& e) {
    send_json(response, e.status, query::error_json(e.code, e.message, e.param));
}

// A body over ServerLimits::max_body_bytes is read on and dropped, up to this many bytes
// more, so that the client, still sending, gets the 413 rather than a reset connection.
constexpr std::streamsize kMaxDrainBytes = 1024 * 1024;
// Text the analyze endpoint accepts.
constexpr std::size_t kMaxAnalyzeBytes = 64 * 1024;

// The calling thread's analysis objects for the analyze endpoint (built on first use).
struct AnalysisTools {
    analysis::Analyzer analyzer;
    analysis::LanguageDetector detector;
};
AnalysisTools& analysis_tools() {
    thread_local AnalysisTools tools;
    return tools;
}

// The id of a request for the access log and the X-Request-Id header: the caller's, if it
// sent a short one of safe characters (a front end or proxy tracing a request), else
// "<process start>-<sequence>".
std::string request_id(const HTTPServerRequest& request) {
    const std::string given = request.get("X-Request-Id", "");
    const bool safe = !given.empty() && given.size() <= 64 &&
                      std::all_of(given.begin(), given.end(), [](unsigned char c) {
                          return std::isalnum(c) || c == '-' || c == '_' || c == '.';
                      });
    return safe ? given : next_request_id();
}

long long unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string search(query::Searcher& searcher,
                   const QueryParams& params,
                   const ServerLimits& limits) {
    params.reject_unknown({"q", "lang", "topic", "region", "type", "ui_lang", "page", "size",
                           "date_from", "date_to", "sort", "cursor"});
    query::SearchRequest request;
    request.q = params.first("q").value_or("");
    if (request.q.size() > limits.max_query_bytes) {
        throw PayloadTooLarge{"q", limits.max_query_bytes};
    }
    request.time_limit_ms = limits.request_timeout_ms;
    // "lang=pl,sl" and "lang=pl&lang=sl" mean the same; so for the other facets.
    const auto list_of = [&](const char* name) {
        std::vector<std::string> values;
        for (const std::string& value : params.all(name)) {
            std::stringstream list(value);
            for (std::string item; std::getline(list, item, ',');) {
                if (!item.empty()) {
                    values.push_back(item);
                }
            }
        }
        return values;
    };
    request.languages = list_of("lang");
    for (const char* facet : {"topic", "region", "type"}) {
        std::vector<std::string> values = list_of(facet);
        if (!values.empty()) {
            request.filters[facet] = std::move(values);
        }
    }
    request.ui_lang = params.first("ui_lang").value_or("en");
    request.date_from = params.first("date_from").value_or("");
    request.date_to = params.first("date_to").value_or("");
    const std::string sort = params.first("sort").value_or("relevance");
    if (sort == "date") {
        request.sort = query::SearchRequest::Sort::Date;
    } else if (sort != "relevance") {
        throw InputError("sort", "must be 'relevance' or 'date'");
    }
    request.page = params.get_unsigned("page", 1, 1, query::kMaxResultWindow);
    request.size = params.get_unsigned("size", 10, 1, query::kMaxPageSize);
    request.cursor = params.first("cursor").value_or("");
    if (!request.cursor.empty() && params.first("page")) {
        throw InputError("page", "give either page or cursor");
    }
    return query::to_json(searcher.search(request));
}

// One endpoint: its name (metrics, logs) and the methods it answers.
struct Route {
    const char* name;
    const char* methods;  // for the Allow header of a 405
};

// The route of `path`, or nullptr. Documents are "/api/v1/documents/{id}" and
// ".../{id}/similar"; ids may contain '/' (sent as is or as %2F).
const Route* route_of(std::string_view raw_path, std::string_view path) {
    // Fixed paths.
    static const std::pair<std::string_view, Route> kRoutes[] = {
        {"/healthz", {"healthz", "GET, HEAD"}},
        {"/readyz", {"readyz", "GET, HEAD"}},
        {"/metrics", {"metrics", "GET"}},
        {"/api/v1/search", {"search", "GET, POST"}},
        {"/api/v1/stats", {"stats", "GET"}},
        {"/api/v1/facets", {"facets", "GET"}},
        {"/api/v1/analyze", {"analyze", "GET, POST"}},
        {"/api/v1/suggest", {"suggest", "GET"}},
        {"/api/v1/openapi.json", {"openapi", "GET"}},
        {"/", {"page", "GET, HEAD"}},
    };
    static const Route kDocument{"document", "GET"};
    static const Route kSimilar{"similar", "GET"};
    static const Route kStatic{"static", "GET, HEAD"};
    for (const auto& [fixed, route] : kRoutes) {
        if (path == fixed) {
            return &route;
        }
    }
    if (raw_path.starts_with(kDocumentsPrefix) && raw_path.size() > kDocumentsPrefix.size()) {
        const std::string_view rest = raw_path.substr(kDocumentsPrefix.size());
        return rest.size() > 8 && rest.ends_with("/similar") ? &kSimilar : &kDocument;
    }
    if (path.starts_with(kStaticPrefix) &&
        StaticSite::is_valid_name(path.substr(kStaticPrefix.size()))) {
        return &kStatic;
    }
    return nullptr;
}

bool allows(const Route& route, const std::string& method) {
    const std::string_view methods = route.methods;
    std::size_t start = 0;
    while (start < methods.size()) {
        std::size_t end = methods.find(", ", start);
        if (end == std::string_view::npos) {
            end = methods.size();
        }
        if (methods.substr(start, end - start) == method) {
            return true;
        }
        start = end + 2;
    }
    return false;
}

// The request's parameters: the query string, or for POST the JSON body (Content-Type
// application/json), at most `max_body_bytes`.
QueryParams request_params(HTTPServerRequest& request,
                           const std::string& raw_query,
                           std::size_t max_body_bytes) {
    if (request.getMethod() != "POST") {
        return QueryParams::parse(raw_query);
    }
    if (!raw_query.empty()) {
        throw InputError("query string", "a POST takes its parameters in the JSON body");
    }
    std::string body;
    std::istream& in = request.stream();
    char buffer[4096];
    const auto limit = static_cast<std::streamsize>(max_body_bytes);
    std::streamsize read = 0;
    // A body over the limit is read on (up to kMaxDrainBytes more) and dropped.
    while (read <= limit + kMaxDrainBytes && (in.read(buffer, sizeof buffer) || in.gcount() > 0)) {
        read += in.gcount();
        if (read <= limit) {
            body.append(buffer, static_cast<std::size_t>(in.gcount()));
        }
    }
    if (read > limit) {
        throw PayloadTooLarge{"body", max_body_bytes};
    }
    // The stream reports a timeout or a broken connection as a failed read, not an exception.
    if (in.bad() || (request.hasContentLength() && read < request.getContentLength64())) {
        throw IncompleteBody{};
    }
    return QueryParams::from_json(body);
}

// A file of the web page, with headers that keep a browser from running anything else
// (the page inserts document text as text; the policy is a second wall) and let it
// revalidate cheaply (ETag).
void send_site_file(const HTTPServerRequest& request,
                    HTTPServerResponse& response,
                    const StaticSite::File& file) {
    response.set("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                 "frame-ancestors 'none'");
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "no-referrer");
    response.set("Cache-Control", "no-cache");
    response.set("ETag", file.etag);
    if (request.get("If-None-Match", "") == file.etag) {
        response.setStatusAndReason(HTTPResponse::HTTP_NOT_MODIFIED);
        response.setContentLength(0);
        response.send();
        return;
    }
    response.setStatusAndReason(HTTPResponse::HTTP_OK);
    response.setContentType(file.content_type);
    response.setContentLength(static_cast<std::streamsize>(file.content.size()));
    std::ostream& out = response.send();
    if (request.getMethod() != "HEAD") {
        out << file.content;
    }
}

std::string analyze(const QueryParams& params) {
    params.reject_unknown({"text", "lang"});
    const std::string text = params.first("text").value_or("");
    if (text.empty()) {
        throw InputError("text", "is required");
    }
    if (text.size() > kMaxAnalyzeBytes) {
        throw InputError("text", "is longer than " + std::to_string(kMaxAnalyzeBytes) + " bytes");
    }
    AnalysisTools& tools = analysis_tools();
    const query::TextAnalysis analysed = query::analyze_text(
        text, params.first("lang").value_or(""), "lang", tools.analyzer, tools.detector);
    return query::analysis_to_json(analysed.tokens, analysed.lang);
}

}  // namespace

void ApiHandler::handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) {
    const auto start = std::chrono::steady_clock::now();
    std::string uri = request.getURI();
    const std::size_t question = uri.find('?');
    const std::string raw_path = uri.substr(0, question);
    const std::string raw_query = question == std::string::npos ? "" : uri.substr(question + 1);
    const std::string& method = request.getMethod();
    std::string endpoint = "not_found";
    const std::string trace_id = request_id(request);
    response.set("X-Request-Id", trace_id);

    auto respond = [&]() {
        try {
            const std::string path = percent_decode(raw_path, "path", false);
            const Route* route = route_of(raw_path, path);
            if (route == nullptr) {
                send_error(response, {HTTPResponse::HTTP_NOT_FOUND, "not_found",
                                      "no such endpoint: " + path, ""});
                return;
            }
            endpoint = route->name;
            // CORS: an allowed origin may read the answer; a preflight is answered here.
            const std::string origin = request.get("Origin", "");
            const bool cors = access_.origin_allowed(origin);
            if (cors) {
                response.set("Access-Control-Allow-Origin", origin);
                response.set("Vary", "Origin");
            }
            if (method == "OPTIONS" && !origin.empty()) {
                if (!cors) {
                    send_error(response, {HTTPResponse::HTTP_FORBIDDEN, "origin_not_allowed",
                                          "origin " + origin + " may not call this API", ""});
                    return;
                }
                response.set("Access-Control-Allow-Methods", route->methods);
                response.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
                response.set("Access-Control-Max-Age", "600");
                response.setStatusAndReason(HTTPResponse::HTTP_NO_CONTENT);
                response.setContentLength(0);
                response.send();
                return;
            }
            const bool probe = endpoint == "healthz" || endpoint == "readyz" ||
                               endpoint == "openapi" || endpoint == "page" || endpoint == "static";
            if (!probe && !access_.authorized(request.get("Authorization", ""))) {
                response.set("WWW-Authenticate", "Bearer");
                send_error(response, {HTTPResponse::HTTP_UNAUTHORIZED, "unauthorized",
                                      "this API needs 'Authorization: Bearer <key>'", ""});
                return;
            }
            if (!allows(*route, method)) {
                response.set("Allow", route->methods);
                send_error(response, {HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                                      std::string("use ") + route->methods, ""});
                return;
            }
            if (endpoint == "healthz") {
                send_json(response, HTTPResponse::HTTP_OK, R"({"status":"ok"})");
                return;
            }
            if (endpoint == "page" || endpoint == "static") {
                const std::string name =
                    endpoint == "page" ? "index.html" : path.substr(kStaticPrefix.size());
                const std::optional<StaticSite::File> file = site_.find(name);
                if (!file) {
                    send_error(response, {HTTPResponse::HTTP_NOT_FOUND, "not_found",
                                          "no such file: " + path, ""});
                    return;
                }
                send_site_file(request, response, *file);
                return;
            }
            if (endpoint == "openapi") {
                send_json(response, HTTPResponse::HTTP_OK, kOpenApiJson);
                return;
            }
            const QueryParams params = request_params(request, raw_query, limits_.max_body_bytes);
            if (endpoint == "analyze") {
                send_json(response, HTTPResponse::HTTP_OK, analyze(params));
                return;
            }
            query::Searcher& searcher = searchers_.local();
            if (endpoint == "readyz") {
                params.reject_unknown({});
                const Xapian::doccount documents = searcher.document_count();
                if (documents == 0) {
                    send_error(response, {HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "not_ready",
                                          "the index has no documents yet", ""});
                    return;
                }
                send_json(response, HTTPResponse::HTTP_OK,
                          R"({"status":"ready","documents":)" + std::to_string(documents) + "}");
                return;
            }
            if (endpoint == "metrics") {
                params.reject_unknown({});
                const query::IndexStats stats = searcher.stats();
                const long long age = stats.last_index_time > 0
                                          ? std::max(0LL, unix_now() - stats.last_index_time)
                                          : -1;
                const std::string body = metrics_.render(stats.documents, age);
                response.setStatus(HTTPResponse::HTTP_OK);
                response.setContentType("text/plain; version=0.0.4; charset=utf-8");
                response.set("Cache-Control", "no-store");
                response.setContentLength(static_cast<std::streamsize>(body.size()));
                response.send() << body;
                return;
            }
            if (endpoint == "search") {
                send_json(response, HTTPResponse::HTTP_OK, search(searcher, params, limits_));
                return;
            }
            if (endpoint == "suggest") {
                params.reject_unknown({"q", "size"});
                send_json(response, HTTPResponse::HTTP_OK,
                          query::to_json(searcher.suggest(params.first("q").value_or(""),
                                                          params.get_unsigned("size", 8, 1, 20))));
                return;
            }
            if (endpoint == "stats") {
                params.reject_unknown({});
                send_json(response, HTTPResponse::HTTP_OK,
                          query::to_json(searcher.stats(), unix_now()));
                return;
            }
            if (endpoint == "facets") {
                params.reject_unknown({"ui_lang"});
                query::SearchRequest all;
                all.ui_lang = params.first("ui_lang").value_or("en");
                all.size = 1;
                send_json(response, HTTPResponse::HTTP_OK,
                          query::facets_to_json(searcher.search(all)));
                return;
            }
            std::string_view raw_id = std::string_view(raw_path).substr(kDocumentsPrefix.size());
            if (endpoint == "similar") {
                params.reject_unknown({"size"});
                const std::string id =
                    percent_decode(raw_id.substr(0, raw_id.size() - 8), "id", false);
                const std::optional<query::SearchResponse> similar =
                    searcher.similar(id, params.get_unsigned("size", 10, 1, query::kMaxPageSize));
                if (!similar) {
                    send_error(response, {HTTPResponse::HTTP_NOT_FOUND, "not_found",
                                          "no document with id '" + id + "'", "id"});
                    return;
                }
                send_json(response, HTTPResponse::HTTP_OK, query::to_json(*similar));
                return;
            }
            params.reject_unknown({});
            const std::string id = percent_decode(raw_id, "id", false);
            const std::optional<query::StoredDocument> doc = searcher.document(id);
            if (!doc) {
                send_error(response, {HTTPResponse::HTTP_NOT_FOUND, "not_found",
                                      "no document with id '" + id + "'", "id"});
                return;
            }
            send_json(response, HTTPResponse::HTTP_OK, query::to_json(*doc));
        } catch (const IncompleteBody&) {
            response.setKeepAlive(false);
            send_error(response,
                       {HTTPResponse::HTTP_REQUEST_TIMEOUT, "request_timeout",
                        "the request body did not arrive in full within " +
                            std::to_string((limits_.request_timeout_ms + 999) / 1000) + " s",
                        "body"});
        } catch (const PayloadTooLarge& e) {
            if (e.param == "body") {
                response.setKeepAlive(false);  // the rest of the body may be unread
            }
            const std::string what = e.param == "body" ? "the request body" : e.param;
            send_error(response,
                       {HTTPResponse::HTTP_REQUESTENTITYTOOLARGE, "payload_too_large",
                        what + " is over " + std::to_string(e.limit) + " bytes", e.param});
        } catch (const InputError& e) {
            send_error(response,
                       {HTTPResponse::HTTP_BAD_REQUEST, "bad_parameter", e.what(), e.source()});
        } catch (const IndexError& e) {
            Poco::Util::Application::instance().logger().error(std::string("index: ") + e.what());
            send_error(response, {HTTPResponse::HTTP_SERVICE_UNAVAILABLE, "index_unavailable",
                                  "the index cannot be read now", ""});
        } catch (const std::exception& e) {
            Poco::Util::Application::instance().logger().error(std::string("internal: ") +
                                                               e.what());
            send_error(response, {HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "internal",
                                  "internal error", ""});
        } catch (const Xapian::Error& e) {
            Poco::Util::Application::instance().logger().error("xapian: " + e.get_description());
            send_error(response, {HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, "internal",
                                  "internal error", ""});
        }
    };
    try {
        respond();
    } catch (...) {
        // Sending the error failed too (the client went away): nothing more can be done.
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const int status = static_cast<int>(response.getStatus());
    metrics_.record(endpoint, status, seconds);
    std::ostringstream line;
    line << "access id=" << trace_id << " method=" << method << " path=" << raw_path
         << " endpoint=" << endpoint << " status=" << status << " ms=" << seconds * 1000.0;
    Poco::Util::Application::instance().logger().information(line.str());
}

}  // namespace kb::searchd
