// Any bytes as a sound file: FileSource opens it (or throws SourceError) and
// reads it to the end.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "audio/file_source.hpp"
#include "audio/source_error.hpp"

namespace {

constexpr std::size_t kBlock = 4096;
// A header may declare billions of frames; stop long before that can hang a run.
constexpr std::size_t kMaxReads = 10'000;

// One file per process, removed at exit, so a long run does not litter /tmp.
class ScratchFile {
public:
    ScratchFile() {
        const char* dir = std::getenv("TMPDIR");
        path_ = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") +
                "/acoustream_fuzz_audio_" + std::to_string(::getpid()) + ".bin";
    }
    ~ScratchFile() { std::remove(path_.c_str()); }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;

    const std::string& write(const std::uint8_t* data, std::size_t size) {
        std::ofstream out(path_, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
        out.close();
        if (!out) __builtin_trap();  // the harness itself failed, not the code under test
        return path_;
    }

private:
    std::string path_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static ScratchFile scratch;
    acoustream::audio::FileOptions options;
    options.path = scratch.write(data, size);
    options.realtime = false;
    try {
        acoustream::audio::FileSource source(options);
        for (std::size_t i = 0; i < kMaxReads; ++i) {
            auto block = source.read(kBlock);
            using Status = acoustream::audio::ReadResult::Status;
            if (block.status == Status::end) break;
            if (block.status == Status::ok) {
                if (block.a.empty() || block.a.size() > kBlock || block.a.size() != block.b.size())
                    __builtin_trap();
            }
        }
    } catch (const acoustream::audio::SourceError&) {
        // A file libsndfile or FileSource refuses is the expected outcome.
    }
    return 0;
}
