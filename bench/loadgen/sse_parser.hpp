#pragma once
// Incremental parser for one SSE response (HTTP/1.1 head, optional chunked
// transfer coding, then `field: value` lines). It never buffers a whole
// event: a frame's data line can be 100 KB, and the load generator must
// cost far less CPU than the server it measures. Per line it keeps the
// first bytes (to classify the line) and the last bytes (frame documents
// end with `"timestamp":T,"frame_number":N,...}`), so no JSON is parsed.
// A gzip stream is cut into the server's per-event segments and decoded
// through the thread's SegmentMemo (segment_memo.hpp).

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace acoustream::loadgen {

class SegmentMemo;

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

    // `memo` decodes gzip streams (required for them; may be null otherwise).
    explicit SseParser(SegmentMemo* memo = nullptr) : memo_(memo) {}
    // A parser of SSE text alone (no HTTP head, no transfer or content coding).
    static SseParser body_only() {
        SseParser p;
        p.head_done_ = true;
        return p;
    }

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
                segment_body(body, on_event);
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

    // A gzip stream: the 10-byte header, then one deflate segment per event.
    template <class OnEvent>
    void segment_body(std::string_view body, OnEvent& on_event) {
        pending_.append(body);
        while (const std::vector<SseEvent>* events = next_segment())
            for (const SseEvent& e : *events) on_event(e);
    }
    // The events of the next whole segment in pending_ (consumed), or null
    // until one has arrived.
    const std::vector<SseEvent>* next_segment();

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
    SegmentMemo* memo_ = nullptr;
    std::string pending_;        // gzip bytes not yet cut into a segment
    std::size_t scan_from_ = 0;  // where the search for the next sync flush resumes
    bool gzip_header_done_ = false;
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
