#include "access_policy.h"

#include <algorithm>
#include <array>
#include <fstream>

#include <Poco/SHA2Engine.h>

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

using Digest = std::array<unsigned char, 32>;

Digest sha256(std::string_view text) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(text.data(), text.size());
    const Poco::DigestEngine::Digest& digest = engine.digest();
    Digest out{};
    std::copy_n(digest.begin(), out.size(), out.begin());
    return out;
}

// 0 if the digests are equal, else not 0; every byte is compared, whatever differs.
unsigned char difference(const Digest& a, const Digest& b) {
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return diff;
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
    // Constant time: the SHA-256 digests of the key given and of every key configured are
    // compared, each in full, and no comparison ends the loop early, so the time taken
    // tells nothing of how much of a key was right, of its length, or of which key matched.
    // (The keys' digests are computed at each call: a few microseconds for a few keys.)
    const Digest given = sha256(trim(authorization.substr(kBearer.size())));
    unsigned char matched = 0;
    for (const std::string& key : api_keys) {
        matched |= static_cast<unsigned char>(difference(sha256(key), given) == 0);
    }
    return matched != 0;
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
