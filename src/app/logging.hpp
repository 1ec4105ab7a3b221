#pragma once
// The program's logger: stderr only (stdout carries the lines scripts read),
// as text or as one JSON object per line.

#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace acoustream::app {

// `level`: trace|debug|info|warn|error|critical|off; `format`: text|json.
// Throws std::invalid_argument naming a bad value.
std::shared_ptr<spdlog::logger> make_logger(const std::string& level, const std::string& format);

}  // namespace acoustream::app
