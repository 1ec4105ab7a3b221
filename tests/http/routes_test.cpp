// Route logic without sockets: the cases the integration tests cannot reach
// with a real source (no frame yet, acquisition retrying, no analyser).
#include "http/routes.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "auth/jwt_verifier.hpp"
#include "auth/token_issuer.hpp"
#include "http/encoded_streams.hpp"
#include "http/metrics.hpp"
#include "http/request_info.hpp"
#include "spectral/spectral_frame.hpp"
#include "stream/shared_audio_stream.hpp"

namespace acoustream::http {
namespace {

constexpr std::int64_t kNow = 1'800'000'000;
const std::string kSecret = "route-test-secret";

class RoutesTest : public ::testing::Test {
protected:
    RoutesTest() : stream(8), encoded(8) {
        auth::VerifierOptions vo;
        vo.hmac_secret = kSecret;
        ctx.audio = &stream;
        ctx.verifier = std::make_shared<auth::JwtVerifier>(vo);
        ctx.now_unix_secs = [] { return kNow; };
        ctx.source_status = [this] { return status; };
        ctx.options.cors_allowed_origins = {"https://ok.example"};
        ctx.options.allow_query_token = true;  // the configuration's default
    }

    std::string token(std::int64_t ttl = 600) const {
        auth::TokenRequest r;
        r.subject = "t";
        r.ttl_secs = ttl;
        return auth::issue_hs256(kSecret, r, kNow);
    }

    RequestInfo request(const std::string& target, bool with_token = true) const {
        auto info = parse_target(target);
        EXPECT_TRUE(info.has_value()) << target;
        info->method = "GET";
        if (with_token) info->authorization = "Bearer " + token();
        return *info;
    }

    Response respond(const RequestInfo& info) {
        auto result = routes().route(info);
        auto* r = std::get_if<Response>(&result);
        EXPECT_NE(r, nullptr) << info.path << " did not give a response";
        return r ? *r : Response{};
    }

    Routes& routes() {
        if (!routes_) routes_ = std::make_unique<Routes>(ctx, metrics, encoded);
        return *routes_;
    }

    void publish_frame(std::size_t samples) {
        auto f = std::make_shared<audio::AudioFrame>();
        f->channel_a.assign(samples, 0.25f);
        f->channel_b.assign(samples, -0.25f);
        f->sample_rate = 48000;
        f->timestamp = 1234;
        f->frame_number = stream.stats().total_frames;
        stream.publish(std::move(f));
    }

    stream::SharedAudioStream stream;
    Metrics metrics;
    EncodedStreams encoded;
    ServerContext ctx;
    stream::SourceStatus status{stream::SourceState::running, "test", 0, 0, "", {}};
    std::unique_ptr<Routes> routes_;
};

TEST_F(RoutesTest, LatestIs404NoFrameBeforeTheFirstFrameThen200) {
    const Response before = respond(request("/api/audio/stream/latest"));
    EXPECT_EQ(before.status, 404u);
    EXPECT_NE(before.body.find("\"error\":\"no_frame\""), std::string::npos) << before.body;
    EXPECT_EQ(before.content_type, "application/json");

    publish_frame(4);
    const Response after = respond(request("/api/audio/stream/latest"));
    EXPECT_EQ(after.status, 200u);
    EXPECT_NE(after.body.find("\"channel_a\":[0.25,0.25,0.25,0.25]"), std::string::npos)
        << after.body;
    EXPECT_NE(after.body.find("\"frame_number\":0"), std::string::npos) << after.body;
}

TEST_F(RoutesTest, HealthzIs503WhileAcquisitionRetriesAnd200WhenRunningOrEnded) {
    status.state = stream::SourceState::retrying;
    status.last_error = "device 'hw:9' disappeared";
    Response r = respond(request("/healthz", false));
    EXPECT_EQ(r.status, 503u);
    EXPECT_NE(r.body.find("hw:9"), std::string::npos) << r.body;

    status.state = stream::SourceState::running;
    EXPECT_EQ(respond(request("/healthz", false)).status, 200u);
    status.state = stream::SourceState::ended;
    EXPECT_EQ(respond(request("/healthz", false)).status, 200u);
}

TEST_F(RoutesTest, MissingTokenIs401InvalidTokenWithBearerChallenge) {
    const Response r = respond(request("/api/audio/stream/stats", false));
    EXPECT_EQ(r.status, 401u);
    bool found = false;
    for (const auto& [name, value] : r.headers) {
        if (name != "WWW-Authenticate") continue;
        found = true;
        EXPECT_EQ(value.rfind("Bearer ", 0), 0u) << value;
        EXPECT_NE(value.find("error=\"invalid_token\""), std::string::npos) << value;
    }
    EXPECT_TRUE(found);
    EXPECT_NE(r.body.find("\"error\":\"invalid_token\""), std::string::npos) << r.body;
    EXPECT_EQ(metrics.auth_failures.load(), 1u);
}

TEST_F(RoutesTest, QueryTokenRefusedWhenDisabled) {
    ctx.options.allow_query_token = false;
    const Response r = respond(request("/api/audio/stream/stats?access_token=" + token(), false));
    EXPECT_EQ(r.status, 401u);
    EXPECT_NE(r.body.find("allow_query_token"), std::string::npos) << r.body;
}

TEST_F(RoutesTest, StreamRouteCarriesTokenExpiryAndLastEventId) {
    RequestInfo info = request("/api/audio/stream/audio?decimate=3");
    info.last_event_id = "41";
    auto result = routes().route(info);
    auto* sse = std::get_if<SseRequest>(&result);
    ASSERT_NE(sse, nullptr);
    EXPECT_EQ(sse->kind, SseRequest::Kind::audio);
    EXPECT_EQ(sse->token_expires_at, kNow + 600);
    EXPECT_EQ(sse->last_event_id, std::optional<std::uint64_t>(41));
    EXPECT_EQ(sse->query.decimate, 3u);

    info.last_event_id = "4x";
    EXPECT_EQ(respond(info).status, 400u);
}

TEST_F(RoutesTest, FastRouteForcesF32AndSpectralWithoutAnalyserIs503) {
    auto fast = routes().route(request("/api/audio/stream/audio/fast"));
    ASSERT_TRUE(std::holds_alternative<SseRequest>(fast));
    EXPECT_EQ(std::get<SseRequest>(fast).query.encoding, encode::StreamQuery::Encoding::f32);

    const Response r = respond(request("/api/audio/stream/spectral"));
    EXPECT_EQ(r.status, 503u);
    EXPECT_NE(r.body.find("spectral_unavailable"), std::string::npos);
}

TEST_F(RoutesTest, PreflightAnswers204ForAllowedOriginsOnly) {
    RequestInfo info = request("/api/audio/stream/audio", false);
    info.method = "OPTIONS";
    info.origin = "https://ok.example";
    info.preflight_method = "GET";
    // The session adds the CORS headers to every response, as here.
    Response ok = respond(info);
    routes().add_cors(info, ok);
    EXPECT_EQ(ok.status, 204u);
    EXPECT_TRUE(ok.body.empty());
    bool echoed = false;
    for (const auto& [name, value] : ok.headers)
        if (name == "Access-Control-Allow-Origin") echoed = value == "https://ok.example";
    EXPECT_TRUE(echoed);

    info.origin = "https://evil.example";
    Response bad = respond(info);
    routes().add_cors(info, bad);
    EXPECT_NE(bad.status, 204u);
    for (const auto& [name, value] : bad.headers) EXPECT_NE(name, "Access-Control-Allow-Origin");
}

// An OPTIONS that is not a preflight (no Access-Control-Request-Method, or no
// Origin) asks what the target allows, whatever its origin.
TEST_F(RoutesTest, PlainOptionsAnswers204WithAllow) {
    RequestInfo info = request("/healthz", false);
    info.method = "OPTIONS";
    for (const std::optional<std::string>& origin :
         {std::optional<std::string>{}, std::optional<std::string>{"https://evil.example"}}) {
        info.origin = origin;
        Response r = respond(info);
        routes().add_cors(info, r);
        EXPECT_EQ(r.status, 204u);
        std::string allow;
        for (const auto& [name, value] : r.headers) {
            if (name == "Allow") allow = value;
            EXPECT_NE(name, "Access-Control-Allow-Origin");
        }
        EXPECT_EQ(allow, "GET, HEAD, OPTIONS");
    }
}

}  // namespace
}  // namespace acoustream::http

namespace acoustream::http {
namespace {

// Every skip counts: lag in the audio ring, lag in the spectral ring (which a
// /spectral client can fall behind on its own), and resume gaps.
TEST_F(RoutesTest, DroppedFramesSumsBothRingsAndResumeGaps) {
    stream::BroadcastRing<spectral::SpectralFrame> spectra(2);
    ctx.spectral = &spectra;
    auto audio_reader = stream.subscribe();
    auto spectral_reader = spectra.subscribe();
    for (int i = 0; i < 10; ++i) publish_frame(4);  // the audio ring holds 8: 2 lost
    for (std::uint64_t n = 0; n < 5; ++n) {         // the spectral ring holds 2: 3 lost
        auto s = std::make_shared<spectral::SpectralFrame>();
        s->frame_number = n;
        spectra.publish(std::move(s));
    }
    EXPECT_TRUE(std::holds_alternative<stream::Lagged>(audio_reader.poll()));
    EXPECT_TRUE(std::holds_alternative<stream::Lagged>(spectral_reader.poll()));
    metrics.resume_gap_frames = 7;

    const auto stats = boost::json::parse(respond(request("/api/audio/stream/stats")).body);
    EXPECT_EQ(stats.at("dropped_frames").to_number<std::uint64_t>(), 2u + 3u + 7u);
    const std::string text = respond(request("/metrics", false)).body;
    EXPECT_NE(text.find("\nacoustream_dropped_frames_total 12\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace acoustream::http
