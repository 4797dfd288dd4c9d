#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kb::classify {

// The three vocabularies of a taxonomy file (docs/taxonomy.md).
enum class TaxonomyKind { Topic, Region, Type };

// Levels of the region hierarchy: a macro-region (EU macro-regional strategy) contains
// countries or regions by membership; the others nest country > region > city.
enum class RegionLevel { Macro, Country, Region, City };

// A word or phrase that names a region or signals a topic or type, in language `lang`
// ("" = written the same in every language, matched by its diacritic-folded form only).
struct Phrase {
    std::string text;
    std::string lang;
    // False for a name that is shown but never matched in text (a common word such as
    // Romanian "Vest"): from `match="no"` in the file.
    bool match = true;
    // True for a <name>: matched in documents of every language. An <alias> with a `lang`
    // is matched only in documents of that language (Slovenian "Dunaj" is Vienna, Polish
    // "Dunaj" the river).
    bool official = false;
};

// A topic or a document type: an id, labels by language and trigger phrases by language.
struct Concept {
    std::string id;
    std::map<std::string, std::string> labels;                 // lang -> label
    std::map<std::string, std::vector<std::string>> triggers;  // lang -> phrases
};

// A node of the region hierarchy. `parent` is empty for countries and macro-regions;
// `members` (ids) only for macro-regions. `names` are the official names by language,
// `aliases` other spellings and translations.
struct Region {
    std::string id;
    std::string parent;
    RegionLevel level = RegionLevel::Country;
    std::map<std::string, std::string> names;  // lang -> name
    std::string first_name;  // the first <name>: its label in a language without a name
    std::vector<Phrase> aliases;
    std::vector<std::string> members;
};

// Returns "macro", "country", "region" or "city".
std::string_view to_string(RegionLevel level);

// The topic, region and document-type vocabularies read from corpus/taxonomy.xml.
// Immutable after load(); share one instance between threads as
// std::shared_ptr<const Taxonomy>.
// Thread safety: const methods may be called from any number of threads.
class Taxonomy {
public:
    // Reads and validates the file at `path`.
    // Throws: ConfigError "<path>:<line>: <problem>" if the file cannot be read, is not
    // well-formed XML, or an id is missing or duplicated, a `ref` or `parent` names an
    // unknown region, membership forms a cycle, a level is unknown, or a topic or type has no
    // English label.
    static Taxonomy load(const std::filesystem::path& path);

    // Topics, regions (in document order: parents before children) and types.
    const std::vector<Concept>& topics() const noexcept { return topics_; }
    const std::vector<Region>& regions() const noexcept { return regions_; }
    const std::vector<Concept>& types() const noexcept { return types_; }

    // The topic, region or type with `id`, or nullptr.
    const Concept* find_topic(std::string_view id) const;
    const Region* find_region(std::string_view id) const;
    const Concept* find_type(std::string_view id) const;

    // Every region that contains `region_id`, nearest first: its parents up to the country,
    // then the macro-regions having it or one of those parents as a member (and the
    // macro-regions containing those). Does not include `region_id` itself; no duplicates.
    // Throws: InputError (source "region") if `region_id` is unknown.
    std::vector<std::string> ancestors(std::string_view region_id) const;

    // The label of `id` in `lang` (for regions: the name), falling back to English, then to
    // any label, then to the id itself. `lang` may be a BCP-47 tag ("sr-Cyrl").
    std::string label(TaxonomyKind kind, std::string_view id, std::string_view lang) const;

private:
    Taxonomy() = default;

    std::vector<Concept> topics_;
    std::vector<Region> regions_;
    std::vector<Concept> types_;
    std::unordered_map<std::string, std::size_t> topic_index_;
    std::unordered_map<std::string, std::size_t> region_index_;
    std::unordered_map<std::string, std::size_t> type_index_;
    // region id -> macro-regions that list it as a member.
    std::unordered_map<std::string, std::vector<std::string>> member_of_;

    friend class TaxonomyLoader;
};

}  // namespace kb::classify
