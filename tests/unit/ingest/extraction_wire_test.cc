#include "kb/ingest/extraction_wire.h"

#include <gtest/gtest.h>

#include "kb/util/error.h"

namespace kb::ingest {
namespace {

using namespace std::string_literals;
using Status = ExtractionResponse::Status;

// A document with every field set, each to a value of its own.
ExtractedDocument full_document() {
    ExtractedDocument doc;
    doc.format = "pdf";
    doc.title = "Sprawozdanie roczne 2023";
    doc.text = "Akapit pierwszy.\n\nBeograd Бе\0 nul"s;
    doc.language = "pl";
    doc.description = "opis";
    doc.keywords = "fundusze, regiony";
    doc.encoding = "windows-1250";
    doc.date = "2024-03-15";
    doc.url = "https://example.org/r";
    doc.type = "report";
    doc.topics = {"fundusze UE", "", "transport"};
    doc.regions = {"Małopolska"};
    doc.author = "Urząd";
    doc.modified = "2024-04";
    return doc;
}

void expect_same(const ExtractedDocument& a, const ExtractedDocument& b) {
    EXPECT_EQ(a.format, b.format);
    EXPECT_EQ(a.title, b.title);
    EXPECT_EQ(a.text, b.text);
    EXPECT_EQ(a.language, b.language);
    EXPECT_EQ(a.description, b.description);
    EXPECT_EQ(a.keywords, b.keywords);
    EXPECT_EQ(a.encoding, b.encoding);
    EXPECT_EQ(a.date, b.date);
    EXPECT_EQ(a.url, b.url);
    EXPECT_EQ(a.type, b.type);
    EXPECT_EQ(a.topics, b.topics);
    EXPECT_EQ(a.regions, b.regions);
    EXPECT_EQ(a.author, b.author);
    EXPECT_EQ(a.modified, b.modified);
}

// The payload of a whole frame, after checking that its header announces its length.
std::string_view payload_of(std::string_view frame) {
    EXPECT_GE(frame.size(), kFrameHeaderBytes);
    EXPECT_EQ(frame_length(frame.substr(0, kFrameHeaderBytes)), frame.size() - kFrameHeaderBytes);
    return frame.substr(kFrameHeaderBytes);
}

TEST(ExtractionWire, FrameLengthIsEightBytesLittleEndian) {
    EXPECT_EQ(frame_length(std::string(8, '\0')), 0u);
    EXPECT_EQ(frame_length("\x01\x02\0\0\0\0\0\0"s), 0x0201u);
    EXPECT_EQ(frame_length("\0\0\0\0\0\0\0\x80"s), 0x8000000000000000u);
    EXPECT_EQ(frame_length(std::string(8, '\xFF')), 0xFFFFFFFFFFFFFFFFu);
}

TEST(ExtractionWire, RequestsOfEveryFormatRoundTrip) {
    const std::string bytes = "%PDF-1.4\0\xFF\0"s + "binary";
    for (const Format format :
         {Format::Text, Format::Html, Format::Xml, Format::Pdf, Format::Docx, Format::Odt}) {
        const ExtractionRequest request{format, "/data/źródła/raport 1.pdf", bytes};
        const std::string frame = encode_request_head(request) + bytes;
        const ExtractionRequest back = decode_request(payload_of(frame));
        EXPECT_EQ(back.format, format);
        EXPECT_EQ(back.source, request.source);
        EXPECT_EQ(back.bytes, bytes);
    }
    // Empty source and file.
    const std::string frame = encode_request_head({Format::Text, "", ""});
    const ExtractionRequest back = decode_request(payload_of(frame));
    EXPECT_TRUE(back.source.empty());
    EXPECT_TRUE(back.bytes.empty());
}

TEST(ExtractionWire, TheBytesOfADecodedRequestViewThePayload) {
    const std::string frame = encode_request_head({Format::Pdf, "a.pdf", "%PDF-1.7"}) + "%PDF-1.7";
    const std::string_view payload = payload_of(frame);
    const ExtractionRequest back = decode_request(payload);
    EXPECT_EQ(back.bytes.data(), payload.data() + payload.size() - 8);  // no copy of a file
}

TEST(ExtractionWire, ResponsesRoundTrip) {
    ExtractionResponse ok;
    ok.document = full_document();
    ExtractionResponse back = decode_response(payload_of(encode_response(ok)));
    EXPECT_EQ(back.status, Status::Ok);
    expect_same(back.document, ok.document);

    const ExtractionResponse empty;  // every field empty
    back = decode_response(payload_of(encode_response(empty)));
    EXPECT_EQ(back.status, Status::Ok);
    expect_same(back.document, ExtractedDocument{});

    for (const Status status : {Status::InputError, Status::OutOfMemory, Status::Failed}) {
        ExtractionResponse failed;
        failed.status = status;
        failed.message = "encrypted PDF (a password is needed to read it)";
        failed.document.text = "not sent";
        back = decode_response(payload_of(encode_response(failed)));
        EXPECT_EQ(back.status, status);
        EXPECT_EQ(back.message, failed.message);
        EXPECT_TRUE(back.document.text.empty());
    }
}

TEST(ExtractionWire, EveryTruncatedPayloadIsRejected) {
    ExtractionResponse ok;
    ok.document = full_document();
    const std::string response(payload_of(encode_response(ok)));
    const std::string request(
        payload_of(encode_request_head({Format::Docx, "r.docx", "PK\x03\x04"}) + "PK\x03\x04"));
    for (std::size_t size = 0; size < response.size(); ++size) {
        EXPECT_THROW(decode_response(std::string_view(response).substr(0, size)), InternalError)
            << size;
    }
    for (std::size_t size = 0; size < request.size(); ++size) {
        EXPECT_THROW(decode_request(std::string_view(request).substr(0, size)), InternalError)
            << size;
    }
}

TEST(ExtractionWire, MalformedPayloadsAreRejected) {
    ExtractionResponse failed;
    failed.status = Status::Failed;
    failed.message = "x";
    const std::string response(payload_of(encode_response(failed)));
    const std::string request(payload_of(encode_request_head({Format::Text, "a.txt", ""})));
    static const struct {
        std::string payload;
        bool is_request;
        const char* why;
    } cases[] = {
        {response + "!", false, "bytes after the end"},
        {request + "!", true, "bytes after the end"},
        {std::string(1, '\x04') + response.substr(1), false, "unknown status"},
        {std::string(1, '\x06') + request.substr(1), true, "unknown format"},
        // A string announced far longer than the payload: refused before any allocation.
        {"\x03\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F"s, false, "truncated"},
        // A list of 2^60 topics in a few bytes.
        {std::string(1 + 12 * 8, '\0') + "\0\0\0\0\0\0\0\x10"s, false, "truncated"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.why);
        try {
            if (c.is_request) {
                decode_request(c.payload);
            } else {
                decode_response(c.payload);
            }
            ADD_FAILURE() << "accepted";
        } catch (const InternalError& e) {
            EXPECT_NE(std::string(e.what()).find(c.why), std::string::npos) << e.what();
        }
    }
}

}  // namespace
}  // namespace kb::ingest
