#include "loadgen/proc_sample.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace acoustream::loadgen {

std::optional<ProcSample> sample_process(int pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    if (!stat || !std::getline(stat, text)) return std::nullopt;
    // The command name is in parentheses and may hold spaces: fields are
    // counted from the last ')'. utime and stime are fields 14 and 15.
    const auto close = text.rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream fields(text.substr(close + 2));
    std::string skip;
    for (int field = 3; field < 14; ++field) fields >> skip;
    unsigned long long utime = 0;
    unsigned long long stime = 0;
    if (!(fields >> utime >> stime)) return std::nullopt;
    ProcSample s;
    s.cpu_s = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));

    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        auto kib = [&](const char* key, double& out) {
            if (line.rfind(key, 0) == 0)
                out = std::strtod(line.c_str() + std::char_traits<char>::length(key), nullptr) /
                      1024.0;
        };
        kib("VmRSS:", s.rss_mib);
        kib("VmHWM:", s.hwm_mib);
        if (line.rfind("Threads:", 0) == 0) s.threads = std::strtol(line.c_str() + 8, nullptr, 10);
    }
    std::error_code ec;
    long fds = 0;
    for (std::filesystem::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", ec), end;
         !ec && it != end; it.increment(ec))
        ++fds;
    if (!ec) s.fds = fds;
    return s;
}

double self_cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto secs = [](const timeval& tv) {
        return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
    };
    return secs(u.ru_utime) + secs(u.ru_stime);
}

double load_average() {
    double load[1];
    return getloadavg(load, 1) == 1 ? load[0] : -1;
}

std::optional<CpuTicks> machine_cpu_ticks() {
    std::ifstream in("/proc/stat");
    std::string cpu;
    // user nice system idle iowait irq softirq steal
    unsigned long long v[8] = {};
    if (!(in >> cpu) || cpu != "cpu") return std::nullopt;
    for (auto& x : v)
        if (!(in >> x)) return std::nullopt;
    CpuTicks t;
    for (auto x : v) t.total += x;
    t.steal = v[7];
    return t;
}

}  // namespace acoustream::loadgen
