#include "access_policy.h"

#include <fstream>

#include "kb/util/error.h"

namespace kb::searchd {
namespace {

std::string_view trim(std::string_view s) {
    const std::size_t first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) {
        return {};
    }
    return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

// Compares without stopping at the first difference, so that timing tells nothing of a key.
bool same(std::string_view a, std::string_view b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
    }
    return diff == 0;
}

}  // namespace

bool AccessPolicy::origin_allowed(std::string_view origin) const {
    return !origin.empty() &&
           (cors_origins.contains("*") || cors_origins.contains(std::string(origin)));
}

bool AccessPolicy::authorized(std::string_view authorization) const {
    if (api_keys.empty()) {
        return true;
    }
    constexpr std::string_view kBearer = "Bearer ";
    if (!authorization.starts_with(kBearer)) {
        return false;
    }
    const std::string_view key = trim(authorization.substr(kBearer.size()));
    bool found = false;
    for (const std::string& k : api_keys) {
        found = same(k, key) || found;  // every key compared: no early exit
    }
    return found;
}

std::set<std::string> read_api_keys(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw ConfigError(path + ": cannot read the API keys file");
    }
    std::set<std::string> keys;
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        const std::string_view key = trim(line);
        if (key.empty() || key.front() == '#') {
            continue;
        }
        if (key.size() < 16 || key.find_first_of(" \t") != std::string_view::npos) {
            throw ConfigError(path + ":" + std::to_string(number) +
                              ": an API key is at least 16 characters, without spaces");
        }
        keys.emplace(key);
    }
    if (keys.empty()) {
        throw ConfigError(path + ": no API key in the file");
    }
    return keys;
}

bool is_loopback(std::string_view address) {
    return address == "localhost" || address == "::1" || address.starts_with("127.");
}

}  // namespace kb::searchd
