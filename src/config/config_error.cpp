#include "config/config_error.hpp"

#include <utility>

namespace acoustream::config {
namespace {

std::string format_message(const std::string& origin, int line, int column, const std::string& key,
                           const std::string& detail) {
    std::string message = origin;
    if (line > 0) {
        message += ':' + std::to_string(line);
        if (column > 0) {
            message += ':' + std::to_string(column);
        }
    }
    message += ": ";
    if (!key.empty()) {
        message += key + ": ";
    }
    message += detail;
    return message;
}

}  // namespace

ConfigError::ConfigError(std::string origin, int line, int column, std::string key,
                         std::string detail)
    : std::runtime_error(format_message(origin, line, column, key, detail)),
      origin_(std::move(origin)),
      line_(line),
      column_(column),
      key_(std::move(key)),
      detail_(std::move(detail)) {}

}  // namespace acoustream::config
