#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "audio/device_list.hpp"
#include "audio/microphone_lab.hpp"
#include "audio/portaudio_session.hpp"
#include "audio/source_error.hpp"

namespace acoustream::audio {
namespace {

std::vector<DeviceInfo> sample_devices() {
    return {
        DeviceInfo{0, "HDA Intel PCH: ALC3246 Analog (hw:0,0)", "ALSA", 2, 44100.0, false},
        DeviceInfo{3, "USB Audio: Cell Mic (hw:1,0)", "ALSA", 4, 48000.0, false},
        DeviceInfo{5, "pulse", "ALSA", 32, 44100.0, false},
        DeviceInfo{7, "sysdefault", "ALSA", 128, 48000.0, true},
    };
}

std::string resolve_error(const std::vector<DeviceInfo>& devices, const std::string& spec) {
    try {
        resolve_input_device(devices, spec);
    } catch (const SourceError& e) {
        return e.what();
    }
    return "(no SourceError)";
}

TEST(MicrophoneDeviceResolve, ExactNameWins) {
    EXPECT_EQ(resolve_input_device(sample_devices(), "pulse").index, 5);
}

TEST(MicrophoneDeviceResolve, DecimalIndex) {
    EXPECT_EQ(resolve_input_device(sample_devices(), "3").name, "USB Audio: Cell Mic (hw:1,0)");
}

TEST(MicrophoneDeviceResolve, UniqueCaseInsensitiveSubstring) {
    EXPECT_EQ(resolve_input_device(sample_devices(), "cell mic").index, 3);
}

TEST(MicrophoneDeviceResolve, DefaultMeansTheDefaultInputUnlessANameMatchesExactly) {
    EXPECT_EQ(resolve_input_device(sample_devices(), "default").index, 7);
    auto devices = sample_devices();
    devices.push_back(DeviceInfo{9, "default", "ALSA", 64, 44100.0, false});
    EXPECT_EQ(resolve_input_device(devices, "default").index, 9);
}

TEST(MicrophoneDeviceResolve, AmbiguousSubstringListsTheMatches) {
    const std::string what = resolve_error(sample_devices(), "HW:");
    EXPECT_NE(what.find("'HW:' is ambiguous"), std::string::npos) << what;
    EXPECT_NE(what.find("0: 'HDA Intel PCH"), std::string::npos) << what;
    EXPECT_NE(what.find("3: 'USB Audio"), std::string::npos) << what;
    EXPECT_EQ(what.find("pulse"), std::string::npos) << what;
}

TEST(MicrophoneDeviceResolve, UnknownNameListsAllCandidates) {
    const std::string what = resolve_error(sample_devices(), "focusrite");
    EXPECT_NE(what.find("'focusrite'"), std::string::npos) << what;
    EXPECT_NE(what.find("5: 'pulse'"), std::string::npos) << what;
    EXPECT_NE(what.find("7: 'sysdefault'"), std::string::npos) << what;
}

TEST(MicrophoneDeviceResolve, UnknownIndexAndEmptyList) {
    EXPECT_NE(resolve_error(sample_devices(), "4").find("no input device has index 4"),
              std::string::npos);
    EXPECT_NE(resolve_error({}, "default").find("no input devices found"), std::string::npos);
}

TEST(MicrophoneDeviceTable, OneAlignedLinePerDevice) {
    const std::string table = format_device_table(sample_devices());
    EXPECT_EQ(table,
              "INDEX DEFAULT CHANNELS     RATE  HOST API  NAME\n"
              "    0                2    44100  ALSA      HDA Intel PCH: ALC3246 Analog (hw:0,0)\n"
              "    3                4    48000  ALSA      USB Audio: Cell Mic (hw:1,0)\n"
              "    5               32    44100  ALSA      pulse\n"
              "    7 *            128    48000  ALSA      sysdefault\n");
    EXPECT_EQ(format_device_table({}), "no input devices found\n");
}

TEST(MicrophoneDeviceList, ListsTheLabDevice) {
    testing::LabMicrophone::instance().restore_device();
    PortAudioSession session;
    const std::vector<DeviceInfo> devices = list_input_devices(session);
    const DeviceInfo* labmic = nullptr;
    for (const DeviceInfo& d : devices) {
        EXPECT_GT(d.max_input_channels, 0) << d.name;
        if (d.name == "labmic") {
            labmic = &d;
        }
    }
    ASSERT_NE(labmic, nullptr) << format_device_table(devices);
    EXPECT_EQ(labmic->host_api, "ALSA");
    EXPECT_GE(labmic->max_input_channels, 2);
    EXPECT_NE(format_device_table(devices).find("labmic"), std::string::npos);
}

TEST(MicrophoneDeviceList, LibraryNoiseGoesToTheSinkNotToStderr) {
    testing::LabMicrophone::instance().restore_device();
    std::vector<std::string> libraries;
    ::testing::internal::CaptureStderr();
    {
        PortAudioSession session([&](std::string_view library, std::string_view message) {
            EXPECT_FALSE(message.empty());
            libraries.emplace_back(library);
        });
    }
    {
        PortAudioSession quiet;  // default sink: dropped
    }
    const std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(err, "");
    // With no sound card ALSA complains about the missing cards it probes.
    EXPECT_NE(std::find(libraries.begin(), libraries.end(), "alsa"), libraries.end());
}

}  // namespace
}  // namespace acoustream::audio
