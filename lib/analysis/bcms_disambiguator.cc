#include "kb/analysis/bcms_disambiguator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

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
    std::sort(list.exact.begin(), list.exact.end());
    std::sort(list.prefixes.begin(), list.prefixes.end());
    return list;
}

bool matches(const MarkerList& list, std::string_view word) {
    if (std::binary_search(list.exact.begin(), list.exact.end(), word)) {
        return true;
    }
    // A prefix of `word` sorts at or before it, among the prefixes with its first letter:
    // walk back from there instead of trying every prefix.
    for (auto it = std::upper_bound(list.prefixes.begin(), list.prefixes.end(), word);
         it != list.prefixes.begin();) {
        --it;
        if (it->empty() || word.empty() || (*it)[0] != word[0]) {
            return false;
        }
        if (word.starts_with(*it)) {
            return true;
        }
    }
    return false;
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

}  // namespace

BcmsVerdict disambiguate_bcms(const std::vector<std::string>& folded_words,
                              bool cyrillic,
                              std::string_view fallback) {
    BcmsVerdict verdict;
    BcmsEvidence& e = verdict.evidence;
    const Lexicon& lex = lexicon();
    for (const std::string& w : folded_words) {
        e.ijekavian += matches(lex.ijekavian, w) ? 1 : 0;
        e.ekavian += matches(lex.ekavian, w) ? 1 : 0;
        e.croatian += matches(lex.croatian, w) ? 1 : 0;
        e.bosnian_serbian += matches(lex.bosnian_serbian, w) ? 1 : 0;
        e.common_bosnian_serbian += matches(lex.common_bosnian_serbian, w) ? 1 : 0;
        e.bosnian += matches(lex.bosnian, w) ? 1 : 0;
        e.croatian_bosnian += matches(lex.croatian_bosnian, w) ? 1 : 0;
        e.serbian += matches(lex.serbian, w) ? 1 : 0;
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
