#include "facet_spy.h"

#include <string_view>

#include "kb/index/schema.h"

namespace kb::query {

std::map<std::string, Xapian::doccount> FacetSpy::counts() const {
    std::map<std::string, Xapian::doccount> out;
    for (auto it = spy_.values_begin(); it != spy_.values_end(); ++it) {
        const std::string combination = *it;
        const Xapian::doccount docs = it.get_termfreq();
        const std::string_view ids(combination);
        std::size_t start = 0;
        while (start < ids.size()) {
            std::size_t end = ids.find(index::schema::kListSeparator, start);
            if (end == std::string_view::npos) {
                end = ids.size();
            }
            if (end > start) {
                out[std::string(ids.substr(start, end - start))] += docs;
            }
            start = end + 1;
        }
    }
    return out;
}

}  // namespace kb::query
