#include "app/source_factory.hpp"

#include <spdlog/spdlog.h>

#include <cmath>

#include "audio/file_source.hpp"
#include "audio/microphone_source.hpp"
#include "audio/simulated_source.hpp"
#include "audio/source_error.hpp"

namespace acoustream::app {

std::unique_ptr<audio::AudioSource> make_source(const config::Config& config,
                                                const std::shared_ptr<spdlog::logger>& logger) {
    const auto& acq = config.acquisition;
    if (acq.source == "simulated") {
        audio::SimulatedOptions o;
        o.sample_rate = acq.sample_rate;
        o.frequency = acq.simulated.frequency;
        o.amplitude = acq.simulated.amplitude;
        o.noise_amplitude = acq.simulated.noise_amplitude;
        o.phase_difference_deg = acq.simulated.phase_difference_deg;
        o.seed = acq.simulated.seed;
        o.modulation_depth = acq.simulated.modulation_depth;
        o.modulation_frequency = acq.simulated.modulation_frequency;
        return std::make_unique<audio::SimulatedSource>(o);
    }
    if (acq.source == "file") {
        if (!acq.file.path || acq.file.path->empty())
            throw audio::SourceError(
                "acquisition.file.path: no audio file given (use --file PATH)");
        audio::FileOptions o;
        o.path = *acq.file.path;
        o.loop = acq.file.loop;
        o.realtime = acq.file.realtime;
        o.channels = acq.file.channels;
        return std::make_unique<audio::FileSource>(o);
    }
    if (acq.source == "microphone") {
        audio::MicrophoneOptions o;
        o.device = acq.microphone.device;
        o.channels = acq.microphone.channels;
        o.sample_rate = acq.sample_rate;
        o.block_hint = 0;
        // ALSA/JACK chatter goes to the log (debug), never raw onto stderr.
        auto sink = [logger](std::string_view library, std::string_view message) {
            logger->debug("{}: {}", library, message);
        };
        return std::make_unique<audio::MicrophoneSource>(o, sink);
    }
    throw audio::SourceError("acquisition.source: unknown source \"" + acq.source +
                             "\" (simulated, file, microphone)");
}

std::size_t frame_size_for(const config::AcquisitionConfig& acquisition,
                           std::uint32_t source_rate) {
    if (acquisition.frame_size) return *acquisition.frame_size;
    const double n = std::round(static_cast<double>(source_rate) / acquisition.target_fps);
    return static_cast<std::size_t>(std::max(1.0, n));
}

}  // namespace acoustream::app
