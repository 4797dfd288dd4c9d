#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace kb::searchd {

// The helpdesk web page's files: built into kb-searchd (searchd/web/), or read from a
// folder at each request (--web-root, for working on the page without rebuilding).
// Names are flat ("app.js"): anything with a slash, a leading dot or characters outside
// [A-Za-z0-9._-] is not a file of the site, so no path reaches outside it.
class StaticSite {
public:
    struct File {
        std::string content;
        std::string content_type;
        std::string etag;  // quoted, from the content's hash
    };

    // The files built into the binary.
    static StaticSite embedded();
    // The files of `root`, read when asked for. Throws ConfigError if it is not a folder.
    static StaticSite from_directory(const std::filesystem::path& root);

    // The file `name`, or nullopt.
    std::optional<File> find(std::string_view name) const;

    static bool is_valid_name(std::string_view name);

private:
    std::map<std::string, File, std::less<>> embedded_;
    std::filesystem::path root_;  // non-empty: read from here
};

}  // namespace kb::searchd
