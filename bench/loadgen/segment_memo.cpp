#include "loadgen/segment_memo.hpp"

#include <zlib.h>

namespace acoustream::loadgen {

std::optional<std::string> inflate_segment(std::string_view segment) {
    z_stream z{};
    if (inflateInit2(&z, -15) != Z_OK) return std::nullopt;
    std::string out;
    std::string buffer(64 * 1024, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(segment.data()));
    z.avail_in = static_cast<uInt>(segment.size());
    int rc = Z_OK;
    while (rc == Z_OK && z.avail_in > 0) {
        z.next_out = reinterpret_cast<Bytef*>(buffer.data());
        z.avail_out = static_cast<uInt>(buffer.size());
        rc = inflate(&z, Z_SYNC_FLUSH);
        out.append(buffer.data(), buffer.size() - z.avail_out);
    }
    inflateEnd(&z);
    const bool whole = (rc == Z_OK || rc == Z_BUF_ERROR) && z.avail_in == 0;
    if (!whole || !(out.ends_with("\n\n") || out.ends_with("\r\n\r\n"))) return std::nullopt;
    return out;
}

const std::vector<SseEvent>* SegmentMemo::find_or_decode(std::string_view segment) {
    if (const auto it = index_.find(segment); it != index_.end()) {
        ++hits_;
        return &it->second->events;
    }
    auto text = inflate_segment(segment);
    if (!text) return nullptr;
    ++inflations_;
    Entry entry{std::string(segment), {}};
    SseParser parser = SseParser::body_only();
    parser.feed(*text, [&](const SseEvent& e) { entry.events.push_back(e); });
    if (entries_.size() == kCapacity) {
        index_.erase(entries_.front().segment);
        entries_.pop_front();
    }
    entries_.push_back(std::move(entry));
    Entry* stored = &entries_.back();
    index_.emplace(stored->segment, stored);
    return &stored->events;
}

}  // namespace acoustream::loadgen
