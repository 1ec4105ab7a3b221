#pragma once
// Accepted ranges and names of every configuration setting (docs/configuration.md). The
// loader and validate_config() both check against these, so a value set by a
// command-line flag is held to the same rules as one read from a file.

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

#include "audio/audio_source.hpp"

namespace acoustream::config {

template <class T>
struct IntRange {
    T min;
    T max;
    [[nodiscard]] constexpr bool contains(T value) const noexcept {
        return value >= min && value <= max;
    }
};

namespace limits {

inline constexpr IntRange<std::uint16_t> kPort{0, 65535};
inline constexpr IntRange<std::size_t> kMaxConnections{1, 1'000'000};
inline constexpr IntRange<std::size_t> kMaxHeaderBytes{1024, 1024 * 1024};
inline constexpr IntRange<unsigned> kHeaderTimeoutSecs{1, 3600};
inline constexpr IntRange<unsigned> kThreads{1, 64};

inline constexpr IntRange<std::uint32_t> kSampleRate{1, 384'000};
inline constexpr double kMaxTargetFps = 1000.0;  // target_fps is in (0, kMaxTargetFps]
inline constexpr IntRange<std::uint32_t> kFrameSize{1, 1u << 20};
inline constexpr IntRange<int> kChannel{0, audio::kMaxChannelIndex};
inline constexpr IntRange<std::uint64_t> kSeed{0, std::numeric_limits<std::uint64_t>::max()};
inline constexpr double kMaxPhaseDifferenceDeg = 360.0;  // in [-360, 360]

inline constexpr IntRange<std::size_t> kBroadcastBufferSize{1, 100'000};
inline constexpr IntRange<unsigned> kSseTimeoutSecs{1, 3600};
inline constexpr IntRange<unsigned> kWriteTimeoutSecs{1, 3600};
inline constexpr IntRange<unsigned> kSseRetryMs{0, 3'600'000};
inline constexpr IntRange<unsigned> kMaxDegradeDecimate{2, 1024};
inline constexpr IntRange<unsigned> kLeewaySecs{0, 600};
inline constexpr IntRange<std::size_t> kClientMaxQueueBytes{1024, std::size_t{1} << 32};
// 0 (kernel autotuning) or 4 KiB .. 64 MiB.
inline constexpr IntRange<std::size_t> kSocketSendBufferBytes{0, std::size_t{64} << 20};
inline constexpr std::size_t kMinSocketSendBufferBytes = 4096;
inline constexpr IntRange<std::uint32_t> kSpectralWindowSize{16, 1u << 20};  // power of two
inline constexpr IntRange<unsigned> kSpectralAverages{1, 1000};

inline constexpr IntRange<std::uint64_t> kRotateSecs{0, 366ULL * 86400};
// 0 (no size limit) or 64 KiB .. 1 PiB.
inline constexpr IntRange<std::uint64_t> kRotateBytes{0, 1ULL << 50};
inline constexpr std::uint64_t kMinRotateBytes = 64 * 1024;
inline constexpr IntRange<std::uint64_t> kMaxTotalBytes{0, 1ULL << 60};
inline constexpr double kMaxQueueSecs = 3600.0;  // queue_secs is in (0, kMaxQueueSecs]
// The recorder's queue holds queue_secs of 2 float channels at most this much.
inline constexpr std::uint64_t kMaxRecordingQueueBytes = std::uint64_t{4} << 30;
inline constexpr std::array<std::string_view, 2> kRecordingFormats{"flac", "wav"};

// The ring retains broadcast_buffer_size frames of 2 float channels; past this
// the configuration would ask for more memory than a small host has.
inline constexpr std::uint64_t kMaxRingBytes = std::uint64_t{4} << 30;

inline constexpr std::array<std::string_view, 3> kSources{"simulated", "file", "microphone"};
inline constexpr std::array<std::string_view, 3> kSlowClientPolicies{"lag", "disconnect",
                                                                     "degrade"};
inline constexpr std::array<std::string_view, 4> kSpectralWindows{"hann", "hamming", "blackman",
                                                                  "rectangular"};
inline constexpr std::array<std::string_view, 7> kLogLevels{"trace", "debug",    "info", "warn",
                                                            "error", "critical", "off"};
inline constexpr std::array<std::string_view, 2> kLogFormats{"text", "json"};

}  // namespace limits
}  // namespace acoustream::config
