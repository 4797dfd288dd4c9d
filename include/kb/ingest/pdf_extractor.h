#pragma once

#include <string>
#include <string_view>

#include "kb/ingest/extracted_document.h"

namespace kb::ingest {

// PDF with poppler (read from memory): the text of each page in reading order, pages
// separated by a blank line. Title, author, description (Subject) and keywords from the
// document information dictionary; CreationDate into `date` and ModDate into `modified`
// as "YYYY-MM-DD". Without a usable title ("Microsoft Word - x.docx", "untitled") the
// first heading-like line is used (guess_title). Poppler's own diagnostics are silenced.
// Thread safety: safe to call concurrently (one poppler document per call).
// Throws: InputError naming `source` if the bytes are not a PDF ("not a PDF (starts with
// ...)"), cannot be parsed ("not a readable PDF"), need a password ("encrypted PDF"), or
// have no text at all ("no text (scanned PDF?)").
ExtractedDocument extract_pdf(std::string_view bytes, const std::string& source);

// True if "%PDF-" occurs in the first 1024 bytes, where readers accept it.
bool looks_like_pdf(std::string_view head) noexcept;

}  // namespace kb::ingest
