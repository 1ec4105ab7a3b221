#pragma once
// A write cursor over one buffer allocated upfront from an upper bound of the
// output size: the encoders compute the bound, then write every number with
// to_chars straight into place (no per-number string appends or reallocation)
// and hand back a string of the exact size.

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "encode/float_format.hpp"

namespace acoustream::encode::detail {

class BoundedWriter {
public:
    explicit BoundedWriter(std::size_t capacity)
        // Not value-initialised: zero-filling the buffer would cost a pass over it.
        : buffer_(new char[capacity]), cursor_(buffer_.get()), end_(buffer_.get() + capacity) {}

    void literal(std::string_view text) noexcept {
        assert(static_cast<std::size_t>(end_ - cursor_) >= text.size());
        std::memcpy(cursor_, text.data(), text.size());
        cursor_ += text.size();
    }
    void character(char c) noexcept {
        assert(cursor_ < end_);
        *cursor_++ = c;
    }
    void number(float value) noexcept {
        assert(static_cast<std::size_t>(end_ - cursor_) >= kMaxFloatChars);
        cursor_ = write_float(cursor_, value);
    }
    void number(double value) noexcept {
        assert(static_cast<std::size_t>(end_ - cursor_) >= kMaxDoubleChars);
        cursor_ = write_double(cursor_, value);
    }
    void number(std::uint64_t value) noexcept {
        assert(static_cast<std::size_t>(end_ - cursor_) >= kMaxUintChars);
        cursor_ = write_uint(cursor_, value);
    }

    // Direct access for bulk writers (base64); `advance` commits what they wrote.
    [[nodiscard]] char* cursor() noexcept { return cursor_; }
    [[nodiscard]] std::size_t remaining() const noexcept {
        return static_cast<std::size_t>(end_ - cursor_);
    }
    void advance(std::size_t count) noexcept {
        assert(count <= remaining());
        cursor_ += count;
    }

    // One exact-size copy: frames are retained in the ring, so the slack of
    // the upper bound (about a third for JSON) is not kept alive with them.
    [[nodiscard]] std::string take() const { return std::string(buffer_.get(), cursor_); }

private:
    std::unique_ptr<char[]> buffer_;
    char* cursor_;
    char* end_;
};

}  // namespace acoustream::encode::detail
