#include "kb/query/searcher.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "kb/analysis/analyzer.h"
#include "kb/analysis/language.h"
#include "kb/index/document_builder.h"
#include "kb/index/index_layout.h"
#include "kb/index/schema.h"
#include "kb/query/query_builder.h"
#include "kb/query/snippet.h"
#include "kb/util/error.h"
#include "kb/util/utf8.h"

namespace kb::query {
namespace {

namespace schema = index::schema;
using Clock = std::chrono::steady_clock;

std::vector<FacetValue> facet_values(const Xapian::ValueCountMatchSpy& spy) {
    std::vector<FacetValue> values;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        values.push_back(FacetValue{*it, language_label(*it), it.get_termfreq()});
    }
    std::sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    return values;
}

Xapian::Query language_filter(const std::vector<std::string>& languages) {
    std::vector<std::string> terms;
    for (const std::string& code : languages) {
        terms.push_back(std::string(schema::prefix::kLanguage) + code);
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

std::string stored_string(const nlohmann::json& data, std::string_view key) {
    const auto it = data.find(key);
    return (it != data.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

}  // namespace

std::string language_label(std::string_view code) {
    if (code == "und") {
        return "Undetermined";
    }
    const analysis::LanguageInfo* info = analysis::find_language(code);
    return info != nullptr ? std::string(info->english_name) : std::string(code);
}

struct Searcher::Impl {
    std::filesystem::path directory;
    Xapian::Database db;
    std::string stub;  // index::stub_signature when db was opened
    analysis::Analyzer analyzer;
    std::vector<std::string> index_languages;  // candidate languages of query words

    void open() {
        try {
            stub = index::stub_signature(directory);
            db = Xapian::Database(directory.string());
        } catch (const Xapian::Error& e) {
            throw IndexError(IndexError::Kind::Open,
                             directory.string() + ": cannot open index: " + e.get_description());
        }
        refresh_languages();
    }

    void refresh_languages() {
        index_languages.clear();
        const std::string prefix(schema::prefix::kLanguage);
        for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
            index_languages.push_back((*it).substr(prefix.size()));
        }
    }

    void reopen() {
        // A rebuild switches the stub to a new generation, which reopen() would not see.
        if (index::stub_signature(directory) != stub) {
            open();
            return;
        }
        if (db.reopen()) {
            refresh_languages();
        }
    }

    // Runs `fn` and, if the index changed under it, reopens and runs it once more
    // (Xapian's documented recovery for DatabaseModifiedError).
    template <typename Fn>
    auto with_retry(Fn fn) -> decltype(fn()) {
        try {
            reopen();
            return fn();
        } catch (const Xapian::DatabaseModifiedError&) {
            reopen();
            try {
                return fn();
            } catch (const Xapian::Error& e) {
                throw IndexError(IndexError::Kind::Open,
                                 "index read failed: " + e.get_description());
            }
        } catch (const Xapian::Error& e) {
            throw IndexError(IndexError::Kind::Open, "index read failed: " + e.get_description());
        }
    }

    SearchResponse run(const SearchRequest& request);
};

Searcher::Searcher(const std::filesystem::path& index_directory) : impl_(std::make_unique<Impl>()) {
    impl_->directory = index_directory;
    impl_->open();
}

Searcher::~Searcher() = default;

SearchResponse Searcher::Impl::run(const SearchRequest& request) {
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
    for (const std::string& code : parsed.languages) {
        if (std::find(filter_languages.begin(), filter_languages.end(), code) ==
            filter_languages.end()) {
            filter_languages.push_back(code);
        }
    }
    const Xapian::Query base = parsed.query.empty() ? Xapian::Query::MatchAll : parsed.query;

    const Xapian::doccount doccount = db.get_doccount();
    const Xapian::doccount offset = (request.page - 1) * request.size;
    auto run_match = [&](const Xapian::Query& text_query, Xapian::ValueCountMatchSpy* lang_spy) {
        Xapian::Query q = text_query;
        if (!filter_languages.empty()) {
            q = Xapian::Query(Xapian::Query::OP_FILTER, q, language_filter(filter_languages));
        }
        Xapian::Enquire enquire(db);
        enquire.set_query(q);
        if (lang_spy != nullptr) {
            enquire.add_matchspy(lang_spy);
        }
        // check_at_least = every document: totals and facet counts are exact.
        return enquire.get_mset(offset, request.size, doccount);
    };

    auto lang_spy = std::make_unique<Xapian::ValueCountMatchSpy>(schema::slot::kLanguage);
    Xapian::MSet mset = run_match(base, filter_languages.empty() ? lang_spy.get() : nullptr);
    if (mset.size() == 0 && mset.get_matches_estimated() == 0 && parsed.and_groups > 1) {
        // No document has every word: rank those with any of them.
        parsed = builder.parse(request.q, candidates, Xapian::Query::OP_OR);
        lang_spy = std::make_unique<Xapian::ValueCountMatchSpy>(schema::slot::kLanguage);
        mset = run_match(parsed.query, filter_languages.empty() ? lang_spy.get() : nullptr);
        response.match_any = true;
    }
    response.total = mset.get_matches_estimated();  // exact: check_at_least covered all

    if (!filter_languages.empty()) {
        // Multi-select: the language counts ignore the language filter.
        Xapian::Enquire enquire(db);
        enquire.set_query(parsed.query.empty() ? Xapian::Query::MatchAll : parsed.query);
        enquire.add_matchspy(lang_spy.get());
        enquire.get_mset(0, 0, doccount);
    }
    response.facets["lang"] = facet_values(*lang_spy);

    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const nlohmann::json data =
            nlohmann::json::parse(it.get_document().get_data(), nullptr, false);
        Hit hit;
        hit.score = it.get_weight();
        if (!data.is_discarded()) {
            hit.id = stored_string(data, schema::field::kId);
            hit.title = stored_string(data, schema::field::kTitle);
            hit.lang = stored_string(data, schema::field::kLanguage);
            hit.snippet = make_snippet(stored_string(data, schema::field::kText), hit.lang,
                                       parsed.highlight, analyzer);
        }
        response.hits.push_back(std::move(hit));
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
    if (static_cast<unsigned long long>(request.page) * request.size > kMaxResultWindow) {
        throw InputError("page", "page * size must not exceed " + std::to_string(kMaxResultWindow));
    }
    SearchRequest checked = request;
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
    return impl_->with_retry([&] { return impl_->run(checked); });
}

std::optional<StoredDocument> Searcher::document(std::string_view id) {
    return impl_->with_retry([&]() -> std::optional<StoredDocument> {
        const std::string term = index::id_term(id);
        Xapian::PostingIterator p = impl_->db.postlist_begin(term);
        if (p == impl_->db.postlist_end(term)) {
            return std::nullopt;
        }
        const nlohmann::json data =
            nlohmann::json::parse(impl_->db.get_document(*p).get_data(), nullptr, false);
        if (data.is_discarded()) {
            throw IndexError(IndexError::Kind::Open,
                             "stored data of '" + std::string(id) + "' is not valid JSON");
        }
        StoredDocument doc;
        doc.id = stored_string(data, schema::field::kId);
        doc.title = stored_string(data, schema::field::kTitle);
        doc.lang = stored_string(data, schema::field::kLanguage);
        doc.script = stored_string(data, schema::field::kScript);
        doc.lang_source = stored_string(data, schema::field::kLanguageSource);
        doc.format = stored_string(data, schema::field::kFormat);
        doc.description = stored_string(data, schema::field::kDescription);
        doc.text = stored_string(data, schema::field::kText);
        doc.lang_confidence = data.value(schema::field::kLanguageConfidence, 0.0);
        doc.bytes = data.value(schema::field::kBytes, std::uint64_t{0});
        doc.indexed_at = data.value(schema::field::kIndexedAt, std::int64_t{0});
        return doc;
    });
}

Xapian::doccount Searcher::document_count() {
    return impl_->with_retry([&] { return impl_->db.get_doccount(); });
}

std::vector<FacetValue> Searcher::languages() {
    return impl_->with_retry([&] {
        std::vector<FacetValue> values;
        const std::string prefix(schema::prefix::kLanguage);
        for (auto it = impl_->db.allterms_begin(prefix); it != impl_->db.allterms_end(prefix);
             ++it) {
            const std::string code = (*it).substr(prefix.size());
            values.push_back(FacetValue{code, language_label(code), it.get_termfreq()});
        }
        return values;
    });
}

}  // namespace kb::query
