#include "zip_archive.h"

#include <algorithm>
#include <array>
#include <utility>

#include "kb/util/error.h"

namespace kb::ingest {
namespace {

struct ZipErrorFinisher {
    void operator()(zip_error_t* error) const noexcept { zip_error_fini(error); }
};

struct ZipSourceFreer {
    void operator()(zip_source_t* source) const noexcept { zip_source_free(source); }
};

struct ZipFileCloser {
    void operator()(zip_file_t* file) const noexcept { zip_fclose(file); }
};

}  // namespace

ZipArchive::ZipArchive(std::string_view bytes, std::string source, const ZipLimits& limits)
    : source_(std::move(source)), limits_(limits) {
    zip_error_t error;
    zip_error_init(&error);
    const std::unique_ptr<zip_error_t, ZipErrorFinisher> error_guard(&error);
    std::unique_ptr<zip_source_t, ZipSourceFreer> buffer(
        zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error));
    if (!buffer) {
        throw InputError(source_, std::string("cannot read zip: ") + zip_error_strerror(&error));
    }
    zip_.reset(zip_open_from_source(buffer.get(), ZIP_RDONLY, &error));
    if (!zip_) {
        throw InputError(source_, std::string("not a readable zip archive (") +
                                      zip_error_strerror(&error) + ")");
    }
    buffer.release();  // the archive owns the source now
    const zip_int64_t entries = zip_get_num_entries(zip_.get(), 0);
    if (entries < 0 || static_cast<std::uint64_t>(entries) > limits_.max_entries) {
        throw InputError(source_, "zip archive has " + std::to_string(entries) +
                                      " entries, over the limit of " +
                                      std::to_string(limits_.max_entries));
    }
}

ZipArchive::~ZipArchive() = default;

bool ZipArchive::contains(const std::string& name) const noexcept {
    return zip_name_locate(zip_.get(), name.c_str(), 0) >= 0;
}

void ZipArchive::check_size(const std::string& name,
                            std::uint64_t size,
                            std::uint64_t compressed) const {
    if (size > ZipLimits::kRatioFloor &&
        size / std::max<std::uint64_t>(compressed, 1) > limits_.max_ratio) {
        throw InputError(source_, "zip entry " + name + " has a compression ratio over " +
                                      std::to_string(limits_.max_ratio) + ":1 (zip bomb?)");
    }
    if (size > limits_.max_read_bytes - read_bytes_) {
        throw InputError(source_, "zip entry " + name + " inflates past the limit of " +
                                      std::to_string(limits_.max_read_bytes) +
                                      " bytes (zip bomb?)");
    }
}

std::optional<std::string> ZipArchive::read(const std::string& name) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(zip_.get(), name.c_str(), 0, &stat) != 0) {
        return std::nullopt;
    }
    const std::uint64_t compressed =
        (stat.valid & ZIP_STAT_COMP_SIZE) != 0 ? stat.comp_size : std::uint64_t{0};
    if ((stat.valid & ZIP_STAT_SIZE) != 0) {
        check_size(name, stat.size, compressed);
    }
    const std::unique_ptr<zip_file_t, ZipFileCloser> file(
        zip_fopen_index(zip_.get(), stat.index, 0));
    if (!file) {
        throw InputError(source_,
                         "cannot read zip entry " + name + " (" + zip_strerror(zip_.get()) + ")");
    }
    std::string data;
    if ((stat.valid & ZIP_STAT_SIZE) != 0) {
        data.reserve(static_cast<std::size_t>(stat.size));  // bounded by check_size
    }
    std::array<char, 64 * 1024> chunk;
    for (;;) {
        const zip_int64_t got = zip_fread(file.get(), chunk.data(), chunk.size());
        if (got < 0) {
            throw InputError(
                source_, "corrupt zip entry " + name + " (" + zip_file_strerror(file.get()) + ")");
        }
        if (got == 0) {
            break;
        }
        data.append(chunk.data(), static_cast<std::size_t>(got));
        // The headers may lie about the size: count what really comes out.
        check_size(name, data.size(), compressed);
    }
    read_bytes_ += data.size();
    return data;
}

}  // namespace kb::ingest
