#pragma once
// The files the server serves from disk: the dashboard from the web root and
// the front-end packages (RapiDoc, uPlot) from the vendor root, a
// node_modules folder filled by `npm ci`. The routes serve these paths, and
// the server checks at start that they are there, so a missing folder is an
// error naming it instead of pages that load nothing.

#include <array>
#include <string>
#include <string_view>

namespace acoustream::http {

inline constexpr std::string_view kDashboardIndex = "dashboard/index.html";
inline constexpr std::string_view kRapidocScript = "rapidoc/dist/rapidoc-min.js";
inline constexpr std::string_view kUplotScript = "uplot/dist/uPlot.iife.min.js";
inline constexpr std::string_view kUplotStyle = "uplot/dist/uPlot.min.css";
inline constexpr std::array<std::string_view, 3> kVendorFiles{kRapidocScript, kUplotScript,
                                                              kUplotStyle};

// Throws std::invalid_argument naming the folder, its setting (server.web_root
// or server.vendor_root) and the first file missing from it.
void check_front_end_files(const std::string& web_root, const std::string& vendor_root);

}  // namespace acoustream::http
