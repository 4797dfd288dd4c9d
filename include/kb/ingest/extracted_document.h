#pragma once

#include <string>

namespace kb::ingest {

// What an extractor found in one file: UTF-8 text (paragraphs separated by a blank line)
// and the metadata the file itself declares. Empty strings mean "not found".
struct ExtractedDocument {
    std::string format;  // "text", "html"
    std::string title;
    std::string text;
    std::string language;     // declared language (HTML lang attribute), not detected
    std::string description;  // HTML meta description
    std::string keywords;     // HTML meta keywords
};

}  // namespace kb::ingest
