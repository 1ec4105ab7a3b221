#include "audio/file_source.hpp"

#include <sndfile.h>

#include <algorithm>
#include <string>
#include <utility>

#include "audio/source_error.hpp"

namespace acoustream::audio {
namespace {

std::string quoted(const std::string& path) { return "'" + path + "'"; }

}  // namespace

void FileSource::Closer::operator()(sf_private_tag* file) const noexcept { sf_close(file); }

FileSource::FileSource(FileOptions options) : options_(std::move(options)) {
    if (options_.path.empty()) {
        throw SourceError("file source: the path is empty");
    }
    SF_INFO info{};
    file_.reset(sf_open(options_.path.c_str(), SFM_READ, &info));
    if (!file_) {
        throw SourceError("file source " + quoted(options_.path) +
                          ": cannot open: " + sf_strerror(nullptr));
    }
    const std::string where = "file source " + quoted(options_.path) + ": ";
    if (info.frames <= 0) {
        throw SourceError(where + "the file holds no audio frames");
    }
    if (info.frames == SF_COUNT_MAX) {
        throw SourceError(where + "the length is unknown (not a regular file?)");
    }
    if (info.samplerate <= 0 || info.channels <= 0) {
        throw SourceError(where + "invalid sample rate or channel count in the header");
    }
    for (std::size_t i = 0; i < options_.channels.size(); ++i) {
        const int index = options_.channels[i];
        const bool out_of_range = index < 0 || (info.channels > 1 && index >= info.channels);
        if (out_of_range) {
            throw SourceError(where + "channel index " + std::to_string(index) + " (for " +
                              (i == 0 ? "A" : "B") + ") is out of range: the file has " +
                              std::to_string(info.channels) + " channel(s)");
        }
    }
    sample_rate_ = static_cast<std::uint32_t>(info.samplerate);
    file_channels_ = info.channels;
    total_frames_ = static_cast<std::uint64_t>(info.frames);
}

ReadResult FileSource::rewind_for_loop() {
    if (sf_seek(file_.get(), 0, SEEK_SET) < 0) {
        return ReadResult::error_result(
            "file source " + quoted(options_.path) +
            ": cannot restart at the beginning: " + sf_strerror(file_.get()));
    }
    position_ = 0;
    return {};
}

ReadResult FileSource::read(std::size_t max_samples) {
    if (max_samples == 0) {
        return ReadResult::error_result("file source " + quoted(options_.path) +
                                        ": read of 0 samples requested");
    }
    if (!pending_error_.empty()) {
        return ReadResult::error_result(std::exchange(pending_error_, {}));
    }
    if (ended_) {
        return ReadResult::end_result();
    }
    if (position_ >= total_frames_) {
        if (!options_.loop) {
            ended_ = true;
            return ReadResult::end_result();
        }
        ReadResult rewound = rewind_for_loop();
        if (rewound.status == ReadResult::Status::error) {
            return rewound;
        }
    }

    const auto wanted =
        static_cast<sf_count_t>(std::min<std::uint64_t>(max_samples, total_frames_ - position_));
    const auto channels = static_cast<std::size_t>(file_channels_);
    interleaved_.resize(static_cast<std::size_t>(wanted) * channels);
    const sf_count_t got =
        std::max<sf_count_t>(sf_readf_float(file_.get(), interleaved_.data(), wanted), 0);

    if (got < wanted) {
        // The header promised more frames: the file was truncated underneath
        // or the read failed. Report it once, then carry on as at the end of
        // the file so the caller is not stuck retrying the same failure.
        const int code = sf_error(file_.get());
        std::string why = "file source " + quoted(options_.path) + ": ";
        why += code != SF_ERR_NO_ERROR
                   ? std::string("read failed: ") + sf_strerror(file_.get())
                   : "the file ends at frame " + std::to_string(position_ + got) + " of " +
                         std::to_string(total_frames_) + " (truncated?)";
        position_ = total_frames_;
        if (got == 0) {
            return ReadResult::error_result(std::move(why));
        }
        // Deliver what was read; the error is reported by the next read.
        pending_error_ = std::move(why);
    } else {
        position_ += static_cast<std::uint64_t>(got);
    }

    const auto frames = static_cast<std::size_t>(got);
    ReadResult result;
    result.a.resize(frames);
    result.b.resize(frames);
    if (file_channels_ == 1) {
        std::copy_n(interleaved_.begin(), frames, result.a.begin());
        std::copy_n(interleaved_.begin(), frames, result.b.begin());
    } else {
        const auto ca = static_cast<std::size_t>(options_.channels[0]);
        const auto cb = static_cast<std::size_t>(options_.channels[1]);
        for (std::size_t i = 0; i < frames; ++i) {
            result.a[i] = interleaved_[i * channels + ca];
            result.b[i] = interleaved_[i * channels + cb];
        }
    }
    return result;
}

}  // namespace acoustream::audio
