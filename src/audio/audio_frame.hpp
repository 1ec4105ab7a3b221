#pragma once
// One published block of two-channel audio. Immutable once published and
// shared by reference (FramePtr) between every consumer.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace acoustream::audio {

struct AudioFrame {
    std::vector<float> channel_a;
    std::vector<float> channel_b;
    std::uint32_t sample_rate = 0;
    // Unix epoch milliseconds of the frame's first sample.
    std::uint64_t timestamp = 0;
    // 0 for the first frame of a run, +1 per frame, never reused.
    std::uint64_t frame_number = 0;

    [[nodiscard]] std::size_t samples() const noexcept { return channel_a.size(); }
    [[nodiscard]] double duration_ms() const noexcept {
        return sample_rate == 0 ? 0.0 : static_cast<double>(samples()) * 1000.0 / sample_rate;
    }
};

using FramePtr = std::shared_ptr<const AudioFrame>;

}  // namespace acoustream::audio
