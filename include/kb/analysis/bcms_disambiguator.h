#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kb::analysis {

// Counts of the lexical evidence found in a Bosnian/Croatian/Serbian text.
struct BcmsEvidence {
    int ijekavian = 0;               // prije, gdje, mjesto, vrijeme ...
    int ekavian = 0;                 // pre, gde, mesto, vreme ...
    int croatian = 0;                // tko, tisuća, tijekom, europski, sustav, siječanj ...
    int bosnian_serbian = 0;         // hiljada, tokom, evropski, sistem, januar ...
    int common_bosnian_serbian = 0;  // ko, neko, niko, šta (old Croatian prose has them)
    int bosnian = 0;                 // historija, hljeb, kahva, lahko ...
    int croatian_bosnian = 0;        // opći, općina, kuhati, suho (Serbian: opšti, kuvati)
    int serbian = 0;                 // istorija, hleb, bezbednost, opština ...
};

// The decision for one text: "bs", "hr" or "sr", and how sure it is (0.5 .. 1; 0.5 when
// it fell back, lower than the margin alone says when it rests on fewer than 5 words).
struct BcmsVerdict {
    std::string code;
    double confidence = 0.5;
    BcmsEvidence evidence;
};

// Tells Bosnian, Croatian and Serbian apart from lexical markers where CLD2 cannot
// (it is right on Bosnian 42% of the time): the yat reflex (ijekavian in hr/bs, ekavian in
// most Serbian), words specific to Croatian, words shared by Bosnian and Serbian, and a few
// specific to either. Place names are not evidence: a Serbian article about Zagreb is
// still Serbian. `folded_words` are words folded by TextNormalizer with
// cyrillic_to_latin (so both scripts count alike); `cyrillic` says the text was mostly
// Cyrillic; `fallback` is the answer used when there is no evidence either way.
// Thread safety: a pure function.
BcmsVerdict disambiguate_bcms(const std::vector<std::string>& folded_words,
                              bool cyrillic,
                              std::string_view fallback);

}  // namespace kb::analysis
