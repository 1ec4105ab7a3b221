#include "audio/simulated_source.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <numbers>
#include <vector>

#include "audio/source_error.hpp"

namespace acoustream::audio {
namespace {

constexpr double two_pi = 2.0 * std::numbers::pi;

struct Channels {
    std::vector<float> a;
    std::vector<float> b;
};

Channels read_in_blocks(SimulatedSource& source, std::size_t total, std::size_t block) {
    Channels out;
    while (out.a.size() < total) {
        const std::size_t n = std::min(block, total - out.a.size());
        ReadResult r = source.read(n);
        EXPECT_EQ(r.status, ReadResult::Status::ok);
        EXPECT_EQ(r.a.size(), n);
        EXPECT_EQ(r.b.size(), n);
        out.a.insert(out.a.end(), r.a.begin(), r.a.end());
        out.b.insert(out.b.end(), r.b.begin(), r.b.end());
    }
    return out;
}

bool bitwise_equal(const std::vector<float>& x, const std::vector<float>& y) {
    return x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size() * sizeof(float)) == 0;
}

SimulatedOptions noiseless(double frequency) {
    SimulatedOptions options;
    options.frequency = frequency;
    options.noise_amplitude = 0.0;
    return options;
}

TEST(SimulatedSource, DescribesItself) {
    SimulatedOptions options;
    options.sample_rate = 44100;
    SimulatedSource source(options);
    EXPECT_EQ(source.name(), "simulated");
    EXPECT_EQ(source.channel_count(), 2);
    EXPECT_EQ(source.sample_rate(), 44100u);
    EXPECT_EQ(source.pacing(), Pacing::clock);
}

TEST(SimulatedSource, SameSeedGivesIdenticalSamples) {
    SimulatedSource first(SimulatedOptions{});
    SimulatedSource second(SimulatedOptions{});
    const Channels x = read_in_blocks(first, 20000, 1000);
    const Channels y = read_in_blocks(second, 20000, 1000);
    EXPECT_TRUE(bitwise_equal(x.a, y.a));
    EXPECT_TRUE(bitwise_equal(x.b, y.b));
}

TEST(SimulatedSource, DifferentSeedGivesDifferentNoise) {
    SimulatedOptions other;
    other.seed = 43;
    SimulatedSource first(SimulatedOptions{});
    SimulatedSource second(other);
    const Channels x = read_in_blocks(first, 1000, 1000);
    const Channels y = read_in_blocks(second, 1000, 1000);
    std::size_t differing = 0;
    for (std::size_t i = 0; i < x.a.size(); ++i) {
        differing += x.a[i] != y.a[i] ? 1 : 0;
    }
    EXPECT_GT(differing, 990u);
}

TEST(SimulatedSource, FrameSplitDoesNotChangeTheSequence) {
    for (const double noise : {0.0, 0.05}) {
        SimulatedOptions options;
        options.frequency = 1234.5;
        options.noise_amplitude = noise;
        options.modulation_depth = 0.3;
        options.modulation_frequency = 7.0;
        SimulatedSource framed(options);
        SimulatedSource whole(options);
        const Channels x = read_in_blocks(framed, 16000, 1600);
        const Channels y = read_in_blocks(whole, 16000, 16000);
        EXPECT_TRUE(bitwise_equal(x.a, y.a)) << "noise " << noise;
        EXPECT_TRUE(bitwise_equal(x.b, y.b)) << "noise " << noise;
    }
}

TEST(SimulatedSource, FrameBoundariesFollowTheClosedFormSine) {
    const double f = 1234.5;
    SimulatedSource source(noiseless(f));
    const Channels x = read_in_blocks(source, 16000, 1600);
    EXPECT_EQ(source.position(), 16000u);
    for (std::size_t k = 1; k < 10; ++k) {
        for (const std::size_t n : {k * 1600 - 1, k * 1600}) {
            const double expected = 0.5 * std::sin(two_pi * f * static_cast<double>(n) / 48000.0);
            EXPECT_NEAR(x.a[n], expected, 1e-6) << "sample " << n;
            EXPECT_NEAR(x.b[n], -expected, 1e-6) << "sample " << n;
        }
    }
}

TEST(SimulatedSource, DefaultChannelsAreInAntiPhase) {
    SimulatedSource source(noiseless(2000.0));
    const Channels x = read_in_blocks(source, 48000, 4800);
    float peak = 0.0f;
    for (std::size_t i = 0; i < x.a.size(); ++i) {
        ASSERT_NEAR(x.a[i], -x.b[i], 1e-6) << "sample " << i;
        peak = std::max(peak, std::abs(x.a[i]));
    }
    EXPECT_NEAR(peak, 0.5f, 1e-6);
}

TEST(SimulatedSource, PhaseDifferenceShiftsChannelB) {
    SimulatedOptions options = noiseless(1000.0);
    options.phase_difference_deg = 90.0;
    SimulatedSource source(options);
    const Channels x = read_in_blocks(source, 4800, 4800);
    for (std::size_t i = 0; i < x.a.size(); ++i) {
        const double t = static_cast<double>(i) / 48000.0;
        ASSERT_NEAR(x.b[i], 0.5 * std::cos(two_pi * 1000.0 * t), 1e-6) << "sample " << i;
    }
}

TEST(SimulatedSource, NoiseHasTheRequestedStatistics) {
    SimulatedOptions options;
    options.amplitude = 0.0;
    options.noise_amplitude = 0.05;
    SimulatedSource source(options);
    const Channels x = read_in_blocks(source, 1'000'000, 100'000);
    for (const auto* channel : {&x.a, &x.b}) {
        double sum = 0.0;
        double sum_sq = 0.0;
        for (const float v : *channel) {
            sum += v;
            sum_sq += static_cast<double>(v) * v;
        }
        const double n = static_cast<double>(channel->size());
        const double mean = sum / n;
        const double stddev = std::sqrt(sum_sq / n - mean * mean);
        EXPECT_NEAR(mean, 0.0, 3e-4);  // 6 standard errors (0.05 / 1000)
        EXPECT_NEAR(stddev, 0.05, 0.05 * 0.05);
    }
    double cross = 0.0;
    for (std::size_t i = 0; i < x.a.size(); ++i) {
        cross += static_cast<double>(x.a[i]) * x.b[i];
    }
    const double correlation = cross / static_cast<double>(x.a.size()) / (0.05 * 0.05);
    EXPECT_LT(std::abs(correlation), 0.01) << "A and B noise must be independent";
}

// Largest |sample| over one carrier period centred on `centre`.
float local_peak(const std::vector<float>& x, std::size_t centre, std::size_t period) {
    float peak = 0.0f;
    for (std::size_t i = centre - period / 2; i < centre + period / 2; ++i) {
        peak = std::max(peak, std::abs(x[i]));
    }
    return peak;
}

TEST(SimulatedSource, AmplitudeModulationShapesTheEnvelope) {
    SimulatedOptions options = noiseless(2000.0);
    options.modulation_depth = 0.5;
    options.modulation_frequency = 10.0;
    SimulatedSource source(options);
    const Channels x = read_in_blocks(source, 9600, 960);
    // 48000 / 2000 = 24 samples per carrier period; the 10 Hz envelope peaks
    // at 25 ms (sample 1200) and dips at 75 ms (sample 3600).
    EXPECT_NEAR(local_peak(x.a, 1200, 24), 0.75f, 0.01f);
    EXPECT_NEAR(local_peak(x.a, 3600, 24), 0.25f, 0.01f);
    EXPECT_NEAR(local_peak(x.a, 6000, 24), 0.75f, 0.01f);

    SimulatedSource flat(noiseless(2000.0));
    const Channels y = read_in_blocks(flat, 9600, 960);
    EXPECT_NEAR(local_peak(y.a, 1200, 24), 0.5f, 0.01f);
    EXPECT_NEAR(local_peak(y.a, 3600, 24), 0.5f, 0.01f);
}

TEST(CycleFraction, MatchesTheDirectFormulaNearTheStart) {
    for (const std::uint64_t n : {0ull, 1ull, 17ull, 47999ull, 48000ull, 1234567ull}) {
        const double direct = std::fmod(1234.5 * static_cast<double>(n) / 48000.0, 1.0);
        EXPECT_NEAR(cycle_fraction(1234.5, 48000, n), direct, 1e-9) << "sample " << n;
    }
    EXPECT_EQ(cycle_fraction(0.0, 48000, 123456), 0.0);
    EXPECT_NEAR(cycle_fraction(2000.0, 48000, 6), 0.25, 1e-15);
}

TEST(CycleFraction, StaysExactAfterMonthsOfSamples) {
    // 2000.125 Hz completes a whole number of cycles every 8 s, so the phase
    // 92 days later must equal the phase now. A plain f * n / fs in double
    // drifts by ~1e-6 cycles at that distance.
    const std::uint32_t fs = 48000;
    const std::uint64_t later = 8ull * fs * 1'000'000ull;
    for (const std::uint64_t n : {0ull, 12345ull, 383999ull}) {
        EXPECT_NEAR(cycle_fraction(2000.125, fs, n + later), cycle_fraction(2000.125, fs, n), 1e-9)
            << "sample " << n;
    }
}

TEST(SimulatedSource, ReadOfZeroSamplesIsAnError) {
    SimulatedSource source(SimulatedOptions{});
    const ReadResult r = source.read(0);
    EXPECT_EQ(r.status, ReadResult::Status::error);
    EXPECT_FALSE(r.error.empty());
}

void expect_rejected(SimulatedOptions options, const std::string& option) {
    try {
        SimulatedSource source(options);
        ADD_FAILURE() << "options accepted, expected a complaint about " << option;
    } catch (const SourceError& e) {
        EXPECT_THAT(e.what(), ::testing::HasSubstr("'" + option + "'"));
    }
}

TEST(SimulatedSource, InvalidOptionsAreRejectedByName) {
    SimulatedOptions o;
    o.sample_rate = 0;
    expect_rejected(o, "sample_rate");
    o = {};
    o.frequency = 24000.5;
    expect_rejected(o, "frequency");
    o = {};
    o.frequency = -1.0;
    expect_rejected(o, "frequency");
    o = {};
    o.frequency = std::nan("");
    expect_rejected(o, "frequency");
    o = {};
    o.amplitude = -0.1;
    expect_rejected(o, "amplitude");
    o = {};
    o.noise_amplitude = -0.1;
    expect_rejected(o, "noise_amplitude");
    o = {};
    o.phase_difference_deg = HUGE_VAL;
    expect_rejected(o, "phase_difference_deg");
    o = {};
    o.modulation_depth = 1.5;
    expect_rejected(o, "modulation_depth");
    o = {};
    o.modulation_frequency = -2.0;
    expect_rejected(o, "modulation_frequency");
}

TEST(SimulatedSource, NyquistAndZeroAreValidEdges) {
    SimulatedOptions o;
    o.frequency = 24000.0;
    o.modulation_depth = 1.0;
    o.modulation_frequency = 0.0;
    o.amplitude = 0.0;
    o.noise_amplitude = 0.0;
    SimulatedSource source(o);
    const ReadResult r = source.read(10);
    ASSERT_EQ(r.status, ReadResult::Status::ok);
    for (const float v : r.a) {
        EXPECT_EQ(v, 0.0f);
    }
}

}  // namespace
}  // namespace acoustream::audio
