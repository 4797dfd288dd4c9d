#include "kb/ingest/html_extractor.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <gumbo.h>

#include "kb/ingest/boilerplate.h"
#include "kb/ingest/date_finder.h"
#include "kb/ingest/source_url.h"
#include "kb/util/error.h"
#include "kb/util/utf8.h"

#include "text_sink_internal.h"

namespace kb::ingest {
namespace {

constexpr std::size_t kMaxHtmlNesting = 2000;

struct GumboDeleter {
    void operator()(GumboOutput* output) const noexcept {
        gumbo_destroy_output(&kGumboDefaultOptions, output);
    }
};

bool is_skipped(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_SCRIPT:
        case GUMBO_TAG_STYLE:
        case GUMBO_TAG_NOSCRIPT:
        case GUMBO_TAG_TEMPLATE:
        case GUMBO_TAG_NAV:
        case GUMBO_TAG_HEADER:
        case GUMBO_TAG_FOOTER:
        case GUMBO_TAG_ASIDE:
        case GUMBO_TAG_FORM:
        case GUMBO_TAG_SVG:
        case GUMBO_TAG_IFRAME:
        case GUMBO_TAG_BUTTON:
        case GUMBO_TAG_SELECT:
        case GUMBO_TAG_HEAD:
            return true;
        default:
            return false;
    }
}

bool is_block(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_P:
        case GUMBO_TAG_DIV:
        case GUMBO_TAG_H1:
        case GUMBO_TAG_H2:
        case GUMBO_TAG_H3:
        case GUMBO_TAG_H4:
        case GUMBO_TAG_H5:
        case GUMBO_TAG_H6:
        case GUMBO_TAG_LI:
        case GUMBO_TAG_UL:
        case GUMBO_TAG_OL:
        case GUMBO_TAG_TABLE:
        case GUMBO_TAG_TR:
        case GUMBO_TAG_SECTION:
        case GUMBO_TAG_ARTICLE:
        case GUMBO_TAG_MAIN:
        case GUMBO_TAG_BR:
        case GUMBO_TAG_BLOCKQUOTE:
        case GUMBO_TAG_PRE:
        case GUMBO_TAG_DD:
        case GUMBO_TAG_DT:
        case GUMBO_TAG_DL:
        case GUMBO_TAG_FIGURE:
        case GUMBO_TAG_FIGCAPTION:
        case GUMBO_TAG_ADDRESS:
        case GUMBO_TAG_HR:
        case GUMBO_TAG_BODY:
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TH:
        case GUMBO_TAG_CAPTION:
            return true;
        default:
            return false;
    }
}

const char* attribute(const GumboElement& element, const char* name) {
    const GumboAttribute* a = gumbo_get_attribute(&element.attributes, name);
    return a != nullptr ? a->value : nullptr;
}

bool is_hidden(const GumboElement& element) {
    if (attribute(element, "hidden") != nullptr) {
        return true;
    }
    const char* aria = attribute(element, "aria-hidden");
    if (aria != nullptr && std::strcmp(aria, "true") == 0) {
        return true;
    }
    const char* role = attribute(element, "role");
    return role != nullptr &&
           (std::strcmp(role, "navigation") == 0 || std::strcmp(role, "banner") == 0 ||
            std::strcmp(role, "contentinfo") == 0);
}

std::string node_text(const GumboNode* root) {
    TextSink sink;
    std::vector<const GumboNode*> stack{root};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
            node->type == GUMBO_NODE_WHITESPACE) {
            sink.text(node->v.text.text);
        } else if (node->type == GUMBO_NODE_ELEMENT) {
            sink.boundary();
            const auto& children = node->v.element.children;
            for (unsigned i = children.length; i-- > 0;) {
                stack.push_back(static_cast<const GumboNode*>(children.data[i]));
            }
        }
    }
    return sink.take();
}

// Gumbo builds and frees its tree recursively, so absurd nesting would overflow the stack
// (and its tree construction turns quadratic long before). Estimate the depth from the tags
// first; void elements and self-closing tags do not nest.
std::size_t estimated_nesting(std::string_view html) {
    static constexpr std::string_view kVoid[] = {
        "area", "base", "br",     "col",   "embed", "hr", "img", "input",
        "link", "meta", "source", "track", "wbr",   "p",  "li",  "option"};
    std::size_t depth = 0;
    std::size_t max_depth = 0;
    std::size_t i = 0;
    while ((i = html.find('<', i)) != std::string_view::npos) {
        if (html.substr(i, 4) == "<!--") {
            const std::size_t close = html.find("-->", i + 4);
            i = close == std::string_view::npos ? html.size() : close + 3;
            continue;
        }
        const std::size_t close = html.find('>', i);
        if (close == std::string_view::npos) {
            break;
        }
        const std::string_view tag = html.substr(i + 1, close - i - 1);
        i = close + 1;
        if (tag.empty() || tag.front() == '!' || tag.front() == '?') {
            continue;
        }
        if (tag.front() == '/') {
            depth = depth > 0 ? depth - 1 : 0;
            continue;
        }
        if (!std::isalpha(static_cast<unsigned char>(tag.front())) || tag.back() == '/') {
            continue;
        }
        std::size_t n = 0;
        while (n < tag.size() && std::isalnum(static_cast<unsigned char>(tag[n]))) {
            ++n;
        }
        std::string name(tag.substr(0, n));
        for (char& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        if (std::find(std::begin(kVoid), std::end(kVoid), name) == std::end(kVoid)) {
            max_depth = std::max(max_depth, ++depth);
        }
    }
    return max_depth;
}

// Meta elements that declare the publication date, best first.
constexpr std::string_view kDateMetas[] = {"article:published_time",
                                           "datepublished",
                                           "dcterms.date",
                                           "dcterms.issued",
                                           "dc.date.issued",
                                           "dc.date",
                                           "citation_publication_date",
                                           "date",
                                           "pubdate",
                                           "publishdate",
                                           "og:published_time"};

// Declared metadata from <head>: the best date meta seen so far, canonical and og:url.
struct HeadMetadata {
    std::size_t date_rank = std::size(kDateMetas);
    std::string date;
    std::string canonical;
    std::string og_url;
};

bool is_absolute_url(std::string_view url) {
    return url.starts_with("http://") || url.starts_with("https://");
}

std::string trimmed(const char* value) {
    std::string_view v(value);
    const auto b = v.find_first_not_of(" \t\r\n");
    const auto e = v.find_last_not_of(" \t\r\n");
    return b == std::string_view::npos ? std::string() : std::string(v.substr(b, e - b + 1));
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

// <meta name|property|itemprop=... content=...>: date and og:url.
void read_meta(const GumboElement& element, HeadMetadata& head) {
    const char* content = attribute(element, "content");
    if (content == nullptr) {
        return;
    }
    for (const char* key : {"property", "name", "itemprop"}) {
        const char* value = attribute(element, key);
        if (value == nullptr) {
            continue;
        }
        const std::string name = lower_ascii(value);
        if (name == "og:url" && head.og_url.empty() && is_absolute_url(trimmed(content))) {
            head.og_url = trimmed(content);
        }
        const auto* rank = std::find(std::begin(kDateMetas), std::end(kDateMetas), name);
        const auto r = static_cast<std::size_t>(rank - std::begin(kDateMetas));
        if (r < head.date_rank) {
            std::string date = find_publication_date(content);
            if (!date.empty()) {
                head.date = std::move(date);
                head.date_rank = r;
            }
        }
    }
}

// <link rel="canonical" href="https://...">.
void read_link(const GumboElement& element, HeadMetadata& head) {
    const char* rel = attribute(element, "rel");
    const char* href = attribute(element, "href");
    if (rel == nullptr || href == nullptr || !head.canonical.empty()) {
        return;
    }
    const std::string rels = " " + lower_ascii(rel) + " ";
    if (rels.find(" canonical ") != std::string::npos && is_absolute_url(trimmed(href))) {
        head.canonical = trimmed(href);
    }
}

}  // namespace

ExtractedDocument extract_html(std::string_view bytes, const std::string& source) {
    if (bytes.starts_with("\xEF\xBB\xBF")) {
        bytes.remove_prefix(3);
    }
    const std::string html = util::sanitize_utf8(bytes);
    if (estimated_nesting(html) > kMaxHtmlNesting) {
        throw InputError(
            source, "HTML nested deeper than " + std::to_string(kMaxHtmlNesting) + " elements");
    }
    std::unique_ptr<GumboOutput, GumboDeleter> output(
        gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()));
    if (!output) {
        throw InputError(source, "HTML parser failed");
    }
    ExtractedDocument doc;
    doc.format = "html";
    std::string first_h1;
    HeadMetadata head;

    if (output->root->type == GUMBO_NODE_ELEMENT) {
        if (const char* lang = attribute(output->root->v.element, "lang")) {
            doc.language = lang;
        }
    }

    // Iterative depth-first walk: (node, entering?) so that block ends can be marked.
    TextSink sink;
    struct Step {
        const GumboNode* node;
        bool enter;
    };
    std::vector<Step> stack{{output->root, true}};
    while (!stack.empty()) {
        const Step step = stack.back();
        stack.pop_back();
        const GumboNode* node = step.node;
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
            node->type == GUMBO_NODE_WHITESPACE) {
            sink.text(node->v.text.text);
            continue;
        }
        if (node->type != GUMBO_NODE_ELEMENT) {
            continue;
        }
        const GumboElement& element = node->v.element;
        if (!step.enter) {
            if (is_block(element.tag)) {
                sink.block();
            }
            continue;
        }
        switch (element.tag) {
            case GUMBO_TAG_TITLE:
                if (doc.title.empty()) {
                    doc.title = node_text(node);
                }
                continue;
            case GUMBO_TAG_META: {
                const char* name = attribute(element, "name");
                const char* content = attribute(element, "content");
                if (name != nullptr && content != nullptr) {
                    if (strcasecmp(name, "description") == 0) {
                        doc.description = content;
                    } else if (strcasecmp(name, "keywords") == 0) {
                        doc.keywords = content;
                    }
                }
                read_meta(element, head);
                continue;
            }
            case GUMBO_TAG_LINK:
                read_link(element, head);
                continue;
            case GUMBO_TAG_H1:
                if (first_h1.empty()) {
                    first_h1 = node_text(node);
                }
                break;
            default:
                break;
        }
        // <head> is skipped for text, but its title and meta were wanted: walk it for those.
        if (element.tag == GUMBO_TAG_HEAD) {
            for (unsigned i = element.children.length; i-- > 0;) {
                const auto* child = static_cast<const GumboNode*>(element.children.data[i]);
                if (child->type == GUMBO_NODE_ELEMENT && (child->v.element.tag == GUMBO_TAG_TITLE ||
                                                          child->v.element.tag == GUMBO_TAG_META ||
                                                          child->v.element.tag == GUMBO_TAG_LINK)) {
                    stack.push_back({child, true});
                }
            }
            continue;
        }
        if (is_skipped(element.tag) || is_hidden(element)) {
            continue;
        }
        if (is_block(element.tag)) {
            sink.block();
        }
        stack.push_back({node, false});
        for (unsigned i = element.children.length; i-- > 0;) {
            stack.push_back({static_cast<const GumboNode*>(element.children.data[i]), true});
        }
    }
    // gumbo 0.10 writes a numeric character reference that overflows an int ("&#xAAAAAAAA")
    // as a stray byte (tests/data/fuzz-regressions/html/char-ref-overflow.html): its strings
    // are sanitised again.
    doc.text = util::sanitize_utf8(sink.take());
    for (std::string* field : {&doc.title, &doc.language, &doc.description, &doc.keywords,
                               &first_h1, &head.canonical, &head.og_url}) {
        *field = util::sanitize_utf8(*field);
    }
    // A page of nothing but boilerplate keeps it: better indexed than rejected.
    if (std::string filtered = remove_boilerplate_lines(doc.text); !filtered.empty()) {
        doc.text = std::move(filtered);
    }
    auto trim_inplace = [](std::string& s) {
        const auto b = s.find_first_not_of(" \n");
        const auto e = s.find_last_not_of(" \n");
        s = (b == std::string::npos) ? std::string() : s.substr(b, e - b + 1);
    };
    trim_inplace(doc.title);
    trim_inplace(first_h1);
    if (doc.title.empty()) {
        doc.title = first_h1;
    }
    if (doc.text.empty()) {
        throw InputError(source, "HTML page has no text");
    }
    doc.date = !head.date.empty() ? head.date : find_publication_date(doc.text, doc.language);
    doc.url = !head.canonical.empty() ? head.canonical
              : !head.og_url.empty()  ? head.og_url
                                      : find_source_url(doc.text);
    return doc;
}

}  // namespace kb::ingest
