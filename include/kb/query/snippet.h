#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "kb/analysis/analyzer.h"
#include "kb/query/query_builder.h"

namespace kb::query {

// A short extract of `text` around the densest cluster of query words, HTML-escaped, with
// each matching word wrapped in <mark>...</mark>. A word matches when its folded form or
// its stem in `lang` is one of `terms`, so "regionach" highlights "regionów". Without
// matches it is the start of the text. "…" marks a cut.
// Thread safety: uses `analyzer`, which must belong to the calling thread.
std::string make_snippet(std::string_view text,
                         std::string_view lang,
                         const HighlightTerms& terms,
                         analysis::Analyzer& analyzer,
                         std::size_t max_bytes = 240);

}  // namespace kb::query
