#include "audio/device_list.hpp"

#include <portaudio.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <sstream>

#include "audio/source_error.hpp"
#include "text/ascii.hpp"

namespace acoustream::audio {
namespace {

// A device index: digits only, at most 9 of them (so it fits an int).
std::optional<int> device_index(const std::string& spec) {
    const auto value = spec.size() <= 9 ? text::parse_u64(spec) : std::nullopt;
    if (!value) return std::nullopt;
    return static_cast<int>(*value);
}

std::string describe(const DeviceInfo& d) { return std::to_string(d.index) + ": '" + d.name + "'"; }

std::string candidate_list(const std::vector<const DeviceInfo*>& devices) {
    if (devices.empty()) {
        return "no input devices found";
    }
    std::string out;
    for (const DeviceInfo* d : devices) {
        out += (out.empty() ? "" : ", ") + describe(*d);
    }
    return out;
}

std::vector<const DeviceInfo*> all_of(const std::vector<DeviceInfo>& devices) {
    std::vector<const DeviceInfo*> out;
    for (const DeviceInfo& d : devices) {
        out.push_back(&d);
    }
    return out;
}

std::string rate_text(double rate) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", rate);
    return buf;
}

}  // namespace

std::vector<DeviceInfo> list_input_devices(const PortAudioSession& /*session*/) {
    std::vector<DeviceInfo> devices;
    const PaDeviceIndex count = Pa_GetDeviceCount();
    const PaDeviceIndex default_input = Pa_GetDefaultInputDevice();
    for (PaDeviceIndex i = 0; i < count; ++i) {
        const PaDeviceInfo* info = Pa_GetDeviceInfo(i);
        if (info == nullptr || info->maxInputChannels <= 0) {
            continue;
        }
        const PaHostApiInfo* api = Pa_GetHostApiInfo(info->hostApi);
        devices.push_back(DeviceInfo{i, info->name ? info->name : "", api ? api->name : "?",
                                     info->maxInputChannels, info->defaultSampleRate,
                                     i == default_input});
    }
    return devices;
}

std::string format_device_table(const std::vector<DeviceInfo>& devices) {
    if (devices.empty()) {
        return "no input devices found\n";
    }
    std::size_t api_width = 8;  // "HOST API"
    for (const DeviceInfo& d : devices) {
        api_width = std::max(api_width, d.host_api.size());
    }
    std::ostringstream out;
    char line[64];
    std::snprintf(line, sizeof line, "%5s %-7s %8s %8s  ", "INDEX", "DEFAULT", "CHANNELS", "RATE");
    out << line << "HOST API" << std::string(api_width - 8, ' ') << "  NAME\n";
    for (const DeviceInfo& d : devices) {
        std::snprintf(line, sizeof line, "%5d %-7s %8d %8s  ", d.index, d.is_default ? "*" : "",
                      d.max_input_channels, rate_text(d.default_sample_rate).c_str());
        out << line << d.host_api << std::string(api_width - d.host_api.size(), ' ') << "  "
            << d.name << '\n';
    }
    return out.str();
}

DeviceInfo resolve_input_device(const std::vector<DeviceInfo>& devices, const std::string& spec) {
    for (const DeviceInfo& d : devices) {
        if (d.name == spec) {
            return d;
        }
    }
    if (const auto index = device_index(spec)) {
        for (const DeviceInfo& d : devices) {
            if (d.index == *index) {
                return d;
            }
        }
        throw SourceError("microphone device '" + spec + "': no input device has index " + spec +
                          " (candidates: " + candidate_list(all_of(devices)) + ")");
    }
    if (spec == "default") {
        for (const DeviceInfo& d : devices) {
            if (d.is_default) {
                return d;
            }
        }
    }
    std::vector<const DeviceInfo*> matches;
    const std::string needle = text::ascii_lower(spec);
    if (!needle.empty()) {
        for (const DeviceInfo& d : devices) {
            if (text::ascii_lower(d.name).find(needle) != std::string::npos) {
                matches.push_back(&d);
            }
        }
    }
    if (matches.size() == 1) {
        return *matches.front();
    }
    if (matches.empty()) {
        throw SourceError("microphone device '" + spec + "': no such input device (candidates: " +
                          candidate_list(all_of(devices)) + ")");
    }
    throw SourceError("microphone device '" + spec + "' is ambiguous: it matches " +
                      candidate_list(matches) + "; use the full name or the index");
}

}  // namespace acoustream::audio
