#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "kb/analysis/analyzer.h"
#include "kb/index/indexed_document.h"

namespace kb::index {

// The unique id term of a document id: "Q" + id, or for ids too long for a Xapian term a
// prefix of the id plus a hash of the whole, so that every id maps to one term.
std::string id_term(std::string_view id);

// True for a date the index stores in its date slot: "YYYY", "YYYY-MM" or "YYYY-MM-DD" with
// digits in range (month 01-12, day 01-31), years 1000-2999.
bool is_index_date(std::string_view date) noexcept;

// Builds the Xapian document for `doc` (see schema.h): folded body and title words with
// positions, canonical (stem) terms, the language filter term and value, the id term, and
// the stored fields as JSON document data. Title words are indexed in the body too, which
// gives them more weight.
// Thread safety: uses `analyzer`, which must belong to the calling thread.
// When `folded_stems` is given, it receives each distinct (folded form, stem) of the words
// that had diacritics or Cyrillic letters, for IndexWriter::add_folded_stems.
using FoldedStems = std::vector<std::pair<std::string, std::string>>;
Xapian::Document build_document(const IndexedDocument& doc,
                                analysis::Analyzer& analyzer,
                                FoldedStems* folded_stems = nullptr);

}  // namespace kb::index
