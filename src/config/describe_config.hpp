#pragma once
// The effective configuration as YAML, for `acoustream check-config`. The
// output loads back with load_config_string() to the same Config (apart from
// secrets, which are printed as <redacted>).

#include <string>

#include "config/config.hpp"

namespace acoustream::config {

inline constexpr const char* kRedacted = "<redacted>";

[[nodiscard]] std::string describe_config(const Config& config);

}  // namespace acoustream::config
