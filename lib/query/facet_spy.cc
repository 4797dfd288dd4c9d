#include "facet_spy.h"

#include "kb/index/schema.h"

namespace kb::query {

void ListValueCountSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
    const std::string value = doc.get_value(slot_);
    std::size_t start = 0;
    while (start < value.size()) {
        std::size_t end = value.find(index::schema::kListSeparator, start);
        if (end == std::string::npos) {
            end = value.size();
        }
        if (end > start) {
            ++counts_[value.substr(start, end - start)];
        }
        start = end + 1;
    }
}

}  // namespace kb::query
