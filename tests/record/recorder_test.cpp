#include "record/recorder.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <cstring>
#include <fstream>
#include <thread>

#include "record_test_support.hpp"

namespace acoustream::record {
namespace {

using namespace std::chrono_literals;

class RecorderTest : public ::testing::Test {
protected:
    RecorderSettings settings(Format format = Format::wav) {
        RecorderSettings s;
        s.directory = dir.path() / "recordings";
        s.format = format;
        s.rotate_secs = 1;  // 10 frames of 100 samples at 1 kHz
        s.sample_rate = 1000;
        s.frame_size = 100;
        s.queue_secs = 30;
        s.provenance = {"test source", "9.9.9", "sha256:00"};
        return s;
    }
    std::unique_ptr<Recorder> make(RecorderSettings s) {
        return std::make_unique<Recorder>(std::move(s), audio, logger,
                                          [] { return 1'700'000'000'000ULL; });
    }
    Recording start(Recorder& r, std::optional<Format> format = std::nullopt) {
        auto started = r.start("run 1", format);
        EXPECT_TRUE(std::holds_alternative<Recording>(started));
        return std::get<Recording>(started);
    }
    // Publishes and waits until the recorder has written `frames` in total.
    void publish(Recorder& r, const Recording& rec, std::uint64_t from, std::uint64_t to,
                 std::uint64_t expect_written) {
        for (auto n = from; n < to; ++n) audio.publish(testing::make_frame(n, 100));
        for (int i = 0; i < 500 && r.get(rec.id)->frames < expect_written; ++i)
            std::this_thread::sleep_for(10ms);
    }
    std::vector<float> concat(const Recording& rec) {
        std::vector<float> all;
        for (const auto& f : rec.files) {
            const auto back = testing::read_sound(dir.path() / "recordings" / rec.id / f.name);
            all.insert(all.end(), back.interleaved.begin(), back.interleaved.end());
        }
        return all;
    }
    static std::vector<float> expected(std::uint64_t from, std::uint64_t to) {
        std::vector<float> v;
        for (auto n = from; n < to; ++n) {
            auto f = testing::make_frame(n, 100);
            for (std::size_t i = 0; i < f->samples(); ++i) {
                v.push_back(f->channel_a[i]);
                v.push_back(f->channel_b[i]);
            }
        }
        return v;
    }

    testing::TempDir dir;
    stream::SharedAudioStream audio{1000};
    std::shared_ptr<spdlog::logger> logger =
        std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
};

TEST_F(RecorderTest, WavIsBitExactOverRotatedFiles) {
    auto recorder = make(settings(Format::wav));
    const auto rec = start(*recorder);
    EXPECT_EQ(rec.state, State::recording);
    publish(*recorder, rec, 0, 35, 35);
    const auto done = recorder->stop(rec.id);
    ASSERT_TRUE(done);
    EXPECT_EQ(done->state, State::finished);
    EXPECT_EQ(done->frames, 35u);
    EXPECT_EQ(done->frames_lost, 0u);
    ASSERT_EQ(done->files.size(), 4u);  // 10 + 10 + 10 + 5 frames
    std::uint64_t next = 0;
    for (const auto& f : done->files) {
        EXPECT_EQ(f.first_frame, next) << f.name;
        EXPECT_TRUE(f.complete) << f.name;
        EXPECT_GT(f.bytes, 0u);
        next = f.last_frame + 1;
    }
    EXPECT_EQ(next, 35u);
    EXPECT_EQ(recorder->counters().bytes_written.load(), done->bytes);
    EXPECT_EQ(recorder->counters().frames_written.load(), 35u);
    EXPECT_EQ(recorder->counters().files_finished.load(), 4u);
    EXPECT_EQ(done->files[0].name, "20231114T221320Z_0.wav");
    const auto got = concat(*done);
    const auto want = expected(0, 35);
    ASSERT_EQ(got.size(), want.size());
    EXPECT_EQ(std::memcmp(got.data(), want.data(), got.size() * sizeof(float)), 0);
}

TEST_F(RecorderTest, FlacHoldsSixteenBitSamplesExactly) {
    auto recorder = make(settings(Format::flac));
    const auto rec = start(*recorder);
    publish(*recorder, rec, 0, 12, 12);
    const auto done = recorder->stop(rec.id);
    ASSERT_TRUE(done);
    const auto back = testing::read_sound(dir.path() / "recordings" / rec.id / done->files[0].name);
    EXPECT_EQ(back.format & SF_FORMAT_SUBMASK, SF_FORMAT_PCM_24);
    EXPECT_EQ(concat(*done), expected(0, 12));
}

TEST_F(RecorderTest, AFrameNumberJumpIsAGapAndStartsANewFile) {
    auto recorder = make(settings());
    const auto rec = start(*recorder);
    publish(*recorder, rec, 0, 4, 4);
    publish(*recorder, rec, 9, 12, 7);
    const auto done = recorder->stop(rec.id);
    ASSERT_TRUE(done);
    EXPECT_EQ(done->frames, 7u);
    EXPECT_EQ(done->frames_lost, 5u);
    ASSERT_EQ(done->gaps.size(), 1u);
    EXPECT_EQ(done->gaps[0].after_frame, 3u);
    EXPECT_EQ(done->gaps[0].skipped, 5u);
    EXPECT_EQ(done->gaps[0].missing_ms, 500u);
    ASSERT_EQ(done->files.size(), 2u);
    EXPECT_EQ(done->files[1].first_frame, 9u);
    EXPECT_EQ(recorder->counters().frames_lost.load(), 5u);
}

TEST_F(RecorderTest, ASourceOutageIsMissingTimeAndStartsANewFile) {
    auto recorder = make(settings());
    const auto rec = start(*recorder);
    publish(*recorder, rec, 0, 3, 3);
    auto late = testing::make_frame(3, 100, 2500);  // 2.5 s after it was due
    audio.publish(late);
    publish(*recorder, rec, 4, 4, 4);
    const auto done = recorder->stop(rec.id);
    ASSERT_TRUE(done);
    ASSERT_EQ(done->gaps.size(), 1u);
    EXPECT_EQ(done->gaps[0].cause, Gap::Cause::source_outage);
    EXPECT_EQ(done->gaps[0].skipped, 0u);
    EXPECT_EQ(done->gaps[0].missing_ms, 2500u);
    EXPECT_EQ(done->frames_lost, 0u);
    EXPECT_EQ(done->files.size(), 2u);
}

TEST_F(RecorderTest, TheEndOfTheSourceFinishesTheRecording) {
    auto recorder = make(settings());
    const auto rec = start(*recorder);
    publish(*recorder, rec, 0, 5, 5);
    audio.close();
    for (int i = 0; i < 300 && recorder->get(rec.id)->state == State::recording; ++i)
        std::this_thread::sleep_for(10ms);
    const auto done = recorder->get(rec.id);
    EXPECT_EQ(done->state, State::finished);
    EXPECT_EQ(done->frames, 5u);
    EXPECT_TRUE(done->files.back().complete);
    EXPECT_EQ(recorder->status().state, RecorderStatus::State::idle);
}

TEST_F(RecorderTest, OneAtATimeAndNoDeletingWhileRecording) {
    auto recorder = make(settings());
    const auto rec = start(*recorder);
    auto again = recorder->start("", std::nullopt);
    ASSERT_TRUE(std::holds_alternative<RecorderError>(again));
    EXPECT_EQ(std::get<RecorderError>(again).code, "recording_active");
    EXPECT_EQ(recorder->remove(rec.id)->status, 409u);
    EXPECT_EQ(recorder->remove("nope")->status, 404u);
    recorder->stop(rec.id);
    EXPECT_EQ(recorder->stop(rec.id)->state, State::finished);  // idempotent
    EXPECT_FALSE(recorder->remove(rec.id));
    EXPECT_FALSE(recorder->get(rec.id));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "recordings" / rec.id));
}

TEST_F(RecorderTest, IdsAreNeverReusedAndTheListIsNewestFirst) {
    auto recorder = make(settings());
    const auto first = start(*recorder);
    recorder->stop(first.id);
    const auto second = start(*recorder);
    recorder->stop(second.id);
    EXPECT_EQ(first.id, "20231114T221320Z");
    EXPECT_EQ(second.id, "20231114T221320Z-2");
    const auto list = recorder->list();
    ASSERT_EQ(list.size(), 2u);
}

TEST_F(RecorderTest, SidecarsDescribeTheirFile) {
    auto recorder = make(settings());
    const auto rec = start(*recorder);
    publish(*recorder, rec, 0, 3, 3);
    const auto done = recorder->stop(rec.id);
    const auto path = recorder->file_path(rec.id, done->files[0].name + ".json");
    ASSERT_TRUE(path);
    std::ifstream in(*path);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    const auto o = boost::json::parse(text).as_object();
    EXPECT_EQ(o.at("first_frame").as_int64(), 0);
    EXPECT_EQ(o.at("last_frame").as_int64(), 2);
    EXPECT_EQ(o.at("source").as_string(), "test source");
    EXPECT_EQ(o.at("config_digest").as_string(), "sha256:00");
    EXPECT_TRUE(o.at("complete").as_bool());
    EXPECT_FALSE(recorder->file_path(rec.id, "../recording.json"));
    EXPECT_FALSE(recorder->file_path(rec.id, "recording.json"));
}

TEST_F(RecorderTest, AnInterruptedRecordingIsLoadedAsFailed) {
    std::string id;
    {
        auto recorder = make(settings());
        const auto rec = start(*recorder);
        id = rec.id;
        publish(*recorder, rec, 0, 3, 3);
        // Pretend the process died: put back the state written while recording.
        auto snapshot = recorder->get(id);
        recorder->stop(id);
        snapshot->state = State::recording;
        std::ofstream(dir.path() / "recordings" / id / "recording.json")
            << boost::json::serialize(to_json(*snapshot));
    }
    auto recorder = make(settings());
    const auto loaded = recorder->get(id);
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->state, State::failed);
    EXPECT_NE(loaded->error.find("interrupted"), std::string::npos);
}

TEST_F(RecorderTest, RetentionDeletesTheOldestFinishedRecordings) {
    auto s = settings();
    s.max_total_bytes = 1;  // anything finished goes when the next file closes
    auto recorder = make(s);
    const auto first = start(*recorder);
    publish(*recorder, first, 0, 3, 3);
    recorder->stop(first.id);
    const auto second = start(*recorder);
    publish(*recorder, second, 3, 15, 12);  // a rotation closes a file
    EXPECT_FALSE(recorder->get(first.id));
    EXPECT_TRUE(recorder->get(second.id));
    recorder->stop(second.id);
}

}  // namespace
}  // namespace acoustream::record
