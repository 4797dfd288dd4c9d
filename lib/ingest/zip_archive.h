#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <zip.h>

namespace kb::ingest {

// Caps on what a zip archive may make us do, against zip bombs and crafted archives.
struct ZipLimits {
    std::size_t max_entries = 10'000;
    // Total uncompressed bytes of all entries read through one ZipArchive.
    std::uint64_t max_read_bytes = std::uint64_t{64} << 20;
    // Largest uncompressed/compressed ratio of an entry larger than kRatioFloor bytes.
    // Deflate reaches about 1032:1 on repeated bytes; real XML stays far below 100:1.
    std::uint64_t max_ratio = 200;
    static constexpr std::uint64_t kRatioFloor = std::uint64_t{1} << 20;
};

// A zip archive read from memory with libzip (ZIP_RDONLY). Entry sizes in the headers
// are only trusted to refuse early: read() counts the bytes it really inflates.
// `bytes` is not copied and must outlive the archive.
// Thread safety: an instance is used by one thread.
class ZipArchive {
public:
    // Throws: InputError naming `source` if the bytes are not a readable zip archive or
    // have more than limits.max_entries entries.
    ZipArchive(std::string_view bytes, std::string source, const ZipLimits& limits);
    ~ZipArchive();
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    // True if the archive has an entry with exactly this name.
    bool contains(const std::string& name) const noexcept;

    // The uncompressed content of entry `name`, or nullopt if there is none.
    // Throws: InputError naming the source and the entry if it is encrypted or corrupt,
    // would take the total read past limits.max_read_bytes, or inflates at a ratio above
    // limits.max_ratio (both checked from the headers and again while inflating).
    std::optional<std::string> read(const std::string& name);

private:
    struct ZipCloser {
        void operator()(zip_t* zip) const noexcept { zip_discard(zip); }
    };
    void check_size(const std::string& name, std::uint64_t size, std::uint64_t compressed) const;

    std::unique_ptr<zip_t, ZipCloser> zip_;
    std::string source_;
    ZipLimits limits_;
    std::uint64_t read_bytes_ = 0;
};

}  // namespace kb::ingest
