#pragma once
// The last `size` samples of one channel, oldest first: the sliding window
// the spectrum is taken over. Short frames accumulate; a frame at least as
// long as the window replaces it with its own last `size` samples.

#include <cstddef>
#include <span>
#include <vector>

namespace acoustream::spectral {

class SampleHistory {
public:
    explicit SampleHistory(std::size_t size) : samples_(size, 0.0F) {}

    void append(std::span<const float> block);
    void reset() noexcept { filled_ = 0; }

    // True once `size` samples have been appended since construction/reset.
    [[nodiscard]] bool full() const noexcept { return filled_ == samples_.size(); }
    [[nodiscard]] std::size_t filled() const noexcept { return filled_; }
    [[nodiscard]] std::size_t size() const noexcept { return samples_.size(); }
    // Oldest first; only the last filled() entries are meaningful.
    [[nodiscard]] std::span<const float> samples() const noexcept { return samples_; }

private:
    std::vector<float> samples_;
    std::size_t filled_ = 0;
};

}  // namespace acoustream::spectral
