#include "encode/stream_query.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace acoustream::encode {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

StreamQuery parse_ok(const Params& params) {
    auto result = parse_stream_query(params);
    if (auto* error = std::get_if<QueryError>(&result)) {
        ADD_FAILURE() << error->parameter << ": " << error->message;
        return {};
    }
    return std::get<StreamQuery>(result);
}

TEST(StreamQuery, Defaults) {
    const auto query = parse_ok({});
    EXPECT_EQ(query.decimate, 1u);
    EXPECT_EQ(query.encoding, StreamQuery::Encoding::json);
    EXPECT_FALSE(query.spectral.fmin);
    EXPECT_FALSE(query.spectral.fmax);
    EXPECT_FALSE(query.spectral.phase);
    EXPECT_FALSE(query.last_event_id);
    EXPECT_EQ(query.types, (std::set<std::string>{"audio", "spectral", "stats"}));
}

TEST(StreamQuery, EveryParameterParsed) {
    const auto query = parse_ok({{"decimate", "4"},
                                 {"encoding", "f32"},
                                 {"phase", "true"},
                                 {"fmin", "100.5"},
                                 {"fmax", "2e4"},
                                 {"last_event_id", "18446744073709551615"},
                                 {"types", "audio,stats"}});
    EXPECT_EQ(query.decimate, 4u);
    EXPECT_EQ(query.encoding, StreamQuery::Encoding::f32);
    EXPECT_TRUE(query.spectral.phase);
    EXPECT_EQ(query.spectral.fmin, 100.5);
    EXPECT_EQ(query.spectral.fmax, 20000.0);
    EXPECT_EQ(query.last_event_id, 18446744073709551615ull);
    EXPECT_EQ(query.types, (std::set<std::string>{"audio", "stats"}));
}

TEST(StreamQuery, AcceptedSpellings) {
    EXPECT_EQ(parse_ok({{"decimate", "1000000"}}).decimate, 1000000u);
    EXPECT_EQ(parse_ok({{"decimate", "007"}}).decimate, 7u);
    EXPECT_EQ(parse_ok({{"encoding", "json"}}).encoding, StreamQuery::Encoding::json);
    EXPECT_EQ(parse_ok({{"encoding", "i16"}}).encoding, StreamQuery::Encoding::i16);
    EXPECT_EQ(parse_ok({{"format", "db"}}).spectral.format, SpectralQuery::Format::db);
    EXPECT_EQ(parse_ok({{"format", "linear"}}).spectral.format, SpectralQuery::Format::linear);
    EXPECT_EQ(parse_ok({{"max_fps", "10"}}).max_fps, 10.0);
    EXPECT_EQ(parse_ok({{"max_fps", "0.5"}}).max_fps, 0.5);
    EXPECT_FALSE(parse_ok({}).max_fps);
    EXPECT_EQ(parse_ok({}).spectral.format, SpectralQuery::Format::linear);
    EXPECT_EQ(parse_ok({{"format", "db"}, {"foo", "1"}}).given, (std::set<std::string>{"format"}));
    EXPECT_TRUE(parse_ok({{"phase", "1"}}).spectral.phase);
    EXPECT_TRUE(parse_ok({{"phase", "TRUE"}}).spectral.phase);
    EXPECT_FALSE(parse_ok({{"phase", "0"}}).spectral.phase);
    EXPECT_FALSE(parse_ok({{"phase", "False"}}).spectral.phase);
    EXPECT_EQ(parse_ok({{"fmin", "0"}}).spectral.fmin, 0.0);
    const auto negative_zero = parse_ok({{"fmin", "-0"}}).spectral.fmin;
    ASSERT_TRUE(negative_zero);
    EXPECT_FALSE(std::signbit(*negative_zero));
    EXPECT_EQ(parse_ok({{"fmin", "5"}, {"fmax", "5"}}).spectral.fmax, 5.0);
    EXPECT_EQ(parse_ok({{"last_event_id", "0"}}).last_event_id, 0u);
    EXPECT_EQ(parse_ok({{"types", " spectral , stats "}}).types,
              (std::set<std::string>{"spectral", "stats"}));
    EXPECT_EQ(parse_ok({{"types", "audio,audio"}}).types, (std::set<std::string>{"audio"}));
}

TEST(StreamQuery, UnknownAndAuthParametersAreIgnored) {
    const auto query = parse_ok({{"access_token", "abc.def.ghi"},
                                 {"_", "1700000000"},
                                 {"_", "again"},
                                 {"foo", ""},
                                 {"decimate", "2"}});
    EXPECT_EQ(query.decimate, 2u);
}

TEST(StreamQuery, ToString) {
    EXPECT_EQ(to_string(StreamQuery::Encoding::json), "json");
    EXPECT_EQ(to_string(StreamQuery::Encoding::f32), "f32");
    EXPECT_EQ(to_string(StreamQuery::Encoding::i16), "i16");
    EXPECT_EQ(to_string(SpectralQuery::Format::linear), "linear");
    EXPECT_EQ(to_string(SpectralQuery::Format::db), "db");
}

struct BadCase {
    Params params;
    std::string parameter;
};

// Readable test names instead of the default byte dump.
void PrintTo(const BadCase& c, std::ostream* os) {
    for (const auto& [key, value] : c.params) *os << key << "=" << value << "&";
}

class StreamQueryError : public ::testing::TestWithParam<BadCase> {};

TEST_P(StreamQueryError, NamesTheParameter) {
    const auto result = parse_stream_query(GetParam().params);
    const auto* error = std::get_if<QueryError>(&result);
    ASSERT_NE(error, nullptr) << GetParam().params.back().first << "="
                              << GetParam().params.back().second;
    EXPECT_EQ(error->parameter, GetParam().parameter);
    EXPECT_NE(error->message.find(GetParam().parameter), std::string::npos) << error->message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, StreamQueryError,
    ::testing::Values(
        BadCase{{{"decimate", ""}}, "decimate"}, BadCase{{{"decimate", "2.5"}}, "decimate"},
        BadCase{{{"decimate", "0"}}, "decimate"}, BadCase{{{"decimate", "-1"}}, "decimate"},
        BadCase{{{"decimate", "abc"}}, "decimate"}, BadCase{{{"decimate", "+3"}}, "decimate"},
        BadCase{{{"decimate", " 3"}}, "decimate"}, BadCase{{{"decimate", "3 "}}, "decimate"},
        BadCase{{{"decimate", "0x10"}}, "decimate"}, BadCase{{{"decimate", "1e3"}}, "decimate"},
        BadCase{{{"decimate", "1000001"}}, "decimate"},
        BadCase{{{"decimate", "4294967297"}}, "decimate"},
        BadCase{{{"decimate", "99999999999999999999999"}}, "decimate"},
        BadCase{{{"encoding", ""}}, "encoding"}, BadCase{{{"encoding", "JSON"}}, "encoding"},
        BadCase{{{"encoding", "f64"}}, "encoding"}, BadCase{{{"encoding", "binary"}}, "encoding"},
        BadCase{{{"encoding", "I16"}}, "encoding"}, BadCase{{{"encoding", "int16"}}, "encoding"},
        BadCase{{{"format", ""}}, "format"}, BadCase{{{"format", "DB"}}, "format"},
        BadCase{{{"format", "dbfs"}}, "format"}, BadCase{{{"format", "db "}}, "format"},
        BadCase{{{"max_fps", ""}}, "max_fps"}, BadCase{{{"max_fps", "0"}}, "max_fps"},
        BadCase{{{"max_fps", "-5"}}, "max_fps"}, BadCase{{{"max_fps", "abc"}}, "max_fps"},
        BadCase{{{"max_fps", "nan"}}, "max_fps"}, BadCase{{{"max_fps", "inf"}}, "max_fps"},
        BadCase{{{"max_fps", "10fps"}}, "max_fps"}, BadCase{{{"max_fps", "0.0"}}, "max_fps"},
        BadCase{{{"phase", ""}}, "phase"}, BadCase{{{"phase", "yes"}}, "phase"},
        BadCase{{{"phase", "2"}}, "phase"}, BadCase{{{"phase", "tru"}}, "phase"},
        BadCase{{{"fmin", ""}}, "fmin"}, BadCase{{{"fmin", "-1"}}, "fmin"},
        BadCase{{{"fmin", "nan"}}, "fmin"}, BadCase{{{"fmin", "inf"}}, "fmin"},
        BadCase{{{"fmin", "1e400"}}, "fmin"}, BadCase{{{"fmin", "5Hz"}}, "fmin"},
        BadCase{{{"fmin", "abc"}}, "fmin"}, BadCase{{{"fmax", ""}}, "fmax"},
        BadCase{{{"fmax", "-0.5"}}, "fmax"}, BadCase{{{"fmax", "infinity"}}, "fmax"},
        BadCase{{{"fmax", "1,5"}}, "fmax"}, BadCase{{{"fmin", "200"}, {"fmax", "100"}}, "fmin"},
        BadCase{{{"last_event_id", ""}}, "last_event_id"},
        BadCase{{{"last_event_id", "-1"}}, "last_event_id"},
        BadCase{{{"last_event_id", "1.5"}}, "last_event_id"},
        BadCase{{{"last_event_id", "abc"}}, "last_event_id"},
        BadCase{{{"last_event_id", "18446744073709551616"}}, "last_event_id"},
        BadCase{{{"types", ""}}, "types"}, BadCase{{{"types", "audio,"}}, "types"},
        BadCase{{{"types", "video"}}, "types"}, BadCase{{{"types", "audio,,stats"}}, "types"},
        BadCase{{{"types", "AUDIO"}}, "types"},
        BadCase{{{"decimate", "2"}, {"decimate", "2"}}, "decimate"},
        BadCase{{{"phase", "true"}, {"encoding", "json"}, {"phase", "false"}}, "phase"}),
    [](const ::testing::TestParamInfo<BadCase>& info) {
        return std::to_string(info.index) + "_" + info.param.parameter;
    });

TEST(StreamQuery, MessageQuotesTheBadValueSafely) {
    auto result = parse_stream_query({{"decimate", "2.5"}});
    EXPECT_EQ(std::get<QueryError>(result).message,
              "decimate must be an integer from 1 to 1000000, got \"2.5\"");
    result = parse_stream_query({{"decimate", ""}});
    EXPECT_EQ(std::get<QueryError>(result).message,
              "decimate must be an integer from 1 to 1000000, got an empty value");
    result = parse_stream_query({{"encoding", "a\nb\x01" + std::string(100, 'x')}});
    const std::string message = std::get<QueryError>(result).message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
    EXPECT_NE(message.find("\"a?b?xxx"), std::string::npos) << message;
    EXPECT_LT(message.size(), 100u);
    result = parse_stream_query({{"fmin", "200"}, {"fmax", "100.5"}});
    EXPECT_EQ(std::get<QueryError>(result).message,
              "fmin must not exceed fmax, got fmin=200.0 and fmax=100.5");
}

}  // namespace
}  // namespace acoustream::encode
