#include "kb/ingest/office_extractor.h"

#include <cctype>
#include <memory>
#include <optional>
#include <utility>

#include <pugixml.hpp>

#include "kb/ingest/text_extractor.h"
#include "kb/util/error.h"
#include "kb/util/utf8.h"

#include "text_sink_internal.h"
#include "zip_archive.h"

namespace kb::ingest {
namespace {

constexpr std::string_view kOdtMimeType = "application/vnd.oasis.opendocument.text";

ZipLimits zip_limits(const OfficeLimits& limits) {
    ZipLimits zip;
    zip.max_entries = limits.max_entries;
    zip.max_read_bytes = limits.max_xml_bytes;
    zip.max_ratio = limits.max_compression_ratio;
    return zip;
}

// The name without its namespace prefix: producers agree on the local names, and
// matching them keeps us independent of the prefixes a tool chose.
std::string_view local_name(const pugi::xml_node& node) {
    const std::string_view name = node.name();
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Parses `data` in place (`data` must outlive the result). Character references and the
// five predefined entities are expanded; pugixml expands no other entity and reads no
// DTD, so entity expansion bombs and external entities do nothing.
// Throws: InputError naming the source and the part, with pugixml's reason and offset.
std::unique_ptr<pugi::xml_document> parse_part(std::string& data,
                                               const std::string& source,
                                               const std::string& part) {
    auto document = std::make_unique<pugi::xml_document>();
    const pugi::xml_parse_result result = document->load_buffer_inplace(
        data.data(), data.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_auto);
    if (!result) {
        throw InputError(source, part + ": XML error at byte " + std::to_string(result.offset) +
                                     ": " + result.description());
    }
    return document;
}

// Reads and parses an optional metadata part; a missing or malformed one is ignored
// (the text is what matters), but the zip caps still apply.
std::unique_ptr<pugi::xml_document> optional_part(ZipArchive& zip,
                                                  std::string& data,
                                                  const std::string& source,
                                                  const std::string& part) {
    auto bytes = zip.read(part);
    if (!bytes) {
        return nullptr;
    }
    data = std::move(*bytes);
    try {
        return parse_part(data, source, part);
    } catch (const InputError&) {
        return nullptr;
    }
}

// Visits the nodes under `root` in document order without recursion (so nesting cannot
// overflow the stack). `enter(node)` returns false to skip the node's children;
// `leave(node)` is called for every entered node after its children.
// Throws: InputError naming the source and the part if elements nest deeper than
// `max_depth`.
template <typename Enter, typename Leave>
void walk(const pugi::xml_node& root,
          std::size_t max_depth,
          const std::string& source,
          const std::string& part,
          Enter enter,
          Leave leave) {
    pugi::xml_node node = root.first_child();
    std::size_t depth = 1;
    while (node) {
        if (enter(node) && node.first_child()) {
            if (++depth > max_depth) {
                throw InputError(source, part + ": elements nest deeper than " +
                                             std::to_string(max_depth) + " levels");
            }
            node = node.first_child();
            continue;
        }
        leave(node);
        while (!node.next_sibling()) {
            node = node.parent();
            --depth;
            if (node == root) {
                return;
            }
            leave(node);
        }
        node = node.next_sibling();
    }
}

// Paragraph text of a body. Paragraphs inside paragraphs (footnote bodies, text boxes)
// are emitted after the paragraph that holds them, so that its sentences stay whole.
class BodyText {
public:
    void enter_paragraph() {
        if (depth_ > 0) {
            nested_.block();
        }
        ++depth_;
    }
    void leave_paragraph() {
        if (depth_ == 0) {
            return;
        }
        if (--depth_ == 0) {
            emit(main_.take());
            emit(nested_.take());
        } else {
            nested_.block();
        }
    }
    // Character data; ignored outside paragraphs.
    void text(std::string_view s) {
        if (depth_ == 1) {
            main_.text(s);
        } else if (depth_ > 1) {
            nested_.text(s);
        }
    }
    // A tab, line break or explicit space: separates words.
    void space() { text(" "); }
    std::string take() { return std::exchange(out_, {}); }

private:
    void emit(std::string paragraph) {
        if (paragraph.empty()) {
            return;
        }
        if (!out_.empty()) {
            out_ += "\n\n";
        }
        out_ += paragraph;
    }
    TextSink main_;
    TextSink nested_;
    std::size_t depth_ = 0;
    std::string out_;
};

// The character data of an element, white space collapsed.
std::string element_text(const pugi::xml_node& node) {
    TextSink sink;
    for (const pugi::xml_node& child : node.children()) {
        if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
            sink.text(child.value());
        }
    }
    return util::sanitize_utf8(sink.take());
}

// "YYYY-MM-DD" (or "YYYY-MM", "YYYY") from the start of a W3CDTF / xsd:dateTime value.
std::string iso_date(std::string_view value) {
    const auto digits = [&](std::size_t at, std::size_t n) {
        if (value.size() < at + n) {
            return false;
        }
        for (std::size_t i = at; i < at + n; ++i) {
            if (std::isdigit(static_cast<unsigned char>(value[i])) == 0) {
                return false;
            }
        }
        return true;
    };
    if (!digits(0, 4)) {
        return {};
    }
    if (value.size() >= 7 && value[4] == '-' && digits(5, 2)) {
        if (value.size() >= 10 && value[7] == '-' && digits(8, 2)) {
            return std::string(value.substr(0, 10));
        }
        return std::string(value.substr(0, 7));
    }
    return std::string(value.substr(0, 4));
}

void finish(ExtractedDocument& doc, std::string text, const std::string& source) {
    doc.text = util::sanitize_utf8(text);
    if (doc.text.empty()) {
        throw InputError(source, "no text");
    }
    if (doc.title.empty()) {
        doc.title = guess_title(doc.text);
    }
}

// ---------------------------------------------------------------------------- DOCX

std::string docx_body(const pugi::xml_document& xml,
                      const OfficeLimits& limits,
                      const std::string& source) {
    BodyText body;
    const auto enter = [&](const pugi::xml_node& node) {
        if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
            // Only w:t holds text; w:delText (deleted revisions) and w:instrText (field
            // codes) do not count.
            if (local_name(node.parent()) == "t") {
                body.text(node.value());
            }
            return false;
        }
        if (node.type() != pugi::node_element) {
            return false;
        }
        const std::string_view name = local_name(node);
        if (name == "p") {
            body.enter_paragraph();
        } else if (name == "tab" || name == "ptab" || name == "br" || name == "cr") {
            body.space();
        } else if (name == "noBreakHyphen") {
            body.text("-");
        } else if (name == "Fallback" || name == "moveFrom" || name == "del" || name == "rPr" ||
                   name == "pPr" || name == "sectPr") {
            // mc:Fallback repeats the mc:Choice content (text boxes) for old readers.
            return false;
        }
        return true;
    };
    const auto leave = [&](const pugi::xml_node& node) {
        if (node.type() == pugi::node_element && local_name(node) == "p") {
            body.leave_paragraph();
        }
    };
    walk(xml, limits.max_xml_depth, source, "word/document.xml", enter, leave);
    return body.take();
}

void docx_core_properties(const pugi::xml_node& root, ExtractedDocument& doc) {
    std::string subject;
    for (const pugi::xml_node& child : root.children()) {
        const std::string_view name = local_name(child);
        if (name == "title") {
            doc.title = element_text(child);
        } else if (name == "creator") {
            doc.author = element_text(child);
        } else if (name == "description") {
            doc.description = element_text(child);
        } else if (name == "subject") {
            subject = element_text(child);
        } else if (name == "keywords") {
            doc.keywords = element_text(child);
        } else if (name == "created") {
            doc.date = iso_date(element_text(child));
        } else if (name == "modified") {
            doc.modified = iso_date(element_text(child));
        } else if (name == "language" && doc.language.empty()) {
            doc.language = element_text(child);
        }
    }
    if (doc.description.empty()) {
        doc.description = subject;
    }
}

// w:styles/w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val
std::string docx_default_language(const pugi::xml_node& styles) {
    for (const pugi::xml_node& defaults : styles.children()) {
        if (local_name(defaults) != "docDefaults") {
            continue;
        }
        for (const pugi::xml_node& rpr_default : defaults.children()) {
            for (const pugi::xml_node& rpr : rpr_default.children()) {
                for (const pugi::xml_node& lang : rpr.children()) {
                    if (local_name(lang) == "lang") {
                        for (const pugi::xml_attribute& attr : lang.attributes()) {
                            const std::string_view name = attr.name();
                            if (name == "val" || name.ends_with(":val")) {
                                return util::sanitize_utf8(attr.value());
                            }
                        }
                    }
                }
            }
        }
    }
    return {};
}

// ---------------------------------------------------------------------------- ODT

std::string odt_body(const pugi::xml_document& xml,
                     const OfficeLimits& limits,
                     const std::string& source) {
    BodyText body;
    const auto enter = [&](const pugi::xml_node& node) {
        if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
            body.text(node.value());
            return false;
        }
        if (node.type() != pugi::node_element) {
            return false;
        }
        const std::string_view name = local_name(node);
        if (name == "p" || name == "h") {
            body.enter_paragraph();
        } else if (name == "s" || name == "tab" || name == "line-break") {
            body.space();
        } else if (name == "annotation" || name == "note-citation" || name == "tracked-changes" ||
                   name == "sequence-decls" || name == "automatic-styles" ||
                   name == "font-face-decls" || name == "scripts" || name == "forms") {
            return false;
        }
        return true;
    };
    const auto leave = [&](const pugi::xml_node& node) {
        if (node.type() == pugi::node_element) {
            const std::string_view name = local_name(node);
            if (name == "p" || name == "h") {
                body.leave_paragraph();
            }
        }
    };
    walk(xml, limits.max_xml_depth, source, "content.xml", enter, leave);
    return body.take();
}

void odt_meta(const pugi::xml_node& root, ExtractedDocument& doc) {
    std::string creator;
    std::string subject;
    for (const pugi::xml_node& meta : root.children()) {
        if (local_name(meta) != "meta") {
            continue;
        }
        for (const pugi::xml_node& child : meta.children()) {
            const std::string_view name = local_name(child);
            if (name == "title") {
                doc.title = element_text(child);
            } else if (name == "initial-creator") {
                doc.author = element_text(child);
            } else if (name == "creator") {
                creator = element_text(child);
            } else if (name == "description") {
                doc.description = element_text(child);
            } else if (name == "subject") {
                subject = element_text(child);
            } else if (name == "keyword") {
                const std::string keyword = element_text(child);
                if (!keyword.empty()) {
                    doc.keywords += doc.keywords.empty() ? keyword : ", " + keyword;
                }
            } else if (name == "language") {
                doc.language = element_text(child);
            } else if (name == "creation-date") {
                doc.date = iso_date(element_text(child));
            } else if (name == "date") {
                doc.modified = iso_date(element_text(child));
            }
        }
    }
    if (doc.author.empty()) {
        doc.author = creator;
    }
    if (doc.description.empty()) {
        doc.description = subject;
    }
}

}  // namespace

ExtractedDocument extract_docx(std::string_view bytes,
                               const std::string& source,
                               const OfficeLimits& limits) {
    ZipArchive zip(bytes, source, zip_limits(limits));
    auto document = zip.read("word/document.xml");
    if (!document) {
        throw InputError(source, "not a DOCX (no word/document.xml in the zip)");
    }
    ExtractedDocument doc;
    doc.format = "docx";
    std::string body;
    {
        const auto xml = parse_part(*document, source, "word/document.xml");
        body = docx_body(*xml, limits, source);
    }
    document.reset();  // free the part before reading the next ones
    std::string core_data;
    if (const auto core = optional_part(zip, core_data, source, "docProps/core.xml")) {
        docx_core_properties(core->document_element(), doc);
    }
    std::string styles_data;
    if (const auto styles = optional_part(zip, styles_data, source, "word/styles.xml")) {
        const std::string language = docx_default_language(styles->document_element());
        if (!language.empty()) {
            doc.language = language;
        }
    }
    finish(doc, std::move(body), source);
    return doc;
}

ExtractedDocument extract_odt(std::string_view bytes,
                              const std::string& source,
                              const OfficeLimits& limits) {
    ZipArchive zip(bytes, source, zip_limits(limits));
    auto content = zip.read("content.xml");
    if (!content) {
        throw InputError(source, "not an ODT (no content.xml in the zip)");
    }
    ExtractedDocument doc;
    doc.format = "odt";
    std::string body;
    {
        const auto xml = parse_part(*content, source, "content.xml");
        body = odt_body(*xml, limits, source);
    }
    content.reset();
    std::string meta_data;
    if (const auto meta = optional_part(zip, meta_data, source, "meta.xml")) {
        odt_meta(meta->document_element(), doc);
    }
    finish(doc, std::move(body), source);
    return doc;
}

OfficeKind sniff_office_zip(std::string_view bytes) {
    if (!bytes.starts_with("PK\x03\x04")) {
        return OfficeKind::None;
    }
    try {
        ZipLimits limits;
        limits.max_read_bytes = 256;  // enough for a mimetype entry, and nothing more
        ZipArchive zip(bytes, std::string(), limits);
        if (zip.contains("word/document.xml")) {
            return OfficeKind::Docx;
        }
        if (const auto mime = zip.read("mimetype")) {
            std::string_view type = *mime;
            while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back())) != 0) {
                type.remove_suffix(1);
            }
            if (type == kOdtMimeType) {
                return OfficeKind::Odt;
            }
        }
    } catch (const InputError&) {
        // Not a zip we can read: the caller falls back to the file name.
    }
    return OfficeKind::None;
}

}  // namespace kb::ingest
