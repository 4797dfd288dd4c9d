#include "kb/index/disk_full.h"

#include <cerrno>
#include <string>

#include <gtest/gtest.h>
#include <xapian.h>

namespace kb::index {
namespace {

TEST(DiskFullError, XapianErrorsOfAFullDiskAreToldApart) {
    // As Xapian throws them: the errno of a failed write, or (a commit that could not reopen
    // the old revision) the first error's text inside the message, without an errno.
    EXPECT_TRUE(is_disk_full(Xapian::DatabaseError("Error writing block 7", ENOSPC)));
    EXPECT_TRUE(is_disk_full(Xapian::DatabaseError("Error writing block 7", EDQUOT)));
    EXPECT_TRUE(is_disk_full(Xapian::DatabaseError(
        "Modifications failed (DatabaseError: Error writing block 41 (No space left on "
        "device)), and couldn't open at the old revision: Error writing to file")));
    EXPECT_FALSE(is_disk_full(Xapian::DatabaseError("Error writing block 7", EIO)));
    EXPECT_FALSE(is_disk_full(Xapian::DatabaseCorruptError("Bad block")));
    EXPECT_FALSE(is_disk_full(Xapian::DatabaseError("No space left on device, says the doc")));
}

TEST(DiskFullError, TheMessageNamesTheDirectoryAndSaysTheDiskIsFull) {
    const IndexError e = write_error("/srv/kb/index", "commit failed",
                                     Xapian::DatabaseError("Error writing block 7", ENOSPC));
    EXPECT_EQ(e.kind(), IndexError::Kind::Write);  // exit 74
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("/srv/kb/index: the disk is full (No space left on device): commit "
                            "failed (DatabaseError: Error writing block 7 (No space left on "
                            "device));",
                            0),
              0u)
        << message;
    EXPECT_NE(message.find("free some space and run kb-indexer again"), std::string::npos);

    const IndexError other = write_error("/srv/kb/index", "commit failed",
                                         Xapian::DatabaseError("Error writing block 7", EIO));
    EXPECT_EQ(std::string(other.what()),
              "/srv/kb/index: commit failed: DatabaseError: Error writing block 7 "
              "(Input/output error)");
}

}  // namespace
}  // namespace kb::index
