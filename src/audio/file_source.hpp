#pragma once
// Replays a sound file (WAV, FLAC, OGG, anything libsndfile reads) as
// channels A and B, at the file's own sample rate.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "audio/audio_source.hpp"

// libsndfile's handle type (`SNDFILE` in sndfile.h), declared here so that
// users of FileSource do not need libsndfile's headers.
struct sf_private_tag;

namespace acoustream::audio {

struct FileOptions {
    std::string path;
    bool loop = false;     // restart at the beginning after the last sample
    bool realtime = true;  // false: the daemon reads as fast as it can
    // File channels feeding A and B when the file has two or more channels;
    // a mono file feeds both A and B from its only channel and ignores this.
    std::array<int, 2> channels{0, 1};
};

class FileSource final : public AudioSource {
public:
    // Opens the file; throws SourceError naming the path and the cause
    // (libsndfile's message, no frames, or a channel index out of range).
    explicit FileSource(FileOptions options);

    // `ok` with 1..max_samples samples; the block before the end of the file
    // carries the remainder. Blocks never straddle the loop point: with
    // `loop` the next read starts again at the first frame. Without `loop`,
    // `end` from then on. A read failure or a file shorter than its header
    // claims (truncated underneath) is reported once as `error` naming the
    // path, then handled as the end of the file.
    ReadResult read(std::size_t max_samples) override;

    [[nodiscard]] std::uint32_t sample_rate() const override { return sample_rate_; }
    [[nodiscard]] int channel_count() const override { return file_channels_; }
    [[nodiscard]] std::string name() const override { return "file"; }
    [[nodiscard]] Pacing pacing() const override {
        return options_.realtime ? Pacing::clock : Pacing::none;
    }

    [[nodiscard]] const FileOptions& options() const noexcept { return options_; }
    // Samples per channel in the file, as its header says.
    [[nodiscard]] std::uint64_t total_frames() const noexcept { return total_frames_; }
    // Frames read since the file was opened or last restarted by `loop`.
    [[nodiscard]] std::uint64_t position() const noexcept { return position_; }

private:
    struct Closer {
        void operator()(sf_private_tag* file) const noexcept;
    };

    ReadResult rewind_for_loop();

    FileOptions options_;
    std::unique_ptr<sf_private_tag, Closer> file_;
    std::uint32_t sample_rate_ = 0;
    int file_channels_ = 0;
    std::uint64_t total_frames_ = 0;
    std::uint64_t position_ = 0;
    bool ended_ = false;
    std::string pending_error_;  // reported by the next read
    std::vector<float> interleaved_;
};

}  // namespace acoustream::audio
