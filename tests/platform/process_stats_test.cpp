// The /proc reader behind the process_* metrics, on a fixture directory with
// known values and on the real /proc.
#include "platform/process_stats.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

namespace acoustream::platform {
namespace {

namespace fs = std::filesystem;

constexpr ProcUnits kFixtureUnits{100, 4096};

// A writable copy of the fixture, removed at the end of the test.
class ProcCopy {
public:
    ProcCopy() {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        root_ = fs::temp_directory_path() /
                ("acoustream-proc-" + std::to_string(::getpid()) + "-" + test->name());
        fs::remove_all(root_);
        fs::copy(ACOUSTREAM_PROC_FIXTURE, root_, fs::copy_options::recursive);
    }
    ~ProcCopy() {
        std::error_code ignored;
        fs::remove_all(root_, ignored);
    }
    ProcCopy(const ProcCopy&) = delete;
    ProcCopy& operator=(const ProcCopy&) = delete;

    const fs::path& root() const { return root_; }
    void write(const std::string& relative, const std::string& text) const {
        std::ofstream(root_ / relative, std::ios::trunc) << text;
    }

private:
    fs::path root_;
};

TEST(ProcessStats, ReadsEveryValueOfTheFixture) {
    const auto stats = read_process_stats(ACOUSTREAM_PROC_FIXTURE, kFixtureUnits);
    ASSERT_TRUE(stats.has_value());
    EXPECT_DOUBLE_EQ(stats->cpu_seconds, 3.75);  // (250 + 125) ticks at 100 Hz
    EXPECT_EQ(stats->virtual_memory_bytes, 987654321u);
    EXPECT_EQ(stats->resident_memory_bytes, 2048u * 4096u);
    EXPECT_EQ(stats->open_fds, 5u);
    ASSERT_TRUE(stats->max_fds.has_value());
    EXPECT_EQ(*stats->max_fds, 1024u);  // the soft limit
    EXPECT_DOUBLE_EQ(stats->start_time_seconds, 1700000000.0 + 1234.56);
}

TEST(ProcessStats, ClockTicksAndPageSizeComeFromTheUnits) {
    const auto stats = read_process_stats(ACOUSTREAM_PROC_FIXTURE, ProcUnits{250, 16384});
    ASSERT_TRUE(stats.has_value());
    EXPECT_DOUBLE_EQ(stats->cpu_seconds, 1.5);
    EXPECT_EQ(stats->resident_memory_bytes, 2048u * 16384u);
    EXPECT_DOUBLE_EQ(stats->start_time_seconds, 1700000000.0 + 123456.0 / 250.0);
}

TEST(ProcessStats, UnlimitedOpenFilesHasNoMaximum) {
    ProcCopy proc;
    proc.write("self/limits",
               "Limit                     Soft Limit           Hard Limit           Units\n"
               "Max open files            unlimited            unlimited            files\n");
    const auto stats = read_process_stats(proc.root(), kFixtureUnits);
    ASSERT_TRUE(stats.has_value());
    EXPECT_FALSE(stats->max_fds.has_value());
}

TEST(ProcessStats, MissingOrMalformedFilesGiveNothing) {
    EXPECT_FALSE(read_process_stats("/nonexistent-proc", kFixtureUnits).has_value());
    for (const auto& [file, text] : std::initializer_list<std::pair<const char*, const char*>>{
             {"self/stat", "4242 (truncated) S 1 2 3\n"},
             {"self/stat", "4242 no-parenthesis S 1 4242\n"},
             {"stat", "cpu 1 2 3\nintr 5\n"},  // no btime
             {"self/limits", "Limit Soft Limit Hard Limit Units\n"}}) {
        ProcCopy proc;
        proc.write(file, text);
        EXPECT_FALSE(read_process_stats(proc.root(), kFixtureUnits).has_value())
            << file << ": " << text;
    }
}

TEST(ProcessStats, ThisProcessOnTheRealProc) {
    const auto stats = read_process_stats("/proc", system_proc_units());
    ASSERT_TRUE(stats.has_value());
    EXPECT_GT(stats->resident_memory_bytes, 0u);
    EXPECT_GE(stats->virtual_memory_bytes, stats->resident_memory_bytes);
    EXPECT_GE(stats->open_fds, 3u);  // stdin, stdout, stderr at least
    ASSERT_TRUE(stats->max_fds.has_value());
    EXPECT_GE(*stats->max_fds, stats->open_fds);
    EXPECT_GE(stats->cpu_seconds, 0.0);
    // Started before now; /proc/stat's boot time has whole seconds.
    const double now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    EXPECT_LE(stats->start_time_seconds, now + 1.0);
    EXPECT_GT(stats->start_time_seconds, 1e9);
}

}  // namespace
}  // namespace acoustream::platform
