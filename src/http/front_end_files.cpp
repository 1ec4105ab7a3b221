#include "http/front_end_files.hpp"

#include <filesystem>
#include <stdexcept>

namespace acoustream::http {

namespace {

bool is_file(const std::string& root, std::string_view relative) {
    std::error_code ec;
    return !root.empty() && std::filesystem::is_regular_file(
                                std::filesystem::path(root) / std::string(relative), ec);
}

}  // namespace

void check_front_end_files(const std::string& web_root, const std::string& vendor_root) {
    if (!is_file(web_root, kDashboardIndex)) {
        throw std::invalid_argument("server.web_root: \"" + web_root + "\" has no " +
                                    std::string(kDashboardIndex) +
                                    " (the folder that holds the dashboard/ folder)");
    }
    for (const auto file : kVendorFiles) {
        if (!is_file(vendor_root, file)) {
            throw std::invalid_argument(
                "server.vendor_root: \"" + vendor_root + "\" has no " + std::string(file) +
                " (the front-end packages: run npm ci in the source folder, or set "
                "server.vendor_root to a node_modules folder that has them)");
        }
    }
}

}  // namespace acoustream::http
