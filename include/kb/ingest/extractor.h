#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "kb/ingest/extracted_document.h"

namespace kb::ingest {

// The formats kbsearch reads.
enum class Format { Text, Html, Xml, Pdf, Docx, Odt };

// The format of a file, from its content first (an HTML document starts with a doctype or
// an <html> tag whatever its name) and then its extension; nullopt if it is not supported.
// XML: a file that starts with an XML declaration is Xml (whatever its name, except .svg,
// .xsd, .xsl, .xslt, .dtd, .wsdl), unless its root element is <html> (XHTML: Html); a root
// element without a declaration makes Xml only for .xml, .tei, .dbk and names without an
// extension, so HTML fragments and Markdown stay what their name says.
// Sidecar files (is_sidecar in sidecar.h: *.meta.json, *.meta.xml) are never documents:
// nullopt.
// PDF: "%PDF-" in the first 1024 bytes. DOCX / ODT: a zip holding word/document.xml / an
// ODF text mimetype entry (sniff_office_zip); a zip that cannot be opened (corrupt, or
// `head` is only the start of the file) is Docx / Odt if named .docx / .odt.
std::optional<Format> detect_format(const std::filesystem::path& path, std::string_view head);

// Extracts text and metadata from the bytes of a file (extract_text, extract_html,
// extract_xml, extract_pdf, extract_docx, extract_odt). When an XML, PDF, DOCX or ODT file
// declares no date, `date` is the publication date its text states (find_publication_date).
// Throws: InputError naming `source` if the content cannot be used (empty, binary).
ExtractedDocument extract(Format format, std::string_view bytes, const std::string& source);

// Options of extract_file.
struct ExtractOptions {
    // Larger files are refused before they are read.
    std::size_t max_bytes = std::size_t{100} << 20;
};

// Reads and extracts a file.
// Throws: InputError naming the path when it cannot be read or used, is not supported,
// or is larger than options.max_bytes ("file too large: N bytes, limit M").
ExtractedDocument extract_file(const std::filesystem::path& path,
                               const ExtractOptions& options = {});

}  // namespace kb::ingest
