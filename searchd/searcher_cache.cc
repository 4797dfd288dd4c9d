#include "searcher_cache.h"

#include <map>
#include <memory>

#include "kb/util/error.h"

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

bool SearcherCache::warm_up() {
    try {
        keeper_ = std::make_unique<query::Searcher>(locations_, options_);
        query::SearchRequest probe;
        probe.q = "razvoj regije";  // a word in every candidate language loads its dictionary
        probe.size = 1;
        keeper_->search(probe);
        return true;
    } catch (const Error&) {
        return false;  // no index yet: the dictionaries load with the first request
    }
}

}  // namespace kb::searchd
