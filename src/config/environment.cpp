#include "config/environment.hpp"

#include <cstdlib>

namespace acoustream::config {

void apply_environment(Config& config, const EnvLookup& getenv) {
    if (auto secret = getenv(kJwtSecretEnv); secret && !secret->empty()) {
        config.auth.hmac_secret = std::move(*secret);
    }
}

std::optional<std::string> process_environment(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
}

}  // namespace acoustream::config
