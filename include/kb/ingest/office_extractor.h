#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kb/ingest/extracted_document.h"

namespace kb::ingest {

// Caps for office documents (zip archives of XML parts), against zip bombs and crafted
// files. Each violation is an InputError naming the file and the cap.
struct OfficeLimits {
    std::size_t max_entries = 10'000;  // entries in the zip
    // Uncompressed bytes of all XML parts read, from the zip headers and while inflating.
    std::uint64_t max_xml_bytes = std::uint64_t{64} << 20;
    std::uint64_t max_compression_ratio = 200;  // for parts larger than 1 MiB
    std::size_t max_xml_depth = 1000;           // element nesting in one part
};

// Word 2007+ (.docx, WordprocessingML): the paragraphs of word/document.xml (body text,
// tables and text boxes; not deleted revisions, field codes or the fallback copies of
// drawings), each one a paragraph; tabs and line breaks become spaces. Title, author,
// description (dc:description, else dc:subject), keywords and dates (dcterms:created into
// `date`, dcterms:modified into `modified`, as "YYYY-MM-DD") from docProps/core.xml;
// `language` is the default w:lang of word/styles.xml ("pl-PL"). Without a title the first
// heading-like paragraph is used (guess_title). Headers, footers, footnotes and comments
// are not read.
// Thread safety: safe to call concurrently.
// Throws: InputError naming `source` if the bytes are not a readable zip, have no
// word/document.xml, break a cap of `limits`, hold XML that is not well-formed (with
// pugixml's reason and offset), or have no text.
ExtractedDocument extract_docx(std::string_view bytes,
                               const std::string& source,
                               const OfficeLimits& limits = {});

// OpenDocument text (.odt): text:p and text:h of content.xml, each one a paragraph (spans,
// links, text:s, tabs and line breaks inline; footnote bodies after their paragraph; not
// annotations or tracked deletions), white space collapsed as ODF specifies. Title,
// author (meta:initial-creator, else dc:creator), description (dc:description, else
// dc:subject), keywords (meta:keyword, comma separated), language (dc:language) and dates
// (meta:creation-date into `date`, dc:date into `modified`) from meta.xml.
// Thread safety: safe to call concurrently.
// Throws: InputError naming `source` as extract_docx does (content.xml missing instead
// of word/document.xml).
ExtractedDocument extract_odt(std::string_view bytes,
                              const std::string& source,
                              const OfficeLimits& limits = {});

// What a zip archive holds, from its entry names and the ODF mimetype entry.
enum class OfficeKind { None, Docx, Odt };

// Docx if the archive has word/document.xml, Odt if its mimetype entry says
// application/vnd.oasis.opendocument.text, None otherwise (also for bytes that are not a
// readable zip, or a zip over the default entry cap).
// Thread safety: safe to call concurrently. Throws: nothing but std::bad_alloc.
OfficeKind sniff_office_zip(std::string_view bytes);

}  // namespace kb::ingest
