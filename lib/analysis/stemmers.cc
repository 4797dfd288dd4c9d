#include "kb/analysis/stemmers.h"

#include <map>
#include <optional>
#include <unordered_map>

#include <xapian.h>

namespace kb::analysis {
namespace {

constexpr std::size_t kMaxCacheEntries = 500'000;

struct LanguageStemmer {
    std::optional<Xapian::Stem> stem;
    std::unordered_map<std::string, std::string> cache;
};

std::optional<Xapian::Stem> make_stemmer(const std::string& lang) {
    if (lang.empty()) {
        return std::nullopt;
    }
    try {
        Xapian::Stem stem(lang);
        if (stem.is_none()) {
            return std::nullopt;
        }
        return stem;
    } catch (const Xapian::InvalidArgumentError&) {
        return std::nullopt;  // Xapian has no stemmer for this language
    }
}

}  // namespace

struct Stemmers::Impl {
    std::map<std::string, LanguageStemmer, std::less<>> by_language;

    LanguageStemmer& get(std::string_view lang) {
        auto it = by_language.find(lang);
        if (it == by_language.end()) {
            LanguageStemmer s;
            s.stem = make_stemmer(std::string(lang));
            it = by_language.emplace(std::string(lang), std::move(s)).first;
        }
        return it->second;
    }
};

Stemmers::Stemmers() : impl_(std::make_unique<Impl>()) {}
Stemmers::~Stemmers() = default;

const std::string& Stemmers::stem(std::string_view lang, const std::string& case_folded) {
    LanguageStemmer& s = impl_->get(lang);
    if (!s.stem) {
        return case_folded;
    }
    if (const auto it = s.cache.find(case_folded); it != s.cache.end()) {
        return it->second;
    }
    if (s.cache.size() >= kMaxCacheEntries) {
        s.cache.clear();
    }
    return s.cache.emplace(case_folded, (*s.stem)(case_folded)).first->second;
}

bool Stemmers::has_stemmer(std::string_view lang) {
    return impl_->get(lang).stem.has_value();
}

}  // namespace kb::analysis
