#pragma once
// streaming.slow_client_policy: degrade (docs/configuration.md): the audio
// resolution of one stream, driven by what its client actually reads. When the
// audio queued for the client passes half its byte bound, the decimation factor
// doubles (up to the cap); once the client has kept up (at most one frame
// queued) for `recover_after` since the last change, it halves again. Past the
// cap the byte bound applies as under `lag`. Time is passed in, so it is
// tested without a clock.
//
// Thread-safety: one controller per stream, used by that stream's thread only.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace acoustream::http {

class DegradeController {
public:
    using Clock = std::chrono::steady_clock;

    struct Options {
        std::size_t max_queue_bytes = std::size_t{16} << 20;  // the client's byte bound
        unsigned max_factor = 16;                             // streaming.max_degrade_decimate
        std::chrono::milliseconds recover_after{2000};
    };

    explicit DegradeController(Options options) : options_(options) {}

    // Called before each drain with the bytes and frames queued for the
    // client; returns the new factor when it changes.
    std::optional<unsigned> update(std::uint64_t queued_bytes, std::uint64_t queued_frames,
                                   Clock::time_point now) {
        if (queued_frames > 1) calm_since_ = now;
        if (queued_bytes > options_.max_queue_bytes / 2) {
            // One step per event sent at the current factor: the queue's
            // estimate only shrinks once events of the new size went out.
            if (factor_ >= options_.max_factor || !sent_since_change_) return std::nullopt;
            return change(factor_ * 2 > options_.max_factor ? options_.max_factor : factor_ * 2,
                          now);
        }
        if (factor_ > 1 && queued_frames <= 1 && now - calm_since_ >= options_.recover_after &&
            now - changed_at_ >= options_.recover_after)
            return change(factor_ / 2, now);
        return std::nullopt;
    }

    // An event at the current factor went out.
    void sent() noexcept { sent_since_change_ = true; }

    [[nodiscard]] unsigned factor() const noexcept { return factor_; }

private:
    unsigned change(unsigned factor, Clock::time_point now) {
        factor_ = factor < 1 ? 1 : factor;
        changed_at_ = now;
        calm_since_ = now;
        sent_since_change_ = false;
        return factor_;
    }

    Options options_;
    unsigned factor_ = 1;
    bool sent_since_change_ = true;
    Clock::time_point changed_at_{};
    Clock::time_point calm_since_{};
};

}  // namespace acoustream::http
