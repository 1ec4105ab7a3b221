#pragma once
// Analysis windows applied before the FFT, and the gains needed to turn the
// windowed FFT back into physical amplitudes.

#include <cstddef>
#include <string_view>
#include <vector>

namespace acoustream::spectral {

enum class WindowKind { hann, hamming, blackman, rectangular };

// "hann", "hamming", "blackman" or "rectangular" (the `spectral_window`
// config values); throws std::invalid_argument naming the rejected value.
WindowKind parse_window_kind(std::string_view name);
std::string_view to_string(WindowKind kind) noexcept;

// Periodic ("DFT-even") coefficients w[n], n = 0 .. size-1: a sine exactly on
// a bin then leaks into a fixed, small set of bins and its peak reads exactly
// the coherent gain, which the symmetric form would miss slightly.
std::vector<float> make_window(WindowKind kind, std::size_t size);

// sum(w): the factor an on-bin sinusoid's DFT bin is scaled by (times A/2).
double coherent_gain_sum(const std::vector<float>& window) noexcept;
// Equivalent noise bandwidth in bins: N * sum(w^2) / sum(w)^2 (Hann: 1.5).
double equivalent_noise_bandwidth(const std::vector<float>& window) noexcept;

}  // namespace acoustream::spectral
