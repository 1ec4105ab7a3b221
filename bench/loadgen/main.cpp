// sse_loadgen: connects N SSE clients to a running server, reads for T
// seconds and prints one JSON line of what they received (see --help and
// docs/benchmarks.md).

#include <sys/resource.h>

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <future>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "loadgen/options.hpp"
#include "loadgen/proc_sample.hpp"
#include "loadgen/sse_client.hpp"
#include "text/json_escape.hpp"

namespace net = boost::asio;
using acoustream::loadgen::ClientTally;
using acoustream::loadgen::Control;
using acoustream::loadgen::Errors;
using acoustream::loadgen::LatencyHistogram;
using acoustream::loadgen::Options;
using acoustream::loadgen::ProcSample;
using acoustream::loadgen::Shard;
using acoustream::loadgen::SseClient;
using Clock = std::chrono::steady_clock;

namespace {

// Thousands of sockets need more than the usual 1024 descriptors.
void raise_fd_limit(std::size_t clients) {
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return;
    if (lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        setrlimit(RLIMIT_NOFILE, &lim);
    }
    if (lim.rlim_cur < clients + 64)
        std::cerr << "sse_loadgen: warning: RLIMIT_NOFILE is " << lim.rlim_cur << " for " << clients
                  << " clients; raise it with ulimit -n\n";
}

std::string json_string(const std::string& s) {
    std::string out;
    acoustream::text::append_json_string(out, s);
    return out;
}

std::string fixed(double v, int digits = 3) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

// {"samples":N,"min":..,"p50":..,"p99":..,"max":..} in ms, one decimal.
std::string histogram_json(const LatencyHistogram& h) {
    std::ostringstream o;
    o << "{\"samples\":" << h.count() << ",\"min\":" << fixed(h.min(), 1)
      << ",\"p50\":" << fixed(h.quantile(0.5), 1) << ",\"p99\":" << fixed(h.quantile(0.99), 1)
      << ",\"max\":" << fixed(h.max(), 1) << "}";
    return o.str();
}

struct ServerWindow {
    double cpu_s = 0;
    double rss_mib = 0;
    double hwm_mib = 0;
    long threads = 0;
    long fds = 0;
    bool ok = false;
};

ServerWindow sample_servers(const std::vector<int>& pids) {
    ServerWindow w;
    w.ok = !pids.empty();
    for (const int pid : pids) {
        const auto s = acoustream::loadgen::sample_process(pid);
        if (!s) {
            w.ok = false;
            continue;
        }
        w.cpu_s += s->cpu_s;
        w.rss_mib += s->rss_mib;
        w.hwm_mib += s->hwm_mib;
        w.threads += s->threads;
        w.fds += s->fds < 0 ? 0 : s->fds;
    }
    return w;
}

// Frames received / (received + missing from frame_number gaps), in %.
double delivered_pct(std::uint64_t frames, std::uint64_t missing) {
    return frames + missing == 0
               ? 0
               : 100.0 * static_cast<double>(frames) / static_cast<double>(frames + missing);
}

using Clients = std::vector<std::unique_ptr<SseClient>>;
using Shards = std::vector<std::unique_ptr<Shard>>;

struct Snapshot {
    acoustream::loadgen::Interval interval;
    std::size_t streaming = 0;  // reading clients with an open stream
};

// Takes and resets each shard's interval counts on the shard's own thread,
// so nothing is read while a client writes it.
Snapshot take_snapshot(Shards& shards, const Clients& clients) {
    Snapshot total;
    const std::size_t n = shards.size();
    for (std::size_t k = 0; k < n; ++k) {
        std::promise<Snapshot> promise;
        auto result = promise.get_future();
        net::post(shards[k]->ioc, [&, k] {
            Snapshot s;
            s.interval.merge(shards[k]->interval);
            shards[k]->interval.reset();
            for (std::size_t i = k; i < clients.size(); i += n) {
                const ClientTally& t = clients[i]->tally();
                if (!t.slow && t.connected && !t.ended) ++s.streaming;
            }
            promise.set_value(std::move(s));
        });
        Snapshot s = result.get();
        total.interval.merge(s.interval);
        total.streaming += s.streaming;
    }
    return total;
}

// The measured window. With --report-every it prints an interval line at
// each period; with --churn-per-s it reconnects reading clients round-robin
// at that rate.
void run_window(const Options& opt, Shards& shards, const Clients& clients, Clock::time_point t0) {
    const auto end = t0 + std::chrono::duration_cast<Clock::duration>(
                              std::chrono::duration<double>(opt.duration_s));
    if (opt.report_every_s <= 0 && opt.churn_per_s <= 0) {
        std::this_thread::sleep_until(end);
        return;
    }
    const auto never = Clock::time_point::max();
    const auto period = [](double s) {
        return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
    };
    std::vector<std::size_t> readers;  // indices of the clients that read
    for (std::size_t i = 0; i < clients.size(); ++i)
        if (!clients[i]->tally().slow) readers.push_back(i);
    const std::size_t threads = shards.size();
    auto next_report = opt.report_every_s > 0 ? t0 + period(opt.report_every_s) : never;
    auto next_churn = opt.churn_per_s > 0 && !readers.empty() ? t0 : never;
    std::size_t churn_index = 0;
    auto last_report = t0;
    ServerWindow server_last = sample_servers(opt.server_pids);
    if (opt.report_every_s > 0) take_snapshot(shards, clients);  // start from zero
    for (;;) {
        const auto wake = std::min({next_report, next_churn, end});
        std::this_thread::sleep_until(wake);
        const auto now = Clock::now();
        if (now >= next_churn && now < end) {
            const std::size_t i = readers[churn_index++ % readers.size()];
            net::post(shards[i % threads]->ioc, [c = clients[i].get()] { c->reconnect(); });
            next_churn += period(1.0 / opt.churn_per_s);
        }
        if (now >= next_report || (now >= end && opt.report_every_s > 0 && now > last_report)) {
            const Snapshot snap = take_snapshot(shards, clients);
            const ServerWindow server = sample_servers(opt.server_pids);
            const double span = std::chrono::duration<double>(now - last_report).count();
            const auto& iv = snap.interval;
            const double delivered = delivered_pct(iv.frames, iv.missing);
            std::ostringstream line;
            line << "{\"interval\":true,\"label\":" << json_string(opt.label)
                 << ",\"t_s\":" << fixed(std::chrono::duration<double>(now - t0).count(), 1)
                 << ",\"span_s\":" << fixed(span, 1) << ",\"streaming\":" << snap.streaming
                 << ",\"readers\":" << readers.size() << ",\"events\":" << iv.frames
                 << ",\"mb_per_s\":" << fixed(static_cast<double>(iv.bytes) / 1e6 / span, 2)
                 << ",\"missing_frames\":" << iv.missing << ",\"frame_gaps\":" << iv.gaps
                 << ",\"delivered_pct\":" << fixed(delivered, 3)
                 << ",\"lag_messages\":" << iv.lag_messages << ",\"lag_skipped\":" << iv.lag_skipped
                 << ",\"reconnects\":" << iv.reconnects << ",\"errors\":" << iv.errors
                 << ",\"latency_ms\":{\"p50\":" << fixed(iv.latency.quantile(0.5), 1)
                 << ",\"p99\":" << fixed(iv.latency.quantile(0.99), 1)
                 << ",\"max\":" << fixed(iv.latency.max(), 1) << "}";
            if (server.ok && server_last.ok)
                line << ",\"server_cpu_pct\":"
                     << fixed(100 * (server.cpu_s - server_last.cpu_s) / span, 1)
                     << ",\"server_rss_mib\":" << fixed(server.rss_mib, 1)
                     << ",\"server_peak_rss_mib\":" << fixed(server.hwm_mib, 1)
                     << ",\"server_fds\":" << server.fds
                     << ",\"server_threads\":" << server.threads;
            line << ",\"load_avg\":" << fixed(acoustream::loadgen::load_average(), 2) << "}";
            std::cout << line.str() << std::endl;
            server_last = server;
            last_report = now;
            next_report = opt.report_every_s > 0 ? next_report + period(opt.report_every_s) : never;
        }
        if (now >= end) return;
    }
}

// --trace: the frame events of the window, in receipt order per shard.
// Opened before the run, so a bad path fails at once, not after it.
class TraceFile {
public:
    explicit TraceFile(const std::string& path) : path_(path) {
        if (path_.empty()) return;
        file_ = std::fopen(path_.c_str(), "w");
        if (file_ == nullptr)
            throw std::runtime_error("--trace: cannot write " + path_ + ": " +
                                     std::strerror(errno));
    }
    ~TraceFile() {
        if (file_ != nullptr) std::fclose(file_);
    }
    TraceFile(const TraceFile&) = delete;
    TraceFile& operator=(const TraceFile&) = delete;

    bool write(const Shards& shards) {
        if (file_ == nullptr) return true;
        std::fputs("client frame_number timestamp_ms app_receipt_ms kernel_receipt_ms\n", file_);
        for (const auto& s : shards)
            for (const auto& r : s->trace)
                std::fprintf(file_, "%u %llu %llu %.3f %.3f\n", r.client,
                             static_cast<unsigned long long>(r.frame_number),
                             static_cast<unsigned long long>(r.timestamp_ms), r.app_ms,
                             r.kernel_ms);
        const bool ok = std::fclose(file_) == 0;
        file_ = nullptr;
        if (!ok) std::cerr << "sse_loadgen: --trace: error writing " << path_ << "\n";
        return ok;
    }

private:
    std::string path_;
    std::FILE* file_ = nullptr;
};

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    try {
        if (!acoustream::loadgen::parse_options(argc, argv, opt)) return 0;
    } catch (const std::exception& e) {
        std::cerr << "sse_loadgen: " << e.what() << "\n";
        return 2;
    }
    boost::system::error_code addr_ec;
    const auto address = net::ip::make_address(opt.host, addr_ec);
    if (addr_ec) {
        std::cerr << "sse_loadgen: --host: \"" << opt.host << "\" is not an IP address\n";
        return 2;
    }
    std::optional<TraceFile> trace;
    try {
        trace.emplace(opt.trace);
    } catch (const std::exception& e) {
        std::cerr << "sse_loadgen: " << e.what() << "\n";
        return 2;
    }
    raise_fd_limit(opt.clients);
    const net::ip::tcp::endpoint endpoint(address, opt.port);

    Control control;
    Shards shards;
    for (unsigned t = 0; t < opt.threads; ++t) shards.push_back(std::make_unique<Shard>());
    Clients clients;
    clients.reserve(opt.clients);
    for (std::size_t i = 0; i < opt.clients; ++i) {
        // Slow clients spread evenly through the list (and so across shards).
        const auto f = opt.slow_fraction;
        const bool slow =
            std::floor(static_cast<double>(i + 1) * f) > std::floor(static_cast<double>(i) * f);
        clients.push_back(std::make_unique<SseClient>(
            *shards[i % opt.threads], opt, control, endpoint, slow, static_cast<std::uint32_t>(i)));
    }

    std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
    std::vector<std::thread> threads;
    for (auto& s : shards) guards.push_back(net::make_work_guard(s->ioc));
    for (std::size_t i = 0; i < clients.size(); ++i)
        net::post(shards[i % opt.threads]->ioc, [c = clients[i].get()] { c->start(); });
    const auto connect_start = Clock::now();
    for (auto& s : shards) threads.emplace_back([&s] { s->ioc.run(); });

    const auto connect_deadline =
        connect_start + std::chrono::duration_cast<Clock::duration>(
                            std::chrono::duration<double>(opt.connect_timeout_s));
    while (control.ready.load() + control.failed.load() < opt.clients &&
           Clock::now() < connect_deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const double connect_s = std::chrono::duration<double>(Clock::now() - connect_start).count();
    std::this_thread::sleep_for(std::chrono::duration<double>(opt.warmup_s));

    const double load_before = acoustream::loadgen::load_average();
    const auto ticks0 = acoustream::loadgen::machine_cpu_ticks();
    const ServerWindow server0 = sample_servers(opt.server_pids);
    const double self0 = acoustream::loadgen::self_cpu_seconds();
    const auto t0 = Clock::now();
    control.measuring.store(true);
    run_window(opt, shards, clients, t0);
    control.measuring.store(false);
    const auto t1 = Clock::now();
    const double self1 = acoustream::loadgen::self_cpu_seconds();
    const ServerWindow server1 = sample_servers(opt.server_pids);
    const double load_after = acoustream::loadgen::load_average();
    const auto ticks1 = acoustream::loadgen::machine_cpu_ticks();
    const double window_s = std::chrono::duration<double>(t1 - t0).count();

    for (auto& s : shards) s->ioc.stop();
    for (auto& t : threads) t.join();

    // Aggregate (every thread has stopped).
    LatencyHistogram latency, kernel_latency;
    Errors errors;
    std::size_t inflations = 0, segment_hits = 0;
    for (auto& s : shards) {
        latency.merge(s->latency);
        kernel_latency.merge(s->kernel_latency);
        errors.connect += s->errors.connect;
        errors.http_status += s->errors.http_status;
        errors.protocol += s->errors.protocol;
        errors.read += s->errors.read;
        for (const auto& [m, n] : s->errors.messages) errors.messages[m] += n;
        inflations += s->segments.inflations();
        segment_hits += s->segments.hits();
    }
    std::uint64_t frames = 0, bytes = 0, gaps = 0, missing = 0, lag_messages = 0, lag_skipped = 0,
                  heartbeats = 0, other = 0, behind = 0, newest = 0, reconnects = 0;
    std::size_t normal = 0, slow = 0, connected = 0;
    std::uint64_t slow_bytes = 0;
    std::vector<std::uint64_t> per_client;
    for (const auto& c : clients) {
        const ClientTally& t = c->tally();
        if (t.has_frame) newest = std::max(newest, t.last_frame);
    }
    for (const auto& c : clients) {
        const ClientTally& t = c->tally();
        if (t.slow) {
            ++slow;
            slow_bytes += t.bytes;
            continue;
        }
        ++normal;
        if (t.connected) ++connected;
        per_client.push_back(t.frames);
        frames += t.frames;
        bytes += t.bytes;
        gaps += t.gaps;
        missing += t.missing;
        lag_messages += t.lag_messages;
        lag_skipped += t.lag_skipped;
        heartbeats += t.heartbeats;
        reconnects += t.reconnects;
        other += t.other_events;
        if (t.has_frame) behind += newest - t.last_frame;
    }
    std::sort(per_client.begin(), per_client.end());
    auto pc = [&](double q) -> std::uint64_t {
        if (per_client.empty()) return 0;
        return per_client[std::min(
            per_client.size() - 1,
            static_cast<std::size_t>(q * static_cast<double>(per_client.size())))];
    };
    const double delivered = delivered_pct(frames, missing);
    const double mb = static_cast<double>(bytes) / 1e6;

    std::ostringstream out;
    out << "{\"label\":" << json_string(opt.label) << ",\"path\":" << json_string(opt.path)
        << ",\"clients\":" << opt.clients << ",\"normal_clients\":" << normal
        << ",\"connected\":" << connected << ",\"slow_clients\":" << slow
        << ",\"slow_rate\":" << fixed(opt.slow_rate, 0) << ",\"connect_s\":" << fixed(connect_s)
        << ",\"window_s\":" << fixed(window_s) << ",\"events\":" << frames
        << ",\"events_per_s\":" << fixed(static_cast<double>(frames) / window_s, 1)
        << ",\"bytes\":" << bytes << ",\"mb_per_s\":" << fixed(mb / window_s, 2)
        << ",\"per_client_events\":{\"min\":" << pc(0) << ",\"median\":" << pc(0.5)
        << ",\"max\":" << (per_client.empty() ? 0 : per_client.back()) << "}"
        << ",\"frame_gaps\":" << gaps << ",\"missing_frames\":" << missing
        << ",\"delivered_pct\":" << fixed(delivered, 3) << ",\"behind_at_end\":" << behind
        << ",\"lag_messages\":" << lag_messages << ",\"lag_skipped\":" << lag_skipped
        << ",\"reconnects\":" << reconnects << ",\"heartbeats\":" << heartbeats
        << ",\"other_events\":" << other << ",\"slow_bytes\":" << slow_bytes
        << ",\"gzip_segments\":{\"inflated\":" << inflations << ",\"shared\":" << segment_hits
        << "}"
        << ",\"latency_ms\":" << histogram_json(latency)
        << ",\"kernel_latency_ms\":" << histogram_json(kernel_latency)
        << ",\"errors\":{\"connect\":" << errors.connect
        << ",\"http_status\":" << errors.http_status << ",\"protocol\":" << errors.protocol
        << ",\"read\":" << errors.read
        << ",\"not_ready\":" << (opt.clients - control.ready.load() - control.failed.load())
        << ",\"messages\":{";
    bool first = true;
    for (const auto& [m, n] : errors.messages) {
        out << (first ? "" : ",") << json_string(m) << ":" << n;
        first = false;
    }
    out << "}}";
    const double self_cpu = self1 - self0;
    out << ",\"loadgen_cpu_s\":" << fixed(self_cpu)
        << ",\"loadgen_cpu_pct\":" << fixed(100 * self_cpu / window_s, 1);
    if (server0.ok && server1.ok) {
        const double cpu = server1.cpu_s - server0.cpu_s;
        out << ",\"server_cpu_s\":" << fixed(cpu)
            << ",\"server_cpu_pct\":" << fixed(100 * cpu / window_s, 1)
            << ",\"server_cpu_ms_per_mb\":" << (mb > 0 ? fixed(1000 * cpu / mb) : "null")
            << ",\"server_rss_mib\":" << fixed(server1.rss_mib, 1)
            << ",\"server_peak_rss_mib\":" << fixed(server1.hwm_mib, 1);
    }
    out << ",\"load_avg\":[" << fixed(load_before, 2) << "," << fixed(load_after, 2) << "]";
    // Share of the machine's CPU time the hypervisor took over the window: a
    // run with steal is slower for reasons outside both programs.
    if (ticks0 && ticks1 && ticks1->total > ticks0->total)
        out << ",\"steal_pct\":"
            << fixed(100.0 * static_cast<double>(ticks1->steal - ticks0->steal) /
                         static_cast<double>(ticks1->total - ticks0->total),
                     2);
    out << "}";
    std::cout << out.str() << std::endl;

    if (!trace->write(shards)) return 1;

    clients.clear();
    guards.clear();
    const bool failed = connected == 0 && normal > 0;
    return failed ? 1 : 0;
}
