#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "kb/ingest/extracted_document.h"
#include "kb/ingest/extractor.h"
#include "kb/util/error.h"

#include "extract_limits.h"

namespace kb::util {
class ChildProcess;
}

namespace kb::indexer {

// An extraction that a limit or a crash of its worker stopped ("extraction took longer
// than 60 s (--extract-timeout-s)"). Not an InputError: it may come from the machine (a
// loaded one, a poppler that is fixed later), so the pipeline does not remember the file as
// failed and tries it again on the next run.
class ExtractionError : public Error {
public:
    using Error::Error;
};

// Files from this size are extracted in a worker whatever their format: parsing takes
// time and memory in proportion (gumbo: about 13 times an HTML file's size).
constexpr std::size_t kWorkerFromBytes = std::size_t{4} << 20;

// True if a file of `format` and `size` bytes is extracted in a worker process: PDF, DOCX
// and ODT always (poppler, libzip and XML inside zips: parsers of binary formats in
// third-party code, which can loop, allocate or crash on a crafted file), text, HTML and
// XML from kWorkerFromBytes (our own code, fuzzed, with depth caps, linear in the size;
// small ones stay in the process, where they cost nothing extra).
bool extracts_in_worker(ingest::Format format, std::size_t size) noexcept;

// ingest::extract for one pipeline worker thread, with the risky files (extracts_in_worker)
// in an extraction worker process (extract_worker.h) under `limits`: the process is
// started on first use and kept for the next files; after a timeout, an allocation
// failure or a crash it is killed and reaped, and the next file gets a fresh one. The
// request goes over a socket with the file's bytes (the worker reads no file), and the
// wall time of a file runs from the request to the whole answer.
// Thread safety: one object per thread.
class IsolatedExtractor {
public:
    explicit IsolatedExtractor(const ExtractLimits& limits);
    ~IsolatedExtractor();  // kills the worker, if any
    IsolatedExtractor(const IsolatedExtractor&) = delete;
    IsolatedExtractor& operator=(const IsolatedExtractor&) = delete;

    // As ingest::extract(format, bytes, source).
    // Throws: InputError as ingest::extract does (the worker's, with its reason);
    // ExtractionError "extraction took longer than N s (--extract-timeout-s)",
    // "extraction ran out of memory (limit N MB, --extract-memory-mb)", "extractor crashed
    // with signal N (name)" (with the last line it wrote on standard error, if any),
    // "cannot start an extraction worker: ...", or the message of another error of the
    // extractor.
    ingest::ExtractedDocument extract(ingest::Format format,
                                      std::string_view bytes,
                                      const std::string& source);

private:
    ingest::ExtractedDocument extract_in_worker(ingest::Format format,
                                                std::string_view bytes,
                                                const std::string& source);
    // Kills and reaps the worker and throws ExtractionError(reason).
    [[noreturn]] void discard_worker(const std::string& reason);

    ExtractLimits limits_;
    std::unique_ptr<util::ChildProcess> worker_;  // null until needed, and after a failure
};

}  // namespace kb::indexer
