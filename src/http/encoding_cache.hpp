#pragma once
// Serialise once: the bytes of a frame in a given variant (encoding,
// decimation, SSE framing) are produced by the first session that needs them
// and shared, immutable, by every other session. Bounded to the newest
// `max_frames` frame numbers.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace acoustream::http {

using SharedBytes = std::shared_ptr<const std::string>;

template <class Key>
class EncodingCache {
public:
    explicit EncodingCache(std::size_t max_frames) : max_frames_(max_frames ? max_frames : 1) {}

    // The bytes for (frame_number, key); `encode` runs once per pair while the
    // pair is retained, even when many sessions ask at the same time.
    template <class Encode>
    SharedBytes get(std::uint64_t frame_number, const Key& key, Encode&& encode) {
        std::shared_ptr<Entry> entry;
        {
            std::lock_guard lock(mutex_);
            auto& slot = entries_[frame_number];
            if (!slot) slot = std::make_shared<Entry>();
            entry = slot;
            newest_ = std::max(newest_, frame_number);
            while (!entries_.empty() && entries_.begin()->first + max_frames_ <= newest_)
                entries_.erase(entries_.begin());
        }
        std::lock_guard lock(entry->mutex);
        for (const auto& [k, bytes] : entry->variants)
            if (k == key) return bytes;
        auto bytes = std::make_shared<const std::string>(encode());
        entry->variants.emplace_back(key, bytes);
        ++encodes_;
        return bytes;
    }

    [[nodiscard]] std::uint64_t encodes() const { return encodes_.load(std::memory_order_relaxed); }

private:
    struct Entry {
        std::mutex mutex;
        std::vector<std::pair<Key, SharedBytes>> variants;
    };

    std::size_t max_frames_;
    mutable std::mutex mutex_;
    std::map<std::uint64_t, std::shared_ptr<Entry>> entries_;
    std::uint64_t newest_ = 0;
    std::atomic<std::uint64_t> encodes_{0};
};

}  // namespace acoustream::http
