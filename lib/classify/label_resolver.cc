#include "kb/classify/label_resolver.h"

#include "kb/analysis/text_normalizer.h"

namespace kb::classify {

LabelResolver::LabelResolver(std::shared_ptr<const Taxonomy> taxonomy)
    : taxonomy_(std::move(taxonomy)), normalizer_(std::make_unique<analysis::TextNormalizer>()) {
    const auto add_concepts = [this](TaxonomyKind kind, const std::vector<Concept>& concepts) {
        for (const Concept& c : concepts) {
            add(kind, c.id, c.id, false);
            for (const auto& [lang, label] : c.labels) {
                add(kind, label, c.id, false);
            }
            for (const auto& [lang, phrases] : c.triggers) {
                for (const std::string& phrase : phrases) {
                    add(kind, phrase, c.id, true);
                }
            }
        }
    };
    add_concepts(TaxonomyKind::Topic, taxonomy_->topics());
    add_concepts(TaxonomyKind::Type, taxonomy_->types());
    for (const Region& r : taxonomy_->regions()) {
        add(TaxonomyKind::Region, r.id, r.id, false);
        for (const auto& [lang, name] : r.names) {
            add(TaxonomyKind::Region, name, r.id, false);
        }
        for (const Phrase& alias : r.aliases) {
            add(TaxonomyKind::Region, alias.text, r.id, false);
        }
    }
}

LabelResolver::~LabelResolver() = default;

std::string LabelResolver::key(std::string_view text) {
    // Case folded, then without diacritics and with Serbian Cyrillic in Latin; spaces,
    // hyphens and underscores are one space ("youth_employment", "Youth-employment").
    std::string folded = normalizer_->fold(normalizer_->case_fold(text), true);
    std::string out;
    for (const char c : folded) {
        const bool gap = c == ' ' || c == '-' || c == '_' || c == '\t';
        if (gap) {
            if (!out.empty() && out.back() != ' ') {
                out += ' ';
            }
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

void LabelResolver::add(TaxonomyKind kind,
                        std::string_view text,
                        const std::string& id,
                        bool trigger) {
    const std::string k = key(text);
    if (k.empty()) {
        return;
    }
    auto& ids = (trigger ? triggers_ : ids_)[static_cast<int>(kind)];
    const auto [it, inserted] = ids.emplace(k, id);
    if (!inserted && it->second != id) {
        it->second.clear();  // two ids share this text: ambiguous
    }
}

std::optional<std::string> LabelResolver::resolve(TaxonomyKind kind, std::string_view text) {
    const std::string k = key(text);
    for (const auto* table : {&ids_[static_cast<int>(kind)], &triggers_[static_cast<int>(kind)]}) {
        if (const auto it = table->find(k); it != table->end()) {
            if (it->second.empty()) {
                return std::nullopt;  // ambiguous
            }
            return it->second;
        }
    }
    return std::nullopt;
}

}  // namespace kb::classify
