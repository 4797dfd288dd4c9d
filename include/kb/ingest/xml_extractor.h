#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "kb/ingest/extracted_document.h"

namespace kb::ingest {

// Larger XML files are rejected: pugixml's tree takes several times the file size.
inline constexpr std::size_t kMaxXmlBytes = std::size_t{64} << 20;
// Deeper element nesting is rejected (no real document comes close; tree walks in XML
// tools are often recursive).
inline constexpr std::size_t kMaxXmlDepth = 2000;

// Generic XML, TEI and DocBook with pugixml. The text is the character data of the
// elements: block elements (p, div, para, section, head, title, l, lg, item, lb, note...)
// become paragraphs separated by a blank line, inline elements (hi, emph, foreign, ref...)
// join their neighbours, other elements separate words. Not body text: <teiHeader> and
// DocBook's <info>/<bookinfo>/<articleinfo>. The title is, in this order, TEI's
// teiHeader/fileDesc/titleStmt/title (type="main" preferred), DocBook's info/title,
// bookinfo/title, articleinfo/title or a <title> child of the root, else the first <title>
// element in the top three levels. `language` is xml:lang (else lang) on the root, for TEI
// also on <text>. The encoding comes from a BOM, UTF-16 byte patterns or the XML declaration
// (any encoding ICU knows), else UTF-8 with U+FFFD for invalid bytes. A root <html> (XHTML)
// is handed to extract_html.
// Thread safety: safe to call concurrently.
// Throws: InputError naming `source` if the file is larger than kMaxXmlBytes, is not
// well-formed (the message gives pugixml's reason and byte offset), nests elements deeper
// than kMaxXmlDepth, declares an unknown encoding, or has no text.
ExtractedDocument extract_xml(std::string_view bytes, const std::string& source);

// How the start of a file looks to an XML reader.
struct XmlSniff {
    bool declaration = false;  // the file starts with an XML declaration ("<?xml")
    std::string root;          // the root element's name as written ("TEI", "tei:TEI"); empty
                               // if no element starts within the head
};

// Reads the start of a file (in UTF-8, ASCII-compatible 8-bit or UTF-16 with or without
// BOM) past white space, the XML declaration, processing instructions, comments and a
// doctype, to the name of the root element. Looks at most at the first 8 KiB.
// Thread safety: safe to call concurrently. Throws: nothing but std::bad_alloc.
XmlSniff sniff_xml(std::string_view head);

}  // namespace kb::ingest
