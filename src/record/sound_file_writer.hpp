#pragma once
// One audio file being written through libsndfile: FLAC 24-bit (samples
// quantised to 24 bits here, so a 16- or 24-bit source comes back exact) or
// 32-bit float WAV (bit-exact; RF64 past 4 GiB, plain WAV below). Used from
// the recorder's writer thread only.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "record/recording.hpp"

namespace acoustream::record {

class SoundFileWriter {
public:
    // Creates `path`, which must not exist (a recording never overwrites).
    // Throws std::runtime_error naming the path and the cause.
    SoundFileWriter(std::filesystem::path path, Format format, std::uint32_t sample_rate);
    ~SoundFileWriter();
    SoundFileWriter(const SoundFileWriter&) = delete;
    SoundFileWriter& operator=(const SoundFileWriter&) = delete;

    // Appends one frame of two channels. Returns false on a write error
    // (error() says why); the file stays readable up to what was written.
    bool write(const std::vector<float>& a, const std::vector<float>& b);
    // Rewrites the WAV header so the file is readable up to here if the
    // process dies (FLAC needs nothing: its blocks stand alone).
    bool sync_header();
    // Finishes the file (FLAC's last block, the WAV's final header). Returns
    // false with error() set if that failed; the file is closed either way.
    bool close();

    [[nodiscard]] std::uint64_t bytes_on_disk() const;
    [[nodiscard]] const std::string& error() const noexcept { return error_; }
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

private:
    bool fail(const std::string& what);

    struct Handle;
    std::filesystem::path path_;
    Format format_;
    int fd_ = -1;
    std::unique_ptr<Handle> handle_;
    std::vector<float> interleaved_f_;
    std::vector<int> interleaved_i_;
    std::string error_;
};

// A float sample as a 24-bit value left-aligned in an int (libsndfile's int
// convention): round(x * 2^23), clipped to the 24-bit range.
int quantise_24(float x) noexcept;

}  // namespace acoustream::record
