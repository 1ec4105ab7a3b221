#include "spectral/spectral_hub.hpp"

#include <chrono>
#include <exception>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

#include "platform/thread_tuning.hpp"

namespace acoustream::spectral {

namespace {
// Upper bound on how long stop() waits for the thread to notice it: the
// audio ring's wait cannot be interrupted other than by a publish or close.
constexpr auto kStopPoll = std::chrono::milliseconds(50);
// Nice of the analyser thread relative to the rest of the server.
constexpr int kAnalyserNice = 10;
}  // namespace

SpectralHub::SpectralHub(stream::SharedAudioStream& audio, AnalyserOptions options,
                         std::size_t ring_capacity)
    : audio_(audio), analyser_(options), ring_(ring_capacity) {}

SpectralHub::~SpectralHub() { stop(); }

void SpectralHub::start() {
    std::lock_guard lock(control_mutex_);
    if (started_) throw std::logic_error("SpectralHub::start called twice");
    started_ = true;
    thread_ = std::thread(&SpectralHub::run, this, audio_.subscribe());
}

void SpectralHub::stop() {
    std::lock_guard lock(control_mutex_);
    stop_requested_.store(true, std::memory_order_relaxed);
    if (thread_.joinable()) thread_.join();
    ring_.close();
}

std::string SpectralHub::last_error() const {
    std::lock_guard lock(error_mutex_);
    return last_error_;
}

void SpectralHub::run(stream::Subscriber<audio::AudioFrame> subscriber) {
    platform::name_this_thread("spectral");
    // Woken by the same publish as the fan-out, the FFT must not take a core
    // from an event loop then (docs/benchmarks.md, "Where the latency goes").
    platform::lower_this_thread_priority(kAnalyserNice);
    while (!stop_requested_.load(std::memory_order_relaxed)) {
        auto polled = subscriber.wait(kStopPoll);
        if (std::holds_alternative<stream::Closed>(polled)) break;
        if (std::holds_alternative<stream::Lagged>(polled)) {
            gaps_.fetch_add(1, std::memory_order_relaxed);
            analyser_.reset();
            continue;
        }
        if (auto* frame = std::get_if<audio::FramePtr>(&polled); frame != nullptr && *frame) {
            handle(**frame);
        }
    }
    ring_.close();
}

void SpectralHub::handle(const audio::AudioFrame& frame) {
    try {
        if (auto spectrum = analyser_.push(frame)) {
            // Counted first, so a reader that sees the spectrum sees it counted.
            computed_.fetch_add(1, std::memory_order_relaxed);
            ring_.publish(std::move(spectrum));
        }
    } catch (const std::exception& e) {
        // A bad frame must not end the spectral stream for every client.
        analyser_.reset();
        rejected_.fetch_add(1, std::memory_order_relaxed);
        std::lock_guard lock(error_mutex_);
        last_error_ = e.what();
    }
}

}  // namespace acoustream::spectral
