#include "spectral/spectral_hub.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <variant>
#include <vector>

#include "spectral/spectral_test_support.hpp"
#include "stream/shared_audio_stream.hpp"

namespace acoustream::spectral {
namespace {

using namespace std::chrono_literals;
using testing::make_frame;

audio::FramePtr frame_of(const std::vector<float>& samples, std::size_t first, std::size_t count,
                         std::uint64_t number) {
    auto a = testing::slice(samples, first, count);
    auto b = a;
    for (auto& v : b) v *= -0.5F;
    return std::make_shared<const audio::AudioFrame>(
        make_frame(std::move(a), std::move(b), number));
}

SpectralPtr next_spectrum(stream::Subscriber<SpectralFrame>& sub) {
    auto polled = sub.wait(5s);
    if (auto* s = std::get_if<SpectralPtr>(&polled)) return *s;
    return nullptr;
}

TEST(SpectralHubTest, PublishesOneSpectrumPerFrameOnceTheWindowIsFull) {
    stream::SharedAudioStream audio(64);
    SpectralHub hub(audio, {.window_size = 1024}, 32);
    auto sub = hub.ring().subscribe();
    hub.start();

    const auto samples = testing::gaussian_noise(512 * 10, 0.3, 3);
    std::vector<audio::FramePtr> frames;
    for (std::uint64_t i = 0; i < 10; ++i) {
        frames.push_back(frame_of(samples, i * 512, 512, i));
        audio.publish(frames.back());
    }
    // Frame 0 alone is half a window; frames 1..9 each complete one.
    SpectralAnalyser local({.window_size = 1024});
    local.push(*frames[0]);
    for (std::uint64_t i = 1; i < 10; ++i) {
        const auto s = next_spectrum(sub);
        ASSERT_TRUE(s) << "spectrum " << i;
        EXPECT_EQ(s->frame_number, i);
        EXPECT_EQ(s->timestamp, frames[i]->timestamp);
        const auto expected = local.push(*frames[i]);
        EXPECT_EQ(s->magnitude_a, expected->magnitude_a);
        EXPECT_EQ(s->magnitude_b, expected->magnitude_b);
    }
    EXPECT_EQ(hub.computed(), 9U);
    EXPECT_EQ(hub.latest()->frame_number, 9U);

    audio.close();
    EXPECT_TRUE(std::holds_alternative<stream::Closed>(sub.wait(5s)));
    EXPECT_TRUE(hub.ring().closed());
    EXPECT_EQ(hub.ring().published(), 9U);
    hub.stop();
}

TEST(SpectralHubTest, AudioClosedBeforeAnySpectrumStillClosesTheRing) {
    stream::SharedAudioStream audio(8);
    SpectralHub hub(audio, {.window_size = 4096}, 8);
    auto sub = hub.ring().subscribe();
    hub.start();
    audio.publish(frame_of(std::vector<float>(1600, 0.1F), 0, 1600, 0));
    audio.close();
    EXPECT_TRUE(std::holds_alternative<stream::Closed>(sub.wait(5s)));
    EXPECT_EQ(hub.computed(), 0U);
    EXPECT_EQ(hub.latest(), nullptr);
}

TEST(SpectralHubTest, LaggingBehindTheAudioRestartsTheWindow) {
    // The hub's thread is held inside a listener of the spectral ring
    // (listeners run on the publishing thread), at its first spectrum, while
    // the audio ring (capacity 4) overruns it.
    stream::SharedAudioStream audio(4);
    SpectralHub hub(audio, {.window_size = 32}, 16);
    auto sub = hub.ring().subscribe();
    auto entered = std::make_shared<std::promise<void>>();
    auto release = std::make_shared<std::promise<void>>();
    auto entered_future = entered->get_future();
    auto listener =
        hub.ring().listen([entered, gate = release->get_future().share(), first = true]() mutable {
            if (!first) return;
            first = false;
            entered->set_value();
            gate.wait();
        });
    // Declared after the hub and the listener, so on an early test failure
    // the gate opens before the listener is removed (which waits for the
    // call in progress) and before the hub's destructor joins the thread.
    struct OpenGate {
        std::shared_ptr<std::promise<void>> gate;
        bool opened = false;
        void open() {
            if (!opened) gate->set_value();
            opened = true;
        }
        ~OpenGate() { open(); }
    } gate{release};
    hub.start();

    const auto samples = testing::gaussian_noise(16 * 12, 0.3, 11);
    std::vector<audio::FramePtr> frames;
    for (std::uint64_t i = 0; i < 12; ++i) frames.push_back(frame_of(samples, i * 16, 16, i));
    audio.publish(frames[0]);
    audio.publish(frames[1]);  // completes the 32-sample window: spectrum 1
    ASSERT_EQ(entered_future.wait_for(5s), std::future_status::ready);
    for (std::size_t i = 2; i < 12; ++i) audio.publish(frames[i]);  // 2..7 are overwritten
    gate.open();

    auto s = next_spectrum(sub);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->frame_number, 1U);
    // After the gap: frame 8 is half a window, 9..11 each give a spectrum of
    // samples that really are contiguous.
    SpectralAnalyser local({.window_size = 32});
    local.push(*frames[8]);
    for (std::uint64_t i = 9; i < 12; ++i) {
        s = next_spectrum(sub);
        ASSERT_TRUE(s);
        EXPECT_EQ(s->frame_number, i);
        EXPECT_EQ(s->magnitude_a, local.push(*frames[i])->magnitude_a);
    }
    EXPECT_EQ(hub.gaps(), 1U);
    EXPECT_EQ(hub.computed(), 4U);
    hub.stop();
}

TEST(SpectralHubTest, SkipsAMalformedFrameAndCarriesOn) {
    stream::SharedAudioStream audio(16);
    SpectralHub hub(audio, {.window_size = 16}, 16);
    auto sub = hub.ring().subscribe();
    hub.start();
    const auto samples = testing::gaussian_noise(16 * 3, 0.3, 12);
    audio.publish(frame_of(samples, 0, 16, 0));
    auto bad = make_frame(std::vector<float>(16), std::vector<float>(8), 1);
    audio.publish(std::make_shared<const audio::AudioFrame>(std::move(bad)));
    audio.publish(frame_of(samples, 16, 16, 2));
    auto s = next_spectrum(sub);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->frame_number, 0U);
    s = next_spectrum(sub);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->frame_number, 2U);
    EXPECT_EQ(hub.rejected(), 1U);
    EXPECT_NE(hub.last_error().find("audio frame 1"), std::string::npos) << hub.last_error();
    hub.stop();
}

TEST(SpectralHubTest, StopIsIdempotentClosesTheRingAndStartIsOnceOnly) {
    stream::SharedAudioStream audio(4);
    {
        SpectralHub never_started(audio, {}, 4);
        never_started.stop();
        EXPECT_TRUE(never_started.ring().closed());
    }
    SpectralHub hub(audio, {.window_size = 16}, 4);
    auto sub = hub.ring().subscribe();
    hub.start();
    EXPECT_THROW(hub.start(), std::logic_error);
    const auto t0 = std::chrono::steady_clock::now();
    hub.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
    hub.stop();
    EXPECT_TRUE(std::holds_alternative<stream::Closed>(sub.poll()));
    EXPECT_FALSE(audio.closed());  // stopping the consumer does not end the audio
}

TEST(SpectralHubTest, BadOptionsThrowAtConstruction) {
    stream::SharedAudioStream audio(4);
    EXPECT_THROW(SpectralHub(audio, {.window_size = 100}, 4), std::invalid_argument);
    EXPECT_THROW(SpectralHub(audio, {}, 0), std::invalid_argument);
}

}  // namespace
}  // namespace acoustream::spectral
