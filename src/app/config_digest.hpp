#pragma once
// A digest of the effective configuration, written into every recording's
// sidecar so a file says which settings produced it.

#include <string>

#include "config/config.hpp"

namespace acoustream::app {

// "sha256:<64 hex digits>" of describe_config(config) (secrets redacted).
std::string config_digest(const config::Config& config);

}  // namespace acoustream::app
