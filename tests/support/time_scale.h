#pragma once

#include <chrono>
#include <cstdlib>

namespace kb::test {

// How much longer than usual the processes under test may take: $KB_TEST_TIME_SCALE (a
// number >= 1), 1 when unset or invalid. tools/sanitize.sh sets it, since the sanitized
// executables run two to three times slower (more on a loaded machine) and exit slower too
// (the leak check). Timeouts that bound a process's work (start, stop, a run to finish) are
// multiplied by it; durations a test sets up on purpose (a request timeout it checks, a
// delay it waits out) are not.
// Thread safety: safe (reads the environment once).
inline double time_scale() {
    static const double scale = [] {
        const char* text = std::getenv("KB_TEST_TIME_SCALE");
        if (text == nullptr) {
            return 1.0;
        }
        char* end = nullptr;
        const double value = std::strtod(text, &end);
        return end != text && *end == '\0' && value >= 1.0 && value <= 100.0 ? value : 1.0;
    }();
    return scale;
}

// `ms` milliseconds times time_scale().
inline int scaled_ms(int ms) {
    return static_cast<int>(ms * time_scale());
}

// `duration` times time_scale().
template <typename Rep, typename Period>
std::chrono::milliseconds scaled(std::chrono::duration<Rep, Period> duration) {
    return std::chrono::milliseconds(scaled_ms(
        static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(duration).count())));
}

}  // namespace kb::test
