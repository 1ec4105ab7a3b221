#pragma once
// Averages the last `count` power spectra (|amplitude|^2) bin by bin and
// reports the RMS amplitude; until `count` spectra have been added it
// averages over those it has.

#include <cstddef>
#include <span>
#include <vector>

namespace acoustream::spectral {

class PowerAverager {
public:
    PowerAverager(std::size_t bins, unsigned count);

    // Records the amplitudes of one spectrum (squared here).
    void add(std::span<const float> amplitudes);
    // sqrt(mean power) per bin over the spectra held; `out` has bins() entries.
    void rms_into(std::span<float> out);
    void reset() noexcept;

    [[nodiscard]] std::size_t bins() const noexcept { return bins_; }
    [[nodiscard]] std::size_t held() const noexcept { return held_; }

private:
    std::size_t bins_;
    std::vector<std::vector<float>> slots_;  // power spectra, a ring
    std::size_t next_ = 0;
    std::size_t held_ = 0;
    std::vector<double> sum_;  // scratch for rms_into, kept to avoid a per-call allocation
};

}  // namespace acoustream::spectral
