#include "analysis/apertium_analyser.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "kb/util/error.h"

#include "analysis/word_case.h"
#include "support/temp_dir.h"

namespace kb::analysis {
namespace {

const char* const kSlovenian = "/usr/share/apertium/apertium-hbs-slv/slv-hbs.automorf.bin";
const char* const kBcms = "/usr/share/apertium/apertium-hbs-eng/hbs-eng.automorf.bin";
const char* const kBulgarian = "/usr/share/apertium/apertium-mkd-bul/bul-mkd.automorf.bin";

// Real text for the analysers lib/analysis/stemmers.cc uses, to compare the automaton walk
// with lttoolbox on.
const char* const kSlovenianText =
    "Ljudje so se zbrali na trgu pred mestno hišo, kjer je župan Ljubljane nagovoril "
    "množico. V zadnjih letih smo imeli veliko težav z onesnaženjem rek in jezer. Otroci "
    "se v šoli učijo slovenščine, matematike in zgodovine. Vlada je sprejela nov zakon o "
    "zdravstvenem zavarovanju, ki bo veljal od prvega januarja. Moral bi iti k zdravniku, "
    "a nisem imel časa. Najlepše gore so v Julijskih Alpah, Triglav je najvišji vrh. "
    "Podjetja v Mariboru in Celju zaposlujejo vedno več tujih delavcev. Knjige, ki sem jih "
    "prebrala lani, so bile zanimivejše od letošnjih. Ob reki Savi stoji star grad s "
    "čudovitim razgledom na dolino. Človeka je treba spoštovati ne glede na njegovo poreklo.";
const char* const kCroatianText =
    "Hrvatska je država u srednjoj i jugoistočnoj Europi, na obali Jadranskog mora. Glavni "
    "grad je Zagreb, a drugi najveći gradovi su Split, Rijeka i Osijek. Prošle godine "
    "turisti su posjetili nacionalne parkove Plitvička jezera i Krka. Vlada je najavila "
    "nove mjere za poticanje gospodarstva i zapošljavanja mladih ljudi. Djeca su se igrala "
    "u dvorištu dok su roditelji razgovarali o svojim poslovima. Knjižnica u gradovima "
    "nudi besplatne tečajeve stranih jezika. Agenti su uhitili osumnjičenike nakon duge "
    "istrage. Sveučilište u Zagrebu osnovano je tisuću šesto šezdeset devete godine.";
const char* const kSerbianText =
    "Beograd je glavni i najveći grad Srbije, smešten na ušću Save u Dunav. Narodna "
    "skupština je usvojila izmene zakona o visokom obrazovanju. Studenti su protestovali "
    "ispred zgrade rektorata tražeći niže školarine. Vreme će sutra biti sunčano, a "
    "temperature će porasti do trideset stepeni. Београд је главни и највећи град Србије. "
    "Народна скупштина је усвојила измене закона. Pevač je održao koncert pred hiljadama "
    "obožavalaca u Novom Sadu. Bosna i Hercegovina ima tri konstitutivna naroda, a Sarajevo "
    "je njen glavni grad. Poljoprivrednici očekuju dobru žetvu pšenice i kukuruza.";
const char* const kBulgarianText =
    "България е държава в Югоизточна Европа, разположена в източната част на Балканския "
    "полуостров. Столицата на страната е София, а други големи градове са Пловдив, Варна "
    "и Бургас. Правителството прие нов закон за образованието, който ще влезе в сила от "
    "следващата година. Децата играеха в парка, докато родителите им разговаряха на "
    "пейките. През последните години много млади хора заминаха да работят в чужбина. "
    "Рила и Пирин са най-високите планини в страната, а Мусала е най-високият връх на "
    "Балканите. Учените откриха останки от древно тракийско селище край реката. Хората "
    "очакват по-добри заплати и по-ниски цени на горивата.";

// The words of `text` lower-cased, with their title-cased and upper-cased forms, their
// prefixes and suffixes: known words, unknown ones, and upper-case letters everywhere.
std::vector<std::string> words_around(const std::string& text) {
    std::set<std::string> out;
    icu::UnicodeString lower = icu::UnicodeString::fromUTF8(text);
    lower.toLower();
    icu::UnicodeString word;
    const auto add = [&](const icu::UnicodeString& w) {
        std::string utf8;
        w.toUTF8String(utf8);
        if (!utf8.empty()) {
            out.insert(utf8);
            out.insert(title_case(utf8));
        }
    };
    const auto flush = [&] {
        icu::UnicodeString upper = word;
        add(upper.toUpper());
        for (int32_t i = 1; i <= word.length(); ++i) {
            add(word.tempSubString(0, i));  // prefixes, the word itself included
        }
        for (int32_t i = 1; i < word.length() && i <= 3; ++i) {
            add(word.tempSubString(i));  // suffixes
        }
        word.remove();
    };
    for (int32_t i = 0; i < lower.length(); ++i) {
        if (u_isalpha(lower[i]) || lower[i] == u'-') {
            word.append(lower[i]);
        } else if (!word.isEmpty()) {
            flush();
        }
    }
    if (!word.isEmpty()) {
        flush();
    }
    return {out.begin(), out.end()};
}

// Deterministic garbage: random strings of letters of several scripts and cases, digits,
// punctuation, a non-BMP character, and a mark ('=') lttoolbox treats specially.
std::vector<std::string> garbage_words(std::size_t count) {
    static const char* const kPieces[] = {"a",  "e", "i", "o", "u", "j", "k", "l", "m", "n",  "s",
                                          "t",  "č", "š", "ž", "ć", "đ", "A", "Č", "Š", "Lj", "Nj",
                                          "Dž", "а", "е", "и", "о", "ъ", "ж", "щ", "Б", "Ж",  "-",
                                          "'",  ".", "0", "7", "=", "ß", "ǅ", "İ", "😀", "x"};
    std::mt19937 random(20240611);
    std::uniform_int_distribution<std::size_t> piece(0, std::size(kPieces) - 1);
    std::uniform_int_distribution<int> length(1, 12);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < count; ++i) {
        std::string w;
        for (int n = length(random); n > 0; --n) {
            w += kPieces[piece(random)];
        }
        out.push_back(std::move(w));
    }
    out.push_back(std::string("le\0to", 5));  // an embedded NUL
    out.push_back("=");
    out.push_back("=Leto");
    return out;
}

// Compares the automaton walk (analyse_fast, lemmas) with lttoolbox (analyse,
// reference_lemmas) on every word; returns how many of them lttoolbox knows.
std::size_t expect_same_as_lttoolbox(ApertiumAnalyser& analyser,
                                     const std::vector<std::string>& words) {
    std::size_t known = 0;
    std::size_t mismatches = 0;
    for (const std::string& w : words) {
        const std::string reference = analyser.analyse(w);
        known += reference.find("/*") == std::string::npos ? 1 : 0;
        const std::string fast = analyser.analyse_fast(w);
        const std::vector<std::string> reference_lemmas = analyser.reference_lemmas(w);
        const std::vector<std::string> lemmas = analyser.lemmas(w);
        if (fast != reference || lemmas != reference_lemmas) {
            ++mismatches;
            ADD_FAILURE() << analyser.name() << ": " << w << "\n  lttoolbox: " << reference
                          << "\n  automaton: " << fast;
            if (mismatches >= 10) {
                break;
            }
        }
    }
    return known;
}

TEST(ApertiumAnalyser, GivesSlovenianLemmas) {
    auto sl = ApertiumAnalyser::get(kSlovenian);
    ASSERT_TRUE(sl) << kSlovenian << " is missing: tools/deps.sh installs apertium-hbs-slv";
    static const struct {
        const char* form;
        const char* lemma;
    } cases[] = {
        {"leto", "leto"},    {"mestih", "mesto"},        {"imamo", "imeti"},    {"imel", "imeti"},
        {"moral", "morati"}, {"ljudje", "človek"},       {"človeka", "človek"}, {"velika", "velik"},
        {"mesta", "mesto"},  {"ljubljani", "ljubljana"},
    };
    for (const auto& c : cases) {
        const std::vector<std::string> lemmas = sl->lemmas(c.form);
        EXPECT_EQ(choose_lemma(c.form, lemmas), c.lemma) << c.form;
    }
    const std::vector<std::string> leta = sl->lemmas("leta");  // leto, and let (a flight)
    EXPECT_NE(std::find(leta.begin(), leta.end(), "leto"), leta.end());
    EXPECT_TRUE(sl->lemmas("talentmagnetih").empty());
    EXPECT_TRUE(sl->lemmas("").empty());
    EXPECT_TRUE(sl->lemmas("^a/b<n>$").empty());       // stream syntax is not a word
    EXPECT_EQ(ApertiumAnalyser::get(kSlovenian), sl);  // loaded once
}

TEST(ApertiumAnalyser, GivesBcmsLemmasForWholeWordsOnly) {
    auto hbs = ApertiumAnalyser::get("/usr/share/apertium/apertium-hbs-eng/hbs-eng.automorf.bin");
    ASSERT_TRUE(hbs);
    EXPECT_EQ(choose_lemma("godine", hbs->lemmas("godine")), "godina");
    EXPECT_EQ(choose_lemma("gradovima", hbs->lemmas("gradovima")), "grad");
    // A prefix that is a word (a, b) is no analysis of the whole word.
    for (const char* w : {"agenti", "bar", "bod"}) {
        for (const std::string& lemma : hbs->lemmas(w)) {
            EXPECT_GE(lemma.size(), 3u) << w << " -> " << lemma;
        }
    }
}

TEST(ApertiumAnalyser, AutomatonAgreesWithLttoolbox) {
    const struct {
        const char* path;
        std::vector<const char*> texts;
    } analysers[] = {
        {kSlovenian, {kSlovenianText, kCroatianText}},
        {kBcms, {kCroatianText, kSerbianText, kSlovenianText}},
        {kBulgarian, {kBulgarianText, kSerbianText}},
    };
    for (const auto& a : analysers) {
        auto analyser = ApertiumAnalyser::get(a.path);
        ASSERT_TRUE(analyser) << a.path << " is missing: tools/deps.sh installs it";
        std::vector<std::string> words = garbage_words(1500);
        for (const char* text : a.texts) {
            const std::vector<std::string> more = words_around(text);
            words.insert(words.end(), more.begin(), more.end());
        }
        EXPECT_GT(words.size(), 3000u);
        const std::size_t known = expect_same_as_lttoolbox(*analyser, words);
        EXPECT_GT(known, words.size() / 20) << a.path << ": too few known words to compare";
    }
}

TEST(ApertiumAnalyser, AutomatonIsThreadSafe) {
    auto hbs = ApertiumAnalyser::get(kBcms);
    ASSERT_TRUE(hbs);
    const std::vector<std::string> words = words_around(kCroatianText);
    std::vector<std::string> expected;
    for (const std::string& w : words) {
        expected.push_back(hbs->analyse_fast(w));
    }
    std::vector<std::size_t> wrong(4, 0);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < wrong.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 5; ++round) {
                for (std::size_t i = 0; i < words.size(); ++i) {
                    wrong[t] += hbs->analyse_fast(words[i]) != expected[i] ? 1 : 0;
                }
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    for (const std::size_t w : wrong) {
        EXPECT_EQ(w, 0u);
    }
}

TEST(ApertiumAnalyser, MissingOrBrokenFiles) {
    EXPECT_EQ(ApertiumAnalyser::get("/nonexistent/slv-hbs.automorf.bin"), nullptr);
    test::TempDir dir;
    const auto bad = dir / "bad.automorf.bin";
    std::ofstream(bad) << "this is not a transducer";
    // lttoolbox cannot tell every non-transducer: such a file must fail or know no word.
    try {
        ApertiumAnalyser broken(bad);
        EXPECT_TRUE(broken.lemmas("mesta").empty());
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("bad.automorf.bin"), std::string::npos);
    }
}

TEST(ApertiumAnalyser, ParsesAnalyses) {
    const auto r = parse_apertium_analysis("^leta/let<n><mi>/leto<n><nt><sg>$");
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].first, "let");
    EXPECT_EQ(r[1].first, "leto");
    EXPECT_EQ(r[1].second, "n");
    EXPECT_TRUE(parse_apertium_analysis("^xyz/*xyz$").empty());
    EXPECT_TRUE(parse_apertium_analysis("").empty());
    EXPECT_TRUE(parse_apertium_analysis("^unterminated/a<n>").empty());
    EXPECT_EQ(parse_apertium_analysis("^a/b# c<vblex>$")[0].first, "b");
}

}  // namespace
}  // namespace kb::analysis
