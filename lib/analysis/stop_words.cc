#include "kb/analysis/stop_words.h"

#include <algorithm>
#include <array>

#include "kb/analysis/language.h"

namespace kb::analysis {
namespace {

// Folded forms, sorted (checked by a unit test), so lookups are binary searches.
constexpr std::string_view kPolish[] = {
    "a",      "aby",  "ale", "bo",   "by",    "byc",   "byl",   "byla",  "bylo",    "byly",
    "czy",    "dla",  "do",  "go",   "i",     "ich",   "ja",    "jak",   "jako",    "je",
    "jednak", "jego", "jej", "jest", "juz",   "ktora", "ktore", "ktory", "ktorych", "ktorzy",
    "lub",    "na",   "nad", "nie",  "o",     "od",    "oraz",  "po",    "pod",     "przez",
    "przy",   "sa",   "sie", "tak",  "takze", "tego",  "tej",   "ten",   "to",      "tym",
    "w",      "we",   "z",   "za",   "ze",
};
constexpr std::string_view kSlovenian[] = {
    "a",  "ali",  "bi",      "bil",  "bila", "bilo", "bo",  "da",  "do", "ga",  "in",
    "iz", "je",   "jih",     "kar",  "ki",   "ko",   "kot", "med", "na", "ne",  "ni",
    "o",  "od",   "oziroma", "pa",   "po",   "pred", "pri", "s",   "se", "sem", "so",
    "ta", "tako", "tega",    "tudi", "v",    "z",    "za",  "ze",
};
// Bosnian, Croatian, Serbian and Montenegrin: one list in Gaj Latin (Cyrillic is folded).
constexpr std::string_view kBcms[] = {
    "a",   "ali", "bi",  "bila", "bilo", "bio",  "ce",   "da",   "do",  "ga", "i",  "ih",
    "iz",  "je",  "jer", "jos",  "kao",  "koja", "koje", "koji", "li",  "na", "ne", "nije",
    "o",   "od",  "ova", "ovaj", "ove",  "ovo",  "pa",   "po",   "pri", "s",  "sa", "se",
    "smo", "su",  "ta",  "taj",  "te",   "to",   "u",    "uz",   "za",
};
constexpr std::string_view kCzech[] = {
    "a",    "aby", "ale",  "ani", "by",   "byl",  "byla", "bylo", "do",    "i",     "jak",
    "jako", "je",  "jeho", "jen", "jsem", "jsou", "k",    "kde",  "ktera", "ktere", "ktery",
    "na",   "ne",  "nebo", "o",   "od",   "po",   "pod",  "pri",  "pro",   "s",     "se",
    "si",   "tak", "take", "to",  "u",    "v",    "ve",   "z",    "za",    "ze",
};
constexpr std::string_view kSlovak[] = {
    "a",    "aby",  "aj",  "ale", "ani", "bol",   "bola",  "bolo",  "by", "do",  "i",
    "je",   "jeho", "jej", "k",   "kde", "ktora", "ktore", "ktory", "na", "nie", "o",
    "od",   "po",   "pod", "pre", "pri", "s",     "sa",    "si",    "so", "su",  "tak",
    "tiez", "to",   "v",   "vo",  "z",   "za",    "ze",    "zo",
};
constexpr std::string_view kBulgarian[] = {
    "а",   "беше", "бъде", "в",    "във", "да",   "до", "е",    "за",   "и",  "или", "като",
    "към", "ли",   "на",   "не",   "но",  "от",   "по", "през", "при",  "с",  "са",  "се",
    "си",  "след", "със",  "тази", "те",  "тези", "то", "това", "този", "че", "ще",
};
constexpr std::string_view kEnglish[] = {
    "a",   "an",  "and",  "are", "as",    "at",   "be",   "been", "but", "by",   "for",   "from",
    "had", "has", "have", "he",  "her",   "his",  "in",   "into", "is",  "it",   "its",   "of",
    "on",  "or",  "that", "the", "their", "they", "this", "to",   "was", "were", "which", "with",
};
constexpr std::string_view kGerman[] = {
    "aber",  "als",   "am",    "an",    "auch",   "auf",  "aus", "bei",  "bis",
    "das",   "dass",  "dem",   "den",   "der",    "des",  "die", "ein",  "eine",
    "einem", "einen", "einer", "eines", "es",     "fur",  "im",  "in",   "ist",
    "mit",   "nach",  "nicht", "noch",  "oder",   "sich", "sie", "sind", "uber",
    "um",    "und",   "von",   "vor",   "werden", "wird", "zu",  "zum",  "zur",
};
constexpr std::string_view kHungarian[] = {
    "a",    "aki", "amely", "ami", "az",   "azt", "csak",  "de",  "egy",  "es",  "ez",   "ezt",
    "hogy", "is",  "mar",   "meg", "mint", "nem", "pedig", "sem", "vagy", "van", "volt",
};
constexpr std::string_view kRomanian[] = {
    "a",    "al",   "ale", "au", "ca", "ce",   "cu",  "dar", "de",   "din",  "este",
    "fi",   "fost", "iar", "in", "la", "lui",  "mai", "nu",  "o",    "pe",   "pentru",
    "prin", "sa",   "sau", "se", "si", "sunt", "un",  "una", "unei", "unui",
};

std::span<const std::string_view> list_for(std::string_view lang) noexcept {
    if (lang == "pl") {
        return kPolish;
    }
    if (lang == "sl") {
        return kSlovenian;
    }
    if (is_bcms(lang)) {
        return kBcms;
    }
    if (lang == "cs") {
        return kCzech;
    }
    if (lang == "sk") {
        return kSlovak;
    }
    if (lang == "bg") {
        return kBulgarian;
    }
    if (lang == "en") {
        return kEnglish;
    }
    if (lang == "de") {
        return kGerman;
    }
    if (lang == "hu") {
        return kHungarian;
    }
    if (lang == "ro") {
        return kRomanian;
    }
    return {};
}

}  // namespace

bool is_stop_word(std::string_view lang, std::string_view folded) noexcept {
    const std::span<const std::string_view> list = list_for(lang);
    return std::binary_search(list.begin(), list.end(), folded);
}

std::span<const std::string_view> stop_words_for_tests(std::string_view lang) noexcept {
    return list_for(lang);
}

}  // namespace kb::analysis
