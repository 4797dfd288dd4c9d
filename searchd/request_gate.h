#pragma once

#include <chrono>
#include <string>

#include <Poco/Net/StreamSocket.h>

#include "request_head.h"

namespace kb::searchd {

// How waiting for a request ended.
enum class GateOutcome {
    Ready,           // the head (and a body of at most HeadLimits::max_body_wait_bytes) is here
    Closed,          // the client closed the connection, or it broke, before a whole request
    TimedOut,        // the deadline passed first: 408
    TargetTooLong,   // 414
    FieldsTooLarge,  // 431
    Malformed,       // 400
    BodyTooLarge,    // 413: announced by Content-Length, or chunks adding up, over the limit
};

struct GateResult {
    GateOutcome outcome = GateOutcome::Closed;
    bool head_received = false;  // TimedOut: the head had arrived, the body had not
    bool continue_sent = false;  // "100 Continue" was sent (the client expected it)
    std::string problem;         // TargetTooLong, FieldsTooLarge, Malformed: what is wrong
};

// Waits until `socket` holds a whole request head and its body (by Content-Length or
// chunked, of at most limits.max_body_wait_bytes; "100 Continue" is sent first to a client
// that expects it), at most until `deadline`, without reading anything: the bytes are peeked
// (MSG_PEEK) and left for Poco's parser. So a client that sends its request a byte at a time
// (slowloris) or not at all is cut off at the deadline, whereas Poco's own timeout applies
// to each read and so never cuts it off; and a head over `limits`, or a body over
// limits.max_body_bytes, is refused as soon as it is seen, before Poco reads it. (A body
// between max_body_wait_bytes and max_body_bytes, possible only when the latter is raised,
// is left to the handler, which reads it with Poco's timeout on each read.)
// Between peeks, the socket's SO_RCVLOWAT is set one byte above what has arrived, so that
// poll() wakes only when more has come; it is 1 again when this returns.
// Thread safety: one thread per socket.
GateResult wait_for_request(Poco::Net::StreamSocket& socket,
                            std::chrono::steady_clock::time_point deadline,
                            const HeadLimits& limits);

}  // namespace kb::searchd
