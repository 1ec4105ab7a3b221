#include "http/compressed_events.hpp"

namespace acoustream::http {

SharedEvent CompressedEvents::get(const std::shared_ptr<const std::string>& raw) {
    {
        std::lock_guard lock(mutex_);
        auto it = entries_.find(raw.get());
        if (it != entries_.end()) return it->second.event;
    }
    // Two sessions may race to compress the same event; both results are
    // equal and the first one stored wins, so the bytes stay shared.
    auto event = std::make_shared<const encode::CompressedEvent>(encode::compress_event(*raw));
    std::lock_guard lock(mutex_);
    auto [it, inserted] = entries_.try_emplace(raw.get(), Entry{raw, event});
    if (!inserted) return it->second.event;
    compressions_.fetch_add(1, std::memory_order_relaxed);
    order_.push_back(raw.get());
    while (order_.size() > capacity_) {
        entries_.erase(order_.front());
        order_.pop_front();
    }
    return event;
}

}  // namespace acoustream::http
