#include "facet_columns.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "keyed_registry.h"

namespace kb::query {

namespace {

// Fills column.part_names, parts and part_begin from column.values.
void split_parts(FacetColumn& column) {
    std::unordered_map<std::string, std::uint32_t> known;
    column.part_begin.reserve(column.values.size() + 1);
    for (const std::string& value : column.values) {
        column.part_begin.push_back(static_cast<std::uint32_t>(column.parts.size()));
        for_each_listed_id(value, [&](std::string_view id) {
            auto [found, added] = known.try_emplace(
                std::string(id), static_cast<std::uint32_t>(column.part_names.size()));
            if (added) {
                column.part_names.push_back(found->first);
            }
            column.parts.push_back(found->second);
        });
    }
    column.part_begin.push_back(static_cast<std::uint32_t>(column.parts.size()));
}

}  // namespace

std::map<std::string, Xapian::doccount> FacetColumn::counts_by_id(
    const std::vector<Xapian::doccount>& by_value) const {
    std::vector<Xapian::doccount> by_part(part_names.size(), 0);
    for (std::size_t id = 1; id < by_value.size() && id < values.size(); ++id) {  // 0: none
        if (by_value[id] != 0) {
            for (std::uint32_t p = part_begin[id]; p < part_begin[id + 1]; ++p) {
                by_part[parts[p]] += by_value[id];
            }
        }
    }
    std::map<std::string, Xapian::doccount> out;
    for (std::size_t part = 0; part < by_part.size(); ++part) {
        if (by_part[part] != 0) {
            out.emplace(part_names[part], by_part[part]);
        }
    }
    return out;
}

FacetColumns::FacetColumns(const Xapian::Database& db,
                           std::span<const Xapian::valueno> slots,
                           Xapian::valueno order)
    : revision_(revision_of(db)) {
    const Xapian::docid last = db.get_lastdocid();
    for (const Xapian::valueno slot : slots) {
        FacetColumn column;
        column.values.emplace_back();
        column.documents.push_back(0);
        column.ids.assign(static_cast<std::size_t>(last) + 1, 0);
        std::unordered_map<std::string, std::uint32_t> known;
        for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
            const Xapian::docid did = it.get_docid();
            if (did > last) {
                break;  // cannot happen for one revision; a bound for the array all the same
            }
            std::string value = *it;
            if (value.empty()) {
                continue;
            }
            auto [found, added] =
                known.try_emplace(value, static_cast<std::uint32_t>(column.values.size()));
            if (added) {
                column.values.push_back(std::move(value));
                column.documents.push_back(0);
            }
            column.ids[did] = found->second;
            ++column.documents[found->second];
        }
        split_parts(column);
        columns_.emplace_back(slot, std::move(column));
    }
    if (order != Xapian::BAD_VALUENO) {
        std::vector<std::pair<std::string, Xapian::docid>> values;
        values.reserve(db.get_doccount());
        for (auto it = db.valuestream_begin(order); it != db.valuestream_end(order); ++it) {
            if (it.get_docid() <= last) {
                values.emplace_back(*it, it.get_docid());
            }
        }
        std::sort(values.begin(), values.end());
        order_ranks_.assign(static_cast<std::size_t>(last) + 1, 0);
        std::uint32_t rank = 0;
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i == 0 || values[i].first != values[i - 1].first) {
                ++rank;
            }
            order_ranks_[values[i].second] = rank;
        }
    }
}

const FacetColumn* FacetColumns::column(Xapian::valueno slot) const {
    for (const auto& [s, column] : columns_) {
        if (s == slot) {
            return &column;
        }
    }
    return nullptr;
}

std::string FacetColumns::revision_of(const Xapian::Database& db) {
    return db.get_uuid() + ':' + std::to_string(db.get_revision());
}

std::size_t FacetColumns::memory_bytes() const {
    std::size_t bytes = sizeof(*this) + order_ranks_.capacity() * sizeof(std::uint32_t);
    for (const auto& [slot, column] : columns_) {
        bytes += (column.ids.capacity() + column.documents.capacity() + column.parts.capacity() +
                  column.part_begin.capacity()) *
                 sizeof(std::uint32_t);
        for (const auto* strings : {&column.values, &column.part_names}) {
            for (const std::string& v : *strings) {
                bytes += sizeof(std::string) + v.capacity();
            }
        }
    }
    return bytes;
}

namespace {

using Clock = std::chrono::steady_clock;

// A failed build (the index unreadable for a moment: a switch, a disk error) is tried again
// after this long, not on every search.
constexpr auto kRetryAfterFailure = std::chrono::seconds(5);

struct Slot {
    std::mutex mutex;
    std::condition_variable built;
    std::shared_ptr<const FacetColumns> columns;
    std::string uuid;          // of `columns`
    Xapian::rev revision = 0;  // of `columns`
    bool building = false;
    Clock::time_point failed_at{};  // of the last failed build
    std::jthread builder;           // joined when the registry ends, at exit
};

KeyedRegistry<Slot>& registry() {
    static KeyedRegistry<Slot> instance;
    return instance;
}

}  // namespace

std::shared_ptr<const FacetColumns> SharedFacetColumns::get(const std::string& key,
                                                            const Xapian::Database& db,
                                                            std::span<const Xapian::valueno> slots,
                                                            Xapian::valueno order,
                                                            const Opener& opener) {
    Slot& slot = registry().slot(key);
    const std::string uuid = db.get_uuid();
    const Xapian::rev revision = db.get_revision();
    std::lock_guard lock(slot.mutex);
    if (slot.columns && slot.uuid == uuid && slot.revision == revision) {
        return slot.columns;
    }
    const bool newer = slot.columns && slot.uuid == uuid && slot.revision > revision;
    if (slot.building || newer || Clock::now() - slot.failed_at < kRetryAfterFailure) {
        return nullptr;
    }
    if (slot.builder.joinable()) {
        slot.builder.join();  // finished: `building` is false
    }
    slot.building = true;
    slot.builder = std::jthread(
        [&slot, opener, order, wanted = std::vector<Xapian::valueno>(slots.begin(), slots.end())] {
            std::shared_ptr<const FacetColumns> fresh;
            std::string fresh_uuid;
            Xapian::rev fresh_revision = 0;
            try {
                const Xapian::Database own = opener();
                fresh_uuid = own.get_uuid();
                fresh_revision = own.get_revision();
                fresh = std::make_shared<const FacetColumns>(own, wanted, order);
            } catch (...) {
                // Unreadable now: searches count from value streams; tried again later.
            }
            std::lock_guard done(slot.mutex);
            if (fresh) {
                slot.columns = std::move(fresh);
                slot.uuid = std::move(fresh_uuid);
                slot.revision = fresh_revision;
            } else {
                slot.failed_at = Clock::now();
            }
            slot.building = false;
            slot.built.notify_all();
        });
    return nullptr;
}

void SharedFacetColumns::wait(const std::string& key) {
    Slot& slot = registry().slot(key);
    std::unique_lock lock(slot.mutex);
    slot.built.wait(lock, [&] { return !slot.building; });
}

}  // namespace kb::query
