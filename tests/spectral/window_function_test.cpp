#include "spectral/window_function.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "spectral/spectral_test_support.hpp"

namespace acoustream::spectral {
namespace {

TEST(WindowKindTest, ParsesEveryConfigValueAndRoundTrips) {
    EXPECT_EQ(parse_window_kind("hann"), WindowKind::hann);
    EXPECT_EQ(parse_window_kind("hamming"), WindowKind::hamming);
    EXPECT_EQ(parse_window_kind("blackman"), WindowKind::blackman);
    EXPECT_EQ(parse_window_kind("rectangular"), WindowKind::rectangular);
    for (auto k :
         {WindowKind::hann, WindowKind::hamming, WindowKind::blackman, WindowKind::rectangular}) {
        EXPECT_EQ(parse_window_kind(to_string(k)), k);
    }
}

TEST(WindowKindTest, UnknownNameThrowsNamingTheValue) {
    try {
        parse_window_kind("hanning");
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("\"hanning\""), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("spectral_window"), std::string::npos) << e.what();
    }
    EXPECT_THROW(parse_window_kind(""), std::invalid_argument);
    EXPECT_THROW(parse_window_kind("Hann"), std::invalid_argument);
}

TEST(WindowFunctionTest, CoefficientsMatchTextbookFormulas) {
    for (const std::string name : {"hann", "hamming", "blackman", "rectangular"}) {
        const auto w = make_window(parse_window_kind(name), 64);
        ASSERT_EQ(w.size(), 64U);
        for (std::size_t n = 0; n < w.size(); ++n) {
            EXPECT_NEAR(w[n], testing::reference_window(name, n, 64), 1e-6) << name << " n=" << n;
        }
    }
    // Periodic Hann: zero at n = 0, one at the centre, and no second zero at the end.
    const auto hann = make_window(WindowKind::hann, 16);
    EXPECT_FLOAT_EQ(hann[0], 0.0F);
    EXPECT_FLOAT_EQ(hann[8], 1.0F);
    EXPECT_GT(hann[15], 0.03F);
}

TEST(WindowFunctionTest, GainsMatchPublishedValues) {
    // Coherent gain sum(w)/N is the window's a0; ENBW from Harris (1978).
    struct Expect {
        WindowKind kind;
        double coherent;
        double enbw;
    };
    for (const auto& e :
         {Expect{WindowKind::hann, 0.5, 1.5}, Expect{WindowKind::hamming, 0.54, 1.3628},
          Expect{WindowKind::blackman, 0.42, 1.7268}, Expect{WindowKind::rectangular, 1.0, 1.0}}) {
        const auto w = make_window(e.kind, 4096);
        EXPECT_NEAR(coherent_gain_sum(w) / 4096.0, e.coherent, 1e-6) << to_string(e.kind);
        EXPECT_NEAR(equivalent_noise_bandwidth(w), e.enbw, 1e-3) << to_string(e.kind);
    }
}

}  // namespace
}  // namespace acoustream::spectral
