#pragma once
// Independent references for the spectral tests: a direct (O(N) per bin)
// DFT in double precision and textbook window formulas, plus signal makers.

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "audio/audio_frame.hpp"

namespace acoustream::testing {

inline constexpr double kPi = std::numbers::pi;

// Periodic window, written out per kind from the textbook definitions.
inline double reference_window(const std::string& kind, std::size_t n, std::size_t size) {
    const double x = 2.0 * kPi * static_cast<double>(n) / static_cast<double>(size);
    if (kind == "hann") return 0.5 * (1.0 - std::cos(x));
    if (kind == "hamming") return 0.54 - 0.46 * std::cos(x);
    if (kind == "blackman") return 0.42 - 0.5 * std::cos(x) + 0.08 * std::cos(2.0 * x);
    return 1.0;
}

// Single-sided amplitude and phase of bin k of x (windowed), computed directly.
struct RefBin {
    double amplitude;
    double phase;
};

inline RefBin reference_bin(const std::vector<float>& x, const std::string& kind, std::size_t k) {
    const std::size_t n_total = x.size();
    std::complex<double> acc{0.0, 0.0};
    double s1 = 0.0;
    for (std::size_t n = 0; n < n_total; ++n) {
        const double w = reference_window(kind, n, n_total);
        s1 += w;
        const double angle =
            -2.0 * kPi * static_cast<double>(k * n % n_total) / static_cast<double>(n_total);
        acc += static_cast<double>(x[n]) * w * std::polar(1.0, angle);
    }
    const bool edge = (k == 0 || k == n_total / 2);
    return {std::abs(acc) * (edge ? 1.0 : 2.0) / s1, std::arg(acc)};
}

// A cos(2 pi cycles n / N + phase) for n = first .. first+count-1, where
// `cycles` is the frequency in bins of an N-point window.
inline std::vector<float> tone(double amplitude, double cycles, std::size_t window,
                               std::size_t count, double phase = 0.0, std::size_t first = 0) {
    std::vector<float> x(count);
    for (std::size_t i = 0; i < count; ++i) {
        const double n = static_cast<double>(first + i);
        x[i] = static_cast<float>(
            amplitude * std::cos(2.0 * kPi * cycles * n / static_cast<double>(window) + phase));
    }
    return x;
}

inline std::vector<float> gaussian_noise(std::size_t count, double sigma, std::uint32_t seed) {
    std::mt19937 gen(seed);
    std::normal_distribution<double> dist(0.0, sigma);
    std::vector<float> x(count);
    for (auto& v : x) v = static_cast<float>(dist(gen));
    return x;
}

inline audio::AudioFrame make_frame(std::vector<float> a, std::vector<float> b,
                                    std::uint64_t number = 0, std::uint32_t rate = 48000) {
    audio::AudioFrame f;
    f.channel_a = std::move(a);
    f.channel_b = std::move(b);
    f.sample_rate = rate;
    f.frame_number = number;
    f.timestamp = 1'700'000'000'000ULL + number * 33;
    return f;
}

inline std::vector<float> slice(const std::vector<float>& x, std::size_t first, std::size_t count) {
    return {x.begin() + static_cast<std::ptrdiff_t>(first),
            x.begin() + static_cast<std::ptrdiff_t>(first + count)};
}

inline std::size_t argmax(const std::vector<float>& v, std::size_t from = 0,
                          std::size_t to = static_cast<std::size_t>(-1)) {
    to = std::min(to, v.size());
    std::size_t best = from;
    for (std::size_t i = from; i < to; ++i)
        if (v[i] > v[best]) best = i;
    return best;
}

}  // namespace acoustream::testing
