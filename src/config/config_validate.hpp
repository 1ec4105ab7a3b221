#pragma once
// Semantic checks on a complete Config: ranges, enumerated names, non-empty
// strings, and the cross-checks between settings (source "file" needs a path,
// the simulated tone must be below Nyquist, frame and ring sizes stay bounded).
// The loader runs this after parsing; the app runs it again after applying
// command-line flags so they are held to the same rules.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace acoustream::config {

// Where a dotted key was written (1-based); lets an error point at the line.
struct KeyPosition {
    int line = 0;
    int column = 0;
};
using KeyPositions = std::map<std::string, KeyPosition, std::less<>>;

// Throws ConfigError naming origin_name, the dotted key and, when `positions`
// knows it, the key's line and column. Checks run in file order, so the first
// problem in the document is reported.
void validate_config(const Config& config, const std::string& origin_name,
                     const KeyPositions& positions = {});

// Settings that are valid but do not take effect as written, one message each
// ("origin:line: ..."): serve logs them as warnings, check-config prints them.
[[nodiscard]] std::vector<std::string> config_warnings(const Config& config,
                                                       const std::string& origin_name,
                                                       const KeyPositions& positions = {});

}  // namespace acoustream::config
