#include "kb/ingest/extractor.h"

#include <algorithm>
#include <cctype>

#include "kb/ingest/html_extractor.h"
#include "kb/ingest/text_extractor.h"
#include "kb/util/error.h"
#include "kb/util/file_io.h"

namespace kb::ingest {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool looks_like_html(std::string_view head) {
    std::string start = lower(std::string(head.substr(0, 512)));
    const auto first = start.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (first == std::string::npos) {
        return false;
    }
    start.erase(0, first);
    return start.starts_with("<!doctype html") || start.starts_with("<html") ||
           (start.starts_with("<!--") && start.find("<html") != std::string::npos);
}

}  // namespace

std::optional<Format> detect_format(const std::filesystem::path& path, std::string_view head) {
    if (looks_like_html(head)) {
        return Format::Html;
    }
    const std::string ext = lower(path.extension().string());
    if (ext == ".html" || ext == ".htm" || ext == ".xhtml") {
        return Format::Html;
    }
    if (ext == ".txt" || ext == ".text") {
        return Format::Text;
    }
    return std::nullopt;
}

ExtractedDocument extract(Format format, std::string_view bytes, const std::string& source) {
    switch (format) {
        case Format::Html:
            return extract_html(bytes, source);
        case Format::Text:
            return extract_text(bytes, source);
    }
    throw InputError(source, "unsupported format");
}

ExtractedDocument extract_file(const std::filesystem::path& path) {
    const std::string bytes = util::read_file(path);
    const auto format = detect_format(path, bytes);
    if (!format) {
        throw InputError(path.string(), "unsupported file type");
    }
    return extract(*format, bytes, path.string());
}

}  // namespace kb::ingest
