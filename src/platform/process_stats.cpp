#include "platform/process_stats.hpp"

#include <unistd.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "text/ascii.hpp"

namespace acoustream::platform {

namespace {

namespace fs = std::filesystem;

std::optional<std::string> read_file(const fs::path& path) {
    // procfs files report size 0: read them as a stream, not by size.
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return std::move(text).str();
}

std::vector<std::string_view> split_spaces(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t at = 0;
    while (true) {
        at = text.find_first_not_of(" \t\n", at);
        if (at == std::string_view::npos) return words;
        const std::size_t end = std::min(text.find_first_of(" \t\n", at), text.size());
        words.push_back(text.substr(at, end - at));
        at = end;
    }
}

// The line of `text` starting with `prefix`, without the prefix.
std::optional<std::string_view> line_after(std::string_view text, std::string_view prefix) {
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        const std::string_view line = text.substr(at, end - at);
        if (line.starts_with(prefix)) return line.substr(prefix.size());
        at = end + 1;
    }
    return std::nullopt;
}

struct StatFields {
    std::uint64_t utime = 0, stime = 0, starttime = 0, vsize = 0, rss = 0;
};

// /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and
// parentheses, so the fields are counted from the last ')'.
std::optional<StatFields> parse_stat(std::string_view text) {
    const std::size_t close = text.rfind(')');
    if (close == std::string_view::npos) return std::nullopt;
    const auto words = split_spaces(text.substr(close + 1));
    // words[0] is field 3 (state): field N is words[N - 3].
    auto field = [&](std::size_t n) -> std::optional<std::uint64_t> {
        if (n - 3 >= words.size()) return std::nullopt;
        return text::parse_u64(words[n - 3]);
    };
    auto utime = field(14), stime = field(15), starttime = field(22), vsize = field(23),
         rss = field(24);
    if (!utime || !stime || !starttime || !vsize || !rss) return std::nullopt;
    return StatFields{*utime, *stime, *starttime, *vsize, *rss};
}

// The soft limit of "Max open files" in /proc/<pid>/limits; an empty
// optional inside for "unlimited".
std::optional<std::optional<std::uint64_t>> parse_max_open_files(std::string_view limits) {
    const auto rest = line_after(limits, "Max open files");
    if (!rest) return std::nullopt;
    const auto words = split_spaces(*rest);
    if (words.empty()) return std::nullopt;
    if (words[0] == "unlimited") return std::optional<std::uint64_t>{};
    auto soft = text::parse_u64(words[0]);
    if (!soft) return std::nullopt;
    return std::optional<std::uint64_t>{*soft};
}

// System boot time (Unix seconds) from /proc/stat's "btime" line.
std::optional<std::uint64_t> parse_boot_time(std::string_view system_stat) {
    const auto rest = line_after(system_stat, "btime ");
    if (!rest) return std::nullopt;
    const auto words = split_spaces(*rest);
    if (words.size() != 1) return std::nullopt;
    return text::parse_u64(words[0]);
}

std::optional<std::uint64_t> count_entries(const fs::path& dir) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) return std::nullopt;
    std::uint64_t n = 0;
    // Reading the real self/fd counts the descriptor of this listing too, as
    // the Prometheus client libraries do.
    for (const fs::directory_iterator end; it != end; it.increment(ec)) {
        if (ec) return std::nullopt;
        ++n;
    }
    return n;
}

}  // namespace

ProcUnits system_proc_units() noexcept {
    ProcUnits units;
    if (const long ticks = ::sysconf(_SC_CLK_TCK); ticks > 0) units.clock_ticks_per_second = ticks;
    if (const long page = ::sysconf(_SC_PAGESIZE); page > 0) units.page_size_bytes = page;
    return units;
}

std::optional<ProcessStats> read_process_stats(const fs::path& proc, ProcUnits units) {
    if (units.clock_ticks_per_second <= 0 || units.page_size_bytes <= 0) return std::nullopt;
    const auto stat_text = read_file(proc / "self" / "stat");
    const auto limits_text = read_file(proc / "self" / "limits");
    const auto system_text = read_file(proc / "stat");
    if (!stat_text || !limits_text || !system_text) return std::nullopt;

    const auto stat = parse_stat(*stat_text);
    const auto max_fds = parse_max_open_files(*limits_text);
    const auto boot_time = parse_boot_time(*system_text);
    const auto open_fds = count_entries(proc / "self" / "fd");
    if (!stat || !max_fds || !boot_time || !open_fds) return std::nullopt;

    const auto ticks = static_cast<double>(units.clock_ticks_per_second);
    ProcessStats s;
    s.cpu_seconds = static_cast<double>(stat->utime + stat->stime) / ticks;
    s.resident_memory_bytes = stat->rss * static_cast<std::uint64_t>(units.page_size_bytes);
    s.virtual_memory_bytes = stat->vsize;
    s.open_fds = *open_fds;
    s.max_fds = *max_fds;
    // starttime counts clock ticks since boot.
    s.start_time_seconds =
        static_cast<double>(*boot_time) + static_cast<double>(stat->starttime) / ticks;
    return s;
}

}  // namespace acoustream::platform
