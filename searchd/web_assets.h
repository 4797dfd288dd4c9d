#pragma once

#include <string_view>
#include <vector>

namespace kb::searchd {

// One file of the helpdesk web page (searchd/web/), built into the binary.
struct WebAsset {
    std::string_view name;  // file name, e.g. "app.js"
    std::string_view content;
};

// Every file of searchd/web/, generated at build time by cmake/embed_files.cmake.
const std::vector<WebAsset>& web_assets();

}  // namespace kb::searchd
