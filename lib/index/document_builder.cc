#include "kb/index/document_builder.h"

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <set>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kb/index/schema.h"
#include "kb/util/hash.h"

namespace kb::index {
namespace {

bool fits(std::string_view prefix, std::string_view term) {
    return prefix.size() + term.size() <= schema::kMaxTermBytes;
}

std::string with_prefix(std::string_view prefix, std::string_view term) {
    std::string t(prefix);
    t += term;
    return t;
}

}  // namespace

std::string id_term(std::string_view id) {
    if (fits(schema::prefix::kId, id)) {
        return with_prefix(schema::prefix::kId, id);
    }
    std::string term(schema::prefix::kId);
    term.append(id.substr(0, 200));
    term += '#';
    term += util::hex16(util::fnv1a64(id));
    return term;
}

bool is_index_date(std::string_view date) noexcept {
    const auto digits = [&](std::size_t from, std::size_t n) {
        for (std::size_t i = from; i < from + n; ++i) {
            if (date[i] < '0' || date[i] > '9') {
                return false;
            }
        }
        return true;
    };
    const auto number = [&](std::size_t from, std::size_t n) {
        int v = 0;
        for (std::size_t i = from; i < from + n; ++i) {
            v = v * 10 + (date[i] - '0');
        }
        return v;
    };
    if (date.size() != 4 && date.size() != 7 && date.size() != 10) {
        return false;
    }
    if (!digits(0, 4) || date[0] < '1' || date[0] > '2') {
        return false;
    }
    if (date.size() >= 7 &&
        (date[4] != '-' || !digits(5, 2) || number(5, 2) < 1 || number(5, 2) > 12)) {
        return false;
    }
    if (date.size() == 10 &&
        (date[7] != '-' || !digits(8, 2) || number(8, 2) < 1 || number(8, 2) > 31)) {
        return false;
    }
    return true;
}

Xapian::Document build_document(const IndexedDocument& doc,
                                analysis::Analyzer& analyzer,
                                FoldedStems* folded_stems) {
    std::set<std::pair<std::string, std::string>> seen;
    const auto note_folded_stem = [&](const analysis::Token& t) {
        if (folded_stems != nullptr && t.norm != t.folded && !t.is_number &&
            fits(schema::synonym::kFoldedForm, t.folded) &&
            fits(schema::prefix::kTitleStem, t.stem) && seen.emplace(t.folded, t.stem).second) {
            folded_stems->emplace_back(t.folded, t.stem);
        }
    };
    Xapian::Document xdoc;
    xdoc.add_boolean_term(id_term(doc.id));
    xdoc.add_boolean_term(with_prefix(schema::prefix::kLanguage, doc.language));
    xdoc.add_value(schema::slot::kLanguage, doc.language);
    // Facets: a filter term per value, and the values in one slot per facet for counting.
    const auto add_facet = [&](std::string_view prefix, Xapian::valueno slot,
                               const std::vector<std::string>& values) {
        std::string joined;
        for (const std::string& v : values) {
            if (v.empty() || !fits(prefix, v)) {
                continue;
            }
            xdoc.add_boolean_term(with_prefix(prefix, v));
            if (!joined.empty()) {
                joined += schema::kListSeparator;
            }
            joined += v;
        }
        if (!joined.empty()) {
            xdoc.add_value(slot, joined);
        }
    };
    const bool dated = is_index_date(doc.date);
    if (dated) {
        xdoc.add_value(schema::slot::kDate, doc.date);
        xdoc.add_value(schema::slot::kYear, doc.date.substr(0, 4));
    }
    // Undated documents sort after dated ones: the separator is below every date's first digit.
    xdoc.add_value(schema::slot::kOrder,
                   (dated ? doc.date : std::string()) + schema::kListSeparator + id_term(doc.id));
    add_facet(schema::prefix::kTopic, schema::slot::kTopics, doc.topics);
    add_facet(schema::prefix::kRegion, schema::slot::kRegions, doc.regions);
    add_facet(schema::prefix::kType, schema::slot::kType,
              doc.type.empty() ? std::vector<std::string>{} : std::vector<std::string>{doc.type});
    if (!doc.source_root.empty()) {
        xdoc.add_value(schema::slot::kSourceRoot, doc.source_root);
        xdoc.add_value(schema::slot::kSourceId, doc.id);
        xdoc.add_value(schema::slot::kSourceStat, doc.source_stat);
        xdoc.add_value(schema::slot::kContentHash, doc.content_hash);
    }

    Xapian::termpos last = 0;
    for (const analysis::Token& t : analyzer.analyze(doc.title, doc.language, 1)) {
        if (fits(schema::prefix::kTitle, t.folded)) {
            xdoc.add_posting(with_prefix(schema::prefix::kTitle, t.folded), t.position);
            xdoc.add_posting(t.folded, t.position);
        }
        if (fits(schema::prefix::kTitleStem, t.stem)) {
            xdoc.add_term(with_prefix(schema::prefix::kTitleStem, t.stem));
            xdoc.add_term(with_prefix(schema::prefix::kStem, t.stem));
        }
        note_folded_stem(t);
        last = t.position;
    }
    // Each run of the body in its own language; positions go on across runs so that a
    // phrase still matches across a paragraph boundary.
    const std::vector<classify::LanguageRun> whole = {
        classify::LanguageRun{0, doc.text.size(), doc.language}};
    const std::vector<classify::LanguageRun>& runs =
        doc.language_runs.empty() ? whole : doc.language_runs;
    Xapian::termpos next = last + schema::kBodyPositionGap;
    for (const classify::LanguageRun& run : runs) {
        const std::string_view text =
            std::string_view(doc.text).substr(std::min(run.offset, doc.text.size()), run.length);
        for (const analysis::Token& t : analyzer.analyze(text, run.language, next)) {
            if (fits("", t.folded)) {
                xdoc.add_posting(t.folded, t.position);
            }
            if (fits(schema::prefix::kStem, t.stem)) {
                xdoc.add_term(with_prefix(schema::prefix::kStem, t.stem));
            }
            note_folded_stem(t);
            next = t.position + 1;
        }
    }

    nlohmann::json data = {
        {schema::field::kId, doc.id},
        {schema::field::kTitle, doc.title},
        {schema::field::kLanguage, doc.language},
        {schema::field::kScript, doc.script},
        {schema::field::kLanguageConfidence, doc.language_confidence},
        {schema::field::kLanguageSource, doc.language_source},
        {schema::field::kFormat, doc.format},
        {schema::field::kPath, doc.path},
        {schema::field::kDescription, doc.description},
        {schema::field::kDate, doc.date},
        {schema::field::kUrl, doc.url},
        {schema::field::kType, doc.type},
        {schema::field::kTopics, doc.topics},
        {schema::field::kRegions, doc.regions},
        {schema::field::kAuthor, doc.author},
        {schema::field::kEncoding, doc.encoding},
        {schema::field::kBytes, doc.bytes},
        {schema::field::kIndexedAt, static_cast<std::int64_t>(std::time(nullptr))},
        {schema::field::kText, doc.text},
    };
    const std::vector<std::string> others =
        classify::other_languages(doc.language_runs, doc.language);
    if (!others.empty()) {
        data[schema::field::kOtherLanguages] = others;
    }
    // Text is valid UTF-8 by now (extractors sanitise it); `replace` guards the rest.
    xdoc.set_data(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return xdoc;
}

}  // namespace kb::index
