#include "record/sound_file_writer.hpp"

#include <fcntl.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace acoustream::record {

struct SoundFileWriter::Handle {
    SNDFILE* file = nullptr;
};

int quantise_24(float x) noexcept {
    if (std::isnan(x)) return 0;
    const double scaled = std::nearbyint(static_cast<double>(x) * 8388608.0);
    const double clipped = std::fmin(std::fmax(scaled, -8388608.0), 8388607.0);
    // Left-aligned: libsndfile keeps the top 24 bits of an int for PCM_24.
    return static_cast<int>(clipped) * 256;
}

SoundFileWriter::SoundFileWriter(std::filesystem::path path, Format format,
                                 std::uint32_t sample_rate)
    : path_(std::move(path)), format_(format), handle_(std::make_unique<Handle>()) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd_ < 0)
        throw std::runtime_error("cannot create " + path_.string() + ": " + std::strerror(errno));
    SF_INFO info{};
    info.samplerate = static_cast<int>(sample_rate);
    info.channels = 2;
    // RF64 written as plain WAV while under 4 GiB (auto downgrade), so readers
    // that know only RIFF read every file that fits in one.
    info.format = format == Format::wav ? (SF_FORMAT_RF64 | SF_FORMAT_FLOAT)
                                        : (SF_FORMAT_FLAC | SF_FORMAT_PCM_24);
    handle_->file = sf_open_fd(fd_, SFM_WRITE, &info, SF_TRUE);
    if (!handle_->file) {
        const std::string why = sf_strerror(nullptr);
        ::close(fd_);
        fd_ = -1;
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
        throw std::runtime_error("cannot start " + path_.string() + ": " + why);
    }
    if (format == Format::wav) sf_command(handle_->file, SFC_RF64_AUTO_DOWNGRADE, nullptr, SF_TRUE);
}

SoundFileWriter::~SoundFileWriter() { close(); }

bool SoundFileWriter::fail(const std::string& what) {
    if (error_.empty()) error_ = what + " " + path_.string() + ": " + sf_strerror(handle_->file);
    return false;
}

bool SoundFileWriter::write(const std::vector<float>& a, const std::vector<float>& b) {
    if (!handle_->file) return false;
    const std::size_t n = std::min(a.size(), b.size());
    sf_count_t written = 0;
    if (format_ == Format::wav) {
        interleaved_f_.resize(2 * n);
        for (std::size_t i = 0; i < n; ++i) {
            interleaved_f_[2 * i] = a[i];
            interleaved_f_[2 * i + 1] = b[i];
        }
        written = sf_writef_float(handle_->file, interleaved_f_.data(), static_cast<sf_count_t>(n));
    } else {
        interleaved_i_.resize(2 * n);
        for (std::size_t i = 0; i < n; ++i) {
            interleaved_i_[2 * i] = quantise_24(a[i]);
            interleaved_i_[2 * i + 1] = quantise_24(b[i]);
        }
        written = sf_writef_int(handle_->file, interleaved_i_.data(), static_cast<sf_count_t>(n));
    }
    if (written != static_cast<sf_count_t>(n)) return fail("cannot write to");
    return true;
}

bool SoundFileWriter::sync_header() {
    if (!handle_->file || format_ != Format::wav) return handle_->file != nullptr;
    sf_command(handle_->file, SFC_UPDATE_HEADER_NOW, nullptr, 0);
    if (sf_error(handle_->file) != SF_ERR_NO_ERROR) return fail("cannot update the header of");
    return true;
}

bool SoundFileWriter::close() {
    if (!handle_->file) return error_.empty();
    const int rc = sf_close(handle_->file);
    handle_->file = nullptr;
    fd_ = -1;  // closed by sf_close
    if (rc != 0 && error_.empty())
        error_ = "cannot finish " + path_.string() + ": " + sf_error_number(rc);
    return error_.empty();
}

std::uint64_t SoundFileWriter::bytes_on_disk() const {
    struct stat st {};
    if (fd_ >= 0 && ::fstat(fd_, &st) == 0) return static_cast<std::uint64_t>(st.st_size);
    std::error_code ec;
    const auto size = std::filesystem::file_size(path_, ec);
    return ec ? 0 : static_cast<std::uint64_t>(size);
}

}  // namespace acoustream::record
