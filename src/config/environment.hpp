#pragma once
// Environment overrides, applied after the file and before command-line flags
// (precedence: defaults < file < environment < flags).

#include <functional>
#include <optional>
#include <string>

#include "config/config.hpp"

namespace acoustream::config {

// Overrides auth.hmac_secret, so the secret need not be written in a file.
inline constexpr const char* kJwtSecretEnv = "ACOUSTREAM_JWT_SECRET";

using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

// Applies every ACOUSTREAM_* override found through `getenv`. A variable that
// is unset or empty leaves the setting alone (an empty secret is never valid).
void apply_environment(Config& config, const EnvLookup& getenv);

// Lookup through the process environment, for production use of apply_environment.
[[nodiscard]] std::optional<std::string> process_environment(const char* name);

}  // namespace acoustream::config
