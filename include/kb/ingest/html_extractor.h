#pragma once

#include <string>
#include <string_view>

#include "kb/ingest/extracted_document.h"

namespace kb::ingest {

// HTML5 with gumbo (the same parsing algorithm as browsers): <title> (else the first <h1>),
// <html lang>, meta description and keywords, and the body text without script, style,
// template, nav, header, footer, aside, form and noscript elements. Block elements become
// paragraphs. Walks the tree iteratively, so deep nesting cannot overflow the stack.
// Throws: InputError naming `source` if the page has no text at all.
ExtractedDocument extract_html(std::string_view bytes, const std::string& source);

}  // namespace kb::ingest
