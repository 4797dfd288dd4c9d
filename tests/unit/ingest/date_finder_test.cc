#include "kb/ingest/date_finder.h"

#include <gtest/gtest.h>

namespace kb::ingest {
namespace {

struct Case {
    const char* text;
    const char* expected;
    const char* hint = "";
};

TEST(DateFinder, FindsDatesInEveryFormatAndLanguage) {
    static const Case cases[] = {
        // ISO and numeric, day first.
        {"Posted 2020-07-01 by admin", "2020-07-01"},
        {"2020-07-01T10:00:00Z", "2020-07-01"},
        {"21.11.2024 08:48\nSlika", "2024-11-21"},
        {"Dana 21. 11. 2024. godine", "2024-11-21"},
        {"(21/11/2024)", "2024-11-21"},
        {"01-02-2023", "2023-02-01"},
        {"Datum: 1.2.2023", "2023-02-01"},
        // Polish, Czech, Slovak.
        {"Data publikacji -4 listopada 2021 godz. 14:28", "2021-11-04"},
        {"12 września 2022 r.", "2022-09-12"},
        {"Opublikowano: 3 PAŹDZIERNIKA 2019", "2019-10-03"},
        {"Praha 5. června 2023", "2023-06-05"},
        {"Praha 5. cervence 2023", "2023-07-05"},
        {"Bratislava 20. januára 2024", "2024-01-20"},
        // Bosnian, Serbian, Croatian, Slovenian.
        {"Dana, 20. novembra 2024. godine", "2024-11-20"},
        {"Objavljeno: 7. marta 2022.", "2022-03-07"},
        {"Zagreb, 1. siječnja 2024.", "2024-01-01"},
        {"Zagreb, 1. SIJECNJA 2024.", "2024-01-01"},
        {"Split, 15. lipnja 2021.", "2021-06-15"},
        {"Zagreb, 3. studenoga 2020.", "2020-11-03"},
        {"Velenje, 14. januarja 2021", "2021-01-14"},
        {"Ljubljana, 2. avgusta 2022", "2022-08-02"},
        {"Београд, 20. новембра 2024.", "2024-11-20"},
        // listopad: November, but October in Croatian.
        {"Zagreb, 4. listopada 2021.", "2021-11-04"},
        {"Zagreb, 4. listopada 2021.", "2021-10-04", "hr"},
        {"Zagreb, 4. listopada 2021.", "2021-10-04", "hr-HR"},
        {"Brno 4. listopadu 2021", "2021-11-04", "cs"},
        // Hungarian, Romanian, German, Bulgarian, English.
        {"Budapest, 2024. november 20.", "2024-11-20"},
        {"Közzétéve: 2024. 11. 20.", "2024-11-20"},
        {"Budapest, 2024. márc. 5.", "2024-03-05"},
        {"Publicat 20 noiembrie 2024", "2024-11-20"},
        {"Veröffentlicht am 20. November 2024", "2024-11-20"},
        {"Wien, 3. März 2020", "2020-03-03"},
        {"София, 20 ноември 2024 г.", "2024-11-20"},
        {"Published 20 November 2024", "2024-11-20"},
        {"November 20, 2024", "2024-11-20"},
        {"Nov. 5th, 2023", "2023-11-05"},
        {"the 1st January 2020 meeting", "2020-01-01"},
        // Leap years.
        {"29.02.2024", "2024-02-29"},
        {"29.02.2000", "2000-02-29"},
        {"2024.11.21.", "2024-11-21"},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(find_publication_date(c.text, c.hint), c.expected)
            << c.text << " hint=" << c.hint;
    }
}

TEST(DateFinder, RejectsNumbersThatAreNotDates) {
    static const char* const cases[] = {
        "",
        "No date in this text at all.",
        "2024-02-30",          // no such day
        "29.02.2023",          // not a leap year
        "31.04.2024",          // April has 30 days
        "11/21/2024",          // month first is not read
        "21.13.2024",          // no month 13
        "1.1.1989",            // before 1990
        "1.1.2101",            // after 2100
        "wersja 2.11.2024.1",  // version numbers
        "Build 2.11.2024.1",
        "2.11.2024.1",
        "2024.11.21",  // Hungarian order needs its final dot
        "release 2024.11.21.",
        "1.21.11.2024",  // part of a longer number
        "v21.11.2024",
        "tel. +385 21/11/2024",          // phone number
        "Cena: 1.299,99 zł, 12.50 EUR",  // prices
        "Tel. 068 456 52 00",
        "ISBN 978-83-2024-11",
        "20 November",    // no year
        "November 2024",  // no day
        "maja 2024",
        "Nakład 21 egzemplarzy 2024",  // a number and a year, no month
    };
    for (const char* text : cases) {
        EXPECT_EQ(find_publication_date(text), "") << text;
    }
}

TEST(DateFinder, PrefersLabelledLinesAndLooksOnlyAtTheHead) {
    // The first date is a conference date; the labelled one is the publication date.
    EXPECT_EQ(find_publication_date("Konferencja 12.05.2019 w Poznaniu\n"
                                    "Data publikacji: 03.06.2019\n"),
              "2019-06-03");
    // The date on the line after the label.
    EXPECT_EQ(find_publication_date("Meeting on 1 May 2020\nObjavljeno:\n\n21.11.2024\n"),
              "2024-11-21");
    // A generic label counts only at the start of a line.
    EXPECT_EQ(find_publication_date("Seen 1 May 2020.\nThe data of 2 May 2020.\n"), "2020-05-01");
    EXPECT_EQ(find_publication_date("Seen 1 May 2020.\nDatum: 2. 5. 2020\n"), "2020-05-02");
    // A label with an invalid date falls back to the first date.
    EXPECT_EQ(find_publication_date("Text of 5.5.2005\nPublished: 31.02.2020\n"), "2005-05-05");
    // Beyond the first 3 KB nothing is read, not even a labelled line.
    std::string menu;
    for (int i = 0; i < 800; ++i) {
        menu += "Menu\n";  // 4000 bytes of short lines
    }
    EXPECT_EQ(find_publication_date(menu + "Published: 21.11.2024\n"), "");
    EXPECT_EQ(find_publication_date(menu.substr(0, 2000) + "21.11.2024\n"), "2024-11-21");
    // Unlabelled dates count before the running text and in its dateline, not inside it.
    const std::string sentence =
        "Komisja Europejska uruchomiła nową platformę dedykowaną wspieraniu talentów w "
        "regionach europejskich, a pierwsze spotkanie stacjonarne zaplanowane jest na "
        "24 listopada 2023 r. w Brukseli, gdzie spotkają się przedstawiciele regionów.";
    EXPECT_EQ(find_publication_date("Tytuł\n\n" + sentence), "");
    EXPECT_EQ(find_publication_date("Tytuł\n21.11.2024 08:48\n\n" + sentence), "2024-11-21");
    EXPECT_EQ(find_publication_date("Tytuł\n\nZagreb, 1. ožujka 2022. – " + sentence),
              "2022-03-01");
    EXPECT_EQ(find_publication_date("Tytuł\n\n" + sentence + "\nData publikacji: 5.5.2020"),
              "2020-05-05");
    // A paragraph wrapped at a fixed width is running text too (three lines over 50 bytes).
    EXPECT_EQ(find_publication_date("Title\n"
                                    "The first line of a wrapped paragraph of running text\n"
                                    "and the second line of the same wrapped paragraph on\n"
                                    "the third line which mentions 20 November 2024 as a\n"
                                    "deadline.\n"),
              "");
    // Dates do not span lines.
    EXPECT_EQ(find_publication_date("20.\n11.2024"), "");
}

TEST(DateFinder, SurvivesInvalidUtf8AndOddInput) {
    EXPECT_EQ(find_publication_date("\xFF\xFE 21.11.2024"), "2024-11-21");
    EXPECT_EQ(find_publication_date("\xC3"), "");
    EXPECT_EQ(find_publication_date("99999999999999999999.11.2024"), "");
    EXPECT_EQ(find_publication_date(std::string(10000, '.')), "");
}

}  // namespace
}  // namespace kb::ingest
