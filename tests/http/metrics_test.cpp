// The Prometheus exposition: label escaping, value spelling, the optional
// process metrics.
#include "http/metrics.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace acoustream::http {
namespace {

bool has_line(const std::string& text, const std::string& line) {
    return text.find("\n" + line + "\n") != std::string::npos;
}

TEST(Prometheus, BuildInfoEscapesItsLabelValue) {
    Metrics m;
    MetricsSnapshot s;
    s.version = "1.2 \"rc\" C:\\x\nnext";
    const auto text = render_prometheus(m, s);
    EXPECT_TRUE(has_line(text, R"(acoustream_build_info{version="1.2 \"rc\" C:\\x\nnext"} 1)"))
        << text;
    EXPECT_TRUE(has_line(text, "# TYPE acoustream_build_info gauge"));
}

TEST(Prometheus, ByteCountersAndLaggedFrames) {
    Metrics m;
    m.bytes_sent = 1500;
    m.sse_bytes_sent = 1000;
    m.lagged_frames = 7;
    const auto text = render_prometheus(m, MetricsSnapshot{});
    EXPECT_TRUE(has_line(text, "acoustream_bytes_sent_total 1500"));
    EXPECT_TRUE(has_line(text, "acoustream_sse_bytes_sent_total 1000"));
    EXPECT_TRUE(has_line(text, "acoustream_lagged_frames_total 7"));
}

TEST(Prometheus, ProcessMetricsOnlyWhenRead) {
    Metrics m;
    MetricsSnapshot s;
    EXPECT_EQ(render_prometheus(m, s).find("process_"), std::string::npos);

    platform::ProcessStats p;
    p.cpu_seconds = 3.75;
    p.resident_memory_bytes = 8388608;
    p.virtual_memory_bytes = 987654321;
    p.open_fds = 5;
    p.start_time_seconds = 1700001234.56;
    s.process = p;  // max_fds: unlimited
    const auto text = render_prometheus(m, s);
    EXPECT_TRUE(has_line(text, "process_cpu_seconds_total 3.75"));
    EXPECT_TRUE(has_line(text, "process_resident_memory_bytes 8388608"));
    EXPECT_TRUE(has_line(text, "process_virtual_memory_bytes 987654321"));
    EXPECT_TRUE(has_line(text, "process_open_fds 5"));
    EXPECT_TRUE(has_line(text, "process_max_fds +Inf"));
    EXPECT_TRUE(has_line(text, "process_start_time_seconds 1700001234.56"));
    EXPECT_TRUE(has_line(text, "# TYPE process_cpu_seconds_total counter"));
}

TEST(Prometheus, NonFiniteValuesAreSpelledAsTheFormatWants) {
    Metrics m;
    MetricsSnapshot s;
    s.stream.fps = std::numeric_limits<double>::quiet_NaN();
    EXPECT_TRUE(has_line(render_prometheus(m, s), "acoustream_fps NaN"));
}

}  // namespace
}  // namespace acoustream::http
