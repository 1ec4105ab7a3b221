#pragma once
// Strict YAML loader for the configuration file (docs/configuration.md). Unknown keys,
// wrong types, out-of-range values and inconsistent settings are all errors
// naming the file, the full dotted key and its 1-based line and column; an
// empty document yields the defaults.

#include <string>

#include "config/config.hpp"
#include "config/config_error.hpp"

namespace acoustream::config {

// Config files larger than this are refused (a config is a few KB; this stops
// `--config /dev/zero` from exhausting memory).
inline constexpr std::size_t kMaxConfigFileBytes = std::size_t{16} << 20;

// Reads and validates `path`. Throws ConfigError (origin = path) when the file
// is missing, unreadable, a directory, too large, or its content is invalid.
[[nodiscard]] Config load_config_file(const std::string& path);

// Parses and validates YAML text; `origin_name` prefixes every error message.
[[nodiscard]] Config load_config_string(const std::string& yaml, const std::string& origin_name);

}  // namespace acoustream::config
