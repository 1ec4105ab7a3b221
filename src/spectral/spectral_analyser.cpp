#include "spectral/spectral_analyser.hpp"

#include <bit>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>

namespace acoustream::spectral {

void validate(const AnalyserOptions& options) {
    const auto n = options.window_size;
    if (n < 16 || n > kMaxWindowSize || !std::has_single_bit(n)) {
        throw std::invalid_argument("spectral_window_size must be a power of two from 16 to " +
                                    std::to_string(kMaxWindowSize) + " (got " + std::to_string(n) +
                                    ")");
    }
    if (options.averages < 1 || options.averages > kMaxAverages) {
        throw std::invalid_argument("spectral_averages must be from 1 to " +
                                    std::to_string(kMaxAverages) + " (got " +
                                    std::to_string(options.averages) + ")");
    }
}

namespace {

AnalyserOptions checked(AnalyserOptions options) {
    validate(options);
    return options;
}

std::vector<float> bin_scale(const std::vector<float>& window) {
    // |X_k| of a windowed sine of amplitude A on bin k is A * sum(w) / 2, and
    // DC / Nyquist have no mirror image: so 2/sum(w) inside, 1/sum(w) at the ends.
    const double s1 = coherent_gain_sum(window);
    const std::size_t bins = window.size() / 2 + 1;
    std::vector<float> scale(bins, static_cast<float>(2.0 / s1));
    scale.front() = static_cast<float>(1.0 / s1);
    scale.back() = static_cast<float>(1.0 / s1);
    return scale;
}

void check_frame(const audio::AudioFrame& frame) {
    const std::string where =
        "spectral analyser: audio frame " + std::to_string(frame.frame_number);
    if (frame.channel_a.size() != frame.channel_b.size()) {
        throw std::invalid_argument(where + " has " + std::to_string(frame.channel_a.size()) +
                                    " samples on channel A but " +
                                    std::to_string(frame.channel_b.size()) + " on channel B");
    }
    if (frame.sample_rate == 0 && !frame.channel_a.empty()) {
        throw std::invalid_argument(where + " has sample_rate 0");
    }
}

}  // namespace

SpectralAnalyser::SpectralAnalyser(AnalyserOptions options)
    : options_(checked(options)),
      window_(make_window(options_.window, options_.window_size)),
      scale_(bin_scale(window_)),
      fft_(options_.window_size),
      history_a_(options_.window_size),
      history_b_(options_.window_size),
      average_a_(bins(), options_.averages),
      average_b_(bins(), options_.averages) {}

void SpectralAnalyser::reset() noexcept {
    history_a_.reset();
    history_b_.reset();
    average_a_.reset();
    average_b_.reset();
    sample_rate_ = 0;
}

SpectralPtr SpectralAnalyser::push(const audio::AudioFrame& frame) {
    check_frame(frame);
    if (frame.channel_a.empty()) return nullptr;
    if (frame.sample_rate != sample_rate_) {
        reset();
        sample_rate_ = frame.sample_rate;
    }
    history_a_.append(frame.channel_a);
    history_b_.append(frame.channel_b);
    if (!history_a_.full()) return nullptr;

    auto out = std::make_shared<SpectralFrame>();
    out->sample_rate = sample_rate_;
    out->window_size = options_.window_size;
    out->frame_number = frame.frame_number;
    out->timestamp = frame.timestamp;
    analyse(history_a_, average_a_, out->magnitude_a, out->phase_a);
    analyse(history_b_, average_b_, out->magnitude_b, out->phase_b);
    return out;
}

void SpectralAnalyser::analyse(const SampleHistory& history, PowerAverager& averager,
                               std::vector<float>& magnitude, std::vector<float>& phase) {
    const auto samples = history.samples();
    const auto in = fft_.input();
    for (std::size_t n = 0; n < in.size(); ++n) in[n] = samples[n] * window_[n];
    fft_.execute();
    const auto spectrum = fft_.output();
    const std::size_t k_end = bins();
    magnitude.resize(k_end);
    phase.resize(k_end);
    for (std::size_t k = 0; k < k_end; ++k) {
        // |X| in double: no overflow for any float input, and cheaper than hypotf.
        const double re = spectrum[k].real();
        const double im = spectrum[k].imag();
        magnitude[k] = static_cast<float>(std::sqrt(re * re + im * im) * scale_[k]);
        phase[k] = std::arg(spectrum[k]);
    }
    if (options_.averages > 1) {
        averager.add(magnitude);
        averager.rms_into(magnitude);
    }
}

}  // namespace acoustream::spectral
