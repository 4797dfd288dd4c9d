#pragma once

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include <xapian.h>

#include "kb/util/error.h"

// A full disk (or an exhausted quota) is the usual reason an index cannot be written in
// production, and the operator's to fix, not a bug: kb-indexer says so plainly (exit 74)
// instead of passing on Xapian's "Error writing block 7 (No space left on device)".
namespace kb::index {

// True for errno values that mean "no room left": ENOSPC, EDQUOT.
inline bool is_disk_full(int error_number) {
    return error_number == ENOSPC || error_number == EDQUOT;
}

// The system's text for a full disk ("No space left on device", or the quota's) if a Xapian
// error was caused by one, else "". Xapian keeps the errno only as its text
// (get_error_string() is strerror(errno), or null), so the texts are compared; and a commit
// that fails and then cannot reopen the old revision wraps the first error in its message
// without an errno ("Modifications failed (DatabaseError: Error writing block 41 (No space
// left on device)), and couldn't open at the old revision: ...").
inline std::string disk_full_text(const Xapian::Error& e) {
    const char* text = e.get_error_string();
    for (const int error_number : {ENOSPC, EDQUOT}) {
        std::string system_text = std::strerror(error_number);
        if ((text != nullptr && system_text == text) ||
            e.get_msg().find("(" + system_text + ")") != std::string::npos) {
            return system_text;
        }
    }
    return {};
}

inline bool is_disk_full(const Xapian::Error& e) {
    return !disk_full_text(e).empty();
}

// IndexError(Write): "DIR: the disk is full (No space left on device): ACTION; ...". Xapian
// writes new blocks beside the committed ones, so what it had committed is intact.
inline IndexError disk_full_error(const std::filesystem::path& dir,
                                  const std::string& action,
                                  const std::string& system_text) {
    return IndexError(IndexError::Kind::Write,
                      dir.string() + ": the disk is full (" + system_text + "): " + action +
                          "; what the index had committed is intact: free some space and run "
                          "kb-indexer again");
}

// IndexError(Write) for a Xapian error while writing the index at `dir`: the disk-full
// message above, or "DIR: ACTION: <Xapian's description>".
inline IndexError write_error(const std::filesystem::path& dir,
                              const std::string& action,
                              const Xapian::Error& e) {
    if (const std::string text = disk_full_text(e); !text.empty()) {
        return disk_full_error(dir, action + " (" + e.get_description() + ")", text);
    }
    return IndexError(IndexError::Kind::Write,
                      dir.string() + ": " + action + ": " + e.get_description());
}

}  // namespace kb::index
