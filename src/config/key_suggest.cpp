#include "config/key_suggest.hpp"

#include <algorithm>
#include <vector>

#include "text/ascii.hpp"

namespace acoustream::config {
namespace {

// Shortest prefix that still reads as a deliberate abbreviation, not noise.
constexpr std::size_t kMinPrefixLength = 4;

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    const auto lower = [](char c) { return text::ascii_lower(c); };
    const std::size_t rows = a.size() + 1;
    const std::size_t cols = b.size() + 1;
    std::vector<std::size_t> d(rows * cols);
    const auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * cols + j]; };
    for (std::size_t i = 0; i < rows; ++i) at(i, 0) = i;
    for (std::size_t j = 0; j < cols; ++j) at(0, j) = j;
    for (std::size_t i = 1; i < rows; ++i) {
        for (std::size_t j = 1; j < cols; ++j) {
            const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            std::size_t best =
                std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
                lower(a[i - 2]) == lower(b[j - 1])) {
                best = std::min(best, at(i - 2, j - 2) + 1);
            }
            at(i, j) = best;
        }
    }
    return at(rows - 1, cols - 1);
}

std::optional<std::string_view> closest_key(std::string_view unknown,
                                            std::span<const std::string_view> known) {
    std::optional<std::string_view> best;
    std::size_t best_distance = 0;
    for (const std::string_view candidate : known) {
        const std::size_t distance = edit_distance(unknown, candidate);
        // A third of the key's length, at least 2, catches typos without
        // matching unrelated short keys.
        const std::size_t tolerance = std::max<std::size_t>(2, candidate.size() / 3);
        const bool prefix =
            std::min(unknown.size(), candidate.size()) >= kMinPrefixLength &&
            (text::istarts_with(candidate, unknown) || text::istarts_with(unknown, candidate));
        const bool close = (distance <= tolerance && distance < candidate.size()) || prefix;
        if (close && (!best || distance < best_distance)) {
            best = candidate;
            best_distance = distance;
        }
    }
    return best;
}

}  // namespace acoustream::config
