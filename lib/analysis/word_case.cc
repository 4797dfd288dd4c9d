#include "word_case.h"

#include <unicode/unistr.h>

namespace kb::analysis {

std::string fold_case(const std::string& utf8) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
    u.foldCase();
    std::string out;
    u.toUTF8String(out);
    return out;
}

std::string title_case(const std::string& utf8) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
    if (u.isEmpty()) {
        return utf8;
    }
    const int32_t first_end = u.moveIndex32(0, 1);
    icu::UnicodeString head = u.tempSubString(0, first_end);
    head.toUpper();
    head.append(u.tempSubString(first_end));
    std::string out;
    head.toUTF8String(out);
    return out;
}

}  // namespace kb::analysis
