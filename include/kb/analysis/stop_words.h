#pragma once

#include <span>
#include <string_view>

namespace kb::analysis {

// True if `folded` (a word's folded form, as Analyzer::forms gives it: case-folded, no
// diacritics, Bosnian/Croatian/Serbian in Gaj Latin) is a function word of language `lang`
// (canonical code): prepositions, conjunctions, particles, pronouns and forms of "to be".
// The lists are short on purpose: only words so frequent that they carry no topic, and none
// that is a content word in another language of the collection ("war", "care", "most").
// The index keeps every word, so phrases with stop words still match; queries use this
// to keep such words from ranking (see kb::query::QueryBuilder).
// Thread safety: a pure function.
bool is_stop_word(std::string_view lang, std::string_view folded) noexcept;

// The list of `lang` (empty if it has none), for tests.
std::span<const std::string_view> stop_words_for_tests(std::string_view lang) noexcept;

}  // namespace kb::analysis
