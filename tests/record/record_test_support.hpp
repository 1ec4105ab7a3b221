#pragma once
// Helpers for the recorder's tests: frames to publish and a sound file read
// back through libsndfile (a private directory: audio/sound_files.hpp).

#include <sndfile.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "audio/audio_frame.hpp"
#include "audio/sound_files.hpp"

namespace acoustream::testing {

// Frame `number` of a 1 kHz stream with `samples` per frame; values are
// distinct per sample so a missing or repeated one shows.
inline audio::FramePtr make_frame(std::uint64_t number, std::size_t samples, std::uint64_t t0 = 0,
                                  std::uint32_t rate = 1000) {
    auto f = std::make_shared<audio::AudioFrame>();
    f->sample_rate = rate;
    f->frame_number = number;
    f->timestamp = 1'700'000'000'000ULL + t0 + number * samples * 1000 / rate;
    for (std::size_t i = 0; i < samples; ++i) {
        const auto k = static_cast<float>(number * samples + i);
        // Multiples of 2^-15: exact in 16 bits, so FLAC must return them exactly.
        f->channel_a.push_back(static_cast<float>(static_cast<int>(k) % 60000 - 30000) / 32768.0f);
        f->channel_b.push_back(-f->channel_a.back() * 0.5f);
    }
    return f;
}

struct ReadBack {
    int sample_rate = 0;
    int channels = 0;
    int format = 0;
    std::vector<float> interleaved;
};

inline ReadBack read_sound(const std::filesystem::path& path) {
    SF_INFO info{};
    SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
    if (!f) throw std::runtime_error("cannot read " + path.string() + ": " + sf_strerror(nullptr));
    ReadBack r{info.samplerate, info.channels, info.format, {}};
    std::vector<float> block(4096 * 2);
    for (;;) {
        const auto n = sf_readf_float(f, block.data(), 4096);
        if (n <= 0) break;
        r.interleaved.insert(r.interleaved.end(), block.begin(), block.begin() + n * info.channels);
    }
    sf_close(f);
    return r;
}

}  // namespace acoustream::testing
