// Any YAML text: a Config or a ConfigError, nothing else.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const auto config = acoustream::config::load_config_string(text, "fuzz");
        static_cast<void>(config);
    } catch (const acoustream::config::ConfigError&) {
        // Rejected input is the expected outcome; any other exception escapes
        // and libFuzzer reports it as a crash.
    }
    return 0;
}
