#include "kb/analysis/bcms_disambiguator.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cmath>
#include <cstdint>
#include <limits>
#include <unordered_map>

namespace kb::analysis {
namespace {

// Texts with at least this many words are long enough for the absence of Croatian-only
// words to count as evidence.
constexpr std::size_t kAbsenceEvidenceWords = 20;

// A marker matches a whole word, or any word starting with it when it ends with '*'.
// All markers are written folded (no diacritics), as the words they are compared with.
struct MarkerList {
    std::vector<std::string_view> exact;
    std::vector<std::string_view> prefixes;
};

MarkerList make_list(std::initializer_list<std::string_view> markers) {
    MarkerList list;
    for (const std::string_view m : markers) {
        if (!m.empty() && m.back() == '*') {
            list.prefixes.push_back(m.substr(0, m.size() - 1));
        } else {
            list.exact.push_back(m);
        }
    }
    return list;
}

// The marker lists, one per kind of evidence (see BcmsEvidence).
struct Lexicon {
    MarkerList ijekavian;
    MarkerList ekavian;
    MarkerList croatian;
    MarkerList bosnian_serbian;
    MarkerList common_bosnian_serbian;
    MarkerList bosnian;
    MarkerList croatian_bosnian;
    MarkerList serbian;
};

const Lexicon& lexicon() {
    static const Lexicon lexicon{
        // Yat reflex ije/je: Croatian, Bosnian (and Montenegrin).
        make_list({
            "prije",   "poslije",    "gdje",     "ovdje",    "ondje",      "negdje",   "vrijeme",
            "mjesto",  "mjesta",     "mjestu",   "mjest*",   "djeca",      "djece",    "djeci",
            "djecu",   "djecom",     "dijete",   "djetet*",  "lijep*",     "rijeka",   "rijeke",
            "rijeci",  "rijeku",     "rijec",    "svijet",   "svijeta",    "svijetu",  "cijena",
            "cijene",  "cijenu",     "cijeni",   "bijel*",   "vijest*",    "mlijek*",  "pjesm*",
            "vjerov*", "sjever*",    "tijelo",   "tijela",   "dijel*",     "htjel*",   "vidjet*",
            "smjer*",  "mjesec*",    "sjedni*",  "nedjelj*", "djelo",      "djela",    "djelov*",
            "djelat*", "razumjet*",  "zivjet*",  "mjer*",    "pjev*",      "vjera",    "vjere",
            "vjeru",   "djevojk*",   "susjed*",  "smije*",   "primjen*",   "primjer*", "uspjeh*",
            "uspjes*", "ocjen*",     "cijel*",   "njemack*", "sjecanj*",   "odjel*",   "zavjet*",
            "savjet*", "nasljed*",   "rjesenj*", "rjesav*",  "pobjed*",    "dvije",    "vjecn*",
            "covjek*", "predsjedn*", "posjet*",  "izvjes*",  "bezbjedn*",  "sprijec*", "uvjer*",
            "osjec*",  "zelio",      "zeljela*", "zeljeli",  "vjerovatn*", "sljedec*", "mlijeko",
        }),
        // Yat reflex e: most Serbian.
        make_list({
            "pre",     "posle",   "gde",      "ovde",    "onde",   "negde",   "vreme",
            "mesto",   "mesta",   "mestu",    "deca",    "dece",   "deci",    "decu",
            "decom",   "dete",    "deteta",   "lep",     "lepo",   "lepa",    "lepi",
            "reka",    "reke",    "reku",     "rec",     "svet",   "svetu",   "cena",
            "cene",    "cenu",    "beo",      "bela",    "belo",   "vest",    "vesti",
            "mleko",   "pesma",   "pesme",    "pesmu",   "verov*", "sever*",  "telo",
            "tela",    "deo",     "dela",     "delu",    "hteo",   "videti",  "smer*",
            "mesec*",  "sednic*", "nedelj*",  "delo",    "delov*", "delat*",  "razumet*",
            "ziveti",  "mera",    "mere",     "meru",    "pevac*", "pevanj*", "vera",
            "vere",    "veru",    "devojk*",  "sused*",  "zeleo",  "zelela",  "zeleli",
            "primen*", "primer*", "uspeh*",   "uspes*",  "ocen*",  "celi",    "smem",
            "ceo",     "sme",     "nemack*",  "secanj*", "odelj*", "savet*",  "nasled*",
            "resenj*", "resav*",  "pobed*",   "dve",     "vecn*",  "covek*",  "predsedn*",
            "poset*",  "izves*",  "bezbedn*", "sprec*",  "uver*",  "osec*",   "sledec*",
            "mleko",   "zeleo",   "zelela",   "zeleli",
        }),
        // Words Croatian uses where Bosnian and Serbian do not.
        make_list({
            "tko",        "netko",       "nitko",       "itko",      "tisuca",     "tisuce",
            "tisucu",     "tijekom",     "europ*",      "sudjel*",   "surad*",     "glazb*",
            "kruh*",      "obitelj*",    "povijest*",   "povijesn*", "milijun*",   "uvjet*",
            "tvrtk*",     "gospodarst*", "gospodarsk*", "sijecanj*", "sijecnj*",   "veljac*",
            "ozujak",     "ozujk*",      "travanj",     "travnj*",   "svibanj",    "svibnj*",
            "lipanj",     "lipnj*",      "srpanj",      "srpnj*",    "kolovoz*",   "rujan",
            "rujn*",      "listopad*",   "studeni",     "studenoga", "studenog",   "prosinac",
            "prosinc*",   "tjedan",      "tjedn*",      "znanost*",  "znanstven*", "sveucilist*",
            "zrakoplov*", "vlak",        "vlaka",       "vlakom",    "kazalist*",  "opcenito",
            "izvanredn*", "tocno",       "tocka",       "tocke",     "ravnatelj*", "priopcen*",
            "uporab*",    "nogomet*",    "proracun*",   "zupanij*",  "redovit*",   "racunal*",
            "pogresk*",   "stoljec*",    "sustav*",     "cimbenik*", "izbornik*",  "utjecaj*",
            "kemij*",     "zrak",        "zraka",       "otok",      "otoka",      "trznic*",
            "izvjesc*",   "tijek",       "vjerojatn*",  "ponovno",   "primjerice", "unatoc",
            "sukladno",   "glede",       "svatko",      "postotak*",
        }),
        // Words Bosnian shares with Serbian, not Croatian.
        make_list({
            "hiljad*",   "tokom",    "evrop*",       "ucestv*",     "saradnj*", "saradnik*",
            "muzik*",    "porodic*", "milion*",      "uslov*",      "firm*",    "privred*",
            "januar*",   "februar*", "mart",         "marta",       "maj",      "maja",
            "jun",       "juna",     "juni",         "jul",         "jula",     "juli",
            "avgust*",   "septemb*", "oktob*",       "novemb*",     "decemb*",  "sedmic*",
            "nauk*",     "naucn*",   "univerzitet*", "voz",         "voza",     "vozom",
            "pozorist*", "takode",   "fudbal*",      "spoljn*",     "budzet*",  "redovn*",
            "racunar*",  "sistem*",  "faktor*",      "kancelarij*", "opsti",    "opsta",
            "opste",     "opstu",    "opsteg",       "opstem",      "opstim",   "opstih",
            "kafa",      "kafe",     "uticaj*",      "tacno",       "tacka",    "tacke",
            "hemij*",    "vazduh*",  "pijac*",       "uopste",      "sprat*",   "saopsten*",
            "upotreb*",  "vek",      "veka",         "vekova",
        }),
        // Pronouns and adverbs Bosnian shares with Serbian (Croatian: tko, netko, nitko,
        // što, svatko, ponovno); older Croatian prose uses them too, so they weigh less.
        make_list({"ko", "neko", "niko", "sta", "svako", "ponovo"}),
        // Words specific to Bosnian: its h (historija, lahko, kahva) and ijekavian forms of
        // words Croatian does not use.
        make_list({
            "historij*",
            "hljeb*",
            "kahv*",
            "lahk*",
            "mehk*",
            "izvjestaj*",
            "sedmicn*",
            "hudoba",
            "hudovic*",
            "amidz*",
        }),
        // Words Croatian shares with Bosnian, not Serbian: opći/općina, h where Serbian has v
        // (kuhati, suho, duhan).
        make_list({
            "opci",   "opce",   "opca",  "opcu",    "opceg",  "opcem", "opcim",
            "opcih",  "opcin*", "uopce", "takoder", "kuhati", "kuhao", "kuhala",
            "kuhan*", "duhan*", "suho",  "suha",    "suhi",   "suhe",  "gluh*",
        }),
        // Words specific to Serbian.
        make_list({
            "istorij*",
            "hleb*",
            "bezbedn*",
            "izvestaj*",
            "ostrv*",
            "sprecen*",
            "opstin*",
            "odsto",
            "kuvati",
            "kuvao",
            "kuvala",
            "kuvan*",
            "duvan*",
            "suvo",
            "suva",
            "suvi",
            "gluv*",
        }),
    };
    return lexicon;
}

// All eight lists in two hash tables, word or prefix -> bit mask of the lists that have it:
// a word costs one lookup per possible prefix length instead of eight binary searches.
class MarkerIndex {
public:
    enum List : std::uint8_t {
        kIjekavian = 1,
        kEkavian = 2,
        kCroatian = 4,
        kBosnianSerbian = 8,
        kCommonBosnianSerbian = 16,
        kBosnian = 32,
        kCroatianBosnian = 64,
        kSerbian = 128,
    };

    explicit MarkerIndex(const Lexicon& lex) {
        add(lex.ijekavian, kIjekavian);
        add(lex.ekavian, kEkavian);
        add(lex.croatian, kCroatian);
        add(lex.bosnian_serbian, kBosnianSerbian);
        add(lex.common_bosnian_serbian, kCommonBosnianSerbian);
        add(lex.bosnian, kBosnian);
        add(lex.croatian_bosnian, kCroatianBosnian);
        add(lex.serbian, kSerbian);
    }

    // The lists that have `word`, as a whole word or by one of its prefixes.
    std::uint8_t lists_of(std::string_view word) const {
        if (word.size() < 2 || !starts_[start_of(word)]) {
            return 0;  // most words: no marker begins with their first two bytes
        }
        std::uint8_t mask = 0;
        if (const auto it = exact_.find(word); it != exact_.end()) {
            mask = it->second;
        }
        const std::size_t longest = std::min(word.size(), longest_prefix_);
        for (std::size_t n = shortest_prefix_; n <= longest; ++n) {
            if (const auto it = prefixes_.find(word.substr(0, n)); it != prefixes_.end()) {
                mask |= it->second;
            }
        }
        return mask;
    }

private:
    static std::size_t start_of(std::string_view word) {
        return static_cast<unsigned char>(word[0]) * 256U + static_cast<unsigned char>(word[1]);
    }

    void add(const MarkerList& list, std::uint8_t bit) {
        for (const std::string_view w : list.exact) {
            exact_[w] |= bit;
            starts_[w.size() >= 2 ? start_of(w) : 0] = true;
        }
        for (const std::string_view p : list.prefixes) {
            prefixes_[p] |= bit;
            starts_[p.size() >= 2 ? start_of(p) : 0] = true;
            shortest_prefix_ = std::min(shortest_prefix_, p.size());
            longest_prefix_ = std::max(longest_prefix_, p.size());
        }
    }

    std::bitset<256 * 256> starts_;  // the first two bytes of every marker (all have two)
    std::unordered_map<std::string_view, std::uint8_t> exact_;
    std::unordered_map<std::string_view, std::uint8_t> prefixes_;
    std::size_t shortest_prefix_ = std::numeric_limits<std::size_t>::max();
    std::size_t longest_prefix_ = 0;
};

const MarkerIndex& marker_index() {
    static const MarkerIndex index(lexicon());
    return index;
}

}  // namespace

BcmsVerdict disambiguate_bcms(const std::vector<std::string>& folded_words,
                              bool cyrillic,
                              std::string_view fallback) {
    BcmsVerdict verdict;
    BcmsEvidence& e = verdict.evidence;
    const MarkerIndex& index = marker_index();
    for (const std::string& w : folded_words) {
        const std::uint8_t lists = index.lists_of(w);
        if (lists == 0) {
            continue;
        }
        e.ijekavian += (lists & MarkerIndex::kIjekavian) != 0 ? 1 : 0;
        e.ekavian += (lists & MarkerIndex::kEkavian) != 0 ? 1 : 0;
        e.croatian += (lists & MarkerIndex::kCroatian) != 0 ? 1 : 0;
        e.bosnian_serbian += (lists & MarkerIndex::kBosnianSerbian) != 0 ? 1 : 0;
        e.common_bosnian_serbian += (lists & MarkerIndex::kCommonBosnianSerbian) != 0 ? 1 : 0;
        e.bosnian += (lists & MarkerIndex::kBosnian) != 0 ? 1 : 0;
        e.croatian_bosnian += (lists & MarkerIndex::kCroatianBosnian) != 0 ? 1 : 0;
        e.serbian += (lists & MarkerIndex::kSerbian) != 0 ? 1 : 0;
    }

    // Serbian is mostly ekavian; Croatian and Bosnian are ijekavian (ijekavian Serbian is
    // mostly written in Cyrillic, so there it counts less against Serbian). Croatian words
    // tell Croatian from Bosnian, words Bosnian shares with Serbian the other way. A
    // Croatian text of some length nearly always has a Croatian-only word (tko, tijekom,
    // tisuća, the month names, ...), so in 20 words or more, ijekavian forms without any
    // count more for Bosnian. Weights were fitted on half of the benchmark corpus and
    // checked on the other half.
    const double ijekavian_bs = folded_words.size() >= kAbsenceEvidenceWords ? 1.25 : 0.5;
    double sr = 4.0 * e.ekavian + 2.0 * e.serbian + 1.5 * e.bosnian_serbian +
                0.25 * e.common_bosnian_serbian - 2.0 * e.ijekavian - 1.0 * e.croatian_bosnian -
                0.5 * e.croatian;
    double hr = 1.75 * e.croatian + 0.5 * e.ijekavian - 1.25 * e.bosnian_serbian -
                1.0 * e.common_bosnian_serbian - 1.5 * e.ekavian - 0.25 * e.croatian_bosnian;
    double bs = 2.0 * e.bosnian_serbian + 0.25 * e.common_bosnian_serbian + 1.25 * e.bosnian +
                ijekavian_bs * e.ijekavian - 0.5 * e.croatian - 1.75 * e.ekavian +
                0.5 * e.croatian_bosnian;
    if (cyrillic) {
        // Croatian is never written in Cyrillic; Serbian is, far more than Bosnian.
        sr += 3.0 + 0.25 * e.ijekavian;
        bs += 0.5 * e.ijekavian;
        hr = -std::numeric_limits<double>::infinity();
    }

    struct Candidate {
        const char* code;
        double score;
    };
    std::array<Candidate, 3> ranked = {Candidate{"sr", sr}, Candidate{"hr", hr},
                                       Candidate{"bs", bs}};
    std::sort(ranked.begin(), ranked.end(),
              [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
    const double margin = ranked[0].score - ranked[1].score;
    const int evidence = e.ijekavian + e.ekavian + e.croatian + e.bosnian_serbian +
                         e.common_bosnian_serbian + e.bosnian + e.croatian_bosnian + e.serbian;
    if (evidence == 0 || margin < 0.5) {
        const bool fallback_ok =
            fallback == "bs" || fallback == "sr" || (fallback == "hr" && !cyrillic);
        verdict.code = fallback_ok ? std::string(fallback) : (cyrillic ? "sr" : "hr");
        verdict.confidence = 0.5;
        return verdict;
    }
    verdict.code = ranked[0].code;
    // Saturating in the margin (about 6 marker points is near certainty), and held down
    // when the decision rests on a handful of words.
    const double support = std::min(1.0, evidence / 5.0);
    verdict.confidence = 0.5 + 0.5 * support * (1.0 - std::exp(-margin / 3.0));
    return verdict;
}

}  // namespace kb::analysis
