#include "kb/util/utf8.h"

#include <gtest/gtest.h>

#include "kb/util/error.h"
#include "kb/util/file_io.h"

#include "support/temp_dir.h"

namespace kb::util {
namespace {

TEST(Utf8, ValidatesWellFormedAndRejectsIllFormed) {
    static const struct {
        const char* input;
        bool valid;
    } cases[] = {
        {"", true},
        {"ascii", true},
        {"Łódź Београд", true},
        {"\xF0\x9F\x98\x80", true},   // emoji
        {"\xC0\xAF", false},          // overlong '/'
        {"\xED\xA0\x80", false},      // surrogate
        {"\xF4\x90\x80\x80", false},  // > U+10FFFF
        {"abc\xE2\x82", false},       // truncated
        {"\xFF", false},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(is_valid_utf8(c.input), c.valid) << c.input;
    }
}

TEST(Utf8, SanitizeReplacesEachBadByteAndKeepsTheRest) {
    EXPECT_EQ(sanitize_utf8("a\xFFz"), "a\xEF\xBF\xBDz");
    EXPECT_EQ(sanitize_utf8("č\xC3"), "č\xEF\xBF\xBD");
    EXPECT_TRUE(is_valid_utf8(sanitize_utf8("\xC0\xAF\xED\xA0\x80 ok")));
}

TEST(Utf8, HtmlEscapeEscapesMarkupCharacters) {
    EXPECT_EQ(html_escape("<script>alert('x')</script> & \"q\""),
              "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
}

TEST(Utf8, PrefixLengthNeverCutsASequence) {
    const std::string s = "žžž";  // 2 bytes each
    EXPECT_EQ(utf8_prefix_length(s, 3), 2u);
    EXPECT_EQ(utf8_prefix_length(s, 4), 4u);
    EXPECT_EQ(utf8_prefix_length(s, 100), 6u);
}

TEST(FileIo, ReadsWritesAndNamesTheFileOnError) {
    test::TempDir dir;
    write_file_atomically(dir / "a.txt", "hello");
    EXPECT_EQ(read_file(dir / "a.txt"), "hello");
    EXPECT_THROW(read_file(dir / "a.txt", 3), InputError);
    try {
        read_file(dir / "missing.txt");
        FAIL() << "no exception";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("missing.txt"), std::string::npos);
    }
}

}  // namespace
}  // namespace kb::util
