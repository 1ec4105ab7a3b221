#pragma once
// A real ALSA capture device for tests on a machine without a sound card.
//
// `labmic` is ALSA's `file` plugin (wrapped in `plug`, S16_LE stereo 48 kHz)
// whose input file is a FIFO that a feeder thread fills at 48 kHz with a known
// signal, so samples travel through ALSA and PortAudio's ALSA backend for
// real. A FIFO rather than a regular file because the file plugin's `null`
// slave has no clock: a regular file would be read as fast as the CPU allows,
// while the FIFO paces capture and lets a test stall or remove the device.
//
// Frame k of the signal is left = (k mod 32768) - 16384 and
// right = (k mod 32768) / 2 + 100 (as S16), so every captured frame names its
// own position and the two channels cannot be mistaken for each other.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace acoustream::testing {

std::int16_t lab_left(std::uint64_t k);
std::int16_t lab_right(std::uint64_t k);

struct PatternCheck {
    std::size_t frames = 0;
    std::size_t invalid = 0;  // frames that are not a frame of the signal
    // Frames ALSA's file plugin did not fill on a short read of the FIFO when
    // the feeder thread is starved (a loaded machine): the buffer's previous
    // content, zeros or, under AddressSanitizer, its 0xbe malloc fill. They
    // are dropouts of the test device, not wrong data.
    std::size_t silent = 0;
    std::size_t longest_run = 0;  // longest stretch of consecutive frames k, k+1, ...
    std::string first_problem;
};

// Checks that (left[i], right[i]) are frames of the lab signal scaled by 1/32768.
PatternCheck check_pattern(const std::vector<float>& left, const std::vector<float>& right);

class LabMicrophone {
public:
    // The process-wide lab device. The first call writes the ALSA config into
    // a temp dir and sets ALSA_CONFIG_PATH, so it must come before PortAudio
    // is first initialised in the process.
    static LabMicrophone& instance();

    ~LabMicrophone();
    LabMicrophone(const LabMicrophone&) = delete;
    LabMicrophone& operator=(const LabMicrophone&) = delete;

    [[nodiscard]] const std::string& fifo_path() const { return fifo_path_; }

    // Stops writing: the capture thread then blocks inside ALSA, no callbacks.
    void pause_feed();
    // Removes the FIFO and closes its writer: the blocked reader sees end of
    // file, and opening `labmic` fails until restore_device().
    void break_device();
    // Recreates the FIFO (if removed) and resumes feeding.
    void restore_device();

private:
    LabMicrophone();
    void open_writer();
    void feed();

    std::string dir_;
    std::string fifo_path_;
    std::string config_path_;
    std::mutex mutex_;
    int writer_fd_ = -1;
    bool paused_ = false;
    std::uint64_t next_frame_ = 0;
    std::atomic<bool> stop_{false};
    std::thread feeder_;
};

}  // namespace acoustream::testing
