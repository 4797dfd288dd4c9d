#pragma once

#include <string>

#include <unicode/errorcode.h>

#include "kb/util/error.h"

namespace kb::analysis {

// icu::ErrorCode that throws InternalError on failure, so ICU calls can be chained and
// checked once (ICU's own idiom).
class IcuStatus : public icu::ErrorCode {
public:
    explicit IcuStatus(const char* what) : what_(what) {}
    ~IcuStatus() override = default;
    IcuStatus(const IcuStatus&) = delete;
    IcuStatus& operator=(const IcuStatus&) = delete;

protected:
    void handleFailure() const override {
        throw InternalError(std::string("ICU ") + what_ + ": " + errorName());
    }

private:
    const char* what_;
};

}  // namespace kb::analysis
