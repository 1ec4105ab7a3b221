#pragma once
// Float values that stress shortest round-trip formatting: signed zeros,
// denormals, the extremes, values that print in exponent form, and random bit
// patterns over the whole finite range.

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace acoustream::testing {

inline std::vector<float> tricky_floats(std::size_t random_count, std::uint32_t seed = 1234) {
    using limits = std::numeric_limits<float>;
    std::vector<float> values{0.0f,
                              -0.0f,
                              limits::denorm_min(),
                              -limits::denorm_min(),
                              limits::min(),
                              -limits::min(),
                              std::nextafter(limits::min(), 0.0f),  // largest denormal
                              limits::max(),
                              -limits::max(),
                              limits::epsilon(),
                              1.0f,
                              -1.0f,
                              0.1f,
                              1.0f / 3.0f,
                              0.4837261f,
                              -0.4837261f,
                              1e7f,
                              1.17549435e-38f,
                              16777216.0f,
                              16777217.0f,
                              123456789.0f,
                              1e-7f,
                              3.4e38f};
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::uint32_t> bits;
    while (values.size() < random_count + 23) {
        const float f = std::bit_cast<float>(bits(rng));
        if (std::isfinite(f)) values.push_back(f);
    }
    return values;
}

}  // namespace acoustream::testing
