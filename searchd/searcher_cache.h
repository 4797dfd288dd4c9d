#pragma once

#include <filesystem>
#include <memory>

#include "kb/query/searcher.h"

namespace kb::searchd {

// Gives each server thread its own Searcher (Xapian databases and ICU objects are not
// shared between threads), created on first use: no lock on the request path.
class SearcherCache {
public:
    explicit SearcherCache(std::filesystem::path index_directory,
                           std::shared_ptr<const classify::Taxonomy> taxonomy = nullptr)
        : index_directory_(std::move(index_directory)), taxonomy_(std::move(taxonomy)) {}

    // The calling thread's Searcher. Throws IndexError if the index cannot be opened; the
    // next call tries again (the index may not exist yet).
    query::Searcher& local();

    const std::filesystem::path& index_directory() const { return index_directory_; }

private:
    std::filesystem::path index_directory_;
    std::shared_ptr<const classify::Taxonomy> taxonomy_;  // shared, read-only
};

}  // namespace kb::searchd
