#pragma once

#include <set>
#include <string>
#include <string_view>

namespace kb::searchd {

// Who may call kb-searchd: browsers of which origins (CORS), and with which API keys.
//   - cors_origins: exact origins ("https://kb.example.org") whose pages may call the API
//     from a browser; "*" allows any. A request from another origin gets no CORS headers
//     (the browser then refuses the answer) and its preflight is 403.
//   - api_keys: when not empty, every endpoint but /healthz and /readyz (probes) needs
//     "Authorization: Bearer KEY" with one of them; 401 otherwise.
struct AccessPolicy {
    std::set<std::string> cors_origins;
    std::set<std::string> api_keys;

    bool origin_allowed(std::string_view origin) const;
    // True if `authorization` (the header's value) carries one of the keys, or none is set.
    // Constant time in the keys: their SHA-256 digests are compared in full, all of them.
    bool authorized(std::string_view authorization) const;
};

// The keys of an API-keys file: one per line; blank lines and lines starting with '#' are
// skipped, surrounding spaces trimmed.
// Throws: ConfigError naming the file if it cannot be read, has no key, or a key is shorter
// than 16 characters or contains spaces.
std::set<std::string> read_api_keys(const std::string& path);

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback(std::string_view address);

}  // namespace kb::searchd
