#pragma once
// "Did you mean ...?" for unknown configuration keys.

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace acoustream::config {

// Case-insensitive optimal-string-alignment distance: insertions, deletions,
// substitutions and adjacent transpositions each cost 1 ("prot" -> "port" is 1).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// The known key closest to `unknown`, if one is close enough to be a likely
// typo (small edit distance, or one is a prefix of the other, e.g.
// "sse_timeout" -> "sse_timeout_secs").
[[nodiscard]] std::optional<std::string_view> closest_key(std::string_view unknown,
                                                          std::span<const std::string_view> known);

}  // namespace acoustream::config
