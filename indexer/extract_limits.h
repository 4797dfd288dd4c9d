#pragma once

#include <cstddef>

namespace kb::indexer {

// Caps on the extraction of one file in a worker process (isolated_extractor.h): its wall
// time, and the address space of the worker (its code and libraries included, about
// 70 MB).
struct ExtractLimits {
    std::size_t timeout_s = 60;    // --extract-timeout-s
    std::size_t memory_mb = 1024;  // --extract-memory-mb
};

// The ranges kb-indexer accepts for them.
constexpr std::size_t kMinExtractTimeoutS = 1;
constexpr std::size_t kMaxExtractTimeoutS = 86'400;
constexpr std::size_t kMinExtractMemoryMb = 256;
constexpr std::size_t kMaxExtractMemoryMb = 1'048'576;  // 1 TiB

}  // namespace kb::indexer
