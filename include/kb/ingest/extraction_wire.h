#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kb/ingest/extracted_document.h"
#include "kb/ingest/extractor.h"

namespace kb::ingest {

// The messages between kb-indexer and its extraction worker processes: a request to
// extract one file, and the answer. Each message is a frame: the length of its payload as
// 8 bytes little-endian, then the payload. In a payload, a string is its length (8 bytes
// little-endian) and its bytes; a list of strings is their number (8 bytes) and the
// strings. Both ends are the same executable, so the format has no version.

// Bytes of a frame's header.
constexpr std::size_t kFrameHeaderBytes = 8;

// The payload length a frame header announces (`header`: kFrameHeaderBytes bytes).
std::uint64_t frame_length(std::string_view header) noexcept;

// A file to extract: payload = format (1 byte, Format's value), source, bytes.
struct ExtractionRequest {
    Format format = Format::Text;
    std::string source;      // the file's path, for messages
    std::string_view bytes;  // its content
};

// The answer: payload = status (1 byte), then for Ok the document's fields in
// declaration order, otherwise the message.
struct ExtractionResponse {
    enum class Status : std::uint8_t {
        Ok = 0,           // `document` holds the extraction
        InputError = 1,   // the file cannot be used: `message` is the InputError's reason
        OutOfMemory = 2,  // an allocation failed (the worker's memory limit)
        Failed = 3,       // another error: `message` says what
    };
    Status status = Status::Ok;
    ExtractedDocument document;
    std::string message;
};

// The frame of `request` up to its bytes, which follow it on the wire: a large file is
// sent as it is, without a copy. The whole frame is encode_request_head(r) + r.bytes.
std::string encode_request_head(const ExtractionRequest& request);

// The whole frame of `response`.
std::string encode_response(const ExtractionResponse& response);

// Parses the payload of a request frame (without its header); `bytes` views `payload`.
// Throws: InternalError("malformed extraction request: ...") if it is not one.
ExtractionRequest decode_request(std::string_view payload);

// Parses the payload of a response frame (without its header).
// Throws: InternalError("malformed extraction response: ...") if it is not one.
ExtractionResponse decode_response(std::string_view payload);

}  // namespace kb::ingest
