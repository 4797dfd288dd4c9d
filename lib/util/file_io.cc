#include "kb/util/file_io.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include "kb/util/error.h"

namespace kb::util {

std::string read_file(const std::filesystem::path& path, std::size_t max_bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError(path.string(), std::string("cannot open: ") + std::strerror(errno));
    }
    std::string data;
    char buffer[1 << 16];
    while (in) {
        in.read(buffer, sizeof buffer);
        const auto got = static_cast<std::size_t>(in.gcount());
        if (data.size() + got > max_bytes) {
            throw InputError(path.string(), "file larger than the limit of " +
                                                std::to_string(max_bytes) + " bytes");
        }
        data.append(buffer, got);
    }
    if (in.bad()) {
        throw InputError(path.string(), "read error");
    }
    return data;
}

void write_file_atomically(const std::filesystem::path& path, const std::string& data) {
    std::filesystem::path tmp = path;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) {
            throw Error(tmp.string() + ": cannot create: " + std::strerror(errno));
        }
        out.write(data.data(), static_cast<std::streamsize>(data.size()));
        out.flush();
        if (!out) {
            throw Error(tmp.string() + ": write failed");
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        throw Error(path.string() + ": cannot rename into place: " + ec.message());
    }
}

}  // namespace kb::util
