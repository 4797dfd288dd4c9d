#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kb/classify/language_runs.h"

namespace kb::index {

// Everything kbsearch stores about one document, ready to be analysed and written.
struct IndexedDocument {
    std::string id;  // unique: path relative to its source folder, '/' separated
    std::string title;
    std::string text;  // UTF-8 body text
    std::string language = "und";
    std::string script;
    double language_confidence = 0.0;
    std::string language_source;  // metadata / declared / detected / unknown
    // Stretches of `text` in languages of their own (classify::split_language_runs), each
    // analysed in its language; empty = all of `text` is in `language`.
    std::vector<classify::LanguageRun> language_runs;
    std::string format;  // text / html
    std::string path;    // absolute path of the source file
    std::string description;
    // Metadata from the file or its sidecar (ingest::ExtractedDocument); empty if unknown.
    std::string date;  // ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD
    std::string url;
    std::string type;
    std::vector<std::string> topics;   // topic ids, best first
    std::vector<std::string> regions;  // region ids, with all their ancestors
    std::string author;
    std::string encoding;     // of a text file: "windows-1250", ...
    std::uint64_t bytes = 0;  // size of the source file
    // Source state for incremental runs (empty: not tracked).
    std::string source_root;   // absolute folder the id is relative to
    std::string source_stat;   // "size:mtime" of the file (source_stat())
    std::string content_hash;  // hex digest of the file's bytes
};

}  // namespace kb::index
