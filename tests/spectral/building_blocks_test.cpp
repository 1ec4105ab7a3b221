// SampleHistory (the sliding window), PowerAverager and RealFft.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <thread>
#include <vector>

#include "spectral/power_averager.hpp"
#include "spectral/real_fft.hpp"
#include "spectral/sample_history.hpp"

namespace acoustream::spectral {
namespace {

std::vector<float> ramp(float first, std::size_t count) {
    std::vector<float> v(count);
    std::iota(v.begin(), v.end(), first);
    return v;
}

TEST(SampleHistoryTest, ShortBlocksAccumulateAndSlide) {
    SampleHistory h(8);
    h.append(ramp(0, 3));
    EXPECT_EQ(h.filled(), 3U);
    EXPECT_FALSE(h.full());
    h.append(ramp(3, 3));
    EXPECT_FALSE(h.full());
    h.append(ramp(6, 3));  // 9 samples seen: window holds 1..8
    ASSERT_TRUE(h.full());
    EXPECT_EQ(std::vector<float>(h.samples().begin(), h.samples().end()), ramp(1, 8));
    h.append(ramp(9, 2));
    EXPECT_EQ(std::vector<float>(h.samples().begin(), h.samples().end()), ramp(3, 8));
}

TEST(SampleHistoryTest, LongBlockKeepsItsLastSamplesAndResetEmpties) {
    SampleHistory h(4);
    h.append(ramp(0, 2));
    h.append(ramp(100, 10));
    ASSERT_TRUE(h.full());
    EXPECT_EQ(std::vector<float>(h.samples().begin(), h.samples().end()), ramp(106, 4));
    h.reset();
    EXPECT_EQ(h.filled(), 0U);
    h.append(ramp(0, 3));
    EXPECT_FALSE(h.full());
}

TEST(PowerAveragerTest, ReportsRmsOverTheLastCountSpectra) {
    PowerAverager avg(2, 3);
    std::vector<float> out(2);
    avg.add(std::vector<float>{3.0F, 1.0F});
    avg.rms_into(out);
    EXPECT_FLOAT_EQ(out[0], 3.0F);  // only one held so far
    avg.add(std::vector<float>{4.0F, 1.0F});
    avg.rms_into(out);
    EXPECT_FLOAT_EQ(out[0], std::sqrt(12.5F));
    avg.add(std::vector<float>{0.0F, 1.0F});
    avg.add(std::vector<float>{5.0F, 1.0F});  // evicts 3
    avg.rms_into(out);
    EXPECT_FLOAT_EQ(out[0], std::sqrt((16.0F + 0.0F + 25.0F) / 3.0F));
    EXPECT_FLOAT_EQ(out[1], 1.0F);
    EXPECT_EQ(avg.held(), 3U);
    avg.reset();
    avg.add(std::vector<float>{2.0F, 0.0F});
    avg.rms_into(out);
    EXPECT_FLOAT_EQ(out[0], 2.0F);
    EXPECT_THROW(avg.add(std::vector<float>{1.0F}), std::invalid_argument);
    EXPECT_THROW(PowerAverager(4, 0), std::invalid_argument);
}

TEST(RealFftTest, TransformsAnImpulseAndSurvivesAMove) {
    RealFft fft(16);
    ASSERT_EQ(fft.output().size(), 9U);
    std::fill(fft.input().begin(), fft.input().end(), 0.0F);
    fft.input()[1] = 1.0F;  // delta at n=1: X_k = exp(-2 pi i k / 16)
    RealFft moved(std::move(fft));
    moved.execute();
    for (std::size_t k = 0; k < 9; ++k) {
        const double angle = -2.0 * 3.14159265358979323846 * static_cast<double>(k) / 16.0;
        EXPECT_NEAR(moved.output()[k].real(), std::cos(angle), 1e-6) << k;
        EXPECT_NEAR(moved.output()[k].imag(), std::sin(angle), 1e-6) << k;
    }
}

TEST(RealFftTest, PlansConcurrentlyFromSeveralThreads) {
    // The planner is serialised internally; every plan must still be correct.
    std::vector<std::thread> threads;
    std::vector<double> dc(4, -1.0);
    for (std::size_t t = 0; t < 4; ++t) {
        threads.emplace_back([t, &dc] {
            for (int round = 0; round < 20; ++round) {
                RealFft fft(64U << t);
                std::fill(fft.input().begin(), fft.input().end(), 1.0F);
                fft.execute();
                dc[t] = fft.output()[0].real();
            }
        });
    }
    for (auto& th : threads) th.join();
    for (std::size_t t = 0; t < 4; ++t) EXPECT_DOUBLE_EQ(dc[t], static_cast<double>(64U << t));
}

TEST(RealFftTest, RejectsAnUnusableSize) { EXPECT_THROW(RealFft(1), std::invalid_argument); }

}  // namespace
}  // namespace acoustream::spectral
