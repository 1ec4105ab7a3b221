#pragma once
// Capture devices as PortAudio sees them, for `acoustream devices` and for
// resolving the microphone source's `device` setting.

#include <string>
#include <vector>

#include "audio/portaudio_session.hpp"

namespace acoustream::audio {

struct DeviceInfo {
    int index = -1;  // PortAudio device index (valid for this session only)
    std::string name;
    std::string host_api;
    int max_input_channels = 0;
    double default_sample_rate = 0.0;
    bool is_default = false;  // PortAudio's default input device
};

// Every device with at least one input channel. The session argument is proof
// that PortAudio is initialised.
std::vector<DeviceInfo> list_input_devices(const PortAudioSession& session);

// Human-readable table with a header line, one device per line; says so when
// there is none.
std::string format_device_table(const std::vector<DeviceInfo>& devices);

// Finds the device `spec` names: exact name, then a decimal index, then a
// unique case-insensitive substring; "default" with no device of that exact
// name means PortAudio's default input. Throws SourceError naming `spec` and
// listing the candidates when nothing or more than one device matches.
DeviceInfo resolve_input_device(const std::vector<DeviceInfo>& devices, const std::string& spec);

}  // namespace acoustream::audio
