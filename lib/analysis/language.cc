#include "kb/analysis/language.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace kb::analysis {
namespace {

constexpr std::array kLanguages = {
    LanguageInfo{"bg", "Bulgarian", "български"},    LanguageInfo{"bs", "Bosnian", "bosanski"},
    LanguageInfo{"cs", "Czech", "čeština"},          LanguageInfo{"da", "Danish", "dansk"},
    LanguageInfo{"de", "German", "Deutsch"},         LanguageInfo{"el", "Greek", "ελληνικά"},
    LanguageInfo{"en", "English", "English"},        LanguageInfo{"es", "Spanish", "español"},
    LanguageInfo{"et", "Estonian", "eesti"},         LanguageInfo{"fi", "Finnish", "suomi"},
    LanguageInfo{"fr", "French", "français"},        LanguageInfo{"hr", "Croatian", "hrvatski"},
    LanguageInfo{"hu", "Hungarian", "magyar"},       LanguageInfo{"it", "Italian", "italiano"},
    LanguageInfo{"lt", "Lithuanian", "lietuvių"},    LanguageInfo{"lv", "Latvian", "latviešu"},
    LanguageInfo{"me", "Montenegrin", "crnogorski"}, LanguageInfo{"mk", "Macedonian", "македонски"},
    LanguageInfo{"nl", "Dutch", "Nederlands"},       LanguageInfo{"pl", "Polish", "polski"},
    LanguageInfo{"pt", "Portuguese", "português"},   LanguageInfo{"ro", "Romanian", "română"},
    LanguageInfo{"ru", "Russian", "русский"},        LanguageInfo{"sk", "Slovak", "slovenčina"},
    LanguageInfo{"sl", "Slovenian", "slovenščina"},  LanguageInfo{"sq", "Albanian", "shqip"},
    LanguageInfo{"sr", "Serbian", "srpski"},         LanguageInfo{"sv", "Swedish", "svenska"},
    LanguageInfo{"tr", "Turkish", "Türkçe"},         LanguageInfo{"uk", "Ukrainian", "українська"},
};

}  // namespace

std::span<const LanguageInfo> known_languages() noexcept {
    return kLanguages;
}

std::string canonical_language(std::string_view tag) {
    std::string code;
    for (const char c : tag) {
        if (c == '-' || c == '_') {
            break;
        }
        if (!std::isalpha(static_cast<unsigned char>(c))) {
            return {};
        }
        code += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (code.size() < 2 || code.size() > 3) {
        return {};
    }
    if (code == "sh") {
        return "hr";  // Serbo-Croatian: treated through the BCMS group; hr is the safest default
    }
    if (code == "cnr") {
        return "me";
    }
    return code;
}

const LanguageInfo* find_language(std::string_view code) noexcept {
    std::string canonical;
    try {
        canonical = canonical_language(code);
    } catch (...) {
        return nullptr;
    }
    const auto it = std::lower_bound(
        kLanguages.begin(), kLanguages.end(), canonical,
        [](const LanguageInfo& info, const std::string& key) { return info.code < key; });
    if (it == kLanguages.end() || it->code != canonical) {
        return nullptr;
    }
    return &*it;
}

bool is_bcms(std::string_view code) noexcept {
    return code == "bs" || code == "hr" || code == "sr" || code == "me";
}

}  // namespace kb::analysis
