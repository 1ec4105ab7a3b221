#pragma once
// Builds the configured AudioSource. PortAudio is only touched (initialised)
// when the microphone source is chosen.

#include <memory>

#include "audio/audio_source.hpp"
#include "config/config.hpp"

namespace spdlog {
class logger;
}

namespace acoustream::app {

// Throws audio::SourceError naming the path or device when the source cannot
// be opened.
std::unique_ptr<audio::AudioSource> make_source(const config::Config& config,
                                                const std::shared_ptr<spdlog::logger>& logger);

// Samples per frame for a source running at `source_rate` (a file's own rate
// may differ from acquisition.sample_rate).
std::size_t frame_size_for(const config::AcquisitionConfig& acquisition, std::uint32_t source_rate);

}  // namespace acoustream::app
