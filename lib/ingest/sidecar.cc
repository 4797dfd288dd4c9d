#include "kb/ingest/sidecar.h"

#include <algorithm>
#include <cctype>
#include <system_error>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "kb/util/error.h"
#include "kb/util/file_io.h"
#include "kb/util/utf8.h"

namespace kb::ingest {
namespace {

// The fields of a sidecar, as JSON keys and XML elements: one table for both formats.
struct TextField {
    const char* name;
    std::string Sidecar::*member;
};
constexpr TextField kTextFields[] = {
    {"title", &Sidecar::title}, {"url", &Sidecar::url},
    {"date", &Sidecar::date},   {"language", &Sidecar::language},
    {"type", &Sidecar::type},   {"description", &Sidecar::description},
};
// A list: JSON key `group` (an array or one string); XML elements `item`, bare or inside
// <group>.
struct ListField {
    const char* item;
    const char* group;
    std::vector<std::string> Sidecar::*member;
};
constexpr ListField kListFields[] = {
    {"topic", "topics", &Sidecar::topics},
    {"region", "regions", &Sidecar::regions},
};

constexpr std::size_t kMaxSidecarBytes = std::size_t{1} << 20;

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) {
        return {};
    }
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

int to_int(std::string_view digits) {
    int n = 0;
    for (const char c : digits) {
        n = n * 10 + (c - '0');
    }
    return n;
}

// YYYY, YYYY-MM or YYYY-MM-DD, with any time part ("T...") dropped; throws if invalid.
std::string normalise_date(const std::string& value, const std::string& source) {
    const std::string date = value.substr(0, value.find('T'));
    auto fail = [&]() -> std::string {
        throw InputError(source, "date '" + value + "' is not an ISO 8601 date (YYYY-MM-DD)");
    };
    if (date.size() != 4 && date.size() != 7 && date.size() != 10) {
        return fail();
    }
    const std::string_view d = date;
    if (!all_digits(d.substr(0, 4))) {
        return fail();
    }
    if (date.size() >= 7) {
        if (d[4] != '-' || !all_digits(d.substr(5, 2))) {
            return fail();
        }
        const int month = to_int(d.substr(5, 2));
        if (month < 1 || month > 12) {
            return fail();
        }
        if (date.size() == 10) {
            if (d[7] != '-' || !all_digits(d.substr(8, 2))) {
                return fail();
            }
            const int year = to_int(d.substr(0, 4));
            const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
            const int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
            const int day = to_int(d.substr(8, 2));
            if (day < 1 || day > days) {
                return fail();
            }
        }
    }
    return date;
}

// A BCP 47-shaped tag: 2-8 letters, then subtags of 1-8 letters or digits after '-' or '_'.
void check_language(const std::string& tag, const std::string& source) {
    std::size_t start = 0;
    bool first = true;
    for (;;) {
        const std::size_t end = tag.find_first_of("-_", start);
        const std::string_view part =
            std::string_view(tag).substr(start, end == std::string::npos ? end : end - start);
        const bool ok = part.size() >= (first ? 2u : 1u) && part.size() <= 8 &&
                        std::all_of(part.begin(), part.end(), [&](unsigned char c) {
                            return first ? std::isalpha(c) != 0 : std::isalnum(c) != 0;
                        });
        if (!ok) {
            throw InputError(source, "language '" + tag + "' is not a language tag (\"pl\")");
        }
        if (end == std::string::npos) {
            return;
        }
        start = end + 1;
        first = false;
    }
}

void check_url(const std::string& url, const std::string& source) {
    const std::size_t scheme = url.find("://");
    const bool ok =
        scheme != std::string::npos && scheme > 0 &&
        std::isalpha(static_cast<unsigned char>(url[0])) && url.size() > scheme + 3 &&
        std::none_of(url.begin(), url.end(), [](unsigned char c) { return std::isspace(c) != 0; });
    if (!ok) {
        throw InputError(source, "url '" + url + "' is not an absolute URL");
    }
}

// Adds a topic or region once; XML sidecars may hold any bytes (fuzz regression
// tests/data/fuzz-regressions/sidecar/region-invalid-utf8.meta.xml).
void add_unique(std::vector<std::string>& list, const std::string& value) {
    const std::string v = util::sanitize_utf8(trim(value));
    if (!v.empty() && std::find(list.begin(), list.end(), v) == list.end()) {
        list.push_back(v);
    }
}

// Validates and normalises the fields after parsing.
void finish(Sidecar& sidecar, const std::string& source) {
    for (std::string* field : {&sidecar.title, &sidecar.url, &sidecar.date, &sidecar.language,
                               &sidecar.type, &sidecar.description}) {
        *field = util::sanitize_utf8(trim(*field));
    }
    if (!sidecar.date.empty()) {
        sidecar.date = normalise_date(sidecar.date, source);
    }
    if (!sidecar.language.empty()) {
        check_language(sidecar.language, source);
    }
    if (!sidecar.url.empty()) {
        check_url(sidecar.url, source);
    }
}

}  // namespace

bool is_sidecar(const std::filesystem::path& path) {
    const std::string name = ascii_lower(path.filename().string());
    return name.ends_with(".meta.json") || name.ends_with(".meta.xml");
}

std::vector<std::filesystem::path> sidecar_candidates(const std::filesystem::path& document) {
    const std::filesystem::path dir = document.parent_path();
    const std::string name = document.filename().string();
    std::vector<std::filesystem::path> candidates = {dir / (name + ".meta.json"),
                                                     dir / (name + ".meta.xml")};
    if (document.has_extension()) {
        const std::string stem = document.stem().string();
        candidates.push_back(dir / (stem + ".meta.json"));
        candidates.push_back(dir / (stem + ".meta.xml"));
    }
    return candidates;
}

std::optional<Sidecar> read_sidecar(const std::filesystem::path& document) {
    if (is_sidecar(document)) {
        return std::nullopt;
    }
    for (const std::filesystem::path& candidate : sidecar_candidates(document)) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(candidate, ec)) {
            continue;
        }
        const std::string bytes = util::read_file(candidate, kMaxSidecarBytes);
        const std::string source = candidate.string();
        return candidate.extension() == ".json" ? parse_sidecar_json(bytes, source)
                                                : parse_sidecar_xml(bytes, source);
    }
    return std::nullopt;
}

Sidecar parse_sidecar_json(std::string_view bytes, const std::string& source) {
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(bytes);
    } catch (const nlohmann::json::exception& e) {
        throw InputError(source, std::string("malformed JSON: ") + e.what());
    }
    if (!json.is_object()) {
        throw InputError(source, "a JSON sidecar must be one object");
    }
    Sidecar sidecar;
    sidecar.path = source;
    auto text = [&](const char* key, std::string& field) {
        const auto it = json.find(key);
        if (it == json.end() || it->is_null()) {
            return;
        }
        if (!it->is_string()) {
            throw InputError(source, std::string("'") + key + "' must be a string");
        }
        field = it->get<std::string>();
    };
    auto list = [&](const char* key, std::vector<std::string>& field) {
        const auto it = json.find(key);
        if (it == json.end() || it->is_null()) {
            return;
        }
        if (it->is_string()) {
            add_unique(field, it->get<std::string>());
            return;
        }
        if (!it->is_array() ||
            !std::all_of(it->begin(), it->end(), [](const auto& v) { return v.is_string(); })) {
            throw InputError(source, std::string("'") + key + "' must be a list of strings");
        }
        for (const auto& v : *it) {
            add_unique(field, v.template get<std::string>());
        }
    };
    for (const auto& [name, member] : kTextFields) {
        text(name, sidecar.*member);
    }
    for (const auto& [item, group, member] : kListFields) {
        list(group, sidecar.*member);
    }
    finish(sidecar, source);
    return sidecar;
}

Sidecar parse_sidecar_xml(std::string_view bytes, const std::string& source) {
    pugi::xml_document xml;
    const pugi::xml_parse_result parsed = xml.load_buffer(bytes.data(), bytes.size());
    if (!parsed) {
        throw InputError(source, std::string("malformed XML at offset ") +
                                     std::to_string(parsed.offset) + ": " + parsed.description());
    }
    const pugi::xml_node root = xml.document_element();
    if (std::string_view(root.name()) != "meta") {
        throw InputError(source,
                         std::string("root element is <") + root.name() + ">, expected <meta>");
    }
    Sidecar sidecar;
    sidecar.path = source;
    auto text = [&](const char* name, std::string& field) {
        const pugi::xml_node node = root.child(name);
        if (!node) {
            return;
        }
        if (node.next_sibling(name)) {
            throw InputError(source, std::string("more than one <") + name + ">");
        }
        field = node.child_value();
    };
    auto list = [&](const char* name, const char* wrapper, std::vector<std::string>& field) {
        for (const pugi::xml_node node : root.children(name)) {
            add_unique(field, node.child_value());
        }
        for (const pugi::xml_node group : root.children(wrapper)) {
            for (const pugi::xml_node node : group.children(name)) {
                add_unique(field, node.child_value());
            }
        }
    };
    for (const auto& [name, member] : kTextFields) {
        text(name, sidecar.*member);
    }
    for (const auto& [item, group, member] : kListFields) {
        list(item, group, sidecar.*member);
    }
    finish(sidecar, source);
    return sidecar;
}

void apply_sidecar(const Sidecar& sidecar, ExtractedDocument& doc) {
    for (const auto& [from, to] :
         {std::pair{&sidecar.title, &doc.title}, std::pair{&sidecar.url, &doc.url},
          std::pair{&sidecar.date, &doc.date}, std::pair{&sidecar.language, &doc.language},
          std::pair{&sidecar.type, &doc.type}, std::pair{&sidecar.description, &doc.description}}) {
        if (!from->empty()) {
            *to = *from;
        }
    }
    if (!sidecar.topics.empty()) {
        doc.topics = sidecar.topics;
    }
    if (!sidecar.regions.empty()) {
        doc.regions = sidecar.regions;
    }
}

}  // namespace kb::ingest
