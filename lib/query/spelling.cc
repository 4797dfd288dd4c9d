#include "spelling.h"

#include "kb/util/utf8.h"

namespace kb::query {
namespace {

constexpr Xapian::doccount kRareDocuments = 2;
constexpr Xapian::doccount kMuchMoreCommon = 10;
constexpr std::size_t kMinRareLetters = 5;

}  // namespace

std::optional<std::string> spelling_suggestion(const SpellingIndex& words,
                                               const Xapian::Database& db,
                                               std::string_view folded) {
    const std::size_t letters = util::code_point_count(folded);
    if (letters < 3) {
        return std::nullopt;
    }
    const Xapian::doccount own = db.get_termfreq(std::string(folded));
    // A short word the index has, however rarely, is taken as meant ("beg", not "be").
    if (own > kRareDocuments || (own > 0 && letters < kMinRareLetters)) {
        return std::nullopt;
    }
    // Rare words only meet words one edit away, and only ones 10 times as common; unknown
    // words two edits away if they are long.
    const std::size_t limit = own == 0 && letters >= 7 ? 2 : 1;
    const Xapian::doccount min_count = own == 0 ? 0 : own * kMuchMoreCommon - 1;
    return words.closest(folded, limit, min_count);
}

}  // namespace kb::query
