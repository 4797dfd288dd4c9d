#include "spelling.h"

#include <algorithm>
#include <vector>

namespace kb::query {
namespace {

constexpr Xapian::doccount kRareDocuments = 2;
constexpr Xapian::doccount kMuchMoreCommon = 10;
constexpr std::size_t kMinRareLetters = 5;
// Words of one first letter examined at most (a bound on the work for a common letter).
constexpr std::size_t kMaxCandidates = 60'000;

// Code points of a UTF-8 word (folded words are mostly ASCII; Bulgarian stays Cyrillic).
std::u32string letters(std::string_view word) {
    std::u32string out;
    const auto* s = reinterpret_cast<const unsigned char*>(word.data());
    std::size_t i = 0;
    while (i < word.size()) {
        char32_t c = s[i];
        std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        n = std::min(n, word.size() - i);
        if (n > 1) {
            c &= (0x7F >> n);
            for (std::size_t k = 1; k < n; ++k) {
                c = (c << 6) | (s[i + k] & 0x3F);
            }
        }
        out += c;
        i += n;
    }
    return out;
}

// Optimal string alignment distance, giving up (returning limit + 1) beyond `limit`.
std::size_t distance(const std::u32string& a, const std::u32string& b, std::size_t limit) {
    if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) {
        return limit + 1;
    }
    std::vector<std::size_t> before(b.size() + 1);
    std::vector<std::size_t> previous(b.size() + 1);
    std::vector<std::size_t> current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        previous[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        std::size_t row_min = current[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                current[j] = std::min(current[j], before[j - 2] + 1);  // transposition
            }
            row_min = std::min(row_min, current[j]);
        }
        if (row_min > limit) {
            return limit + 1;
        }
        before.swap(previous);
        previous.swap(current);
    }
    return previous[b.size()];
}

}  // namespace

std::optional<std::string> spelling_suggestion(const Xapian::Database& db,
                                               std::string_view folded) {
    const std::u32string word = letters(folded);
    if (word.size() < 3) {
        return std::nullopt;
    }
    const std::string term(folded);
    const Xapian::doccount own = db.get_termfreq(term);
    // A short word the index has, however rarely, is taken as meant ("beg", not "be").
    if (own > kRareDocuments || (own > 0 && word.size() < kMinRareLetters)) {
        return std::nullopt;
    }
    // Rare words only meet words one edit away; unknown ones two if they are long.
    const std::size_t limit = own == 0 && word.size() >= 7 ? 2 : 1;
    std::string best;
    Xapian::doccount best_count = 0;
    std::size_t best_distance = limit + 1;
    std::size_t seen = 0;
    // Candidates share the first letter (its bytes); unprefixed terms are the folded words.
    const auto lead = static_cast<unsigned char>(folded[0]);
    const std::size_t lead_bytes = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    const std::string prefix(folded.substr(0, std::min(lead_bytes, folded.size())));
    for (auto it = db.allterms_begin(prefix);
         it != db.allterms_end(prefix) && seen < kMaxCandidates; ++it, ++seen) {
        const std::string candidate = *it;
        if (candidate == term) {
            continue;
        }
        const Xapian::doccount count = it.get_termfreq();
        if (best_distance == 1 && count <= best_count) {
            continue;  // cannot win: distance 0 is the word itself
        }
        const std::size_t d = distance(word, letters(candidate), limit);
        if (d > limit) {
            continue;
        }
        if (d < best_distance || (d == best_distance && count > best_count)) {
            best = candidate;
            best_count = count;
            best_distance = d;
        }
    }
    if (best.empty() || (own > 0 && best_count < own * kMuchMoreCommon)) {
        return std::nullopt;
    }
    return best;
}

}  // namespace kb::query
