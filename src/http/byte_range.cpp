#include "http/byte_range.hpp"

#include <string>

#include "text/ascii.hpp"

namespace acoustream::http {

namespace {

std::optional<std::uint64_t> number(std::string_view text) {
    if (text.empty()) return std::nullopt;
    return text::parse_u64(std::string(text));
}

}  // namespace

RangeAnswer resolve_range(const std::optional<std::string>& header, std::uint64_t size) {
    if (!header) return WholeFile{};
    std::string_view v = text::trim(*header);
    constexpr std::string_view kUnit = "bytes=";
    if (v.size() < kUnit.size() || !text::iequals(v.substr(0, kUnit.size()), kUnit))
        return WholeFile{};
    v = text::trim(v.substr(kUnit.size()));
    if (v.find(',') != std::string_view::npos) return WholeFile{};
    const auto dash = v.find('-');
    if (dash == std::string_view::npos) return WholeFile{};
    const auto first = number(text::trim(v.substr(0, dash)));
    const auto last = number(text::trim(v.substr(dash + 1)));
    if (!first && !last) return WholeFile{};  // "bytes=-": not a range
    if (!first) {                             // suffix: the last N bytes
        if (*last == 0 || size == 0) return Unsatisfiable{};
        const std::uint64_t n = std::min(*last, size);
        return ByteRange{size - n, size - 1};
    }
    if (last && *last < *first) return WholeFile{};  // invalid: ignored
    if (*first >= size) return Unsatisfiable{};
    return ByteRange{*first, last ? std::min(*last, size - 1) : size - 1};
}

}  // namespace acoustream::http
