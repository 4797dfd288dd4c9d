#include "order_key_maker.h"

#include <stdexcept>

namespace kb::query {

OrderKeyMaker::OrderKeyMaker(std::shared_ptr<const FacetColumns> columns)
    : columns_(std::move(columns)) {
    if (!columns_ || columns_->order_ranks().empty()) {
        throw std::invalid_argument("OrderKeyMaker: no order ranks");
    }
}

std::string OrderKeyMaker::operator()(const Xapian::Document& doc) const {
    const std::vector<std::uint32_t>& ranks = columns_->order_ranks();
    const Xapian::docid did = doc.get_docid();
    const std::uint32_t rank = did < ranks.size() ? ranks[did] : 0;
    if (rank == 0) {
        return {};
    }
    const char key[4] = {static_cast<char>(rank >> 24), static_cast<char>(rank >> 16),
                         static_cast<char>(rank >> 8), static_cast<char>(rank)};
    return std::string(key, 4);
}

}  // namespace kb::query
