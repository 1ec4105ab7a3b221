#pragma once
// An AudioSource that plays a script: N frames of a counting ramp (sample i
// of the run has value i), optional errors at chosen reads, then end. An
// optional hook runs at the start of every read (with the read's index), on
// the acquisition thread: tests use it to act at an exact point of the run.

#include <atomic>
#include <functional>
#include <set>

#include "audio/audio_source.hpp"

namespace acoustream::testing {

class ScriptedSource final : public audio::AudioSource {
public:
    ScriptedSource(std::uint32_t rate, std::uint64_t total_samples,
                   std::set<int> failing_reads = {}, audio::Pacing pacing = audio::Pacing::clock)
        : rate_(rate), total_(total_samples), failing_(std::move(failing_reads)), pacing_(pacing) {}

    audio::ReadResult read(std::size_t max_samples) override {
        const int index = reads_++;
        if (on_read_) on_read_(index);
        if (failing_.count(index) != 0) return audio::ReadResult::error_result("scripted failure");
        if (produced_ >= total_) return audio::ReadResult::end_result();
        const auto n =
            static_cast<std::size_t>(std::min<std::uint64_t>(max_samples, total_ - produced_));
        audio::ReadResult r;
        r.a.resize(n);
        r.b.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            r.a[i] = static_cast<float>(produced_ + i);
            r.b[i] = -static_cast<float>(produced_ + i);
        }
        produced_ += n;
        return r;
    }
    [[nodiscard]] std::uint32_t sample_rate() const override { return rate_; }
    [[nodiscard]] int channel_count() const override { return 2; }
    [[nodiscard]] std::string name() const override { return "scripted"; }
    [[nodiscard]] audio::Pacing pacing() const override { return pacing_; }
    [[nodiscard]] int reads() const { return reads_.load(); }
    // Set before the daemon starts.
    void on_read(std::function<void(int)> hook) { on_read_ = std::move(hook); }

private:
    std::uint32_t rate_;
    std::uint64_t total_;
    std::set<int> failing_;
    audio::Pacing pacing_;
    std::uint64_t produced_ = 0;
    std::atomic<int> reads_{0};
    std::function<void(int)> on_read_;
};

}  // namespace acoustream::testing
