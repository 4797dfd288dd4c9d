#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace kb::util {

// Reads a whole file into memory.
// Throws: InputError naming the path if it cannot be opened or read, or if it is larger
// than `max_bytes`.
std::string read_file(const std::filesystem::path& path,
                      std::size_t max_bytes = std::size_t{256} << 20);

// Writes `data` to `path` through a temporary file in the same directory and a rename,
// so that readers see either the old or the new content, never a part.
// Throws: Error naming the path on failure.
void write_file_atomically(const std::filesystem::path& path, const std::string& data);

}  // namespace kb::util
