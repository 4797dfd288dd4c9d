#include "kb/ingest/pdf_extractor.h"

#include <cctype>
#include <climits>
#include <memory>
#include <mutex>
#include <vector>

#include "kb/ingest/text_extractor.h"
#include "kb/util/error.h"
#include "kb/util/utf8.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

namespace kb::ingest {
namespace {

constexpr std::string_view kPdfMagic = "%PDF-";
constexpr std::size_t kMagicWindow = 1024;

// The library never prints: poppler's warnings about damaged files would go to stderr.
void silence_poppler() {
    static std::once_flag once;
    std::call_once(
        once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

std::string to_utf8(const poppler::ustring& text) {
    const poppler::byte_array bytes = text.to_utf8();
    std::string out(bytes.begin(), bytes.end());
    // poppler's to_utf8 may leave the terminating NUL in the array.
    while (!out.empty() && out.back() == '\0') {
        out.pop_back();
    }
    return util::sanitize_utf8(out);
}

// A page's text: lines without trailing blanks, form feeds dropped, no empty lines at
// either end.
std::string clean_page(std::string_view raw) {
    std::string out;
    std::size_t start = 0;
    while (start <= raw.size()) {
        auto end = raw.find('\n', start);
        if (end == std::string_view::npos) {
            end = raw.size();
        }
        std::string_view line = raw.substr(start, end - start);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t' ||
                                 line.back() == '\f')) {
            line.remove_suffix(1);
        }
        while (!line.empty() && line.front() == '\f') {
            line.remove_prefix(1);
        }
        out.append(line);
        out += '\n';
        start = end + 1;
    }
    const auto first = out.find_first_not_of(" \n");
    if (first == std::string::npos) {
        return {};
    }
    const auto last = out.find_last_not_of(" \n");
    return out.substr(first, last - first + 1);
}

// "D:YYYYMMDDHHmmSSOHH'mm" (PDF 1.7, 7.9.4) to "YYYY-MM-DD"; missing month and day
// default to 01 as the standard says. Empty if the value is not a date.
std::string pdf_date(std::string_view value) {
    if (value.starts_with("D:")) {
        value.remove_prefix(2);
    }
    std::size_t digits = 0;
    while (digits < value.size() && digits < 8 &&
           std::isdigit(static_cast<unsigned char>(value[digits])) != 0) {
        ++digits;
    }
    if (digits < 4) {
        return {};
    }
    const std::string year(value.substr(0, 4));
    const std::string month = digits >= 6 ? std::string(value.substr(4, 2)) : "01";
    const std::string day = digits >= 8 ? std::string(value.substr(6, 2)) : "01";
    if (month < "01" || month > "12" || day < "01" || day > "31") {
        return {};
    }
    return year + "-" + month + "-" + day;
}

// Titles that producers write for every file.
bool is_useless_title(std::string_view title) {
    std::string lower(title);
    for (char& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return lower.empty() || lower == "untitled" || lower == "title" || lower == "document" ||
           lower.starts_with("microsoft word - ") || lower.starts_with("microsoft powerpoint - ");
}

}  // namespace

bool looks_like_pdf(std::string_view head) noexcept {
    return head.substr(0, kMagicWindow).find(kPdfMagic) != std::string_view::npos;
}

ExtractedDocument extract_pdf(std::string_view bytes, const std::string& source) {
    if (!looks_like_pdf(bytes)) {
        std::string start(bytes.substr(0, 16));
        for (char& c : start) {
            if (std::isprint(static_cast<unsigned char>(c)) == 0) {
                c = '.';
            }
        }
        throw InputError(source, "not a PDF (starts with '" + start + "')");
    }
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
        throw InputError(source, "PDF too large for poppler");
    }
    silence_poppler();
    const std::unique_ptr<poppler::document> pdf(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    if (!pdf) {
        throw InputError(source, "not a readable PDF (damaged or truncated)");
    }
    if (pdf->is_locked()) {
        throw InputError(source, "encrypted PDF (a password is needed to read it)");
    }

    ExtractedDocument doc;
    doc.format = "pdf";
    const int pages = pdf->pages();
    for (int i = 0; i < pages; ++i) {
        const std::unique_ptr<poppler::page> page(pdf->create_page(i));
        if (!page) {
            continue;
        }
        const std::string text = clean_page(
            to_utf8(page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout)));
        if (text.empty()) {
            continue;
        }
        if (!doc.text.empty()) {
            doc.text += "\n\n";
        }
        doc.text += text;
    }
    if (doc.text.empty()) {
        if (pages <= 0) {
            throw InputError(source, "not a readable PDF (no pages)");
        }
        throw InputError(source, "no text (scanned PDF?)");
    }

    doc.title = to_utf8(pdf->info_key("Title"));
    if (is_useless_title(doc.title)) {
        doc.title = guess_title(doc.text);
    }
    doc.author = to_utf8(pdf->info_key("Author"));
    doc.description = to_utf8(pdf->info_key("Subject"));
    doc.keywords = to_utf8(pdf->info_key("Keywords"));
    doc.date = pdf_date(to_utf8(pdf->info_key("CreationDate")));
    doc.modified = pdf_date(to_utf8(pdf->info_key("ModDate")));
    return doc;
}

}  // namespace kb::ingest
