#pragma once

#include <string>
#include <vector>

namespace kb::ingest {

// What an extractor found in one file: UTF-8 text (paragraphs separated by a blank line)
// and the metadata the file itself declares. Empty strings mean "not found".
struct ExtractedDocument {
    std::string format;  // "text", "html", "xml", "pdf", "docx", "odt"
    std::string title;
    std::string text;
    std::string language;     // declared language (HTML lang attribute), not detected
    std::string description;  // HTML meta description
    std::string keywords;     // HTML meta keywords
    // Character encoding the text was read in (MIME name: "UTF-8", "windows-1250"...);
    // empty for formats that carry their own (PDF, DOCX).
    std::string encoding;
    // Metadata from a sidecar file (see sidecar.h) or declared by the document itself.
    std::string date;  // ISO 8601 date: "2024-03-01", or "2024-03" / "2024" if only that is known
    std::string url;   // where the document is published, if it has a canonical address
    std::string type;  // document type, free text: "report", "regulation", "guide"...
    std::vector<std::string> topics;   // taxonomy topic names or ids, as given
    std::vector<std::string> regions;  // region names or ids, as given
    // Declared by PDF, DOCX and ODT files (`date` is then their creation date).
    std::string author;    // PDF Author, DOCX dc:creator, ODT meta:initial-creator
    std::string modified;  // last modification, ISO 8601 date like `date`
};

}  // namespace kb::ingest
