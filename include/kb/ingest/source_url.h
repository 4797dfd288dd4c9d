#pragma once

#include <string>
#include <string_view>

namespace kb::ingest {

// The address a text says it was taken from: the http(s) URL on a line labelled "Source",
// "URL", "Izvor", "Źródło", "Vir", "Zdroj", "Quelle", "Forrás", "Sursa", "Източник",
// "Извор", ... (the label starts the line; the URL may also be on the next non-empty
// line), searched in the first and the last 3 KB; otherwise a URL that is a line of its
// own (perhaps in brackets: "[https://...]") among the first 10 non-empty lines, unless it
// is a licence's address (creativecommons.org, .../licenses/...). A URL inside a sentence
// is not taken without a label: it mostly cites something else. Trailing punctuation
// (".", ",", ")" without its "("...) is not part of the URL. Empty if there is none.
// Thread safety: safe to call concurrently.
// Throws: InternalError if ICU's data is missing; std::bad_alloc.
std::string find_source_url(std::string_view text);

}  // namespace kb::ingest
