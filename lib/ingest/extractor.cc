#include "kb/ingest/extractor.h"

#include <algorithm>
#include <cctype>
#include <system_error>

#include "kb/ingest/date_finder.h"
#include "kb/ingest/html_extractor.h"
#include "kb/ingest/office_extractor.h"
#include "kb/ingest/pdf_extractor.h"
#include "kb/ingest/sidecar.h"
#include "kb/ingest/text_extractor.h"
#include "kb/ingest/xml_extractor.h"
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

// Xml or Html for XML content (see detect_format), nullopt if the content does not decide.
std::optional<Format> detect_xml(const std::string& ext, std::string_view head) {
    const XmlSniff xml = sniff_xml(head);
    std::string root = lower(xml.root);
    root.erase(0, root.rfind(':') + 1);  // npos + 1 == 0: no prefix
    if (root == "html") {
        return Format::Html;
    }
    // XML-based formats that are not documents (images, schemas, stylesheets).
    const bool not_a_document = ext == ".svg" || ext == ".xsd" || ext == ".xsl" || ext == ".xslt" ||
                                ext == ".dtd" || ext == ".wsdl";
    if (xml.declaration && !not_a_document) {
        return Format::Xml;
    }
    // Without a declaration a leading element is weaker evidence (HTML fragments, Markdown
    // starting with a tag): only trusted for XML names and files without an extension.
    const bool xml_name = ext.empty() || ext == ".xml" || ext == ".tei" || ext == ".dbk";
    if (!root.empty() && xml_name) {
        return Format::Xml;
    }
    return std::nullopt;
}

// Pdf, Docx or Odt from magic bytes and zip entries; the extension only decides for a
// zip that cannot be opened (corrupt, or only its head was given).
std::optional<Format> detect_binary(const std::string& ext, std::string_view head) {
    if (head.starts_with("%PDF-") || (ext == ".pdf" && looks_like_pdf(head))) {
        return Format::Pdf;
    }
    if (!head.starts_with("PK\x03\x04")) {
        return std::nullopt;
    }
    switch (sniff_office_zip(head)) {
        case OfficeKind::Docx:
            return Format::Docx;
        case OfficeKind::Odt:
            return Format::Odt;
        case OfficeKind::None:
            break;
    }
    if (ext == ".docx") {
        return Format::Docx;
    }
    if (ext == ".odt") {
        return Format::Odt;
    }
    return std::nullopt;
}

}  // namespace

std::optional<Format> detect_format(const std::filesystem::path& path, std::string_view head) {
    if (is_sidecar(path)) {
        return std::nullopt;
    }
    if (looks_like_html(head)) {
        return Format::Html;
    }
    const std::string ext = lower(path.extension().string());
    if (const auto binary = detect_binary(ext, head)) {
        return binary;
    }
    if (const auto xml = detect_xml(ext, head)) {
        return xml;
    }
    if (ext == ".html" || ext == ".htm" || ext == ".xhtml") {
        return Format::Html;
    }
    if (ext == ".txt" || ext == ".text") {
        return Format::Text;
    }
    if (ext == ".xml" || ext == ".tei" || ext == ".dbk") {
        return Format::Xml;
    }
    return std::nullopt;
}

ExtractedDocument extract(Format format, std::string_view bytes, const std::string& source) {
    ExtractedDocument doc;
    switch (format) {
        case Format::Html:
            return extract_html(bytes, source);
        case Format::Text:
            return extract_text(bytes, source);
        case Format::Xml:
            doc = extract_xml(bytes, source);
            break;
        case Format::Pdf:
            doc = extract_pdf(bytes, source);
            break;
        case Format::Docx:
            doc = extract_docx(bytes, source);
            break;
        case Format::Odt:
            doc = extract_odt(bytes, source);
            break;
        default:
            throw InputError(source, "unsupported format");
    }
    // Formats that declare their dates keep them; the text only fills a missing one. Their
    // URLs are not taken from the text: a URL or "Source:" line in a report cites others.
    if (doc.date.empty()) {
        doc.date = find_publication_date(doc.text, doc.language);
    }
    return doc;
}

ExtractedDocument extract_file(const std::filesystem::path& path, const ExtractOptions& options) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > options.max_bytes) {
        throw InputError(path.string(), "file too large: " + std::to_string(size) +
                                            " bytes, limit " + std::to_string(options.max_bytes));
    }
    // The limit again while reading: the file may grow in between.
    const std::string bytes = util::read_file(path, options.max_bytes);
    const auto format = detect_format(path, bytes);
    if (!format) {
        throw InputError(path.string(), "unsupported file type");
    }
    return extract(*format, bytes, path.string());
}

}  // namespace kb::ingest
