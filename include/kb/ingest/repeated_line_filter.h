#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kb::ingest {

// Options of RepeatedLineFilter.
struct RepeatedLineFilterOptions {
    // A line is repeated when it occurs in at least
    // max(min_documents, ceil(fraction * documents added)) documents.
    std::size_t min_documents = 5;
    double fraction = 0.3;
    // Lines shorter or longer than this (in bytes, after trimming) are never counted nor
    // removed: short ones ("1", "-") carry no boilerplate, long ones are content.
    std::size_t min_line_bytes = 3;
    std::size_t max_line_bytes = 200;
    // Bound on the distinct lines tracked (about 16 bytes each plus hash-table overhead).
    // When it is reached, lines seen in only one document are forgotten; if that leaves
    // more than half of the bound, new lines are no longer tracked at all. Counts are then
    // approximate (low) for lines first seen late, so fewer lines are removed, never more.
    std::size_t max_tracked_lines = 200000;
};

// Finds the lines that repeat across many documents of one source (a site's menu, footer,
// address block, "Print this page") and removes them. Lines are compared after trimming,
// collapsing white space and folding case and diacritics; only a 64-bit hash of each is
// kept. Feed every document of the source with add_document first, then strip each.
// Thread safety: add_document needs exclusive access; the const members may be called
// concurrently when no add_document runs.
class RepeatedLineFilter {
public:
    explicit RepeatedLineFilter(RepeatedLineFilterOptions options = {});

    // Counts each distinct line of `text` once (lines are separated by '\n').
    // Throws: InternalError if ICU's data is missing; std::bad_alloc.
    void add_document(std::string_view text);

    // Number of documents added.
    std::size_t documents() const noexcept { return documents_; }

    // True if `line` (with or without its '\n') is a repeated line (see the options).
    // Throws: as add_document.
    bool is_repeated(std::string_view line) const;

    // `text` without its repeated lines; the blank line that separated a removed line from
    // the previous paragraph goes with it. Returns `text` unchanged if no line is removed.
    // Throws: as add_document.
    std::string strip(std::string_view text) const;

private:
    // Sets `key` to the hash of the normalised line; false if the line is too short or too
    // long to count.
    bool line_key(std::string_view line, std::uint64_t& key) const;
    void forget_singletons();

    RepeatedLineFilterOptions options_;
    std::size_t documents_ = 0;
    bool saturated_ = false;  // no new lines are tracked (see max_tracked_lines)
    std::unordered_map<std::uint64_t, std::uint32_t> counts_;  // line hash -> documents
};

}  // namespace kb::ingest
