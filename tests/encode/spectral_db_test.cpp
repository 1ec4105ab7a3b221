#include "encode/spectral_db.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "encode/spectral_json.hpp"

namespace acoustream::encode {
namespace {

// 48 kHz over a 16-point window: bins 0..8 at 0, 3000, ..., 24000 Hz.
spectral::SpectralFrame small_frame() {
    spectral::SpectralFrame frame;
    frame.sample_rate = 48000;
    frame.window_size = 16;
    frame.frame_number = 11;
    frame.timestamp = 1'700'000'000'500;
    for (int k = 0; k <= 8; ++k) {
        frame.magnitude_a.push_back(std::pow(10.0f, -static_cast<float>(k) / 2.0f));
        frame.magnitude_b.push_back(0.5f);
        frame.phase_a.push_back(-0.5f * static_cast<float>(k));
        frame.phase_b.push_back(3.14159265f);
    }
    return frame;
}

SpectralQuery db_query() {
    SpectralQuery q;
    q.format = SpectralQuery::Format::db;
    return q;
}

TEST(SpectralDb, ExactBytesWithBandAndPhase) {
    SpectralQuery query = db_query();
    query.fmin = 3000;
    query.fmax = 6000;
    query.phase = true;
    // Bins 1 and 2: 10^-0.5 → -10 dB, 10^-1 → -20 dB; 0.5 → -6.0206 → -6 dB.
    EXPECT_EQ(encode_spectral_db(small_frame(), query),
              R"({"bin_hz":3000.0,"first_bin":1,"magnitude_db_a":[-10,-20],)"
              R"("magnitude_db_b":[-6,-6],"phase_a":[-0.5,-1],"phase_b":[3.142,3.142],)"
              R"("frame_number":11,"timestamp":1700000000500,"sample_rate":48000})");
}

TEST(SpectralDb, TenthsOfDecibelsFloorAndNonFinite) {
    EXPECT_EQ(decibel_tenths(1.0f), 0);
    EXPECT_EQ(decibel_tenths(0.5f), -60);      // -6.0206 dB
    EXPECT_EQ(decibel_tenths(0.9f), -9);       // -0.915 dB
    EXPECT_EQ(decibel_tenths(2.0f), 60);       // above full scale stays visible
    EXPECT_EQ(decibel_tenths(0.0f), -2000);    // floor
    EXPECT_EQ(decibel_tenths(1e-30f), -2000);  // -600 dB floored
    EXPECT_EQ(decibel_tenths(std::numeric_limits<float>::quiet_NaN()), std::nullopt);
    EXPECT_EQ(decibel_tenths(std::numeric_limits<float>::infinity()), std::nullopt);
}

TEST(SpectralDb, ReadsBackWithinRoundingOfTheLinearFormat) {
    spectral::SpectralFrame frame = small_frame();
    frame.magnitude_a[3] = 0.0f;
    frame.magnitude_b[4] = std::numeric_limits<float>::quiet_NaN();
    frame.phase_a[5] = 0.0004f;  // rounds to 0
    frame.phase_a[6] = -0.0016f;
    SpectralQuery query = db_query();
    query.phase = true;
    const auto db = nlohmann::json::parse(encode_spectral_db(frame, query));
    const auto linear = nlohmann::json::parse(encode_spectral_json(frame, query));
    ASSERT_EQ(db["magnitude_db_a"].size(), linear["magnitude_a"].size());
    for (std::size_t i = 0; i < db["magnitude_db_a"].size(); ++i) {
        const double amplitude = linear["magnitude_a"][i];
        const double expected = amplitude > 0 ? std::max(-200.0, 20 * std::log10(amplitude)) : -200;
        EXPECT_NEAR(db["magnitude_db_a"][i].get<double>(), expected, 0.05 + 1e-9) << "bin " << i;
        const double frequency = linear["frequencies"][i];
        EXPECT_DOUBLE_EQ((db["first_bin"].get<double>() + i) * db["bin_hz"].get<double>(),
                         frequency);
        EXPECT_NEAR(db["phase_a"][i].get<double>(), linear["phase_a"][i].get<double>(),
                    0.0005 + 1e-9);
    }
    EXPECT_EQ(db["magnitude_db_a"][3], -200);
    EXPECT_TRUE(db["magnitude_db_b"][4].is_null());
    EXPECT_EQ(db["phase_a"][5], 0);
    EXPECT_EQ(db["phase_a"][6], -0.002);
    EXPECT_FALSE(db.contains("frequencies"));
}

TEST(SpectralDb, PhaseNullUnlessAskedAndEmptyBand) {
    SpectralQuery query = db_query();
    auto doc = nlohmann::json::parse(encode_spectral_db(small_frame(), query));
    EXPECT_TRUE(doc["phase_a"].is_null());
    EXPECT_TRUE(doc["phase_b"].is_null());
    EXPECT_EQ(doc["magnitude_db_a"].size(), 9u);
    query.fmin = 100000;
    doc = nlohmann::json::parse(encode_spectral_db(small_frame(), query));
    EXPECT_TRUE(doc["magnitude_db_a"].empty());
}

TEST(SpectralDb, AtLeastThreeTimesSmallerThanTheLinearFormat) {
    // A 4096-point window of noise-like magnitudes, as the analyser gives.
    spectral::SpectralFrame frame;
    frame.sample_rate = 48000;
    frame.window_size = 4096;
    std::uint32_t state = 7;
    for (int k = 0; k <= 2048; ++k) {
        state = state * 1664525u + 1013904223u;
        const float m = static_cast<float>(state >> 8) / 16777216.0f * 1e-3f;
        frame.magnitude_a.push_back(m);
        frame.magnitude_b.push_back(m * 0.7f);
    }
    const double linear = static_cast<double>(encode_spectral_json(frame, {}).size());
    const double db = static_cast<double>(encode_spectral_db(frame, db_query()).size());
    EXPECT_GE(linear / db, 3.0) << linear << " vs " << db << " bytes";
}

}  // namespace
}  // namespace acoustream::encode
