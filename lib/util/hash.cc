#include "kb/util/hash.h"

namespace kb::util {

std::string hex16(std::uint64_t value) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, value >>= 4) {
        out[static_cast<std::size_t>(i)] = kDigits[value & 0xf];
    }
    return out;
}

}  // namespace kb::util
