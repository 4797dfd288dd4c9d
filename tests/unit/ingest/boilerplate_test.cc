#include "kb/ingest/boilerplate.h"

#include <gtest/gtest.h>

namespace kb::ingest {
namespace {

TEST(Boilerplate, RecognisesNoticesControlsAndSkipLinks) {
    static const char* const lines[] = {
        // JavaScript notices.
        "Twoja przeglądarka nie obsługuje skryptów JavaScript - działanie strony jest mocno "
        "ograniczone.",
        "Your browser does not support JavaScript.",
        "JavaScript is disabled in your browser.",
        "Za pravilno delovanje strani omogočite JavaScript.",
        "Bitte aktivieren Sie JavaScript.",
        "Pro správné fungování povolte JavaScript.",
        "Za ispravan rad stranice potrebno je uključiti JavaScript.",
        // Cookie consent.
        "Ta stran uporablja piškotke.",
        "Ova stranica koristi kolačiće.",
        "Ta strona używa plików cookie.",
        "Tato stránka používá cookies.",
        "Táto stránka používa súbory cookie.",
        "Diese Website verwendet Cookies.",
        "Ez a weboldal sütiket használ.",
        "Acest site folosește cookie-uri.",
        "Този сайт използва бисквитки.",
        "Овај сајт користи колачиће.",
        "We use cookies to improve your experience.",
        "Accept all cookies",
        "ACCEPT ALL",
        "Akceptuję",
        "Prihvaćam",
        // Font size and accessibility controls.
        "CTRL+ ZA POVEČAVO",
        "CTRL- ZA POMANJŠAVO",
        "PISAVA",
        "VELIKOST",
        "VELIKE/MALE",
        "A- A A+",
        "  A-   A  A+  ",
        "Kontrast",
        "Wersja kontrastowa",
        // Skip links and language switches.
        "Skip to content",
        "Skip to main content",
        "Przejdź do treści",
        "Zum Inhalt springen",
        "Preskoči na vsebino",
        "SI",
        "\xC2\xA0"
        "EN\xC2\xA0",
    };
    for (const char* line : lines) {
        EXPECT_TRUE(is_boilerplate_line(line)) << line;
    }
}

TEST(Boilerplate, KeepsContentThatMentionsTheSameWords) {
    static const char* const lines[] = {
        "",
        "   ",
        "TalentMagnet",
        "Nowa platforma KE do wspierania talentów",
        "JavaScript is a programming language used by most websites.",
        "Ciasteczka owsiane z rodzynkami to nasz przepis tygodnia.",
        "Kolačići od čokolade su omiljeni desert djece.",
        "Stil gradnje v Velenju je modernističen.",
        "Kontrast między regionami jest coraz większy.",
        "Velikost mesta ni pomembna.",
        "Skipping breakfast is common among students.",
        "Akceptujemy zgłoszenia do końca miesiąca.",
        "SIR",
        // A long paragraph that mentions cookies is content, not a notice.
        "The regulation on cookies uses a consent model that has been debated for years by "
        "regulators, publishers and civil society organisations across the European Union, "
        "with national authorities in Poland, Slovenia and Croatia publishing diverging "
        "guidance on what counts as freely given consent and how websites should document "
        "it in practice.",
    };
    for (const char* line : lines) {
        EXPECT_FALSE(is_boilerplate_line(line)) << line;
    }
}

TEST(Boilerplate, RemovesLinesAndTheirBlankSeparators) {
    EXPECT_EQ(remove_boilerplate_lines("Twoja przeglądarka nie obsługuje skryptów JavaScript."
                                       "\n\nTytuł artykułu\n\nTreść.\n"),
              "Tytuł artykułu\n\nTreść.\n");
    EXPECT_EQ(remove_boilerplate_lines("SI\nPISAVA\nVELIKOST\n\nCTRL+ ZA POVEČAVO\n"
                                       "CTRL- ZA POMANJŠAVO\n\nVELIKE/MALE\nSTIL\n\n"
                                       "TalentMagnet\n\nBesedilo."),
              "TalentMagnet\n\nBesedilo.");
    EXPECT_EQ(remove_boilerplate_lines("Prvi.\n\nOva stranica koristi kolačiće.\n\nDrugi."),
              "Prvi.\n\nDrugi.");
    EXPECT_EQ(remove_boilerplate_lines("Prvi.\n\nAccept all cookies"), "Prvi.");
    // Unchanged, byte for byte, when nothing is removed.
    EXPECT_EQ(remove_boilerplate_lines("a\n\n\n b \r\n"), "a\n\n\n b \r\n");
    EXPECT_EQ(remove_boilerplate_lines("Skip to content\n"), "");
}

}  // namespace
}  // namespace kb::ingest
