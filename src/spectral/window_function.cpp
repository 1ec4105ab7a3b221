#include "spectral/window_function.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace acoustream::spectral {

WindowKind parse_window_kind(std::string_view name) {
    if (name == "hann") return WindowKind::hann;
    if (name == "hamming") return WindowKind::hamming;
    if (name == "blackman") return WindowKind::blackman;
    if (name == "rectangular") return WindowKind::rectangular;
    throw std::invalid_argument("spectral_window: unknown window \"" + std::string(name) +
                                "\" (expected hann, hamming, blackman or rectangular)");
}

std::string_view to_string(WindowKind kind) noexcept {
    switch (kind) {
        case WindowKind::hann:
            return "hann";
        case WindowKind::hamming:
            return "hamming";
        case WindowKind::blackman:
            return "blackman";
        case WindowKind::rectangular:
            return "rectangular";
    }
    return "unknown";
}

std::vector<float> make_window(WindowKind kind, std::size_t size) {
    // Cosine-sum windows: w[n] = a0 - a1 cos(x) + a2 cos(2x), x = 2 pi n / N.
    double a0 = 1.0;
    double a1 = 0.0;
    double a2 = 0.0;
    switch (kind) {
        case WindowKind::hann:
            a0 = 0.5;
            a1 = 0.5;
            break;
        case WindowKind::hamming:
            a0 = 0.54;
            a1 = 0.46;
            break;
        case WindowKind::blackman:
            a0 = 0.42;
            a1 = 0.5;
            a2 = 0.08;
            break;
        case WindowKind::rectangular:
            break;
    }
    std::vector<float> w(size);
    const double step = 2.0 * std::numbers::pi / static_cast<double>(size);
    for (std::size_t n = 0; n < size; ++n) {
        const double x = step * static_cast<double>(n);
        w[n] = static_cast<float>(a0 - a1 * std::cos(x) + a2 * std::cos(2.0 * x));
    }
    return w;
}

double coherent_gain_sum(const std::vector<float>& window) noexcept {
    double sum = 0.0;
    for (float v : window) sum += v;
    return sum;
}

double equivalent_noise_bandwidth(const std::vector<float>& window) noexcept {
    double s1 = 0.0;
    double s2 = 0.0;
    for (float v : window) {
        s1 += v;
        s2 += static_cast<double>(v) * v;
    }
    return s1 == 0.0 ? 0.0 : static_cast<double>(window.size()) * s2 / (s1 * s1);
}

}  // namespace acoustream::spectral
