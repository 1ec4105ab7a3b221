#include "auth/token_issuer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>

#include "auth/base64url.hpp"
#include "auth/jwt_verifier.hpp"

namespace acoustream::auth {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;
const std::string kSecret = "issuer-test-secret";

nlohmann::json payload_of(const std::string& token) {
    const auto d1 = token.find('.');
    const auto d2 = token.find('.', d1 + 1);
    const auto text = base64url_decode(std::string_view(token).substr(d1 + 1, d2 - d1 - 1));
    if (!text) throw std::runtime_error("payload is not base64url");
    return nlohmann::json::parse(*text);
}

TEST(AuthIssueHs256, RoundTripsThroughVerifier) {
    TokenRequest req;
    req.subject = "dashboard";
    req.ttl_secs = 900;
    const std::string token = issue_hs256(kSecret, req, kNow);

    VerifierOptions o;
    o.hmac_secret = kSecret;
    const JwtVerifier verifier(o);
    const AuthResult r = verifier.verify(token, kNow + 1);
    ASSERT_TRUE(r.ok) << r.description;
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.subject, "dashboard");
    EXPECT_EQ(r.expires_at, kNow + 900);

    const AuthResult late = verifier.verify(token, kNow + 900);
    EXPECT_EQ(late.status, 401);
    EXPECT_EQ(late.error, "invalid_token");
}

TEST(AuthIssueHs256, WritesExpectedClaims) {
    TokenRequest req;
    req.subject = "alice";
    req.ttl_secs = 60;
    req.scope = "read:api write:api";
    req.issuer = "acoustream";
    req.audience = "clients";
    const nlohmann::json claims = payload_of(issue_hs256(kSecret, req, kNow));
    EXPECT_EQ(claims.at("sub"), "alice");
    EXPECT_EQ(claims.at("iat"), kNow);
    EXPECT_EQ(claims.at("exp"), kNow + 60);
    EXPECT_EQ(claims.at("scope"), "read:api write:api");
    EXPECT_EQ(claims.at("iss"), "acoustream");
    EXPECT_EQ(claims.at("aud"), "clients");
}

TEST(AuthIssueHs256, IssuerAndAudienceSatisfyConfiguredVerifier) {
    TokenRequest req;
    req.subject = "alice";
    req.issuer = "acoustream";
    req.audience = "clients";
    VerifierOptions o;
    o.hmac_secret = kSecret;
    o.issuer = "acoustream";
    o.audience = "clients";
    const AuthResult r = JwtVerifier(o).verify(issue_hs256(kSecret, req, kNow), kNow);
    EXPECT_TRUE(r.ok) << r.description;
    EXPECT_EQ(r.status, 200);
}

TEST(AuthIssueHs256, OtherSecretIsRejected) {
    TokenRequest req;
    req.subject = "alice";
    VerifierOptions o;
    o.hmac_secret = "different-secret";
    const AuthResult r = JwtVerifier(o).verify(issue_hs256(kSecret, req, kNow), kNow);
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.error, "invalid_token");
    EXPECT_EQ(r.description, "signature verification failed");
}

TEST(AuthIssueHs256, EmptyScopeGives403) {
    TokenRequest req;
    req.subject = "alice";
    req.scope = "";
    VerifierOptions o;
    o.hmac_secret = kSecret;
    const std::string token = issue_hs256(kSecret, req, kNow);
    EXPECT_FALSE(payload_of(token).contains("scope"));
    const AuthResult r = JwtVerifier(o).verify(token, kNow);
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(r.error, "insufficient_scope");
}

TEST(AuthIssueHs256, RejectsBadRequests) {
    TokenRequest req;
    req.subject = "alice";
    EXPECT_THROW(issue_hs256("", req, kNow), std::invalid_argument);
    req.ttl_secs = 0;
    EXPECT_THROW(issue_hs256(kSecret, req, kNow), std::invalid_argument);
    req.ttl_secs = 60;
    req.subject = "";
    EXPECT_THROW(issue_hs256(kSecret, req, kNow), std::invalid_argument);
}

TEST(AuthGenerateSecret, Is32RandomBytesBase64url) {
    std::set<std::string> seen;
    for (int i = 0; i < 8; ++i) {
        const std::string s = generate_secret();
        EXPECT_EQ(s.size(), 43u);
        const auto raw = base64url_decode(s);
        ASSERT_TRUE(raw.has_value());
        EXPECT_EQ(raw->size(), 32u);
        seen.insert(s);
    }
    EXPECT_EQ(seen.size(), 8u);
}

struct TtlCase {
    std::string text;
    std::int64_t seconds;  // 0: must throw
};

class ParseTtl : public ::testing::TestWithParam<TtlCase> {};

TEST_P(ParseTtl, ConvertsOrNamesBadInput) {
    const TtlCase& c = GetParam();
    if (c.seconds > 0) {
        EXPECT_EQ(parse_ttl(c.text), c.seconds);
        return;
    }
    try {
        parse_ttl(c.text);
        FAIL() << "expected std::invalid_argument for '" << c.text << "'";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("'" + c.text + "'"), std::string::npos) << e.what();
    }
}

INSTANTIATE_TEST_SUITE_P(
    Auth, ParseTtl,
    ::testing::Values(TtlCase{"90", 90}, TtlCase{"90s", 90}, TtlCase{"15m", 900},
                      TtlCase{"1h", 3600}, TtlCase{"7d", 604800}, TtlCase{"0001h", 3600},
                      TtlCase{"", 0}, TtlCase{"0", 0}, TtlCase{"0m", 0}, TtlCase{"-5", 0},
                      TtlCase{"+5", 0}, TtlCase{"h", 0}, TtlCase{"1x", 0}, TtlCase{"1hm", 0},
                      TtlCase{"1 h", 0}, TtlCase{" 1h", 0}, TtlCase{"1.5h", 0}, TtlCase{"1H", 0},
                      TtlCase{"99999999999999999999", 0}, TtlCase{"999999999999999d", 0}));

}  // namespace
}  // namespace acoustream::auth
