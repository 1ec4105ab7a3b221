#include "audio/sound_files.hpp"

#include <sndfile.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace acoustream::testing {

TempDir::TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "acoustream-audio-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) == nullptr) {
        throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
    }
    path_ = buffer.data();
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

namespace {

template <typename Sample, typename Writer>
void write_with(const std::string& path, int format, int sample_rate, int channels,
                std::span<const Sample> interleaved, Writer writer) {
    SF_INFO info{};
    info.samplerate = sample_rate;
    info.channels = channels;
    info.format = format;
    SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
    if (file == nullptr) {
        throw std::runtime_error("cannot create " + path + ": " + sf_strerror(nullptr));
    }
    const auto frames = static_cast<sf_count_t>(interleaved.size()) / channels;
    const sf_count_t written = frames == 0 ? 0 : writer(file, interleaved.data(), frames);
    const std::string error = sf_strerror(file);
    sf_close(file);
    if (written != frames) {
        throw std::runtime_error("cannot write " + path + ": " + error);
    }
}

}  // namespace

void write_sound_file(const std::string& path, int format, int sample_rate, int channels,
                      std::span<const short> interleaved) {
    write_with(path, format, sample_rate, channels, interleaved, sf_writef_short);
}

void write_sound_file(const std::string& path, int format, int sample_rate, int channels,
                      std::span<const int> interleaved) {
    write_with(path, format, sample_rate, channels, interleaved, sf_writef_int);
}

void write_sound_file(const std::string& path, int format, int sample_rate, int channels,
                      std::span<const float> interleaved) {
    write_with(path, format, sample_rate, channels, interleaved, sf_writef_float);
}

void write_text_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) {
        throw std::runtime_error("cannot write " + path);
    }
}

}  // namespace acoustream::testing
