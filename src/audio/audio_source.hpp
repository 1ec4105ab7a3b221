#pragma once
// The boundary between the acquisition daemon and where samples come from
// (simulator, file, capture device). Sources are used from one thread.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace acoustream::audio {

struct ReadResult {
    enum class Status {
        ok,       // `a` and `b` hold 1..max_samples samples each
        pending,  // device source: no full block yet; call again (lets stop() act)
        end,      // the source has no more data (end of a non-looping file)
        error,    // transient or device failure; `error` says why; retry later
    };
    Status status = Status::ok;
    std::vector<float> a;
    std::vector<float> b;
    std::string error;

    static ReadResult pending_result() { return {Status::pending, {}, {}, {}}; }
    static ReadResult end_result() { return {Status::end, {}, {}, {}}; }
    static ReadResult error_result(std::string why) {
        return {Status::error, {}, {}, std::move(why)};
    }
};

// Highest device or file channel index a source may be asked to map to A or
// B: the one limit the configuration and the sources share.
inline constexpr int kMaxChannelIndex = 255;

// How the acquisition daemon times a source's reads.
enum class Pacing {
    device,  // the source delivers at its own pace (a capture device): read as data arrives
    clock,   // clock-less: read on absolute deadlines derived from the sample count
    none,    // read as fast as possible (a file with realtime: false)
};

class AudioSource {
public:
    virtual ~AudioSource() = default;

    // Reads the next block of at most `max_samples` samples per channel.
    // Clock-less sources return immediately; device sources wait at most
    // about one block period and return `pending` when nothing is ready.
    virtual ReadResult read(std::size_t max_samples) = 0;

    [[nodiscard]] virtual std::uint32_t sample_rate() const = 0;
    // Channels of the underlying stream (the frame always carries A and B).
    [[nodiscard]] virtual int channel_count() const = 0;
    [[nodiscard]] virtual std::string name() const = 0;
    [[nodiscard]] virtual Pacing pacing() const = 0;
};

}  // namespace acoustream::audio
