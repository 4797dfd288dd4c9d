#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "extract_limits.h"

namespace kb::indexer {

// kb-indexer started as an extraction worker (isolated_extractor.h starts them): the first
// argument is this flag, which kb-indexer's usage does not list.
constexpr std::string_view kExtractWorkerFlag = "--extract-worker";

// The command line of a worker of this process: /proc/self/exe (the executable this
// process runs, even if a newer one was installed over it meanwhile),
// kExtractWorkerFlag, the limits and this process's pid.
std::vector<std::string> extract_worker_command(const ExtractLimits& limits);

// The worker, in the child process (argv as extract_worker_command made it; standard input
// and output are the socket to the parent, see util::ChildProcess). It dies with its
// parent (PR_SET_PDEATHSIG), leaves no core dump, limits its address space to
// limits.memory_mb (RLIMIT_AS) and the CPU time of each file to limits.timeout_s plus a
// margin (RLIMIT_CPU, a backstop: the parent enforces the wall time). Then it answers
// requests (extraction_wire.h) one at a time with ingest::extract until the parent closes
// the socket. After an allocation failure it answers OutOfMemory and exits: its state is
// not trusted any more.
// Returns the exit code: 0 when the parent closed the socket or after OutOfMemory, 64 for a
// bad command line, 70 if the socket failed or a request was malformed.
int run_extract_worker(int argc, char** argv) noexcept;

}  // namespace kb::indexer
