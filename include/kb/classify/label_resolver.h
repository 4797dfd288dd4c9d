#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "kb/classify/taxonomy.h"

namespace kb::analysis {
class TextNormalizer;
}

namespace kb::classify {

// Maps what people write in metadata sidecars ("topics": ["Youth employment"], "regions":
// ["Tuzlanski kanton"], "type": "practice report") to taxonomy ids: an id itself, or a
// label, name or alias in any language, compared case- and diacritic-insensitively
// ("tuzlanski kanton", "BA-03" and "Тузлански кантон" are all BA-03); failing that, a
// topic's or type's trigger phrase ("saobraćaj" is transport-mobility).
// Thread safety: one instance per thread (it owns a TextNormalizer).
class LabelResolver {
public:
    explicit LabelResolver(std::shared_ptr<const Taxonomy> taxonomy);
    ~LabelResolver();
    LabelResolver(const LabelResolver&) = delete;
    LabelResolver& operator=(const LabelResolver&) = delete;

    // The id `text` names in vocabulary `kind`, or nullopt if it names none (or several:
    // an ambiguous name is not guessed).
    std::optional<std::string> resolve(TaxonomyKind kind, std::string_view text);

private:
    std::string key(std::string_view text);
    void add(TaxonomyKind kind, std::string_view text, const std::string& id, bool trigger);

    std::shared_ptr<const Taxonomy> taxonomy_;
    std::unique_ptr<analysis::TextNormalizer> normalizer_;
    // Per kind: folded text -> id ("" when two ids share the text); names and labels, then
    // trigger phrases.
    std::unordered_map<std::string, std::string> ids_[3];
    std::unordered_map<std::string, std::string> triggers_[3];
};

}  // namespace kb::classify
