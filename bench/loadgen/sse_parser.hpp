#pragma once
// Incremental parser for one SSE response (HTTP/1.1 head, optional chunked
// transfer coding, then `field: value` lines). It never buffers a whole
// event: a frame's data line can be 100 KB, and the load generator must
// cost far less CPU than the server it measures. Per line it keeps the
// first bytes (to classify the line) and the last bytes (frame documents
// end with `"timestamp":T,"frame_number":N,...}`), so no JSON is parsed.

#include <zlib.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace acoustream::loadgen {

struct SseEvent {
    enum class Kind : std::uint8_t { frame, lagged, heartbeat, other };
    Kind kind = Kind::other;
    std::optional<std::uint64_t> id;            // the `id:` field
    std::optional<std::uint64_t> frame_number;  // from the data document
    std::optional<std::uint64_t> timestamp_ms;  // from the data document
    std::uint64_t skipped = 0;                  // for lagged notices
    std::size_t bytes = 0;                      // wire bytes of the event (after de-chunking)
};

class SseParser {
public:
    enum class Status : std::uint8_t { ok, bad_status, bad_head, bad_chunk };

    // Feeds received bytes; calls `on_event(const SseEvent&)` per complete
    // event. Returns false (and stays failed) once the response is not an
    // SSE stream we understand; status() says why.
    template <class OnEvent>
    bool feed(std::string_view bytes, OnEvent&& on_event) {
        while (!bytes.empty() && status_ == Status::ok) {
            if (!head_done_) {
                bytes = feed_head(bytes);
                continue;
            }
            std::string_view body = chunked_ ? dechunk(bytes) : std::exchange(bytes, {});
            if (gzip_)
                inflate_body(body, on_event);
            else
                feed_body(body, on_event);
        }
        return status_ == Status::ok;
    }

    [[nodiscard]] Status status() const { return status_; }
    [[nodiscard]] int http_status() const { return http_status_; }
    [[nodiscard]] bool head_done() const { return head_done_; }
    [[nodiscard]] std::string_view head() const { return head_; }

private:
    static constexpr std::size_t kHeadKeep = 64;
    static constexpr std::size_t kTailKeep = 256;
    static constexpr std::size_t kMaxHead = 16 * 1024;

    std::string_view feed_head(std::string_view bytes);
    // Consumes chunk framing from `bytes` and returns the next run of body
    // bytes (possibly empty while a chunk-size line is being read).
    std::string_view dechunk(std::string_view& bytes);

    template <class OnEvent>
    void feed_body(std::string_view body, OnEvent& on_event) {
        while (!body.empty()) {
            const auto nl = body.find('\n');
            const std::string_view part = body.substr(0, nl);
            append_line_part(part);
            if (nl == std::string_view::npos) return;
            body.remove_prefix(nl + 1);
            if (end_line()) {
                on_event(event_);
                event_ = SseEvent{};
            }
        }
    }

    // A gzip stream (Content-Encoding: gzip) is inflated as it arrives.
    template <class OnEvent>
    void inflate_body(std::string_view body, OnEvent& on_event) {
        z_->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
        z_->avail_in = static_cast<uInt>(body.size());
        while (z_->avail_in > 0 && status_ == Status::ok) {
            z_->next_out = reinterpret_cast<Bytef*>(inflated_.data());
            z_->avail_out = static_cast<uInt>(inflated_.size());
            const int rc = inflate(z_.get(), Z_SYNC_FLUSH);
            if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) status_ = Status::bad_chunk;
            feed_body(std::string_view(inflated_.data(), inflated_.size() - z_->avail_out),
                      on_event);
            if (rc == Z_STREAM_END || rc == Z_BUF_ERROR) break;
        }
    }

    void append_line_part(std::string_view part);
    // Interprets the finished line; true when it ended an event that carried
    // data (a blank line after fields).
    bool end_line();
    [[nodiscard]] std::string_view line_head() const;
    [[nodiscard]] std::string_view line_tail() const;

    Status status_ = Status::ok;
    bool head_done_ = false;
    bool chunked_ = false;
    bool gzip_ = false;
    struct InflateEnd {
        void operator()(z_stream* z) const {
            inflateEnd(z);
            delete z;
        }
    };
    std::unique_ptr<z_stream, InflateEnd> z_;  // a pointer: zlib's state points back at it
    std::string inflated_ = std::string(64 * 1024, '\0');
    int http_status_ = 0;
    std::string head_;

    // Chunked transfer coding state.
    enum class ChunkState : std::uint8_t { size, size_ext, size_lf, data, data_cr, data_lf };
    ChunkState chunk_state_ = ChunkState::size;
    std::size_t chunk_left_ = 0;
    std::size_t chunk_digits_ = 0;

    // Current line: its length, first kHeadKeep bytes, last kTailKeep bytes
    // (kept in a small linear buffer twice the window, compacted when full).
    std::size_t line_len_ = 0;
    std::array<char, kHeadKeep> head_buf_{};
    std::array<char, 2 * kTailKeep> tail_buf_{};
    std::size_t tail_len_ = 0;

    SseEvent event_;
    bool event_has_data_ = false;
};

}  // namespace acoustream::loadgen
