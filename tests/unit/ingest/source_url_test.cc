#include "kb/ingest/source_url.h"

#include <gtest/gtest.h>

namespace kb::ingest {
namespace {

TEST(SourceUrl, FindsLabelledAndLeadingUrls) {
    static const struct {
        const char* text;
        const char* expected;
    } cases[] = {
        {"Title\n\nSource: https://example.org/news/1\n", "https://example.org/news/1"},
        {"Izvor: https://www.tk.gov.ba/vijesti/123.", "https://www.tk.gov.ba/vijesti/123"},
        {"Źródło: http://lubuskie.pl/aktualności/1 (dostęp 2021)",
         "http://lubuskie.pl/aktualności/1"},
        {"Vir:\n\n  https://www.velenje.si/talentmagnet\n", "https://www.velenje.si/talentmagnet"},
        {"Quelle - <https://www.bund.de/a?b=c&d=e>", "https://www.bund.de/a?b=c&d=e"},
        {"URL: https://en.wikipedia.org/wiki/Foo_(bar)).",
         "https://en.wikipedia.org/wiki/Foo_(bar)"},
        {"Източник: „https://bg.example.bg/статия“", "https://bg.example.bg/статия"},
        // Unlabelled: the first URL in the first lines.
        {"https://www.lubuskie.pl/index.php/aktualnosci/1\nTitle\nText",
         "https://www.lubuskie.pl/index.php/aktualnosci/1"},
        {"[http://news.zdnet.co.uk/internet/0,39020369,00.htm]\n\nPhoto from ...",
         "http://news.zdnet.co.uk/internet/0,39020369,00.htm"},
        {"Title\n  <https://example.com/a>.  \nText", "https://example.com/a"},
        // A labelled line wins over an earlier unlabelled URL; the tail is searched too.
        {"Title\nhttp://first.example.org/\nSource: https://second.example.org/x",
         "https://second.example.org/x"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(find_source_url(c.text), c.expected) << c.text;
    }
    const std::string tail =
        std::string("Title\n") + std::string(5000, 'x') + "\nIzvor: https://izvor.hr/a\n";
    EXPECT_EQ(find_source_url(tail), "https://izvor.hr/a");
}

TEST(SourceUrl, IgnoresWhatIsNotASourceUrl) {
    static const char* const cases[] = {
        "",
        "No address here.",
        "Sources of funding: EU\n",
        "ftp://example.org/file",
        "Source: http://\n",
        "Source: https://nodot/\n",
        "xhttps://example.org",
        // Unlabelled URLs inside a sentence cite something else; licences are no source.
        "Title\nSee http://example.com, then more.",
        "This work is licensed under\nhttp://creativecommons.org/licenses/by-sa/4.0/\n",
        "https://www.gnu.org/licenses/gpl-3.0.html\n",
        // Unlabelled URLs only count in the first 10 non-empty lines.
        "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\nhttps://late.example.org/\n",
    };
    for (const char* text : cases) {
        EXPECT_EQ(find_source_url(text), "") << text;
    }
}

}  // namespace
}  // namespace kb::ingest
