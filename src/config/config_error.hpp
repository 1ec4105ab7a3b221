#pragma once
// Raised for any configuration problem: unreadable file, YAML syntax, unknown
// key, wrong type, out-of-range value, inconsistent settings. what() reads
// "ORIGIN[:LINE:COLUMN]: [KEY: ]DETAIL", e.g.
// config.yaml:12:3: streaming.sse_timeout_secs: expected a non-negative integer, got "abc"

#include <stdexcept>
#include <string>

namespace acoustream::config {

class ConfigError : public std::runtime_error {
public:
    // line and column are 1-based; 0 means "no position" (e.g. a missing file).
    ConfigError(std::string origin, int line, int column, std::string key, std::string detail);

    [[nodiscard]] const std::string& origin() const noexcept { return origin_; }
    [[nodiscard]] int line() const noexcept { return line_; }
    [[nodiscard]] int column() const noexcept { return column_; }
    // Full dotted key, e.g. "acquisition.file.channels[1]"; empty when no key applies.
    [[nodiscard]] const std::string& key() const noexcept { return key_; }
    [[nodiscard]] const std::string& detail() const noexcept { return detail_; }

private:
    std::string origin_;
    int line_;
    int column_;
    std::string key_;
    std::string detail_;
};

}  // namespace acoustream::config
