#include "audio/microphone_lab.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace acoustream::testing {
namespace {

constexpr std::size_t kChunkFrames = 480;  // 10 ms at 48 kHz, one atomic pipe write
constexpr std::chrono::milliseconds kChunkPeriod{10};

std::string make_temp_dir() {
    std::string pattern = "/tmp/acoustream-labmic-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed: " + std::string(std::strerror(errno)));
    }
    return pattern;
}

#ifdef __SANITIZE_ADDRESS__
int find_libasound(dl_phdr_info* info, std::size_t /*size*/, void* out) {
    const std::string path = info->dlpi_name != nullptr ? info->dlpi_name : "";
    if (path.find("/libasound.so") != std::string::npos) {
        *static_cast<std::string*>(out) = path;
        return 1;
    }
    return 0;
}

// Every PortAudio initialisation makes ALSA load and unload its plugin
// modules; Debian's a52 module (through ffmpeg) loses about 12 KB at each
// unload, which LeakSanitizer would report against these tests. Keeping the
// modules resident in the test process leaves only our own allocations to check.
void keep_alsa_plugin_modules_loaded() {
    std::string libasound;
    dl_iterate_phdr(&find_libasound, &libasound);
    if (libasound.empty()) {
        return;
    }
    const auto dir = std::filesystem::path(libasound).parent_path() / "alsa-lib";
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("libasound_module_", 0) == 0 && entry.path().extension() == ".so") {
            dlopen(entry.path().c_str(), RTLD_LAZY | RTLD_NODELETE);
        }
    }
}
#else
// Only under AddressSanitizer: elsewhere the extra libraries would just make
// every dlclose slower (ThreadSanitizer rescans all modules on each).
void keep_alsa_plugin_modules_loaded() {}
#endif

}  // namespace

namespace {
// A frame ALSA's file plugin did not fill (the feeder was starved on a short
// pipe read) holds whatever the period buffer held: zeros, malloc's fill byte
// (0xbebe under AddressSanitizer and, through M_PERTURB below, in plain
// builds) or other stale bytes. The lab pattern never has equal channels
// (lab_left(k) == lab_right(k) only for k near 32967, outside 0..32767), so a
// frame with equal channels is a dropout, never a misread signal frame.
bool unfilled(float left, float right) { return left == right; }

// glibc fills each new allocation with ~0x41 = 0xbe, as ASan does, so the
// unfilled part of a period is the same bytes in every build and run.
void make_uninitialised_memory_deterministic() {
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    mallopt(M_PERTURB, 0x41);
#endif
}
}  // namespace

std::int16_t lab_left(std::uint64_t k) { return static_cast<std::int16_t>(k % 32768 - 16384); }

std::int16_t lab_right(std::uint64_t k) { return static_cast<std::int16_t>(k % 32768 / 2 + 100); }

PatternCheck check_pattern(const std::vector<float>& left, const std::vector<float>& right) {
    PatternCheck check;
    check.frames = std::min(left.size(), right.size());
    std::int64_t previous = -2;
    std::size_t run = 0;
    for (std::size_t i = 0; i < check.frames; ++i) {
        if (unfilled(left[i], right[i])) {
            ++check.silent;
            previous = -2;
            run = 0;
            continue;
        }
        const double l = static_cast<double>(left[i]) * 32768.0;
        const long li = std::lround(l);
        const std::int64_t k = li + 16384;
        const bool ok_left = std::fabs(l - static_cast<double>(li)) < 1e-3 && k >= 0 && k < 32768;
        const bool ok_right =
            ok_left && std::fabs(static_cast<double>(right[i]) -
                                 lab_right(static_cast<std::uint64_t>(k)) / 32768.0) <= 1e-6;
        if (!ok_right) {
            if (check.invalid++ == 0) {
                check.first_problem = "frame " + std::to_string(i) + ": (" +
                                      std::to_string(left[i] * 32768.0f) + ", " +
                                      std::to_string(right[i] * 32768.0f) + ") x 1/32768";
            }
            previous = -2;
            run = 0;
            continue;
        }
        run = (k == (previous + 1) % 32768) ? run + 1 : 1;
        check.longest_run = std::max(check.longest_run, run);
        previous = k;
    }
    return check;
}

LabMicrophone& LabMicrophone::instance() {
    static LabMicrophone lab;
    return lab;
}

LabMicrophone::LabMicrophone()
    : dir_(make_temp_dir()),
      fifo_path_(dir_ + "/labmic.fifo"),
      config_path_(dir_ + "/asound.conf") {
    make_uninitialised_memory_deterministic();
    if (mkfifo(fifo_path_.c_str(), 0600) != 0) {
        throw std::runtime_error("mkfifo " + fifo_path_ + ": " + std::strerror(errno));
    }
    // A writer must exist before ALSA opens the FIFO, or its open() blocks.
    open_writer();
    std::ofstream conf(config_path_);
    conf << "pcm.labmic_raw {\n"
            "    type file\n"
            "    slave { pcm \"null\" }\n"
            "    file \"/dev/null\"\n"
            "    infile \""
         << fifo_path_
         << "\"\n"
            "    format \"raw\"\n"
            "}\n"
            "pcm.labmic {\n"
            "    type plug\n"
            "    slave { pcm \"labmic_raw\" format S16_LE rate 48000 channels 2 }\n"
            "    hint { show on description \"Test microphone (FIFO)\" }\n"
            "}\n";
    conf.close();
    const std::string path = "/usr/share/alsa/alsa.conf:" + config_path_;
    setenv("ALSA_CONFIG_PATH", path.c_str(), 1);
    keep_alsa_plugin_modules_loaded();
    feeder_ = std::thread([this] { feed(); });
}

LabMicrophone::~LabMicrophone() {
    stop_ = true;
    feeder_.join();
    if (writer_fd_ >= 0) {
        close(writer_fd_);
    }
    unlink(fifo_path_.c_str());
    unlink(config_path_.c_str());
    rmdir(dir_.c_str());
}

void LabMicrophone::open_writer() {
    // Read-write so the open does not wait for a reader; non-blocking so a
    // full pipe (nobody capturing) skips a chunk instead of stalling the feeder.
    writer_fd_ = open(fifo_path_.c_str(), O_RDWR | O_NONBLOCK);
    if (writer_fd_ < 0) {
        throw std::runtime_error("open " + fifo_path_ + ": " + std::strerror(errno));
    }
}

void LabMicrophone::pause_feed() {
    std::lock_guard lock(mutex_);
    paused_ = true;
}

void LabMicrophone::break_device() {
    std::lock_guard lock(mutex_);
    paused_ = true;
    unlink(fifo_path_.c_str());
    if (writer_fd_ >= 0) {
        close(writer_fd_);
        writer_fd_ = -1;
    }
}

void LabMicrophone::restore_device() {
    std::lock_guard lock(mutex_);
    if (writer_fd_ < 0) {
        if (mkfifo(fifo_path_.c_str(), 0600) != 0 && errno != EEXIST) {
            throw std::runtime_error("mkfifo " + fifo_path_ + ": " + std::strerror(errno));
        }
        open_writer();
    }
    paused_ = false;
}

void LabMicrophone::feed() {
    std::int16_t chunk[2 * kChunkFrames];
    auto next = std::chrono::steady_clock::now();
    while (!stop_) {
        {
            std::lock_guard lock(mutex_);
            if (!paused_ && writer_fd_ >= 0) {
                for (std::size_t j = 0; j < kChunkFrames; ++j) {
                    chunk[2 * j] = lab_left(next_frame_ + j);
                    chunk[2 * j + 1] = lab_right(next_frame_ + j);
                }
                // Only a whole chunk advances the signal, so what the pipe
                // holds is always consecutive.
                if (write(writer_fd_, chunk, sizeof chunk) == static_cast<ssize_t>(sizeof chunk)) {
                    next_frame_ += kChunkFrames;
                }
            }
        }
        next += kChunkPeriod;
        std::this_thread::sleep_until(next);
    }
}

}  // namespace acoustream::testing
