#include "kb/ingest/extraction_wire.h"

#include <array>
#include <vector>

#include "kb/util/error.h"

namespace kb::ingest {
namespace {

// The string fields of ExtractedDocument in declaration order, then its lists.
using StringField = std::string ExtractedDocument::*;
using ListField = std::vector<std::string> ExtractedDocument::*;
constexpr std::array<StringField, 12> kStringFields = {
    &ExtractedDocument::format,   &ExtractedDocument::title,       &ExtractedDocument::text,
    &ExtractedDocument::language, &ExtractedDocument::description, &ExtractedDocument::keywords,
    &ExtractedDocument::encoding, &ExtractedDocument::date,        &ExtractedDocument::url,
    &ExtractedDocument::type,     &ExtractedDocument::author,      &ExtractedDocument::modified};
constexpr std::array<ListField, 2> kListFields = {&ExtractedDocument::topics,
                                                  &ExtractedDocument::regions};
// A field added to ExtractedDocument must be added above, or workers would lose it.
static_assert(sizeof(ExtractedDocument) ==
                  kStringFields.size() * sizeof(std::string) +
                      kListFields.size() * sizeof(std::vector<std::string>),
              "ExtractedDocument changed: update kStringFields / kListFields");

constexpr std::uint8_t kLastFormat = static_cast<std::uint8_t>(Format::Odt);
constexpr std::uint8_t kLastStatus = static_cast<std::uint8_t>(ExtractionResponse::Status::Failed);

void put_u64(std::string& out, std::uint64_t value) {
    for (int i = 0; i < 8; ++i) {
        out += static_cast<char>((value >> (8 * i)) & 0xFF);
    }
}

void put_string(std::string& out, std::string_view value) {
    put_u64(out, value.size());
    out.append(value);
}

// Frames `payload`: its header is written over the first kFrameHeaderBytes of `out`,
// which were reserved for it.
std::string finish_frame(std::string out, std::uint64_t extra_bytes = 0) {
    std::string header;
    put_u64(header, out.size() - kFrameHeaderBytes + extra_bytes);
    out.replace(0, kFrameHeaderBytes, header);
    return out;
}

// Reads a payload front to back; every length is checked against what is left.
class Reader {
public:
    Reader(std::string_view payload, const char* what) : rest_(payload), what_(what) {}

    std::uint8_t byte() {
        need(1);
        const auto value = static_cast<std::uint8_t>(rest_.front());
        rest_.remove_prefix(1);
        return value;
    }
    std::uint64_t u64() {
        need(8);
        const std::uint64_t value = frame_length(rest_.substr(0, 8));
        rest_.remove_prefix(8);
        return value;
    }
    std::string_view string() {
        const std::uint64_t size = u64();
        need(size);
        const std::string_view value = rest_.substr(0, size);
        rest_.remove_prefix(size);
        return value;
    }
    std::vector<std::string> list() {
        const std::uint64_t count = u64();
        need(count, 8);  // each string takes at least its length
        std::vector<std::string> values;
        values.reserve(count);
        for (std::uint64_t i = 0; i < count; ++i) {
            values.emplace_back(string());
        }
        return values;
    }
    void end() const {
        if (!rest_.empty()) {
            fail(std::to_string(rest_.size()) + " bytes after the end");
        }
    }
    [[noreturn]] void fail(const std::string& why) const {
        throw InternalError(std::string("malformed extraction ") + what_ + ": " + why);
    }

private:
    void need(std::uint64_t count, std::uint64_t each = 1) const {
        if (count > rest_.size() / each) {
            fail("truncated");
        }
    }

    std::string_view rest_;
    const char* what_;
};

}  // namespace

std::uint64_t frame_length(std::string_view header) noexcept {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < kFrameHeaderBytes && i < header.size(); ++i) {
        value |= std::uint64_t{static_cast<unsigned char>(header[i])} << (8 * i);
    }
    return value;
}

std::string encode_request_head(const ExtractionRequest& request) {
    std::string out(kFrameHeaderBytes, '\0');
    out += static_cast<char>(request.format);
    put_string(out, request.source);
    put_u64(out, request.bytes.size());
    return finish_frame(std::move(out), request.bytes.size());
}

std::string encode_response(const ExtractionResponse& response) {
    std::string out(kFrameHeaderBytes, '\0');
    out += static_cast<char>(response.status);
    if (response.status != ExtractionResponse::Status::Ok) {
        put_string(out, response.message);
        return finish_frame(std::move(out));
    }
    const ExtractedDocument& doc = response.document;
    std::size_t size = out.size();
    for (const StringField field : kStringFields) {
        size += 8 + (doc.*field).size();
    }
    out.reserve(size);
    for (const StringField field : kStringFields) {
        put_string(out, doc.*field);
    }
    for (const ListField field : kListFields) {
        put_u64(out, (doc.*field).size());
        for (const std::string& value : doc.*field) {
            put_string(out, value);
        }
    }
    return finish_frame(std::move(out));
}

ExtractionRequest decode_request(std::string_view payload) {
    Reader in(payload, "request");
    ExtractionRequest request;
    const std::uint8_t format = in.byte();
    if (format > kLastFormat) {
        in.fail(std::string("unknown format ") + std::to_string(format));
    }
    request.format = static_cast<Format>(format);
    request.source = std::string(in.string());
    request.bytes = in.string();
    in.end();
    return request;
}

ExtractionResponse decode_response(std::string_view payload) {
    Reader in(payload, "response");
    ExtractionResponse response;
    const std::uint8_t status = in.byte();
    if (status > kLastStatus) {
        in.fail(std::string("unknown status ") + std::to_string(status));
    }
    response.status = static_cast<ExtractionResponse::Status>(status);
    if (response.status != ExtractionResponse::Status::Ok) {
        response.message = std::string(in.string());
        in.end();
        return response;
    }
    ExtractedDocument& doc = response.document;
    for (const StringField field : kStringFields) {
        doc.*field = std::string(in.string());
    }
    for (const ListField field : kListFields) {
        doc.*field = in.list();
    }
    in.end();
    return response;
}

}  // namespace kb::ingest
