#pragma once
// The Range request header for one byte range (RFC 9110 section 14): what a
// download resumes or a player seeks with. Several ranges in one request are
// answered with the whole file, which RFC 9110 allows.

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

namespace acoustream::http {

struct WholeFile {};
struct ByteRange {
    std::uint64_t first = 0;
    std::uint64_t last = 0;  // inclusive
    [[nodiscard]] std::uint64_t length() const noexcept { return last - first + 1; }
};
struct Unsatisfiable {};

using RangeAnswer = std::variant<WholeFile, ByteRange, Unsatisfiable>;

// `header` is the Range value, if any; `size` the file's length. A header
// that is not a bytes range is ignored (the whole file), as RFC 9110 says.
RangeAnswer resolve_range(const std::optional<std::string>& header, std::uint64_t size);

}  // namespace acoustream::http
