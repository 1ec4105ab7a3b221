#pragma once
// Serialise once: the bytes of a frame in a given variant (encoding,
// decimation, SSE framing) are produced by the first session that needs them,
// or before the frame is due for the variants in use (pre_encode), and shared,
// immutable, by every other session. Bounded to the newest `max_frames`
// frame numbers.

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
        return find_or_encode(frame_number, key, encode, true);
    }

    // Encodes frame `frame_number` before any session asks for it, in the
    // variants sessions asked for in the frame before; `encode(key)` makes
    // the bytes. Nothing is done when no session asked for that frame, so
    // pre-encoded bytes nobody reads stop after one frame.
    template <class EncodeKey>
    void pre_encode(std::uint64_t frame_number, EncodeKey&& encode) {
        if (frame_number == 0) return;
        std::shared_ptr<Entry> previous;
        {
            std::lock_guard lock(mutex_);
            const auto it = entries_.find(frame_number - 1);
            if (it == entries_.end()) return;
            previous = it->second;
        }
        std::vector<Key> keys;
        {
            std::lock_guard lock(previous->mutex);
            for (const auto& v : previous->variants)
                if (v.requested) keys.push_back(v.key);
        }
        for (const auto& key : keys)
            find_or_encode(
                frame_number, key, [&] { return encode(key); }, false);
    }

    [[nodiscard]] std::uint64_t encodes() const { return encodes_.load(std::memory_order_relaxed); }

private:
    struct Variant {
        Key key;
        SharedBytes bytes;
        bool requested;  // asked for by a session, not only pre-encoded
    };
    struct Entry {
        std::mutex mutex;
        std::vector<Variant> variants;
    };

    template <class Encode>
    SharedBytes find_or_encode(std::uint64_t frame_number, const Key& key, Encode&& encode,
                               bool requested) {
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
        for (auto& v : entry->variants) {
            if (v.key == key) {
                v.requested = v.requested || requested;
                return v.bytes;
            }
        }
        auto bytes = std::make_shared<const std::string>(encode());
        entry->variants.push_back(Variant{key, bytes, requested});
        ++encodes_;
        return bytes;
    }

    std::size_t max_frames_;
    mutable std::mutex mutex_;
    std::map<std::uint64_t, std::shared_ptr<Entry>> entries_;
    std::uint64_t newest_ = 0;
    std::atomic<std::uint64_t> encodes_{0};
};

}  // namespace acoustream::http
