#include "spectral/spectral_analyser.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "spectral/spectral_test_support.hpp"

namespace acoustream::spectral {
namespace {

using testing::kPi;
using testing::make_frame;
using testing::tone;

constexpr std::size_t kN = 4096;

// One spectrum of an N-sample block, from a fresh analyser.
SpectralPtr analyse_block(const std::vector<float>& a, const std::vector<float>& b,
                          AnalyserOptions options = {}) {
    SpectralAnalyser analyser(options);
    auto s = analyser.push(make_frame(a, b, 7));
    if (!s) throw std::runtime_error("no spectrum from a full block");
    return s;
}

// Single-sided power of a bin: A^2/2 for a sine's bin, A^2 at DC / Nyquist.
double bin_power(const std::vector<float>& magnitude, std::size_t k) {
    const double a = magnitude[k];
    const bool edge = (k == 0 || k == magnitude.size() - 1);
    return edge ? a * a : a * a / 2.0;
}

TEST(SpectralAnalyserTest, FillsEveryFieldOfTheFrame) {
    const auto s = analyse_block(tone(1.0, 10, kN, kN), tone(1.0, 20, kN, kN));
    EXPECT_EQ(s->sample_rate, 48000U);
    EXPECT_EQ(s->window_size, kN);
    EXPECT_EQ(s->frame_number, 7U);
    EXPECT_EQ(s->timestamp, 1'700'000'000'000ULL + 7 * 33);
    EXPECT_EQ(s->bins(), kN / 2 + 1);
    EXPECT_EQ(s->magnitude_b.size(), kN / 2 + 1);
    EXPECT_EQ(s->phase_a.size(), kN / 2 + 1);
    EXPECT_EQ(s->phase_b.size(), kN / 2 + 1);
    EXPECT_DOUBLE_EQ(s->bin_hz(), 48000.0 / 4096.0);
}

TEST(SpectralAnalyserTest, SineOnABinReadsItsAmplitudeAtThatBin) {
    // Bin 100 at 48 kHz / 4096 is 1171.875 Hz.
    const auto s = analyse_block(tone(0.5, 100, kN, kN), tone(0.125, 333, kN, kN));
    EXPECT_EQ(testing::argmax(s->magnitude_a), 100U);
    EXPECT_NEAR(s->magnitude_a[100], 0.5, 0.005);  // within 1 %
    EXPECT_NEAR(s->bin_hz() * 100, 1171.875, 1e-9);
    EXPECT_EQ(testing::argmax(s->magnitude_b), 333U);
    EXPECT_NEAR(s->magnitude_b[333], 0.125, 0.00125);
    // Hann leaks an on-bin tone into exactly its two neighbours, at A/2.
    EXPECT_NEAR(s->magnitude_a[99], 0.25, 1e-4);
    EXPECT_NEAR(s->magnitude_a[101], 0.25, 1e-4);
    EXPECT_LT(s->magnitude_a[98], 1e-4);
    EXPECT_LT(s->magnitude_a[102], 1e-4);
}

TEST(SpectralAnalyserTest, SineBetweenBinsPeaksWithinHalfABinWithHannScalloping) {
    // Hann's scalloping loss: a tone half-way between bins reads
    // sinc(1/2)/(1 - 1/4) = 0.8488 A (-1.42 dB) in each neighbour; at a quarter
    // bin off, sinc(1/4)/(1 - 1/16) = 0.9603 A in the nearer one.
    const double fs = 48000.0;
    struct Case {
        double cycles;
        double expected_ratio;
    };
    for (const auto& c : {Case{100.5, 0.8488}, Case{250.25, 0.9603}, Case{777.75, 0.9603}}) {
        const auto x = tone(1.0, c.cycles, kN, kN, 0.3);
        const auto s = analyse_block(x, x);
        const std::size_t peak = testing::argmax(s->magnitude_a);
        const double true_hz = c.cycles * fs / kN;
        EXPECT_LE(std::abs(static_cast<double>(peak) * s->bin_hz() - true_hz),
                  0.5 * s->bin_hz() + 1e-9)
            << c.cycles;
        EXPECT_NEAR(s->magnitude_a[peak], c.expected_ratio, 0.01 * c.expected_ratio) << c.cycles;
        // And exactly what a direct DFT says for that bin.
        EXPECT_NEAR(s->magnitude_a[peak], testing::reference_bin(x, "hann", peak).amplitude, 1e-5);
    }
}

TEST(SpectralAnalyserTest, TwoSinesGiveTwoPeaks) {
    auto x = tone(1.0, 200, kN, kN);
    const auto y = tone(0.25, 600.25, kN, kN, 1.0);
    for (std::size_t i = 0; i < kN; ++i) x[i] += y[i];
    const auto s = analyse_block(x, x);
    const std::size_t p1 = testing::argmax(s->magnitude_a, 0, 400);
    const std::size_t p2 = testing::argmax(s->magnitude_a, 400);
    EXPECT_EQ(p1, 200U);
    EXPECT_EQ(p2, 600U);
    EXPECT_NEAR(s->magnitude_a[p1], 1.0, 0.01);
    EXPECT_NEAR(s->magnitude_a[p2], 0.25 * 0.9603, 0.0025);
    // Nothing else in the spectrum comes near the weaker tone.
    for (std::size_t k = 0; k < s->bins(); ++k) {
        const bool near_a_peak = (k + 2 >= p1 && k <= p1 + 2) || (k + 2 >= p2 && k <= p2 + 2);
        if (!near_a_peak) {
            EXPECT_LT(s->magnitude_a[k], 0.01) << k;
        }
    }
}

TEST(SpectralAnalyserTest, DcReadsItsValueAtBinZero) {
    const std::vector<float> dc(kN, 0.3F);
    const std::vector<float> neg(kN, -0.75F);
    const auto s = analyse_block(dc, neg);
    EXPECT_NEAR(s->magnitude_a[0], 0.3, 1e-5);
    EXPECT_NEAR(s->phase_a[0], 0.0, 1e-6);
    EXPECT_NEAR(s->magnitude_b[0], 0.75, 1e-5);
    EXPECT_NEAR(std::abs(s->phase_b[0]), kPi, 1e-6);  // a negative DC has phase pi
    EXPECT_LT(s->magnitude_a[2], 1e-6);
}

TEST(SpectralAnalyserTest, AlternatingSamplesReadTheirAmplitudeAtNyquist) {
    std::vector<float> x(kN);
    for (std::size_t n = 0; n < kN; ++n) x[n] = (n % 2 == 0) ? 0.6F : -0.6F;
    const auto s = analyse_block(x, x);
    EXPECT_NEAR(s->magnitude_a[kN / 2], 0.6, 1e-5);  // not doubled
    // Hann leaks A/4 of the sum into bin N/2-1, and that inner bin is doubled
    // like every other, so it too reads A; nothing lands further away.
    EXPECT_NEAR(s->magnitude_a[kN / 2 - 1], 0.6, 1e-5);
    EXPECT_LT(s->magnitude_a[kN / 2 - 2], 1e-6);
    EXPECT_LT(s->magnitude_a[0], 1e-6);
    // With no window the tone stays in its own bin.
    const auto r = analyse_block(x, x, {.window_size = kN, .window = WindowKind::rectangular});
    EXPECT_NEAR(r->magnitude_a[kN / 2], 0.6, 1e-5);
    EXPECT_EQ(testing::argmax(r->magnitude_a), kN / 2);
    EXPECT_LT(r->magnitude_a[kN / 2 - 1], 1e-6);
}

TEST(SpectralAnalyserTest, PhaseOfACosineIsZeroAndOfASineMinusHalfPi) {
    const auto cosine = tone(1.0, 64, kN, kN);
    const auto sine = tone(1.0, 64, kN, kN, -kPi / 2);  // cos(x - pi/2) = sin(x)
    const auto s = analyse_block(cosine, sine);
    EXPECT_NEAR(s->phase_a[64], 0.0, 1e-4);
    EXPECT_NEAR(s->phase_b[64], -kPi / 2, 1e-4);
    const auto shifted = tone(1.0, 64, kN, kN, 0.7);
    const auto t = analyse_block(shifted, shifted);
    EXPECT_NEAR(t->phase_a[64], 0.7, 1e-4);
    EXPECT_NEAR(t->phase_a[64], testing::reference_bin(shifted, "hann", 64).phase, 1e-4);
}

TEST(SpectralAnalyserTest, WindowScalingPreservesNoisePowerWithEnbwCorrection) {
    // For white noise of variance s^2, the single-sided power summed over the
    // bins is s^2 * ENBW (the window widens each bin): Parseval with the
    // amplitude scaling. Averaging 32 independent spectra tightens the estimate.
    const double sigma = 0.1;
    const unsigned spectra = 32;
    for (auto kind :
         {WindowKind::hann, WindowKind::hamming, WindowKind::blackman, WindowKind::rectangular}) {
        SpectralAnalyser analyser({.window_size = kN, .window = kind, .averages = spectra});
        const auto noise = testing::gaussian_noise(kN * spectra, sigma, 1234);
        SpectralPtr s;
        for (unsigned i = 0; i < spectra; ++i) {
            s = analyser.push(
                make_frame(testing::slice(noise, i * kN, kN), std::vector<float>(kN, 0.0F), i));
        }
        ASSERT_TRUE(s);
        const double variance = std::inner_product(noise.begin(), noise.end(), noise.begin(), 0.0) /
                                static_cast<double>(noise.size());
        double power = 0.0;
        for (std::size_t k = 0; k < s->bins(); ++k) power += bin_power(s->magnitude_a, k);
        const double enbw = equivalent_noise_bandwidth(analyser.window());
        EXPECT_NEAR(power / enbw, variance, 0.03 * variance) << to_string(kind);
    }
}

TEST(SpectralAnalyserTest, AveragingReducesTheSpreadOfANoiseSpectrum) {
    const auto noise = testing::gaussian_noise(kN * 16, 1.0, 99);
    auto spread = [&](unsigned averages) {
        SpectralAnalyser analyser({.window_size = kN, .averages = averages});
        SpectralPtr s;
        for (std::size_t i = 0; i < 16; ++i) {
            const auto block = testing::slice(noise, i * kN, kN);
            s = analyser.push(make_frame(block, block, i));
        }
        // Coefficient of variation of the power across bins.
        double mean = 0.0;
        double sq = 0.0;
        const std::size_t count = s->bins() - 2;
        for (std::size_t k = 1; k + 1 < s->bins(); ++k) {
            const double p = static_cast<double>(s->magnitude_a[k]) * s->magnitude_a[k];
            mean += p;
            sq += p * p;
        }
        mean /= static_cast<double>(count);
        return std::sqrt(sq / static_cast<double>(count) - mean * mean) / mean;
    };
    const double single = spread(1);
    const double averaged = spread(16);
    // A single periodogram bin is chi-square with 2 dof (CV ~ 1); 16 averages -> ~1/4.
    EXPECT_NEAR(single, 1.0, 0.1);
    EXPECT_LT(averaged, 0.35);
    EXPECT_GT(averaged, 0.15);
}

TEST(SpectralAnalyserTest, AveragingKeepsASteadyToneAndTakesTheLatestPhase) {
    SpectralAnalyser analyser({.window_size = 1024, .averages = 4});
    SpectralPtr s;
    for (std::size_t i = 0; i < 6; ++i) {
        // The same tone, its phase moving from block to block.
        const auto x = tone(0.8, 50, 1024, 1024, 0.1 * static_cast<double>(i));
        s = analyser.push(make_frame(x, x, i));
    }
    EXPECT_NEAR(s->magnitude_a[50], 0.8, 0.008);
    EXPECT_NEAR(s->phase_a[50], 0.5, 1e-4);
}

TEST(SpectralAnalyserTest, CarriesSamplesOverShortFrames) {
    // 1600-sample frames: nothing until 4096 samples have arrived, then one
    // spectrum per frame, each equal to that of the last 4096 samples.
    const auto a = testing::gaussian_noise(1600 * 6, 0.2, 5);
    const auto b = tone(0.3, 37.5, kN, 1600 * 6);
    SpectralAnalyser analyser({});
    for (std::size_t i = 0; i < 6; ++i) {
        auto s = analyser.push(
            make_frame(testing::slice(a, i * 1600, 1600), testing::slice(b, i * 1600, 1600), i));
        if (i < 2) {
            EXPECT_FALSE(s) << "frame " << i;
            EXPECT_EQ(analyser.buffered(), (i + 1) * 1600);
            continue;
        }
        ASSERT_TRUE(s) << "frame " << i;
        EXPECT_EQ(s->frame_number, i);
        const std::size_t end = (i + 1) * 1600;
        const auto ref =
            analyse_block(testing::slice(a, end - kN, kN), testing::slice(b, end - kN, kN));
        EXPECT_EQ(s->magnitude_a, ref->magnitude_a) << "frame " << i;  // bit for bit
        EXPECT_EQ(s->magnitude_b, ref->magnitude_b) << "frame " << i;
        EXPECT_EQ(s->phase_a, ref->phase_a) << "frame " << i;
    }
}

TEST(SpectralAnalyserTest, FrameLongerThanTheWindowUsesItsLastSamples) {
    const auto a = testing::gaussian_noise(10000, 0.2, 8);
    SpectralAnalyser analyser({});
    EXPECT_FALSE(
        analyser.push(make_frame(std::vector<float>(100, 9.0F), std::vector<float>(100, 9.0F))));
    const auto s = analyser.push(make_frame(a, a, 1));
    ASSERT_TRUE(s);
    const auto ref =
        analyse_block(testing::slice(a, 10000 - kN, kN), testing::slice(a, 10000 - kN, kN));
    EXPECT_EQ(s->magnitude_a, ref->magnitude_a);
}

TEST(SpectralAnalyserTest, SampleRateChangeRestartsTheWindow) {
    SpectralAnalyser analyser({.window_size = 1024});
    const auto x = tone(1.0, 8, 1024, 1024);
    ASSERT_TRUE(analyser.push(make_frame(x, x, 0, 48000)));
    const auto half = testing::slice(x, 0, 512);
    EXPECT_FALSE(analyser.push(make_frame(half, half, 1, 44100)));
    EXPECT_EQ(analyser.buffered(), 512U);
    const auto s = analyser.push(make_frame(half, half, 2, 44100));
    ASSERT_TRUE(s);
    EXPECT_EQ(s->sample_rate, 44100U);
}

TEST(SpectralAnalyserTest, ResetForgetsCarriedOverSamples) {
    SpectralAnalyser analyser({.window_size = 1024});
    const auto x = tone(1.0, 8, 1024, 1024);
    ASSERT_TRUE(analyser.push(make_frame(x, x)));
    analyser.reset();
    EXPECT_EQ(analyser.buffered(), 0U);
    const auto half = testing::slice(x, 0, 512);
    EXPECT_FALSE(analyser.push(make_frame(half, half)));
    EXPECT_TRUE(analyser.push(make_frame(half, half)));
}

TEST(SpectralAnalyserTest, EmptyFrameProducesNothingAndKeepsTheWindow) {
    SpectralAnalyser analyser({.window_size = 16});
    EXPECT_FALSE(analyser.push(make_frame({}, {}, 0, 0)));
    const auto x = tone(1.0, 2, 16, 16);
    ASSERT_TRUE(analyser.push(make_frame(x, x, 1)));
    EXPECT_FALSE(analyser.push(make_frame({}, {}, 2)));
    EXPECT_EQ(analyser.buffered(), 16U);
}

TEST(SpectralAnalyserTest, MalformedFramesThrowNamingTheFrame) {
    SpectralAnalyser analyser({.window_size = 16});
    try {
        analyser.push(make_frame(std::vector<float>(16), std::vector<float>(15), 42));
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("frame 42"), std::string::npos) << what;
        EXPECT_NE(what.find("15"), std::string::npos) << what;
    }
    try {
        analyser.push(make_frame(std::vector<float>(16), std::vector<float>(16), 43, 0));
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("frame 43 has sample_rate 0"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(analyser.buffered(), 0U);  // rejected frames leave no samples behind
}

TEST(SpectralAnalyserTest, EveryWindowKindMatchesADirectDft) {
    constexpr std::size_t n = 256;
    auto x = testing::gaussian_noise(n, 0.3, 77);
    const auto t = tone(0.9, 40, n, n, 0.4);
    for (std::size_t i = 0; i < n; ++i) x[i] += t[i];
    for (const std::string name : {"hann", "hamming", "blackman", "rectangular"}) {
        const auto s = analyse_block(x, t, {.window_size = n, .window = parse_window_kind(name)});
        for (std::size_t k = 0; k <= n / 2; ++k) {
            const auto ref = testing::reference_bin(x, name, k);
            EXPECT_NEAR(s->magnitude_a[k], ref.amplitude, 1e-5) << name << " bin " << k;
            if (ref.amplitude > 1e-3) {
                EXPECT_NEAR(std::remainder(s->phase_a[k] - ref.phase, 2 * kPi), 0.0, 1e-3)
                    << name << " bin " << k;
            }
        }
        // The pure on-bin tone reads its amplitude with every window.
        EXPECT_NEAR(s->magnitude_b[40], 0.9, 0.009) << name;
        EXPECT_NEAR(s->phase_b[40], 0.4, 1e-4) << name;
    }
}

TEST(SpectralAnalyserTest, BadOptionsThrowNamingTheOption) {
    auto message = [](AnalyserOptions o) -> std::string {
        try {
            SpectralAnalyser a(o);
        } catch (const std::invalid_argument& e) {
            return e.what();
        }
        return "";
    };
    for (std::uint32_t size : {0U, 8U, 1000U, 4095U, 1U << 21}) {
        const auto m = message({.window_size = size});
        EXPECT_NE(m.find("spectral_window_size"), std::string::npos) << size;
        EXPECT_NE(m.find("(got " + std::to_string(size) + ")"), std::string::npos) << m;
    }
    for (unsigned averages : {0U, 1001U}) {
        const auto m = message({.averages = averages});
        EXPECT_NE(m.find("spectral_averages"), std::string::npos) << averages;
    }
    EXPECT_NO_THROW(SpectralAnalyser({.window_size = 16}));
    EXPECT_NO_THROW(SpectralAnalyser({.window_size = 16384, .averages = 8}));
}

TEST(SpectralAnalyserTest, MovedAnalyserKeepsWorking) {
    SpectralAnalyser first({.window_size = 64});
    const auto x = tone(1.0, 4, 64, 32);
    EXPECT_FALSE(first.push(make_frame(x, x)));
    SpectralAnalyser second(std::move(first));
    const auto s =
        second.push(make_frame(tone(1.0, 4, 64, 32, 0.0, 32), tone(1.0, 4, 64, 32, 0.0, 32)));
    ASSERT_TRUE(s);
    EXPECT_NEAR(s->magnitude_a[4], 1.0, 1e-3);
}

}  // namespace
}  // namespace acoustream::spectral
