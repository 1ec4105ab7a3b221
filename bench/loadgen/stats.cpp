#include "loadgen/stats.hpp"

#include <algorithm>
#include <cmath>

namespace acoustream::loadgen {

void LatencyHistogram::add(double ms) {
    const double clamped = std::max(0.0, ms);
    const auto bucket =
        std::min(kBuckets - 1, static_cast<std::size_t>(std::floor(clamped / kBucketMs)));
    ++counts_[bucket];
    ++total_;
    max_ = std::max(max_, ms);
    min_ = std::min(min_, ms);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
    for (std::size_t i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
    total_ += other.total_;
    max_ = std::max(max_, other.max_);
    min_ = std::min(min_, other.min_);
}

void LatencyHistogram::reset() {
    std::fill(counts_.begin(), counts_.end(), 0);
    total_ = 0;
    max_ = 0;
    min_ = 1e300;
}

void Interval::merge(const Interval& other) {
    frames += other.frames;
    bytes += other.bytes;
    gaps += other.gaps;
    missing += other.missing;
    lag_messages += other.lag_messages;
    lag_skipped += other.lag_skipped;
    reconnects += other.reconnects;
    errors += other.errors;
    latency.merge(other.latency);
}

void Interval::reset() {
    frames = bytes = gaps = missing = lag_messages = lag_skipped = reconnects = errors = 0;
    latency.reset();
}

double LatencyHistogram::quantile(double q) const {
    if (total_ == 0) return 0;
    const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total_)));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < kBuckets; ++i) {
        seen += counts_[i];
        if (seen >= std::max<std::uint64_t>(rank, 1))
            return std::min(max_, static_cast<double>(i + 1) * kBucketMs);
    }
    return max_;
}

}  // namespace acoustream::loadgen
