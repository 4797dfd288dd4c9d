#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kb::searchd {

// Limits on an HTTP request as it arrives, checked on its bytes before Poco parses them:
// Poco answers a head over its own limits (the same numbers: MessageHeader, HTTPRequest)
// with a bare 400 and no body, and reads it without a deadline; kb-searchd answers 414 or
// 431 with a JSON error instead, and 413 to a body announced over its limit.
struct HeadLimits {
    std::size_t max_target_bytes = 16384;  // the request target (path and query): 414 over it
    std::size_t max_name_bytes = 256;      // a header field's name
    std::size_t max_value_bytes = 8192;    // a header field's value, folded lines included
    std::size_t max_fields = 100;          // header field lines
    std::size_t max_header_bytes = 32768;  // all header field lines together
    // A body of up to this many bytes (by Content-Length, or chunked) is waited for with the
    // head, so that a request reaches a search worker only once it has arrived in full.
    std::size_t max_body_wait_bytes = 65536;
    // A body over this (ServerLimits::max_body_bytes) is refused, 413, before it is read.
    std::size_t max_body_bytes = 65536;
};

// What the bytes received so far hold.
enum class HeadVerdict {
    Incomplete,      // no blank line yet, and no limit exceeded
    Complete,        // the whole head: head_bytes, then body_bytes to wait for
    TargetTooLong,   // 414
    FieldsTooLarge,  // 431: a field, the number of fields or all of them are over a limit
    Malformed,       // 400: a control character in the request line, or no request line
    BodyTooLarge,    // 413: the Content-Length is over HeadLimits::max_body_bytes
};

struct HeadScan {
    HeadVerdict verdict = HeadVerdict::Incomplete;
    std::size_t head_bytes = 0;  // Complete: bytes up to and including the blank line
    // Complete: body bytes to wait for (the Content-Length, when it is at most
    // HeadLimits::max_body_wait_bytes), else 0: a chunked body (see scan_chunked_body), a
    // larger one or none.
    std::size_t body_bytes = 0;
    bool chunked = false;          // Transfer-Encoding: chunked
    bool expect_continue = false;  // Expect: 100-continue (the body comes after an answer)
    std::string problem;           // the errors: what is wrong
};

// Scans the first bytes of a request (`bytes`: all received so far, possibly a partial
// head). Decides as soon as a limit is exceeded, without waiting for the rest, so that a
// client cannot make kb-searchd buffer more than the limits. Leading blank lines are
// skipped as Poco does; anything else malformed (a bad method or version, a line without a
// colon) is left to Poco's parser.
// Thread safety: a pure function.
HeadScan scan_request_head(std::string_view bytes, const HeadLimits& limits);

// What the bytes of a chunked body received so far hold.
struct ChunkedScan {
    enum class State {
        Incomplete,  // no last chunk yet
        Complete,    // the whole body, trailer fields and all: `framed_bytes`
        TooLarge,    // more than the data bytes allowed
        Malformed,   // not chunked framing (a chunk size that is not hexadecimal, ...)
    };
    State state = State::Incomplete;
    std::size_t framed_bytes = 0;  // Complete: the bytes the body takes, framing included
    std::size_t data_bytes = 0;    // the chunks' data seen so far
};

// Scans the start of a chunked body (`bytes`: what follows the head) as Poco's chunked
// stream reads it (sizes in hexadecimal, extensions after ';', CRLF or LF line ends).
// TooLarge as soon as the chunk sizes add up to more than `max_data_bytes`.
// Thread safety: a pure function.
ChunkedScan scan_chunked_body(std::string_view bytes, std::size_t max_data_bytes);

}  // namespace kb::searchd
