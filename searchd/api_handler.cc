#include "api_handler.h"

#include <chrono>
#include <sstream>

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Util/Application.h>
#include <xapian.h>

#include "kb/query/api_json.h"
#include "kb/query/searcher.h"
#include "kb/util/error.h"

#include "query_params.h"

namespace kb::searchd {
namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

constexpr std::string_view kDocumentsPrefix = "/api/v1/documents/";

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
    response.setStatus(status);
    response.setContentType("application/json; charset=utf-8");
    response.set("Cache-Control", "no-store");
    response.set("X-Content-Type-Options", "nosniff");
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send() << body;
}

void send_error(HTTPServerResponse& response, const HttpError& e) {
    send_json(response, e.status, query::error_json(e.code, e.message, e.param));
}

std::string search(query::Searcher& searcher, const QueryParams& params) {
    params.reject_unknown({"q", "lang", "topic", "region", "type", "ui_lang", "page", "size"});
    query::SearchRequest request;
    request.q = params.first("q").value_or("");
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
    request.page = params.get_unsigned("page", 1, 1, query::kMaxResultWindow);
    request.size = params.get_unsigned("size", 10, 1, query::kMaxPageSize);
    return query::to_json(searcher.search(request));
}

}  // namespace

void ApiHandler::handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) {
    const auto start = std::chrono::steady_clock::now();
    std::string uri = request.getURI();
    const std::size_t question = uri.find('?');
    const std::string raw_path = uri.substr(0, question);
    const std::string raw_query = question == std::string::npos ? "" : uri.substr(question + 1);
    const std::string& method = request.getMethod();

    auto respond = [&]() {
        try {
            const std::string path = percent_decode(raw_path, "path", false);
            if (path == "/healthz") {
                if (method != "GET" && method != "HEAD") {
                    response.set("Allow", "GET, HEAD");
                    send_error(response, {HTTPResponse::HTTP_METHOD_NOT_ALLOWED,
                                          "method_not_allowed", "use GET", ""});
                    return;
                }
                send_json(response, HTTPResponse::HTTP_OK, R"({"status":"ok"})");
                return;
            }
            const bool is_search = path == "/api/v1/search";
            const bool is_document =
                raw_path.starts_with(kDocumentsPrefix) && raw_path.size() > kDocumentsPrefix.size();
            if (!is_search && !is_document) {
                send_error(response, {HTTPResponse::HTTP_NOT_FOUND, "not_found",
                                      "no such endpoint: " + path, ""});
                return;
            }
            if (method != "GET") {
                response.set("Allow", "GET");
                send_error(response, {HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                                      "use GET", ""});
                return;
            }
            const QueryParams params = QueryParams::parse(raw_query);
            query::Searcher& searcher = searchers_.local();
            if (is_search) {
                send_json(response, HTTPResponse::HTTP_OK, search(searcher, params));
                return;
            }
            // The id is everything after the prefix; '/' inside it may be sent as %2F or as is.
            // A trailing "/similar" asks for the document's precedents.
            std::string_view raw_id = std::string_view(raw_path).substr(kDocumentsPrefix.size());
            constexpr std::string_view kSimilar = "/similar";
            if (raw_id.size() > kSimilar.size() && raw_id.ends_with(kSimilar)) {
                params.reject_unknown({"size"});
                const std::string id =
                    percent_decode(raw_id.substr(0, raw_id.size() - kSimilar.size()), "id", false);
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
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::ostringstream line;
    line << "access method=" << method << " path=" << raw_path
         << " status=" << static_cast<int>(response.getStatus()) << " ms=" << ms;
    Poco::Util::Application::instance().logger().information(line.str());
}

}  // namespace kb::searchd
