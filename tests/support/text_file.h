#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace kb::test {

// A whole file's bytes; "" if it cannot be read.
inline std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Writes `text` to `path`, replacing it.
inline void write_text(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

// Concatenation without `"literal" + std::string`, which trips a false -Wrestrict in GCC 12.
template <typename... Parts>
std::string cat(const Parts&... parts) {
    std::string out;
    (out.append(parts), ...);
    return out;
}

}  // namespace kb::test
