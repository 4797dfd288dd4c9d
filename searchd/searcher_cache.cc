#include "searcher_cache.h"

#include <map>
#include <memory>

namespace kb::searchd {

query::Searcher& SearcherCache::local() {
    // Keyed by cache so that several caches (tests) in one process stay apart.
    thread_local std::map<const SearcherCache*, std::unique_ptr<query::Searcher>> searchers;
    auto& searcher = searchers[this];
    if (!searcher) {
        searcher = std::make_unique<query::Searcher>(locations_, options_);
    }
    return *searcher;
}

}  // namespace kb::searchd
