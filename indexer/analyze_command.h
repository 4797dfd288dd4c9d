#pragma once

#include <iosfwd>
#include <string>

namespace kb::indexer {

// `kb-indexer --analyze [--lang CODE]`: reads UTF-8 text from `in` and writes one JSON
// object per token per line to `out` (see tokens_to_json_lines). Without a language, the
// language of the whole input is detected.
// Throws: InputError (source "--lang") for an invalid language code.
void run_analyze(std::istream& in, std::ostream& out, const std::string& lang);

}  // namespace kb::indexer
