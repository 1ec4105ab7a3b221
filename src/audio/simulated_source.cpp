#include "audio/simulated_source.hpp"

#include <cmath>
#include <numbers>
#include <sstream>

#include "audio/source_error.hpp"

namespace acoustream::audio {
namespace {

constexpr double two_pi = 2.0 * std::numbers::pi;

double wrap_unit(double cycles) noexcept {
    double fraction = cycles - std::floor(cycles);
    // Rounding can land exactly on 1.0 for tiny negative inputs.
    return fraction >= 1.0 ? 0.0 : fraction;
}

[[noreturn]] void reject(const std::string& option, const std::string& rule, double value) {
    std::ostringstream message;
    message << "simulated source: option '" << option << "' must be " << rule << ", got " << value;
    throw SourceError(message.str());
}

void check_range(const char* option, double value, double low, double high,
                 const std::string& rule) {
    if (!std::isfinite(value) || value < low || value > high) {
        reject(option, rule, value);
    }
}

void validate(const SimulatedOptions& options) {
    if (options.sample_rate == 0) {
        throw SourceError("simulated source: option 'sample_rate' must be > 0, got 0");
    }
    const double nyquist = options.sample_rate / 2.0;
    std::ostringstream nyquist_rule;
    nyquist_rule << "in [0, " << nyquist << "] Hz (sample_rate / 2)";
    const double inf = HUGE_VAL;
    check_range("frequency", options.frequency, 0.0, nyquist, nyquist_rule.str());
    check_range("amplitude", options.amplitude, 0.0, inf, "finite and >= 0");
    check_range("noise_amplitude", options.noise_amplitude, 0.0, inf, "finite and >= 0");
    check_range("phase_difference_deg", options.phase_difference_deg, -inf, inf, "finite");
    check_range("modulation_depth", options.modulation_depth, 0.0, 1.0, "in [0, 1]");
    check_range("modulation_frequency", options.modulation_frequency, 0.0, nyquist,
                nyquist_rule.str());
}

}  // namespace

double cycle_fraction(double frequency_hz, std::uint32_t sample_rate,
                      std::uint64_t sample_index) noexcept {
    if (sample_rate == 0 || !std::isfinite(frequency_hz)) {
        return 0.0;
    }
    if (frequency_hz < 0.0) {
        return wrap_unit(-cycle_fraction(-frequency_hz, sample_rate, sample_index));
    }
    // cycles = f * n / fs with f = whole + part and n = seconds * fs + rest.
    // whole * seconds is a whole number of cycles and drops out; whole * rest
    // is reduced modulo fs in integers, so no term grows with the run time
    // except part * seconds, which stays far below double precision limits.
    const double whole = std::floor(frequency_hz);
    const double part = frequency_hz - whole;
    const std::uint64_t rate = sample_rate;
    const std::uint64_t seconds = sample_index / rate;
    const std::uint64_t rest = sample_index % rate;
    // fmod is exact; the reduced value is < 2^32, so the product fits 64 bits.
    const auto whole_mod = static_cast<std::uint64_t>(std::fmod(whole, static_cast<double>(rate)));
    const std::uint64_t whole_cycles_num = (whole_mod * rest) % rate;
    const double cycles = static_cast<double>(whole_cycles_num) / static_cast<double>(rate) +
                          part * static_cast<double>(rest) / static_cast<double>(rate) +
                          wrap_unit(part * static_cast<double>(seconds));
    return wrap_unit(cycles);
}

SimulatedSource::SimulatedSource(SimulatedOptions options)
    : options_(options), rng_(options.seed), noise_(0.0, 1.0) {
    validate(options_);
}

ReadResult SimulatedSource::read(std::size_t max_samples) {
    if (max_samples == 0) {
        return ReadResult::error_result("simulated source: read of 0 samples requested");
    }
    ReadResult result;
    result.a.resize(max_samples);
    result.b.resize(max_samples);
    const double shift = options_.phase_difference_deg / 360.0;
    for (std::size_t i = 0; i < max_samples; ++i) {
        const std::uint64_t n = next_index_ + i;
        const double carrier = cycle_fraction(options_.frequency, options_.sample_rate, n);
        double envelope = options_.amplitude;
        if (options_.modulation_depth > 0.0) {
            const double mod =
                cycle_fraction(options_.modulation_frequency, options_.sample_rate, n);
            envelope *= 1.0 + options_.modulation_depth * std::sin(two_pi * mod);
        }
        // Draw A's noise then B's for every sample, so the sequence does not
        // depend on how reads are split into blocks.
        const double noise_a = options_.noise_amplitude * noise_(rng_);
        const double noise_b = options_.noise_amplitude * noise_(rng_);
        result.a[i] = static_cast<float>(envelope * std::sin(two_pi * carrier) + noise_a);
        result.b[i] =
            static_cast<float>(envelope * std::sin(two_pi * wrap_unit(carrier + shift)) + noise_b);
    }
    next_index_ += max_samples;
    return result;
}

}  // namespace acoustream::audio
