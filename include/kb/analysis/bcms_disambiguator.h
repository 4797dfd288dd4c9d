#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kb::analysis {

// Counts of the lexical evidence found in a Bosnian/Croatian/Serbian text.
struct BcmsEvidence {
    int ijekavian = 0;        // prije, gdje, mjesto, vrijeme ...
    int ekavian = 0;          // pre, gde, mesto, vreme ...
    int croatian = 0;         // tko, tisuća, tijekom, europski, sustav, siječanj ...
    int bosnian_serbian = 0;  // ko, hiljada, tokom, evropski, sistem, januar ...
    int bosnian = 0;          // historija, hljeb, kahva, BiH ...
    int serbian = 0;          // istorija, hleb, bezbednost ...
};

// The decision for one text: "bs", "hr" or "sr", and how sure it is (0.5 .. 1).
struct BcmsVerdict {
    std::string code;
    double confidence = 0.5;
    BcmsEvidence evidence;
};

// Tells Bosnian, Croatian and Serbian apart from lexical markers where CLD2 cannot
// (it is right on Bosnian 42% of the time): the yat reflex (ijekavian in hr/bs, ekavian in
// most Serbian), words specific to Croatian, words shared by Bosnian and Serbian, and a few
// specific to either. `folded_words` are words folded by TextNormalizer with
// cyrillic_to_latin (so both scripts count alike); `cyrillic` says the text was mostly
// Cyrillic; `fallback` is the answer used when there is no evidence either way.
// Thread safety: a pure function.
BcmsVerdict disambiguate_bcms(const std::vector<std::string>& folded_words,
                              bool cyrillic,
                              std::string_view fallback);

}  // namespace kb::analysis
