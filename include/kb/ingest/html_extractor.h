#pragma once

#include <string>
#include <string_view>

#include "kb/ingest/extracted_document.h"

namespace kb::ingest {

// HTML5 with gumbo (the same parsing algorithm as browsers): <title> (else the first <h1>),
// <html lang>, meta description and keywords, and the body text without script, style,
// template, nav, header, footer, aside, form and noscript elements. Block elements become
// paragraphs; boilerplate paragraphs (is_boilerplate_line in boilerplate.h: cookie and
// JavaScript notices, font-size controls, skip links) are dropped unless nothing else is
// left. `date`: the first of meta article:published_time, datePublished, dcterms.date,
// dc.date, date... that holds a date, else the publication date stated in the text
// (find_publication_date, with the lang attribute as hint). `url`: <link rel="canonical">,
// else meta og:url (absolute http(s) URLs only), else find_source_url on the text.
// Walks the tree iteratively, so deep nesting cannot overflow the stack.
// Thread safety: safe to call concurrently.
// Throws: InputError naming `source` if the page has no text at all.
ExtractedDocument extract_html(std::string_view bytes, const std::string& source);

}  // namespace kb::ingest
