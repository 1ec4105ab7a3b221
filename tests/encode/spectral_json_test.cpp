#include "encode/spectral_json.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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
        frame.magnitude_a.push_back(0.5f * static_cast<float>(k));
        frame.magnitude_b.push_back(0.25f * static_cast<float>(k));
        frame.phase_a.push_back(-0.5f * static_cast<float>(k));
        frame.phase_b.push_back(0.125f * static_cast<float>(k));
    }
    return frame;
}

nlohmann::json encode(const spectral::SpectralFrame& frame, SpectralQuery query) {
    return nlohmann::json::parse(encode_spectral_json(frame, query));
}

TEST(SpectralJson, ExactBytesWithBandAndPhase) {
    SpectralQuery query;
    query.fmin = 3000;
    query.fmax = 6000;
    query.phase = true;
    EXPECT_EQ(encode_spectral_json(small_frame(), query),
              R"({"frequencies":[3000.0,6000.0],"magnitude_a":[0.5,1.0],"magnitude_b":[0.25,0.5],)"
              R"("phase_a":[-0.5,-1.0],"phase_b":[0.125,0.25],"frame_number":11,)"
              R"("timestamp":1700000000500,"sample_rate":48000})");
}

TEST(SpectralJson, PhaseIsNullUnlessAsked) {
    const auto parsed = encode(small_frame(), {});
    EXPECT_TRUE(parsed["phase_a"].is_null());
    EXPECT_TRUE(parsed["phase_b"].is_null());
    EXPECT_EQ(parsed["frequencies"].size(), 9u);
    EXPECT_EQ(parsed["magnitude_a"].size(), 9u);
    EXPECT_EQ(parsed["frequencies"].back(), 24000);

    SpectralQuery with_phase;
    with_phase.phase = true;
    const auto phased = encode(small_frame(), with_phase);
    ASSERT_TRUE(phased["phase_a"].is_array());
    EXPECT_EQ(phased["phase_a"].size(), 9u);
    EXPECT_EQ(phased["phase_b"][8], 1.0);
}

TEST(SpectralJson, PhaseAskedButNotComputedIsNull) {
    auto frame = small_frame();
    frame.phase_a.clear();
    frame.phase_b.clear();
    SpectralQuery query;
    query.phase = true;
    const auto parsed = encode(frame, query);
    EXPECT_TRUE(parsed["phase_a"].is_null());
    EXPECT_TRUE(parsed["phase_b"].is_null());
}

TEST(SpectralJson, BoundsAreInclusiveAndSelectContiguousBins) {
    SpectralQuery query;
    query.fmin = 3001;
    query.fmax = 12000;
    auto parsed = encode(small_frame(), query);
    EXPECT_EQ(parsed["frequencies"], nlohmann::json({6000, 9000, 12000}));
    EXPECT_EQ(parsed["magnitude_a"], nlohmann::json({1.0, 1.5, 2.0}));
    EXPECT_EQ(parsed["magnitude_b"], nlohmann::json({0.5, 0.75, 1.0}));

    query = {};
    query.fmax = 0;
    EXPECT_EQ(encode(small_frame(), query)["frequencies"], nlohmann::json({0}));

    query = {};
    query.fmin = 24000;
    EXPECT_EQ(encode(small_frame(), query)["frequencies"], nlohmann::json({24000}));

    query = {};
    query.fmin = 24000.5;
    parsed = encode(small_frame(), query);
    EXPECT_TRUE(parsed["frequencies"].empty());
    EXPECT_TRUE(parsed["magnitude_a"].empty());

    query = {};
    query.fmin = 4000;
    query.fmax = 5000;  // between two bins
    EXPECT_TRUE(encode(small_frame(), query)["frequencies"].empty());
}

TEST(SpectralJson, SelectBinsRange) {
    SpectralQuery query;
    query.fmin = 2999.9;
    query.fmax = 9000;
    const BinRange range = select_bins(small_frame(), query);
    EXPECT_EQ(range.first, 1u);
    EXPECT_EQ(range.last, 4u);
}

TEST(SpectralJson, FrequenciesOfARealWindowAreExact) {
    spectral::SpectralFrame frame;
    frame.sample_rate = 48000;
    frame.window_size = 4096;
    frame.magnitude_a.assign(2049, 0.0f);
    frame.magnitude_b.assign(2049, 0.0f);
    const std::string json = encode_spectral_json(frame, {});
    EXPECT_EQ(json.rfind(R"({"frequencies":[0.0,11.71875,23.4375,35.15625,)", 0), 0u);
    const auto parsed = nlohmann::json::parse(json);
    ASSERT_EQ(parsed["frequencies"].size(), 2049u);
    for (std::size_t k = 0; k < 2049; ++k) {
        ASSERT_EQ(parsed["frequencies"][k].get<double>(),
                  static_cast<double>(k) * 48000.0 / 4096.0);
    }
}

}  // namespace
}  // namespace acoustream::encode
