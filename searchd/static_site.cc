#include "static_site.h"

#include <algorithm>
#include <cctype>

#include "kb/util/error.h"
#include "kb/util/file_io.h"
#include "kb/util/hash.h"

#include "web_assets.h"

namespace kb::searchd {
namespace {

std::string content_type_of(std::string_view name) {
    static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".json", "application/json; charset=utf-8"},
        {".txt", "text/plain; charset=utf-8"},
    };
    for (const auto& [extension, type] : kTypes) {
        if (name.ends_with(extension)) {
            return std::string(type);
        }
    }
    return "application/octet-stream";
}

StaticSite::File make_file(std::string_view name, std::string content) {
    StaticSite::File file;
    // Appended, not `"\"" + ...`: GCC 12 warns falsely (-Wrestrict) on that.
    file.etag = util::hex16(util::fnv1a64(content));
    file.etag.insert(file.etag.begin(), '"');
    file.etag.push_back('"');
    file.content = std::move(content);
    file.content_type = content_type_of(name);
    return file;
}

}  // namespace

bool StaticSite::is_valid_name(std::string_view name) {
    return !name.empty() && name.size() <= 100 && name.front() != '.' &&
           std::all_of(name.begin(), name.end(), [](unsigned char c) {
               return std::isalnum(c) || c == '.' || c == '_' || c == '-';
           });
}

StaticSite StaticSite::embedded() {
    StaticSite site;
    for (const WebAsset& asset : web_assets()) {
        site.embedded_.emplace(std::string(asset.name),
                               make_file(asset.name, std::string(asset.content)));
    }
    return site;
}

StaticSite StaticSite::from_directory(const std::filesystem::path& root) {
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec)) {
        throw ConfigError(root.string() + ": not a folder");
    }
    StaticSite site;
    site.root_ = root;
    return site;
}

std::optional<StaticSite::File> StaticSite::find(std::string_view name) const {
    if (!is_valid_name(name)) {
        return std::nullopt;
    }
    if (root_.empty()) {
        const auto it = embedded_.find(name);
        return it == embedded_.end() ? std::nullopt : std::optional<File>(it->second);
    }
    const std::filesystem::path path = root_ / std::string(name);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return std::nullopt;
    }
    try {
        return make_file(name, util::read_file(path));
    } catch (const Error&) {
        return std::nullopt;
    }
}

}  // namespace kb::searchd
