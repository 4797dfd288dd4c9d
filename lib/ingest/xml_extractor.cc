#include "kb/ingest/xml_extractor.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_set>

#include <pugixml.hpp>

#include "kb/ingest/charset.h"
#include "kb/ingest/html_extractor.h"
#include "kb/util/error.h"
#include "kb/util/utf8.h"

#include "text_sink_internal.h"

namespace kb::ingest {
namespace {

constexpr std::size_t kSniffBytes = 8 * 1024;

// Elements that end a paragraph: TEI, DocBook and the common names of other vocabularies.
bool is_block(std::string_view name) {
    static const std::unordered_set<std::string_view> kBlocks = {
        "p",           "div",          "div1",       "div2",     "div3",
        "div4",        "div5",         "div6",       "div7",     "para",
        "simpara",     "formalpara",   "section",    "sect1",    "sect2",
        "sect3",       "sect4",        "sect5",      "chapter",  "appendix",
        "preface",     "part",         "article",    "book",     "head",
        "title",       "subtitle",     "l",          "lg",       "lb",
        "br",          "item",         "list",       "listitem", "itemizedlist",
        "orderedlist", "varlistentry", "term",       "table",    "row",
        "cell",        "entry",        "tr",         "td",       "th",
        "note",        "footnote",     "blockquote", "epigraph", "opener",
        "closer",      "salute",       "signed",     "dateline", "byline",
        "docTitle",    "titlePart",    "titlePage",  "front",    "body",
        "back",        "text",         "sp",         "speaker",  "stage",
        "figure",      "caption",      "figDesc",    "abstract", "programlisting",
        "screen",      "example",      "address",    "bibl",     "biblStruct",
        "record",      "description",
    };
    return kBlocks.contains(name);
}

// Elements inside a word or a sentence: they join their neighbours without a space.
bool is_inline(std::string_view name) {
    static const std::unordered_set<std::string_view> kInline = {
        "hi",         "emph",        "emphasis",  "foreign",   "foreignphrase",
        "ref",        "ptr",         "link",      "ulink",     "xref",
        "olink",      "choice",      "abbr",      "expan",     "orig",
        "reg",        "sic",         "corr",      "add",       "del",
        "unclear",    "supplied",    "seg",       "w",         "c",
        "pc",         "g",           "num",       "measure",   "date",
        "time",       "name",        "persName",  "placeName", "orgName",
        "rs",         "q",           "quote",     "soCalled",  "mentioned",
        "gloss",      "phrase",      "literal",   "code",      "b",
        "i",          "u",           "em",        "strong",    "sub",
        "sup",        "superscript", "subscript", "span",      "a",
        "personname", "acronym",     "citetitle",
    };
    return kInline.contains(name);
}

// Metadata, not body text.
bool is_metadata(std::string_view name) {
    static const std::unordered_set<std::string_view> kMetadata = {
        "teiHeader",   "info",        "bookinfo",     "articleinfo", "chapterinfo",
        "sectioninfo", "prefaceinfo", "appendixinfo", "partinfo",    "setinfo",
        "sect1info",   "sect2info",   "sect3info",    "sect4info",   "sect5info",
    };
    return kMetadata.contains(name);
}

std::string_view local_name(std::string_view name) {
    const auto colon = name.rfind(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// The first child element of `parent` whose local name is `name` (null if none, or if
// `parent` is null), so that prefixed documents (<tei:TEI>) work too.
pugi::xml_node child(pugi::xml_node parent, std::string_view name) {
    for (pugi::xml_node node = parent.first_child(); node; node = node.next_sibling()) {
        if (node.type() == pugi::node_element && local_name(node.name()) == name) {
            return node;
        }
    }
    return {};
}

// Visits `top` and its descendants in document order without recursion. `enter(node)`
// returns whether to visit the node's children; `leave(node)` is called after the children
// of every node that was entered that way.
template <class Enter, class Leave>
void walk(pugi::xml_node top, Enter enter, Leave leave) {
    pugi::xml_node node = top;
    for (;;) {
        const bool descend = enter(node);
        if (descend && node.first_child()) {
            node = node.first_child();
            continue;
        }
        if (descend) {
            leave(node);
        }
        while (node != top && !node.next_sibling()) {
            node = node.parent();
            leave(node);
        }
        if (node == top) {
            return;
        }
        node = node.next_sibling();
    }
}

// Throws if elements nest deeper than kMaxXmlDepth.
void check_depth(const pugi::xml_document& xml, const std::string& source) {
    std::size_t depth = 0;
    walk(
        xml,
        [&](pugi::xml_node node) {
            if (node.type() != pugi::node_element && node.type() != pugi::node_document) {
                return false;
            }
            if (++depth > kMaxXmlDepth + 1) {  // +1: the document node
                throw InputError(
                    source, "XML nested deeper than " + std::to_string(kMaxXmlDepth) + " elements");
            }
            return true;
        },
        [&](pugi::xml_node) { --depth; });
}

// The text of `top` and its descendants, leaving out metadata elements if asked.
void collect_text(pugi::xml_node top, TextSink& sink, bool skip_metadata) {
    auto mark = [&](pugi::xml_node node) {
        if (node.type() != pugi::node_element) {
            return;
        }
        const std::string_view name = local_name(node.name());
        if (is_block(name)) {
            sink.block();
        } else if (!is_inline(name)) {
            sink.boundary();
        }
    };
    walk(
        top,
        [&](pugi::xml_node node) {
            switch (node.type()) {
                case pugi::node_pcdata:
                case pugi::node_cdata:
                    sink.text(node.value());
                    return false;
                case pugi::node_element:
                    if (skip_metadata && is_metadata(local_name(node.name()))) {
                        sink.block();
                        return false;
                    }
                    mark(node);
                    return true;
                case pugi::node_document:
                    return true;
                default:
                    return false;
            }
        },
        mark);
}

std::string node_text(pugi::xml_node node) {
    TextSink sink;
    if (node) {
        collect_text(node, sink, false);
    }
    return sink.take();
}

pugi::xml_node tei_title(pugi::xml_node root) {
    const pugi::xml_node stmt = child(child(child(root, "teiHeader"), "fileDesc"), "titleStmt");
    pugi::xml_node first;
    for (pugi::xml_node node = stmt.first_child(); node; node = node.next_sibling()) {
        if (node.type() != pugi::node_element || local_name(node.name()) != "title") {
            continue;
        }
        if (std::string_view(node.attribute("type").value()) == "main") {
            return node;
        }
        if (!first) {
            first = node;
        }
    }
    return first;
}

pugi::xml_node docbook_title(pugi::xml_node root) {
    for (const std::string_view info : {"info", "bookinfo", "articleinfo"}) {
        if (const pugi::xml_node title = child(child(root, info), "title")) {
            return title;
        }
    }
    return child(root, "title");
}

// The first <title> (any case) among the root's children and grandchildren, in document
// order: RSS's channel/title, many ad-hoc schemas' record/title.
pugi::xml_node generic_title(pugi::xml_node root) {
    auto is_title = [](pugi::xml_node node) {
        return node.type() == pugi::node_element && iequals(local_name(node.name()), "title");
    };
    for (pugi::xml_node node = root.first_child(); node; node = node.next_sibling()) {
        if (is_title(node)) {
            return node;
        }
        for (pugi::xml_node inner = node.first_child(); inner; inner = inner.next_sibling()) {
            if (is_title(inner)) {
                return inner;
            }
        }
    }
    return {};
}

// The value of encoding="..." in an XML declaration at the start of `head`, or empty.
std::string declared_encoding(std::string_view head) {
    if (!head.starts_with("<?xml")) {
        return {};
    }
    const std::string_view declaration = head.substr(0, head.find("?>"));
    std::size_t i = declaration.find("encoding");
    if (i == std::string_view::npos) {
        return {};
    }
    i += 8;
    while (i < declaration.size() &&
           (declaration[i] == ' ' || declaration[i] == '=' || declaration[i] == '\t' ||
            declaration[i] == '\r' || declaration[i] == '\n')) {
        ++i;
    }
    if (i >= declaration.size() || (declaration[i] != '"' && declaration[i] != '\'')) {
        return {};
    }
    const char quote = declaration[i];
    const std::size_t end = declaration.find(quote, i + 1);
    return end == std::string_view::npos ? std::string()
                                         : std::string(declaration.substr(i + 1, end - i - 1));
}

// The document as UTF-8 (see extract_xml for the rules), without a BOM.
DecodedText decode_xml(std::string_view bytes, const std::string& source) {
    const bool utf16 = bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF") ||
                       bytes.starts_with(std::string_view("<\0", 2)) ||
                       bytes.starts_with(std::string_view("\0<", 2));
    if (utf16) {
        return decode_text(bytes, source);  // also rejects NUL characters
    }
    if (bytes.find('\0') != std::string_view::npos) {
        throw InputError(source, "binary content (NUL bytes) in an XML file");
    }
    if (bytes.starts_with("\xEF\xBB\xBF")) {
        bytes.remove_prefix(3);
    }
    const std::string encoding = declared_encoding(bytes.substr(0, 1024));
    // An 8-bit file that claims UTF-16 or UTF-32 is wrong about it; read it as UTF-8.
    if (encoding.empty() || iequals(encoding, "UTF-8") || iequals(encoding, "UTF8") ||
        encoding.starts_with("UTF-16") || encoding.starts_with("utf-16") ||
        encoding.starts_with("UTF-32") || encoding.starts_with("utf-32")) {
        return {util::sanitize_utf8(bytes), "UTF-8"};
    }
    return convert_to_utf8(bytes, encoding, source);
}

// A view of the start of `head` in which every character is one byte: UTF-16 (with or
// without BOM) keeps its low bytes, a UTF-8 BOM is dropped.
std::string ascii_head(std::string_view head) {
    head = head.substr(0, kSniffBytes);
    std::size_t start = 0;
    int parity = -1;  // where the ASCII byte of a UTF-16 code unit is: 0 LE, 1 BE
    if (head.starts_with("\xFF\xFE")) {
        start = 2;
        parity = 0;
    } else if (head.starts_with("\xFE\xFF")) {
        start = 2;
        parity = 1;
    } else if (head.starts_with("\xEF\xBB\xBF")) {
        start = 3;
    } else if (head.starts_with(std::string_view("<\0", 2))) {
        parity = 0;
    } else if (head.starts_with(std::string_view("\0<", 2))) {
        parity = 1;
    }
    if (parity < 0) {
        return std::string(head.substr(start));
    }
    std::string out;
    for (std::size_t i = start + static_cast<std::size_t>(parity); i < head.size(); i += 2) {
        out += head[i];
    }
    return out;
}

bool is_name_char(char c) {
    const auto b = static_cast<unsigned char>(c);
    return std::isalnum(b) || c == '_' || c == ':' || c == '-' || c == '.' || b >= 0x80;
}

}  // namespace

XmlSniff sniff_xml(std::string_view head) {
    const std::string s = ascii_head(head);
    XmlSniff sniff;
    std::size_t pos = 0;
    auto at = [&](std::string_view prefix) {
        return s.compare(pos, prefix.size(), prefix) == 0;
    };
    for (;;) {
        pos = s.find_first_not_of(" \t\r\n", pos);
        if (pos == std::string::npos || s[pos] != '<' || pos + 1 >= s.size()) {
            return sniff;
        }
        if (at("<?")) {
            if (pos == 0 && at("<?xml") && pos + 5 < s.size() &&
                (std::isspace(static_cast<unsigned char>(s[pos + 5])) || s[pos + 5] == '?')) {
                sniff.declaration = true;
            }
            const std::size_t end = s.find("?>", pos + 2);
            if (end == std::string::npos) {
                return sniff;
            }
            pos = end + 2;
        } else if (at("<!--")) {
            const std::size_t end = s.find("-->", pos + 4);
            if (end == std::string::npos) {
                return sniff;
            }
            pos = end + 3;
        } else if (at("<!")) {
            // A doctype, possibly with an internal subset in [...] and quoted identifiers.
            std::size_t i = pos + 2;
            int brackets = 0;
            for (; i < s.size(); ++i) {
                const char c = s[i];
                if (c == '"' || c == '\'') {
                    i = s.find(c, i + 1);
                    if (i == std::string::npos) {
                        return sniff;
                    }
                } else if (c == '[') {
                    ++brackets;
                } else if (c == ']') {
                    --brackets;
                } else if (c == '>' && brackets <= 0) {
                    break;
                }
            }
            if (i >= s.size()) {
                return sniff;
            }
            pos = i + 1;
        } else {
            const char first = s[pos + 1];
            if (!std::isalpha(static_cast<unsigned char>(first)) && first != '_' &&
                static_cast<unsigned char>(first) < 0x80) {
                return sniff;
            }
            std::size_t end = pos + 1;
            while (end < s.size() && is_name_char(s[end])) {
                ++end;
            }
            sniff.root = s.substr(pos + 1, end - pos - 1);
            return sniff;
        }
    }
}

ExtractedDocument extract_xml(std::string_view bytes, const std::string& source) {
    if (bytes.size() > kMaxXmlBytes) {
        throw InputError(source,
                         "XML file larger than " + std::to_string(kMaxXmlBytes >> 20) + " MiB");
    }
    DecodedText decoded = decode_xml(bytes, source);
    if (iequals(local_name(sniff_xml(decoded.text).root), "html")) {
        ExtractedDocument doc = extract_html(decoded.text, source);
        doc.encoding = std::move(decoded.encoding);
        return doc;
    }

    pugi::xml_document xml;
    // parse_ws_pcdata keeps the white space between inline elements ("<hi>a</hi> <hi>b</hi>").
    const pugi::xml_parse_result parsed =
        xml.load_buffer_inplace(decoded.text.data(), decoded.text.size(),
                                pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
    if (!parsed) {
        throw InputError(source, std::string("not well-formed XML at offset ") +
                                     std::to_string(parsed.offset) + ": " + parsed.description());
    }
    check_depth(xml, source);

    const pugi::xml_node root = xml.document_element();
    const std::string_view root_name = local_name(root.name());
    ExtractedDocument doc;
    doc.format = "xml";
    doc.encoding = std::move(decoded.encoding);

    pugi::xml_node title;
    if (root_name == "TEI" || root_name == "teiCorpus") {
        title = tei_title(root);
    } else if (root_name == "book" || root_name == "article") {
        title = docbook_title(root);
    }
    if (!title) {
        title = generic_title(root);
    }
    // pugixml writes a character reference beyond U+10FFFF ("&#xAAAAAAAA;") as bytes that are
    // not UTF-8 (tests/data/fuzz-regressions/xml/char-ref-beyond-unicode.xml): sanitised.
    doc.title = util::sanitize_utf8(node_text(title));

    pugi::xml_attribute lang = root.attribute("xml:lang");
    if (!lang) {
        lang = root.attribute("lang");
    }
    if (!lang && root_name == "TEI") {
        lang = child(root, "text").attribute("xml:lang");
    }
    doc.language = util::sanitize_utf8(lang.value());

    TextSink sink;
    collect_text(root, sink, true);
    doc.text = util::sanitize_utf8(sink.take());
    if (doc.text.empty()) {
        throw InputError(source, "XML document has no text");
    }
    return doc;
}

}  // namespace kb::ingest
