#pragma once
// Test helpers: a private temporary directory and sound files written with
// libsndfile at test time (no binary fixtures in the repo).

#include <filesystem>
#include <span>
#include <string>

namespace acoustream::testing {

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
    [[nodiscard]] std::string file(const std::string& name) const {
        return (path_ / name).string();
    }

private:
    std::filesystem::path path_;
};

// Writes interleaved frames with `format` (SF_FORMAT_* major | subtype);
// throws std::runtime_error with libsndfile's message on failure.
void write_sound_file(const std::string& path, int format, int sample_rate, int channels,
                      std::span<const short> interleaved);
void write_sound_file(const std::string& path, int format, int sample_rate, int channels,
                      std::span<const int> interleaved);
void write_sound_file(const std::string& path, int format, int sample_rate, int channels,
                      std::span<const float> interleaved);

// Writes `text` as a plain file.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace acoustream::testing
