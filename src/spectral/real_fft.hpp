#pragma once
// A single-precision real-to-complex FFT of a fixed size: the FFTW plan and
// its aligned buffers are made once and owned here (RAII), then executed as
// often as needed. Fill input(), call execute(), read output() (size/2 + 1
// bins). Executing distinct RealFft objects concurrently is safe; planning is
// serialised internally.

#include <complex>
#include <cstddef>
#include <memory>
#include <span>

namespace acoustream::spectral {

class RealFft {
public:
    explicit RealFft(std::size_t size);
    ~RealFft();
    RealFft(RealFft&&) noexcept;
    RealFft& operator=(RealFft&&) noexcept;
    RealFft(const RealFft&) = delete;
    RealFft& operator=(const RealFft&) = delete;

    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] std::span<float> input() noexcept;
    [[nodiscard]] std::span<const std::complex<float>> output() const noexcept;
    void execute() noexcept;

private:
    struct Impl;
    std::size_t size_ = 0;
    std::unique_ptr<Impl> impl_;
};

}  // namespace acoustream::spectral
