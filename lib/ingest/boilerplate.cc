#include "kb/ingest/boilerplate.h"

#include <algorithm>
#include <iterator>
#include <string_view>

#include "line_filter_internal.h"
#include "match_fold_internal.h"

namespace kb::ingest {
namespace {

// All phrases are folded (see fold_for_matching): lower case, no diacritics.

// Whole lines: controls, buttons and language switches.
constexpr std::string_view kWholeLines[] = {
    // Font size, contrast, accessibility.
    "pisava", "velikost", "velike/male", "stil", "kontrast", "wysoki kontrast",
    "wersja kontrastowa", "high contrast", "a- a a+", "a a+ a++", "a- a+", "a a a", "a+", "a-",
    "font size", "text size", "velikost pisave", "rozmiar czcionki", "rozmiar tekstu",
    "velicina slova", "velicina fonta", "schriftgrosse", "betumeret", "dimensiune font",
    "размер на шрифта", "величина слова", "velkost pisma", "velikost pisma", "accessibility",
    "dostepnosc", "dostopnost", "pristupacnost", "pristupnost", "barrierefreiheit", "akadalymentes",
    "accesibilitate", "достъпност", "приступачност",
    // Cookie buttons.
    "accept", "accept all", "accept all cookies", "reject all", "allow all", "akceptuje",
    "akceptuj", "zgadzam sie", "sprejmi", "sprejmem", "sprejmi vse", "zavrni", "prihvati",
    "prihvacam", "prihvati sve", "odbij", "prijmout vse", "odmitnout", "prijat vsetko",
    "alle akzeptieren", "akzeptieren", "ablehnen", "elfogadom", "osszes elfogadasa", "accept toate",
    "accepta", "приемам", "прихватам", "razumem", "razumijem", "rozumiem",
    // Lone language switches.
    "en", "si", "sl", "pl", "de", "hr", "bs", "sr", "cs", "cz", "sk", "hu", "ro", "bg", "en | pl",
    "pl | en"};

// Prefixes of skip links; the line must be short.
constexpr std::string_view kSkipLinks[] = {
    "skip to ",       "jump to content",  "przejdz do ", "zum inhalt",    "direkt zum ",
    "zur navigation", "preskoci na ",     "skoci na ",   "prijedi na ",   "predji na ",
    "idi na sadrzaj", "prejit k ",        "prejit na ",  "preskocit na ", "prejst na ",
    "ugras a ",       "ugras az ",        "salt la ",    "sari la ",      "mergi la ",
    "премини към",    "към съдържанието", "пређи на ",   "прескочи на "};
constexpr std::size_t kMaxSkipLinkBytes = 60;

// Keyboard zoom hints: "CTRL+ ZA POVEČAVO", "Ctrl - to zoom out".
constexpr std::string_view kCtrl = "ctrl";
constexpr std::size_t kMaxCtrlLineBytes = 60;

// Notices: a subject word and a verb or qualifier, both in a short line.
constexpr std::size_t kMaxNoticeBytes = 300;

constexpr std::string_view kJavaScript[] = {"javascript"};
constexpr std::string_view kJavaScriptStates[] = {
    "nie obsluguje", "wylaczon",    "wlacz",         "disabled",    "not support",
    "n't support",   "not enabled", "enable",        "turn on",     "omogoc",
    "onemogoc",      "omoguc",      "onemoguc",      "ukljuc",      "iskljuc",
    "deaktiv",       "aktivier",    "nicht unterst", "povol",       "vypnut",
    "zapnut",        "nepodporuje", "engedelyez",    "nem tamogat", "kikapcs",
    "activat",       "dezactivat",  "nu suporta",    "включ",       "изключ",
    "не поддържа",   "укључ",       "искључ",        "required",    "wymaga",
    "potreben",      "potreban",    "zahteva",       "vyzaduje",    "erforderlich",
    "benotigt",      "szukseges",   "necesar",       "необходим",   "mocno ograniczone",
    "ne podpira"};

constexpr std::string_view kCookies[] = {"cookie",  "piskotk", "kolacic", "ciasteczk",
                                         "sutik",   "suti ",   "sutit",   "бисквитк",
                                         "колачић", "kolacik", "колачи"};
constexpr std::string_view kCookieActions[] = {
    "uporablja", "koristi",    "uzywa",   "pouziva",   "verwende",   "nutzt",     "we use",
    "uses",      "use of",     "accept",  "prihvat",   "akcept",     "sprejm",    "souhlas",
    "suhlas",    "zgod",       "soglas",  "pristan",   "einverst",   "akzept",    "zustimm",
    "elfogad",   "hozzajarul", "hasznal", "foloses",   "utiliz",     "consimt",   "използва",
    "користи",   "съглас",     "сагласн", "privacy",   "prywatnosc", "zasebnost", "privatnost",
    "polityk",   "politik",    "policy",  "nastaven",  "settings",   "ustawien",  "postavk",
    "nastavitv", "beallit",    "setari",  "настройки", "подешавањ",  "consent",   "more info",
    "wiecej"};

template <std::size_t N>
bool contains_any(std::string_view haystack, const std::string_view (&needles)[N]) {
    return std::any_of(std::begin(needles), std::end(needles), [&](std::string_view needle) {
        return haystack.find(needle) != std::string_view::npos;
    });
}

}  // namespace

bool is_boilerplate_line(std::string_view line) {
    line = trim_line(line);
    if (line.empty() || line.size() > kMaxNoticeBytes * 2) {
        return false;
    }
    const std::string folded = fold_for_matching(line);
    const std::string_view f = folded;
    if (std::find(std::begin(kWholeLines), std::end(kWholeLines), f) != std::end(kWholeLines)) {
        return true;
    }
    if (f.size() <= kMaxSkipLinkBytes &&
        std::any_of(std::begin(kSkipLinks), std::end(kSkipLinks),
                    [&](std::string_view prefix) { return f.starts_with(prefix); })) {
        return true;
    }
    if (f.size() <= kMaxCtrlLineBytes && f.starts_with(kCtrl) && f.size() > kCtrl.size() &&
        (f[kCtrl.size()] == '+' || f[kCtrl.size()] == '-' || f[kCtrl.size()] == ' ')) {
        return true;
    }
    if (f.size() > kMaxNoticeBytes) {
        return false;
    }
    return (contains_any(f, kJavaScript) && contains_any(f, kJavaScriptStates)) ||
           (contains_any(f, kCookies) && contains_any(f, kCookieActions));
}

std::string remove_boilerplate_lines(std::string_view text) {
    return filter_lines(text, [](std::string_view line) { return is_boilerplate_line(line); });
}

}  // namespace kb::ingest
