#include "spectral/sample_history.hpp"

#include <algorithm>

namespace acoustream::spectral {

void SampleHistory::append(std::span<const float> block) {
    const std::size_t n = samples_.size();
    if (block.size() >= n) {
        std::copy(block.end() - static_cast<std::ptrdiff_t>(n), block.end(), samples_.begin());
        filled_ = n;
        return;
    }
    // Shift left by the block length (a linear copy keeps the window
    // contiguous for the FFT input; it costs less than the FFT itself).
    const auto m = static_cast<std::ptrdiff_t>(block.size());
    std::copy(samples_.begin() + m, samples_.end(), samples_.begin());
    std::copy(block.begin(), block.end(), samples_.end() - m);
    filled_ = std::min(n, filled_ + block.size());
}

}  // namespace acoustream::spectral
