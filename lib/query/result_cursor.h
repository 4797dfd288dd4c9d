#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <xapian.h>

#include "kb/query/searcher.h"

namespace kb::query {

// Where the previous page of a query ended, for deep paging (SearchRequest::cursor): the
// sort position of its last hit, and how many hits came before the next page then.
// Paging resumes after that sort position, not at the count, so a page is neither skipped
// nor repeated when documents are added or removed before it between two requests; the
// count only tells where to look. (Across a re-index, relevance weights may shift a little;
// a hit whose weight moved across the cursor can then be seen twice or not at all, as with
// any search_after.)
struct ResultCursor {
    std::uint64_t query = 0;    // query_fingerprint() of the request
    Xapian::doccount next = 0;  // hits before the next page
    Xapian::docid last_docid = 0;
    double last_weight = 0.0;
    // The last hit's sort key: its schema::slot::kOrder value (date, then id term), or for
    // an index without that slot its date (date sort) or "" (relevance).
    std::string last_key;

    // Opaque to clients: URL-safe characters only.
    std::string encode() const;
    // Throws InputError("cursor") for anything encode() did not make.
    static ResultCursor decode(std::string_view text);

    // Whether the hit at `it`, whose sort key is `key` (its slot::kOrder value; see
    // last_key), sorts strictly after this cursor's last hit, in the order of `sort`
    // (relevance: weight descending, then sort key descending, then docid; date: sort key
    // descending, then docid).
    bool precedes(const Xapian::MSetIterator& it,
                  const std::string& key,
                  SearchRequest::Sort sort) const;
};

// What identifies a query's result list: text, filters, dates and sort (not page, size or
// labels). A cursor is only valid for the query it was made for.
std::uint64_t query_fingerprint(const SearchRequest& request);

}  // namespace kb::query
