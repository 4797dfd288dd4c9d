#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kb/ingest/extracted_document.h"

namespace kb::ingest {

// Metadata written for a document in a small file next to it, for collections whose files
// do not carry it (PDF reports without a title, scraped pages without a date). Empty
// strings and lists mean "not given".
//
// JSON (NAME.meta.json), one object; unknown keys are ignored:
//   {"title": "...", "url": "https://...", "date": "2024-03-01", "language": "pl",
//    "type": "report", "description": "...", "topics": ["..."], "regions": ["..."]}
//   "topics" and "regions" may also be a single string.
// XML (NAME.meta.xml), root <meta>; unknown elements are ignored:
//   <meta><title>...</title><url>...</url><date>2024-03-01</date><language>pl</language>
//     <type>report</type><description>...</description>
//     <topic>...</topic><topic>...</topic><region>...</region></meta>
//   <topic>/<region> may also be wrapped in <topics>/<regions>.
// Values are trimmed. `date` is ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD, optionally followed
// by a time ("2024-03-01T10:00:00Z"), which is dropped. `language` is a BCP 47 tag ("pl",
// "sr-Latn"); `url` an absolute URL (scheme://...).
struct Sidecar {
    std::filesystem::path path;  // the sidecar file itself
    std::string title;
    std::string url;
    std::string date;  // normalised: YYYY, YYYY-MM or YYYY-MM-DD
    std::string language;
    std::string type;
    std::string description;
    std::vector<std::string> topics;   // in file order, without duplicates
    std::vector<std::string> regions;  // in file order, without duplicates
};

// True for a sidecar file name (*.meta.json, *.meta.xml, any case): such files describe
// another file and are never indexed themselves.
// Thread safety: safe to call concurrently. Throws: nothing but std::bad_alloc.
bool is_sidecar(const std::filesystem::path& path);

// The sidecar names tried for `document`, in order: NAME.meta.json, NAME.meta.xml, then,
// if the name has an extension, STEM.meta.json, STEM.meta.xml (for reports/x.pdf:
// reports/x.pdf.meta.json, reports/x.pdf.meta.xml, reports/x.meta.json, reports/x.meta.xml).
// Thread safety: safe to call concurrently. Throws: nothing but std::bad_alloc.
std::vector<std::filesystem::path> sidecar_candidates(const std::filesystem::path& document);

// Reads the first sidecar of `document` that exists (see sidecar_candidates); nullopt if
// there is none, or if `document` is itself a sidecar. Later candidates are not read.
// Thread safety: safe to call concurrently.
// Throws: InputError naming the sidecar file if it cannot be read, is larger than 1 MiB or
// is malformed (bad syntax, a value of the wrong type, an invalid date, language or URL).
// Callers index the document without it and report the error as a warning.
std::optional<Sidecar> read_sidecar(const std::filesystem::path& document);

// Parses the content of a JSON or XML sidecar; `source` names it in errors and is stored
// in Sidecar::path.
// Thread safety: safe to call concurrently.
// Throws: InputError naming `source` if the content is malformed (see read_sidecar).
Sidecar parse_sidecar_json(std::string_view bytes, const std::string& source);
Sidecar parse_sidecar_xml(std::string_view bytes, const std::string& source);

// Overwrites the metadata of `doc` with every value the sidecar gives (sidecar values win;
// what it leaves empty keeps the extracted value). The text is never changed.
// Thread safety: as for any object: `doc` must not be used by another thread meanwhile.
// Throws: nothing but std::bad_alloc.
void apply_sidecar(const Sidecar& sidecar, ExtractedDocument& doc);

}  // namespace kb::ingest
