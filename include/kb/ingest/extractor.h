#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "kb/ingest/extracted_document.h"

namespace kb::ingest {

// The formats kbsearch reads.
enum class Format { Text, Html };

// The format of a file, from its content first (an HTML document starts with a doctype or
// an <html> tag whatever its name) and then its extension; nullopt if it is not supported.
std::optional<Format> detect_format(const std::filesystem::path& path, std::string_view head);

// Extracts text and metadata from the bytes of a file.
// Throws: InputError naming `source` if the content cannot be used (empty, binary).
ExtractedDocument extract(Format format, std::string_view bytes, const std::string& source);

// Reads and extracts a file.
// Throws: InputError naming the path when it cannot be read or used, or is not supported.
ExtractedDocument extract_file(const std::filesystem::path& path);

}  // namespace kb::ingest
