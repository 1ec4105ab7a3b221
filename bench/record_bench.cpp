// Recorder CPU per hour of audio: frames published into a SharedAudioStream
// as fast as a Recorder takes them (never more than half its queue ahead, so
// nothing is lost), for FLAC and WAV, of float simulator-like data and of
// 16-bit data. Prints CPU seconds per hour of 48 kHz stereo and the share of
// one core that recording in real time costs. Results: docs/benchmarks.md.
//
//   bench_record [--seconds N] [--dir PATH]   (default 300 s into /dev/shm)

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <thread>

#include "record/recorder.hpp"

namespace {

using namespace acoustream;

double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// One frame of a 2 kHz tone with noise (the simulator's defaults), either as
// is or rounded to 16 bits.
audio::FramePtr make_frame(std::uint64_t n, std::size_t samples, bool pcm16, std::mt19937& rng) {
    std::normal_distribution<float> noise(0.0f, 0.05f);
    auto f = std::make_shared<audio::AudioFrame>();
    f->sample_rate = 48000;
    f->frame_number = n;
    f->timestamp = 1'700'000'000'000ULL + n * samples * 1000 / 48000;
    f->channel_a.resize(samples);
    f->channel_b.resize(samples);
    for (std::size_t i = 0; i < samples; ++i) {
        const double t = static_cast<double>(n * samples + i) / 48000.0;
        float a = 0.5f * static_cast<float>(std::sin(2 * M_PI * 2000 * t)) + noise(rng);
        float b = -a + noise(rng);
        if (pcm16) {
            a = std::round(a * 32767.0f) / 32768.0f;
            b = std::round(b * 32767.0f) / 32768.0f;
        }
        f->channel_a[i] = a;
        f->channel_b[i] = b;
    }
    return f;
}

void run(record::Format format, bool pcm16, double seconds, const std::filesystem::path& dir) {
    constexpr std::size_t kFrame = 1600;
    const auto frames = static_cast<std::uint64_t>(seconds * 48000 / kFrame);
    // Frames are made before timing: only the recorder's work is measured.
    std::mt19937 rng(42);
    std::vector<audio::FramePtr> pool;
    for (std::uint64_t n = 0; n < 300; ++n) pool.push_back(make_frame(n, kFrame, pcm16, rng));

    stream::SharedAudioStream audio(1000);
    record::RecorderSettings s;
    s.directory = dir;
    s.format = format;
    s.rotate_secs = 0;
    s.queue_secs = 30;
    s.sample_rate = 48000;
    s.frame_size = kFrame;
    auto logger =
        std::make_shared<spdlog::logger>("bench", std::make_shared<spdlog::sinks::null_sink_mt>());
    record::Recorder recorder(s, audio, logger, [] { return 1'700'000'000'000ULL; });
    const auto rec = std::get<record::Recording>(recorder.start("bench", format));

    const double cpu0 = cpu_seconds();
    const auto wall0 = std::chrono::steady_clock::now();
    for (std::uint64_t n = 0; n < frames; ++n) {
        auto src = pool[n % pool.size()];
        auto f = std::make_shared<audio::AudioFrame>(*src);
        f->frame_number = n;
        f->timestamp = 1'700'000'000'000ULL + n * kFrame * 1000 / 48000;
        audio.publish(std::move(f));
        while (n % 64 == 0 && recorder.get(rec.id)->frames + 400 < n)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    while (recorder.get(rec.id)->frames < frames)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const auto done = recorder.stop(rec.id);
    const double cpu = cpu_seconds() - cpu0;
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    std::printf(
        "| %-4s | %-20s | %6.0f s | %5.1f s | %7.2f s | %6.1f s | %6.2f %% | %8.1f MB | %llu |\n",
        format == record::Format::flac ? "flac" : "wav",
        pcm16 ? "16-bit samples" : "float (simulator)", seconds, wall, cpu, cpu * 3600 / seconds,
        100.0 * cpu / seconds, static_cast<double>(done->bytes) / 1e6,
        static_cast<unsigned long long>(done->frames_lost));
    std::filesystem::remove_all(dir / rec.id);
}

}  // namespace

int main(int argc, char** argv) {
    double seconds = 300;
    std::filesystem::path dir = "/dev/shm/acoustream-bench-record";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--seconds") == 0) seconds = std::stod(argv[i + 1]);
        if (std::strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
    }
    std::printf(
        "| format | data | audio | wall | CPU | CPU per hour | of one core | written | lost |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|\n");
    for (auto format : {record::Format::flac, record::Format::wav})
        for (bool pcm16 : {false, true}) run(format, pcm16, seconds, dir);
    std::filesystem::remove_all(dir);
}
