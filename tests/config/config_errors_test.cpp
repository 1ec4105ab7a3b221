// Every class of configuration error: the message must name the origin, the
// full dotted key and the 1-based line (and column) of the offending key.

#include <gtest/gtest.h>

#include <string>

#include "config/config_loader.hpp"

namespace acoustream::config {
namespace {

struct ErrorCase {
    const char* name;
    const char* yaml;
    const char* key;  // full dotted key; "" when the error is about the document
    int line;
    int column;          // 0: not asserted
    const char* detail;  // expected substring of the message after the key
};

std::ostream& operator<<(std::ostream& os, const ErrorCase& c) { return os << c.name; }

class ConfigErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ConfigErrors, NamesKeyLineAndCause) {
    const ErrorCase& tc = GetParam();
    try {
        const Config c = load_config_string(tc.yaml, "case.yaml");
        FAIL() << "no error for:\n" << tc.yaml << "got port " << c.server.port;
    } catch (const ConfigError& e) {
        const std::string message = e.what();
        SCOPED_TRACE(message);
        EXPECT_EQ(e.origin(), "case.yaml");
        EXPECT_EQ(e.key(), tc.key);
        EXPECT_EQ(e.line(), tc.line);
        if (tc.column != 0) {
            EXPECT_EQ(e.column(), tc.column);
        }
        std::string prefix = "case.yaml:" + std::to_string(tc.line) + ":";
        if (tc.column != 0) prefix += std::to_string(tc.column) + ":";
        EXPECT_EQ(message.rfind(prefix, 0), 0u) << "message should start with " << prefix;
        if (*tc.key != '\0') {
            EXPECT_NE(message.find(std::string(" ") + tc.key + ": "), std::string::npos);
        }
        EXPECT_NE(message.find(tc.detail), std::string::npos) << "missing: " << tc.detail;
    }
}

// clang-format off
const ErrorCase kUnknownKeys[] = {
    {"TopLevelTypo", "sever:\n  port: 1\n", "sever", 1, 1, "unknown key; did you mean \"server\"?"},
    {"PrefixOfKnownKey", "streaming:\n  sse_timeout: 3\n", "streaming.sse_timeout", 2, 3,
     "did you mean \"sse_timeout_secs\"?"},
    {"NestedTypo", "acquisition:\n  simulated:\n    frequncy: 100\n",
     "acquisition.simulated.frequncy", 3, 5, "did you mean \"frequency\"?"},
    {"Transposition", "server:\n  prot: 80\n", "server.prot", 2, 3, "did you mean \"port\"?"},
    {"WrongSection", "streaming:\n  port: 80\n", "streaming.port", 2, 3,
     "did you mean \"server.port\"?"},
    {"TopLevelLeaf", "port: 80\n", "port", 1, 1, "did you mean \"server.port\"?"},
    {"NothingClose", "logging:\n  colour: true\n", "logging.colour", 2, 3,
     "unknown key (expected one of: level, format, access)"},
    {"DottedKey", "server:\n  port: 1\nserver.port: 2\n", "server.port", 3, 1,
     "dotted keys are not expanded"},
    {"UnknownAfterValidKeys", "server:\n  port: 1\n  address: x\n  bogus_setting: 1\n",
     "server.bogus_setting", 4, 3, "unknown key"},
};

const ErrorCase kWrongTypes[] = {
    {"StringForInteger", "server:\n  port: http\n", "server.port", 2, 3,
     "expected a non-negative integer, got \"http\""},
    {"SseTimeoutAbc", "# comment\nstreaming:\n  enable_heartbeats: true\n  sse_timeout_secs: abc\n",
     "streaming.sse_timeout_secs", 4, 3, "expected a non-negative integer, got \"abc\""},
    {"QuotedInteger", "server:\n  port: \"8080\"\n", "server.port", 2, 3,
     "expected a non-negative integer, got the quoted string \"8080\""},
    {"NegativeUnsigned", "streaming:\n  broadcast_buffer_size: -5\n",
     "streaming.broadcast_buffer_size", 2, 3, "expected a non-negative integer, got \"-5\""},
    {"FloatForInteger", "acquisition:\n  sample_rate: 44100.5\n", "acquisition.sample_rate", 2, 3,
     "expected a non-negative integer, got \"44100.5\""},
    {"ExponentForInteger", "server:\n  threads: 1e1\n", "server.threads", 2, 3,
     "expected a non-negative integer, got \"1e1\""},
    {"ListForMap", "server:\n  - port: 1\n", "server", 1, 1, "expected a mapping, got a list"},
    {"ScalarForMap", "acquisition:\n  file: /data/x.wav\n", "acquisition.file", 2, 3,
     "expected a mapping, got \"/data/x.wav\""},
    {"MapForString", "acquisition:\n  source: {kind: file}\n", "acquisition.source", 2, 3,
     "expected a string, got a mapping"},
    {"ListForString", "logging:\n  level: [info]\n", "logging.level", 2, 3,
     "expected a string, got a list"},
    {"BoolYes", "streaming:\n  enable_heartbeats: yes\n", "streaming.enable_heartbeats", 2, 3,
     "expected true or false, got \"yes\""},
    {"BoolOne", "acquisition:\n  file:\n    loop: 1\n", "acquisition.file.loop", 3, 5,
     "expected true or false, got \"1\""},
    {"BoolQuoted", "auth:\n  allow_query_token: \"true\"\n", "auth.allow_query_token", 2, 3,
     "expected true or false, got the quoted string \"true\""},
    {"NullForInteger", "server:\n  port:\nlogging: {}\n", "server.port", 2, 3,
     "expected a non-negative integer, got null"},
    {"NullForString", "logging:\n  level: ~\n", "logging.level", 2, 3,
     "expected a string, got null"},
    {"NullForBool", "acquisition:\n  file:\n    realtime: null\n", "acquisition.file.realtime", 3, 5,
     "expected true or false, got null"},
    {"JunkForFloat", "acquisition:\n  simulated:\n    amplitude: 0.5x\n",
     "acquisition.simulated.amplitude", 3, 5, "expected a number, got \"0.5x\""},
    {"InfiniteFloat", "acquisition:\n  target_fps: .inf\n", "acquisition.target_fps", 2, 3,
     "expected a finite number, got \".inf\""},
    {"NanFloat", "acquisition:\n  simulated: {frequency: .nan}\n", "acquisition.simulated.frequency",
     2, 15, "expected a finite number, got \".nan\""},
    {"TopLevelList", "- server\n- auth\n", "", 1, 1, "expected a mapping of sections"},
    {"TopLevelScalar", "hello\n", "", 1, 1, "expected a mapping of sections"},
    {"OriginsNotAList", "server:\n  cors_allowed_origins: \"*\"\n", "server.cors_allowed_origins", 2,
     3, "expected a list of strings, got the quoted string \"*\""},
    {"OriginElementMap", "server:\n  cors_allowed_origins:\n    - http://a\n    - {b: c}\n",
     "server.cors_allowed_origins[1]", 4, 7, "expected a string, got a mapping"},
    {"NonStringKey", "server:\n  [a]: 1\n", "server", 2, 3, "keys must be strings, got a list"},
    {"TrustedProxyPrefix", "server:\n  trusted_proxies:\n    - 10.0.0.0/8\n    - 10.0.0.0/33\n",
     "server.trusted_proxies[1]", 4, 7,
     "must be an IP address or network (10.0.0.7, 10.0.0.0/8, ::1, fd00::/8), got \"10.0.0.0/33\""},
    {"TrustedProxyName", "server:\n  trusted_proxies: [proxy.example]\n", "server.trusted_proxies[0]",
     2, 21, "must be an IP address or network (10.0.0.7, 10.0.0.0/8, ::1, fd00::/8), got \"proxy.example\""},
    {"AccessNotBool", "logging:\n  access: sometimes\n", "logging.access", 2, 3, "expected"},
};

const ErrorCase kOutOfRange[] = {
    {"SendBufferTiny", "streaming:\n  socket_send_buffer_bytes: 100\n",
     "streaming.socket_send_buffer_bytes", 2, 3, "must be 0 (kernel default) or at least 4096, got 100"},
    {"SendBufferHuge", "streaming:\n  socket_send_buffer_bytes: 1000000000\n",
     "streaming.socket_send_buffer_bytes", 2, 3, "must be between 0 and 67108864"},
    {"SampleRateZero", "acquisition:\n  sample_rate: 0\n", "acquisition.sample_rate", 2, 3,
     "must be between 1 and 384000, got 0"},
    {"SampleRateTooHigh", "acquisition:\n  sample_rate: 384001\n", "acquisition.sample_rate", 2, 3,
     "must be between 1 and 384000, got 384001"},
    {"TargetFpsZero", "acquisition:\n  target_fps: 0\n", "acquisition.target_fps", 2, 3,
     "must be greater than 0 and at most 1000, got 0"},
    {"TargetFpsNegative", "acquisition:\n  target_fps: -30\n", "acquisition.target_fps", 2, 3,
     "must be greater than 0 and at most 1000, got -30"},
    {"TargetFpsTooHigh", "acquisition:\n  target_fps: 1000.5\n", "acquisition.target_fps", 2, 3,
     "must be greater than 0 and at most 1000, got 1000.5"},
    {"FrameSizeZero", "acquisition:\n  frame_size: 0\n", "acquisition.frame_size", 2, 3,
     "must be between 1 and 1048576, got 0"},
    {"FrameSizeTooLarge", "acquisition:\n  frame_size: 1048577\n", "acquisition.frame_size", 2, 3,
     "must be between 1 and 1048576, got 1048577"},
    {"BufferZero", "streaming:\n  broadcast_buffer_size: 0\n", "streaming.broadcast_buffer_size", 2,
     3, "must be between 1 and 100000, got 0"},
    {"BufferTooLarge", "streaming:\n  broadcast_buffer_size: 100001\n",
     "streaming.broadcast_buffer_size", 2, 3, "must be between 1 and 100000, got 100001"},
    {"PortTooLarge", "server:\n  port: 65536\n", "server.port", 2, 3,
     "must be between 0 and 65535, got 65536"},
    {"PortHuge", "server:\n  port: 99999999999999999999999\n", "server.port", 2, 3,
     "must be between 0 and 65535, got 99999999999999999999999"},
    {"SeedOverflow", "acquisition:\n  simulated:\n    seed: 18446744073709551616\n",
     "acquisition.simulated.seed", 3, 5, "must be between 0 and 18446744073709551615"},
    {"WindowNotPowerOfTwo", "streaming:\n  spectral_window_size: 1000\n",
     "streaming.spectral_window_size", 2, 3, "must be a power of two, got 1000"},
    {"WindowTooSmall", "streaming:\n  spectral_window_size: 8\n", "streaming.spectral_window_size",
     2, 3, "must be between 16 and 1048576, got 8"},
    {"WindowTooLarge", "streaming:\n  spectral_window_size: 2097152\n",
     "streaming.spectral_window_size", 2, 3, "must be between 16 and 1048576, got 2097152"},
    {"AveragesZero", "streaming:\n  spectral_averages: 0\n", "streaming.spectral_averages", 2, 3,
     "must be between 1 and 1000, got 0"},
    {"AveragesTooMany", "streaming:\n  spectral_averages: 1001\n", "streaming.spectral_averages", 2,
     3, "must be between 1 and 1000, got 1001"},
    {"SseTimeoutZero", "streaming:\n  sse_timeout_secs: 0\n", "streaming.sse_timeout_secs", 2, 3,
     "must be between 1 and 3600, got 0"},
    {"SseTimeoutTooLong", "streaming:\n  sse_timeout_secs: 3601\n", "streaming.sse_timeout_secs", 2,
     3, "must be between 1 and 3600, got 3601"},
    {"DegradeDecimateOne", "streaming:\n  max_degrade_decimate: 1\n",
     "streaming.max_degrade_decimate", 2, 3, "must be between 2 and 1024, got 1"},
    {"DegradeDecimateHuge", "streaming:\n  max_degrade_decimate: 4096\n",
     "streaming.max_degrade_decimate", 2, 3, "must be between 2 and 1024, got 4096"},
    {"WriteTimeoutZero", "streaming:\n  write_timeout_secs: 0\n", "streaming.write_timeout_secs", 2,
     3, "must be between 1 and 3600, got 0"},
    {"ThreadsZero", "server:\n  threads: 0\n", "server.threads", 2, 3,
     "must be between 1 and 64, got 0"},
    {"ThreadsTooMany", "server:\n  threads: 65\n", "server.threads", 2, 3,
     "must be between 1 and 64, got 65"},
    {"HeaderBytesTooSmall", "server:\n  max_header_bytes: 100\n", "server.max_header_bytes", 2, 3,
     "must be between 1024 and 1048576, got 100"},
    {"ChannelTooHigh", "acquisition:\n  file:\n    path: a.wav\n    channels: [0, 256]\n",
     "acquisition.file.channels[1]", 4, 19, "must be between 0 and 255, got 256"},
    {"ChannelNegative", "acquisition:\n  microphone:\n    channels:\n      - -1\n      - 0\n",
     "acquisition.microphone.channels[0]", 4, 9, "expected a non-negative integer, got \"-1\""},
    {"ChannelsOne", "acquisition:\n  microphone:\n    channels: [0]\n",
     "acquisition.microphone.channels", 3, 5, "expected exactly 2 channel indices (A and B), got 1"},
    {"ChannelsThree", "acquisition:\n  file:\n    channels: [0, 1, 2]\n",
     "acquisition.file.channels", 3, 5, "expected exactly 2 channel indices (A and B), got 3"},
    {"ChannelsScalar", "acquisition:\n  file:\n    channels: 0\n", "acquisition.file.channels", 3, 5,
     "expected a list of 2 channel indices, got \"0\""},
    {"FrequencyNegative", "acquisition:\n  simulated:\n    frequency: -1\n",
     "acquisition.simulated.frequency", 3, 5, "must be a finite number >= 0, got -1"},
    {"AmplitudeNegative", "acquisition:\n  simulated:\n    amplitude: -0.1\n",
     "acquisition.simulated.amplitude", 3, 5, "must be a finite number >= 0, got -0.1"},
    {"NoiseNegative", "acquisition:\n  simulated:\n    noise_amplitude: -0.01\n",
     "acquisition.simulated.noise_amplitude", 3, 5, "must be a finite number >= 0, got -0.01"},
    {"ModulationDepthAboveOne", "acquisition:\n  simulated:\n    modulation_depth: 1.5\n",
     "acquisition.simulated.modulation_depth", 3, 5, "must be between 0 and 1, got 1.5"},
    {"PhaseBeyondTurn", "acquisition:\n  simulated:\n    phase_difference_deg: 400\n",
     "acquisition.simulated.phase_difference_deg", 3, 5, "must be between -360 and 360, got 400"},
    {"EmptySecret", "auth: {hmac_secret: \"\"}\n", "auth.hmac_secret", 1, 8, "must not be empty"},
    {"EmptyAddress", "server:\n  address: ''\n", "server.address", 2, 3, "must not be empty"},
    {"ScopeWithSpace", "auth:\n  required_scope: read api\n", "auth.required_scope", 2, 3,
     "must not contain whitespace, got \"read api\""},
};

const ErrorCase kEnums[] = {
    {"Source", "acquisition:\n  source: mic\n", "acquisition.source", 2, 3,
     "must be one of simulated, file, microphone; got \"mic\""},
    {"SlowClientPolicy", "streaming:\n  slow_client_policy: drop\n", "streaming.slow_client_policy",
     2, 3, "must be one of lag, disconnect, degrade; got \"drop\""},
    {"SpectralWindow", "streaming:\n  spectral_window: kaiser\n", "streaming.spectral_window", 2, 3,
     "must be one of hann, hamming, blackman, rectangular; got \"kaiser\""},
    {"LogLevel", "logging:\n  level: verbose\n", "logging.level", 2, 3,
     "must be one of trace, debug, info, warn, error, critical, off; got \"verbose\""},
    {"LogFormat", "logging:\n  format: xml\n", "logging.format", 2, 3,
     "must be one of text, json; got \"xml\""},
    {"CaseMatters", "logging:\n  level: INFO\n", "logging.level", 2, 3, "got \"INFO\""},
};

const ErrorCase kCrossChecks[] = {
    {"FileSourceWithoutPath", "server: {port: 1}\nacquisition:\n  source: file\n",
     "acquisition.source", 3, 3, "source \"file\" needs acquisition.file.path"},
    {"FileSourceWithNullPath", "acquisition:\n  source: file\n  file: {path: null}\n",
     "acquisition.source", 2, 3, "needs acquisition.file.path"},
    {"FrequencyAboveNyquist",
     "acquisition:\n  sample_rate: 8000\n  simulated:\n    frequency: 5000\n",
     "acquisition.simulated.frequency", 4, 5,
     "acquisition.simulated.frequency (5000 Hz) must be at most sample_rate / 2 (4000 Hz)"},
    {"DefaultFrequencyAboveNyquist", "acquisition:\n  sample_rate: 3000\n",
     "acquisition.sample_rate", 2, 3,
     "acquisition.simulated.frequency (2000 Hz) must be at most sample_rate / 2 (1500 Hz)"},
    {"ExplicitFrequencyCheckedForOtherSources",
     "acquisition:\n  source: microphone\n  sample_rate: 1000\n  simulated: {frequency: 600}\n",
     "acquisition.simulated.frequency", 4, 15, "must be at most sample_rate / 2 (500 Hz)"},
    {"ModulationAboveNyquist",
     "acquisition:\n  sample_rate: 100\n  simulated:\n    frequency: 10\n"
     "    modulation_frequency: 60\n",
     "acquisition.simulated.modulation_frequency", 5, 5, "must be at most sample_rate / 2 (50 Hz)"},
    {"DerivedFrameTooLarge", "acquisition:\n  sample_rate: 384000\n  target_fps: 0.1\n",
     "acquisition.target_fps", 3, 3,
     "sample_rate / target_fps gives frames of 3840000 samples, more than the maximum 1048576"},
    {"RingTooLarge",
     "acquisition:\n  frame_size: 1048576\nstreaming:\n  broadcast_buffer_size: 1000\n",
     "streaming.broadcast_buffer_size", 4, 3,
     "a ring of 1000 frames of 1048576 samples needs 8000 MiB, more than the limit of 4096 MiB"},
};

const ErrorCase kDocument[] = {
    {"UnclosedFlowList", "server:\n  port: [1, 2\nlogging: {}\n", "", 3, 8,
     "invalid YAML: end of sequence flow not found"},
    {"TabIndentation", "server:\n\tport: 1\n", "", 2, 6, "invalid YAML"},
    {"BadIndentation", "server:\n  port: 1\n port: 2\n", "", 3, 2, "invalid YAML"},
    {"UndefinedAlias", "server:\n  port: *p\n", "", 2, 9, "invalid YAML"},
    {"TwoDocuments", "server: {}\n---\nlogging: {}\n", "", 3, 1,
     "expected one YAML document, found 2"},
    {"DuplicateKey", "server:\n  port: 1\n  threads: 2\n  port: 2\n", "server.port", 4, 3,
     "duplicate key (first set on line 2)"},
    {"DuplicateSection", "logging: {}\nserver: {}\nlogging: {level: info}\n", "logging", 3, 1,
     "duplicate key (first set on line 1)"},
    {"DuplicateInFlowMap", "logging: {level: info, level: debug}\n", "logging.level", 1, 24,
     "duplicate key"},
};
// clang-format on

std::string case_name(const ::testing::TestParamInfo<ErrorCase>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(ConfigUnknownKeys, ConfigErrors, ::testing::ValuesIn(kUnknownKeys),
                         case_name);
INSTANTIATE_TEST_SUITE_P(ConfigWrongTypes, ConfigErrors, ::testing::ValuesIn(kWrongTypes),
                         case_name);
INSTANTIATE_TEST_SUITE_P(ConfigOutOfRange, ConfigErrors, ::testing::ValuesIn(kOutOfRange),
                         case_name);
INSTANTIATE_TEST_SUITE_P(ConfigEnums, ConfigErrors, ::testing::ValuesIn(kEnums), case_name);
INSTANTIATE_TEST_SUITE_P(ConfigCrossChecks, ConfigErrors, ::testing::ValuesIn(kCrossChecks),
                         case_name);
INSTANTIATE_TEST_SUITE_P(ConfigDocument, ConfigErrors, ::testing::ValuesIn(kDocument), case_name);

TEST(ConfigErrorMessage, ExactFormat) {
    try {
        (void)load_config_string(
            "streaming:\n  broadcast_buffer_size: 10\n  sse_timeout_secs: abc\n", "config.yaml");
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_STREQ(e.what(),
                     "config.yaml:3:3: streaming.sse_timeout_secs: expected a non-negative "
                     "integer, got \"abc\"");
        EXPECT_EQ(e.detail(), "expected a non-negative integer, got \"abc\"");
    }
}

TEST(ConfigErrorMessage, LongAndControlValuesAreQuotedOnOneLine) {
    const std::string value(200, 'x');
    try {
        (void)load_config_string("logging:\n  level: \"a\\nb" + value + "\"\n", "c.yaml");
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        const std::string message = e.what();
        EXPECT_EQ(message.find('\n'), std::string::npos);
        EXPECT_NE(message.find("got \"a\\nb" + std::string(57, 'x') + "...\""), std::string::npos)
            << message;
    }
}

TEST(ConfigErrorMessage, HostileInputNeverCrashes) {
    const std::string deep_list = std::string(5000, '[') + std::string(5000, ']');
    const std::string deep_map = [] {
        std::string s;
        for (int i = 0; i < 2000; ++i) s += "{a: ";
        s += "1";
        for (int i = 0; i < 2000; ++i) s += "}";
        return s;
    }();
    const std::string inputs[] = {
        deep_list,
        "server: " + deep_map,
        std::string("server:\n  port: 1\0\xff\xfe", 18),
        "\xef\xbb\xbfserver: {port: 1}\n",  // UTF-8 byte order mark
        ": : :\n",
        "? - a\n  - b\n: c\n",
        "server: !!binary aGVsbG8=\n",
        "&a [*a]\n",
    };
    for (const std::string& input : inputs) {
        SCOPED_TRACE(input.substr(0, 40));
        try {
            const Config c = load_config_string(input, "hostile.yaml");
            // Only the byte-order-mark input is valid.
            EXPECT_EQ(c.server.port, 1);
        } catch (const ConfigError& e) {
            EXPECT_EQ(std::string(e.what()).rfind("hostile.yaml", 0), 0u) << e.what();
        }
    }
}

}  // namespace
}  // namespace acoustream::config
