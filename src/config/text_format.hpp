#pragma once
// Text helpers shared by error messages and describe_config().

#include <string>
#include <string_view>

namespace acoustream::config {

// `text` in double quotes with quotes, backslashes and control characters
// escaped; long values are cut (with "...") so a message stays one line.
[[nodiscard]] std::string quote_text(std::string_view text);

// Shortest text that reads back as exactly `value` ("0.05", "2000", "1e-07").
[[nodiscard]] std::string format_number(double value);

}  // namespace acoustream::config
