#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace kb::query {

// One Slot per key (an index location), made on first use and kept for the life of the
// process: the per-index state that the Searchers of a process share (SharedSpelling,
// SharedFacetColumns). A process searches a handful of indexes, so slots are never
// removed, and a reference to one stays valid. Thread-safe; the Slot guards itself.
template <typename Slot>
class KeyedRegistry {
public:
    Slot& slot(const std::string& key) {
        std::lock_guard lock(mutex_);
        std::unique_ptr<Slot>& slot = slots_[key];
        if (!slot) {
            slot = std::make_unique<Slot>();
        }
        return *slot;
    }

private:
    std::mutex mutex_;
    std::map<std::string, std::unique_ptr<Slot>> slots_;
};

}  // namespace kb::query
