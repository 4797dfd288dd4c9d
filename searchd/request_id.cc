#include "request_id.h"

#include <atomic>
#include <chrono>

namespace kb::searchd {

std::string next_request_id() {
    static const long long started = std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count();
    static std::atomic<unsigned long long> sequence{0};
    return std::to_string(started) + "-" + std::to_string(++sequence);
}

}  // namespace kb::searchd
