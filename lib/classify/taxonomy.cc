#include "kb/classify/taxonomy.h"

#include <algorithm>
#include <cstddef>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <unordered_set>
#include <utility>

#include <pugixml.hpp>

#include "kb/util/error.h"

namespace kb::classify {

namespace {

// "sr-Cyrl" -> "sr", "EN" -> "en".
std::string primary_language(std::string_view tag) {
    std::string out(tag.substr(0, tag.find_first_of("-_")));
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    return out;
}

// "sr-Cyrl" -> "sr-cyrl": tags are compared lower-case.
std::string lower_tag(std::string_view tag) {
    std::string out(tag);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    std::replace(out.begin(), out.end(), '_', '-');
    return out;
}

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

}  // namespace

// Builds a Taxonomy from a parsed file, reporting problems with their line numbers.
class TaxonomyLoader {
public:
    TaxonomyLoader(std::filesystem::path path, std::string text)
        : path_(std::move(path)), text_(std::move(text)) {}

    Taxonomy load() {
        const pugi::xml_parse_result result =
            doc_.load_buffer(text_.data(), text_.size(), pugi::parse_default, pugi::encoding_utf8);
        if (!result) {
            fail(static_cast<std::size_t>(result.offset), result.description());
        }
        const pugi::xml_node root = doc_.child("taxonomy");
        if (!root) {
            fail(0, "the root element must be <taxonomy>");
        }
        for (const pugi::xml_node topic : root.child("topics").children("topic")) {
            read_concept(topic, tax_.topics_, tax_.topic_index_, "topic");
        }
        for (const pugi::xml_node type : root.child("types").children("type")) {
            read_concept(type, tax_.types_, tax_.type_index_, "type");
        }
        const pugi::xml_node regions = root.child("regions");
        for (const pugi::xml_node node : regions.children()) {
            read_region(node, "");
        }
        resolve_references();
        return std::move(tax_);
    }

private:
    [[noreturn]] void fail(std::size_t offset, const std::string& message) const {
        const std::size_t end = std::min(offset, text_.size());
        const auto line =
            1 + std::count(text_.begin(), text_.begin() + static_cast<long>(end), '\n');
        throw ConfigError(path_.string() + ":" + std::to_string(line) + ": " + message);
    }
    [[noreturn]] void fail(const pugi::xml_node& node, const std::string& message) const {
        fail(static_cast<std::size_t>(std::max<std::ptrdiff_t>(node.offset_debug(), 0)), message);
    }

    std::string required_id(const pugi::xml_node& node) const {
        const std::string id = trimmed(node.attribute("id").value());
        if (id.empty()) {
            fail(node, std::string("<") + node.name() + "> without an id");
        }
        return id;
    }

    std::string required_lang(const pugi::xml_node& node) const {
        const std::string lang = lower_tag(trimmed(node.attribute("lang").value()));
        if (lang.empty()) {
            fail(node, std::string("<") + node.name() + "> without a lang attribute");
        }
        return lang;
    }

    std::string required_text(const pugi::xml_node& node) const {
        std::string text = trimmed(node.text().get());
        if (text.empty()) {
            fail(node, std::string("empty <") + node.name() + ">");
        }
        return text;
    }

    void claim_id(const std::string& id, const pugi::xml_node& node) {
        // Ids are unique across the three vocabularies, so that a facet value names one thing.
        const auto [it, inserted] = seen_ids_.emplace(id, node.offset_debug());
        if (!inserted) {
            fail(node, "duplicate id '" + id + "' (first defined on line " +
                           std::to_string(line_of(static_cast<std::size_t>(it->second))) + ")");
        }
    }

    std::size_t line_of(std::size_t offset) const {
        const std::size_t end = std::min(offset, text_.size());
        return 1 + static_cast<std::size_t>(
                       std::count(text_.begin(), text_.begin() + static_cast<long>(end), '\n'));
    }

    void read_concept(const pugi::xml_node& node,
                      std::vector<Concept>& out,
                      std::unordered_map<std::string, std::size_t>& index,
                      const char* what) {
        Concept entry;
        entry.id = required_id(node);
        claim_id(entry.id, node);
        for (const pugi::xml_node child : node.children()) {
            if (child.type() != pugi::node_element) {
                continue;
            }
            const std::string name = child.name();
            if (name == "label") {
                const std::string lang = required_lang(child);
                if (!entry.labels.emplace(lang, required_text(child)).second) {
                    fail(child,
                         "second <label> in '" + lang + "' for " + what + " '" + entry.id + "'");
                }
            } else if (name == "trigger") {
                entry.triggers[required_lang(child)].push_back(required_text(child));
            } else {
                fail(child, "unexpected <" + name + "> in <" + what + ">");
            }
        }
        if (!entry.labels.contains("en")) {
            fail(node, std::string(what) + " '" + entry.id + "' has no English label");
        }
        index.emplace(entry.id, out.size());
        out.push_back(std::move(entry));
    }

    void read_region(const pugi::xml_node& node, const std::string& parent) {
        if (node.type() != pugi::node_element) {
            return;
        }
        const std::string element = node.name();
        if (element != "region" && element != "macro") {
            fail(node, "unexpected <" + element + "> in <regions>");
        }
        Region region;
        region.id = required_id(node);
        claim_id(region.id, node);
        region.parent = parent;
        if (element == "macro") {
            if (!parent.empty()) {
                fail(node, "<macro> '" + region.id + "' must be a direct child of <regions>");
            }
            region.level = RegionLevel::Macro;
        } else {
            const std::string level = node.attribute("level").value();
            if (level == "country") {
                region.level = RegionLevel::Country;
            } else if (level == "region") {
                region.level = RegionLevel::Region;
            } else if (level == "city") {
                region.level = RegionLevel::City;
            } else {
                fail(node, "region '" + region.id + "' has level '" + level +
                               "' (expected country, region or city)");
            }
            if (parent.empty() != (region.level == RegionLevel::Country)) {
                fail(node, "region '" + region.id +
                               "': countries are children of <regions>, other regions are not");
            }
        }
        std::vector<pugi::xml_node> children;
        for (const pugi::xml_node child : node.children()) {
            if (child.type() != pugi::node_element) {
                continue;
            }
            const std::string name = child.name();
            const bool match = std::string_view(child.attribute("match").value()) != "no";
            if (name == "name") {
                const std::string lang = required_lang(child);
                std::string text = required_text(child);
                if (!region.names.emplace(lang, text).second) {
                    fail(child, "second <name> in '" + lang + "' for region '" + region.id + "'");
                }
                if (region.first_name.empty()) {
                    region.first_name = text;
                }
                region.aliases.push_back({std::move(text), lang, match, true});
            } else if (name == "alias") {
                region.aliases.push_back({required_text(child),
                                          lower_tag(trimmed(child.attribute("lang").value())),
                                          match, false});
            } else if (name == "member" && region.level == RegionLevel::Macro) {
                const std::string ref = trimmed(child.attribute("ref").value());
                if (ref.empty()) {
                    fail(child, "<member> without a ref");
                }
                region.members.push_back(ref);
                member_nodes_.emplace_back(ref, child);
            } else if (name == "region") {
                children.push_back(child);
            } else {
                fail(child, "unexpected <" + name + "> in <" + element + ">");
            }
        }
        if (region.names.empty()) {
            fail(node, "region '" + region.id + "' has no <name>");
        }
        const std::string id = region.id;
        region_nodes_.emplace(id, node);
        tax_.region_index_.emplace(id, tax_.regions_.size());
        tax_.regions_.push_back(std::move(region));
        for (const pugi::xml_node& child : children) {
            read_region(child, id);
        }
    }

    void resolve_references() {
        for (const auto& [ref, node] : member_nodes_) {
            if (!tax_.region_index_.contains(ref)) {
                fail(node, "<member ref=\"" + ref + "\"> names no region");
            }
        }
        for (const Region& region : tax_.regions_) {
            for (const std::string& member : region.members) {
                tax_.member_of_[member].push_back(region.id);
            }
        }
        // Membership is the only relation that can loop (nesting cannot): a macro-region
        // must not contain itself, directly or through other macro-regions.
        for (const Region& region : tax_.regions_) {
            if (region.level != RegionLevel::Macro) {
                continue;
            }
            std::vector<std::string> stack(region.members);
            std::unordered_set<std::string> seen;
            while (!stack.empty()) {
                const std::string current = std::move(stack.back());
                stack.pop_back();
                if (current == region.id) {
                    fail(region_nodes_.at(region.id),
                         "macro-region '" + region.id + "' contains itself through its members");
                }
                if (!seen.insert(current).second) {
                    continue;
                }
                const Region& r = tax_.regions_[tax_.region_index_.at(current)];
                stack.insert(stack.end(), r.members.begin(), r.members.end());
            }
        }
    }

    std::filesystem::path path_;
    std::string text_;
    pugi::xml_document doc_;
    Taxonomy tax_;
    std::unordered_map<std::string, std::ptrdiff_t> seen_ids_;
    std::unordered_map<std::string, pugi::xml_node> region_nodes_;
    std::vector<std::pair<std::string, pugi::xml_node>> member_nodes_;
};

Taxonomy Taxonomy::load(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw ConfigError(path.string() + ": cannot open taxonomy file");
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return TaxonomyLoader(path, std::move(text)).load();
}

std::string_view to_string(RegionLevel level) {
    switch (level) {
        case RegionLevel::Macro:
            return "macro";
        case RegionLevel::Country:
            return "country";
        case RegionLevel::Region:
            return "region";
        case RegionLevel::City:
            return "city";
    }
    return "region";
}

const Concept* Taxonomy::find_topic(std::string_view id) const {
    const auto it = topic_index_.find(std::string(id));
    return it == topic_index_.end() ? nullptr : &topics_[it->second];
}

const Region* Taxonomy::find_region(std::string_view id) const {
    const auto it = region_index_.find(std::string(id));
    return it == region_index_.end() ? nullptr : &regions_[it->second];
}

const Concept* Taxonomy::find_type(std::string_view id) const {
    const auto it = type_index_.find(std::string(id));
    return it == type_index_.end() ? nullptr : &types_[it->second];
}

std::vector<std::string> Taxonomy::ancestors(std::string_view region_id) const {
    const Region* region = find_region(region_id);
    if (region == nullptr) {
        throw InputError("region", "unknown region id '" + std::string(region_id) + "'");
    }
    std::vector<std::string> out;
    std::set<std::string> seen{region->id};
    // The chain of parents first, then macro-regions breadth-first from every node so far.
    for (const Region* r = region; !r->parent.empty();) {
        r = find_region(r->parent);
        out.push_back(r->id);
        seen.insert(r->id);
    }
    std::vector<std::string> queue{region->id};
    queue.insert(queue.end(), out.begin(), out.end());
    for (std::size_t i = 0; i < queue.size(); ++i) {
        const auto it = member_of_.find(queue[i]);
        if (it == member_of_.end()) {
            continue;
        }
        for (const std::string& macro : it->second) {
            if (seen.insert(macro).second) {
                out.push_back(macro);
                queue.push_back(macro);
            }
        }
    }
    return out;
}

std::string Taxonomy::label(TaxonomyKind kind, std::string_view id, std::string_view lang) const {
    const std::map<std::string, std::string>* labels = nullptr;
    if (kind == TaxonomyKind::Region) {
        if (const Region* r = find_region(id)) {
            labels = &r->names;
        }
    } else if (const Concept* c = kind == TaxonomyKind::Topic ? find_topic(id) : find_type(id)) {
        labels = &c->labels;
    }
    if (labels == nullptr || labels->empty()) {
        return std::string(id);
    }
    for (const std::string& key : {lower_tag(lang), primary_language(lang), std::string("en")}) {
        if (const auto it = labels->find(key); it != labels->end()) {
            return it->second;
        }
    }
    return labels->begin()->second;
}

}  // namespace kb::classify
