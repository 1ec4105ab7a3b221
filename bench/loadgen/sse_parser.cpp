#include "loadgen/sse_parser.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "loadgen/segment_memo.hpp"
#include "text/ascii.hpp"
#include "text/hex.hpp"

namespace acoustream::loadgen {

namespace {

std::optional<std::uint64_t> parse_uint(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    std::uint64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr == text.data()) return std::nullopt;
    return value;
}

// The unsigned number after the last occurrence of `key` in `text`.
std::optional<std::uint64_t> number_after(std::string_view text, std::string_view key) {
    const auto at = text.rfind(key);
    if (at == std::string_view::npos) return std::nullopt;
    return parse_uint(text.substr(at + key.size()));
}

// The value of a header line `name: value` in an HTTP head, lower-cased
// comparison of the name.
std::optional<std::string_view> header_value(std::string_view head, std::string_view name) {
    std::size_t pos = head.find("\r\n");
    while (pos != std::string_view::npos) {
        const std::size_t start = pos + 2;
        const std::size_t end = head.find("\r\n", start);
        const std::string_view line = head.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (line.size() > name.size() && line[name.size()] == ':' &&
            text::istarts_with(line, name)) {
            std::string_view value = line.substr(name.size() + 1);
            while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
            return value;
        }
        pos = end;
    }
    return std::nullopt;
}

}  // namespace

std::string_view SseParser::feed_head(std::string_view bytes) {
    // The end of the head may straddle reads: search from a little before
    // what was already held.
    const std::size_t resume = head_.size() > 3 ? head_.size() - 3 : 0;
    head_.append(bytes);
    const std::size_t end = head_.find("\r\n\r\n", resume);
    if (end == std::string::npos) {
        if (head_.size() > kMaxHead) status_ = Status::bad_head;
        return {};
    }
    const std::size_t head_size = end + 4;
    std::string_view rest = bytes.substr(bytes.size() - (head_.size() - head_size));
    head_.resize(head_size);
    head_done_ = true;

    // "HTTP/1.1 200 OK"
    const std::string_view status_line = std::string_view(head_).substr(0, head_.find("\r\n"));
    const auto space = status_line.find(' ');
    if (space == std::string_view::npos || !text::istarts_with(status_line, "HTTP/")) {
        status_ = Status::bad_head;
        return {};
    }
    http_status_ = static_cast<int>(parse_uint(status_line.substr(space + 1)).value_or(0));
    if (http_status_ != 200) {
        status_ = Status::bad_status;
        return {};
    }
    if (const auto te = header_value(head_, "transfer-encoding"))
        chunked_ = text::istarts_with(*te, "chunked");
    if (const auto ce = header_value(head_, "content-encoding");
        ce && text::istarts_with(*ce, "gzip")) {
        if (memo_ == nullptr)
            status_ = Status::bad_head;
        else
            gzip_ = true;
    }
    return rest;
}

std::string_view SseParser::dechunk(std::string_view& bytes) {
    while (!bytes.empty()) {
        const char c = bytes.front();
        switch (chunk_state_) {
            case ChunkState::size: {
                const int digit = text::hex_value(c);
                if (digit >= 0) {
                    if (++chunk_digits_ > 15) {
                        status_ = Status::bad_chunk;
                        return {};
                    }
                    chunk_left_ = chunk_left_ * 16 + static_cast<std::size_t>(digit);
                } else if (c == ';' || c == ' ') {
                    chunk_state_ = ChunkState::size_ext;
                } else if (c == '\r') {
                    chunk_state_ = ChunkState::size_lf;
                } else {
                    status_ = Status::bad_chunk;
                    return {};
                }
                bytes.remove_prefix(1);
                break;
            }
            case ChunkState::size_ext:
                if (c == '\r') chunk_state_ = ChunkState::size_lf;
                bytes.remove_prefix(1);
                break;
            case ChunkState::size_lf:
                if (c != '\n' || chunk_digits_ == 0) {
                    status_ = Status::bad_chunk;
                    return {};
                }
                bytes.remove_prefix(1);
                chunk_digits_ = 0;
                // A zero-size chunk ends the body; nothing more is parsed.
                chunk_state_ = chunk_left_ == 0 ? ChunkState::size_ext : ChunkState::data;
                if (chunk_left_ == 0) {
                    bytes = {};
                    return {};
                }
                break;
            case ChunkState::data: {
                const std::size_t n = std::min(chunk_left_, bytes.size());
                const std::string_view out = bytes.substr(0, n);
                bytes.remove_prefix(n);
                chunk_left_ -= n;
                if (chunk_left_ == 0) chunk_state_ = ChunkState::data_cr;
                return out;
            }
            case ChunkState::data_cr:
            case ChunkState::data_lf:
                if (c != (chunk_state_ == ChunkState::data_cr ? '\r' : '\n')) {
                    status_ = Status::bad_chunk;
                    return {};
                }
                chunk_state_ =
                    chunk_state_ == ChunkState::data_cr ? ChunkState::data_lf : ChunkState::size;
                bytes.remove_prefix(1);
                break;
        }
    }
    return {};
}

void SseParser::append_line_part(std::string_view part) {
    if (line_len_ < kHeadKeep) {
        const std::size_t n = std::min(kHeadKeep - line_len_, part.size());
        std::memcpy(head_buf_.data() + line_len_, part.data(), n);
    }
    line_len_ += part.size();
    if (part.size() >= kTailKeep) {
        std::memcpy(tail_buf_.data(), part.data() + part.size() - kTailKeep, kTailKeep);
        tail_len_ = kTailKeep;
        return;
    }
    if (tail_len_ + part.size() > tail_buf_.size()) {
        // Keep the newest kTailKeep - part.size() bytes, then append.
        const std::size_t keep = kTailKeep - part.size();
        std::memmove(tail_buf_.data(), tail_buf_.data() + tail_len_ - keep, keep);
        tail_len_ = keep;
    }
    std::memcpy(tail_buf_.data() + tail_len_, part.data(), part.size());
    tail_len_ += part.size();
}

std::string_view SseParser::line_head() const {
    return {head_buf_.data(), std::min(line_len_, kHeadKeep)};
}

std::string_view SseParser::line_tail() const {
    const std::size_t n = std::min(tail_len_, kTailKeep);
    return {tail_buf_.data() + tail_len_ - n, n};
}

bool SseParser::end_line() {
    std::string_view head = line_head();
    if (!head.empty() && head.back() == '\r') head.remove_suffix(1);  // CRLF line ends
    const std::size_t len = line_len_;
    const std::string_view tail = line_tail();
    line_len_ = 0;
    tail_len_ = 0;
    event_.bytes += len + 1;
    if (head.empty()) {
        const bool complete = event_has_data_;
        event_has_data_ = false;
        if (!complete) event_.bytes = 0;  // e.g. the `retry:` block
        return complete;
    }
    if (head.starts_with("id:")) {
        event_.id = parse_uint(head.substr(3));
    } else if (head.starts_with("data:")) {
        event_has_data_ = true;
        std::string_view data = head.substr(5);
        if (!data.empty() && data.front() == ' ') data.remove_prefix(1);
        if (data.starts_with(R"({"type":"lagged")")) {
            event_.kind = SseEvent::Kind::lagged;
            event_.skipped = number_after(tail, R"("skipped":)").value_or(0);
        } else if (data.starts_with(R"({"type":"heartbeat")")) {
            event_.kind = SseEvent::Kind::heartbeat;
        } else {
            event_.frame_number = number_after(tail, R"("frame_number":)");
            event_.timestamp_ms = number_after(tail, R"("timestamp":)");
            event_.kind = event_.timestamp_ms ? SseEvent::Kind::frame : SseEvent::Kind::other;
        }
    }
    return false;
}

const std::vector<SseEvent>* SseParser::next_segment() {
    if (!gzip_header_done_) {
        if (pending_.size() < 10) return nullptr;
        if (pending_.compare(0, 3, "\x1f\x8b\x08") != 0) {
            status_ = Status::bad_chunk;
            return nullptr;
        }
        pending_.erase(0, 10);
        gzip_header_done_ = true;
    }
    // Every segment ends with the sync flush's empty stored block, 00 00 FF FF;
    // the same four bytes inside compressed data fail to decode alone and the
    // search goes on past them.
    static constexpr std::string_view kSyncFlush("\x00\x00\xff\xff", 4);
    for (;;) {
        const std::size_t at = pending_.find(kSyncFlush, scan_from_);
        if (at == std::string::npos) {
            scan_from_ = pending_.size() < 3 ? 0 : pending_.size() - 3;
            return nullptr;
        }
        const std::size_t end = at + kSyncFlush.size();
        if (const auto* events = memo_->find_or_decode(std::string_view(pending_).substr(0, end))) {
            pending_.erase(0, end);
            scan_from_ = 0;
            return events;
        }
        scan_from_ = at + 1;
    }
}

}  // namespace acoustream::loadgen
