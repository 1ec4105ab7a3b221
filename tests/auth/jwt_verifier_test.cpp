#include "auth/jwt_verifier.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "auth/base64url.hpp"
#include "auth/jwt_test_support.hpp"

namespace acoustream::auth {
namespace {

using nlohmann::json;
using testing::generate_rsa_key_pair;
using testing::RsaKeyPair;
using testing::sign_token;

constexpr std::int64_t kNow = 1'700'000'000;
const std::string kSecret = "test-hmac-secret-0123456789abcdef";
const std::string kIssuer = "https://issuer.example";
const std::string kAudience = "acoustream-api";

struct Keys {
    RsaKeyPair rsa = generate_rsa_key_pair();
    RsaKeyPair other_rsa = generate_rsa_key_pair();
};

// RSA generation takes a while: once for the whole binary, read-only afterwards.
const Keys& keys() {
    static const Keys k;
    return k;
}

enum class Config { Hmac, Rsa, Both, HmacIssAud, HmacLeeway, HmacNoScope };

VerifierOptions options_for(Config c) {
    VerifierOptions o;
    switch (c) {
        case Config::Hmac:
            o.hmac_secret = kSecret;
            break;
        case Config::Rsa:
            o.rs256_public_key_pem = keys().rsa.public_pem;
            break;
        case Config::Both:
            o.hmac_secret = kSecret;
            o.rs256_public_key_pem = keys().rsa.public_pem;
            break;
        case Config::HmacIssAud:
            o.hmac_secret = kSecret;
            o.issuer = kIssuer;
            o.audience = kAudience;
            break;
        case Config::HmacLeeway:
            o.hmac_secret = kSecret;
            o.leeway_secs = 30;
            break;
        case Config::HmacNoScope:
            o.hmac_secret = kSecret;
            o.required_scope = "";
            break;
    }
    return o;
}

std::string header(std::string_view alg) { return json{{"alg", alg}, {"typ", "JWT"}}.dump(); }

// Valid claims with `patch` merged in (RFC 7386: a null member removes the claim).
std::string claims(const json& patch = json::object()) {
    json c = {{"sub", "alice"}, {"exp", kNow + 600}, {"iat", kNow - 5}, {"scope", "read:api"}};
    c.merge_patch(patch);
    return c.dump();
}

std::string hs(const json& patch = json::object(), std::string_view alg = "HS256",
               std::string_view secret = kSecret) {
    return sign_token(header(alg), claims(patch), alg, secret);
}

std::string rs(const json& patch = json::object()) {
    return sign_token(header("RS256"), claims(patch), "RS256", keys().rsa.private_pem);
}

struct VerifyCase {
    std::string name;
    Config config;
    std::function<std::string()> make_token;
    int status;
    std::string error;             // "" when ok
    std::string description_part;  // substring expected in the description
};

std::ostream& operator<<(std::ostream& os, const VerifyCase& c) { return os << c.name; }

const json kNullPatch = json::object();

std::vector<VerifyCase> verify_cases() {
    const std::string ok_payload_b64 = base64url_encode(claims());
    return {
        {"valid_hs256", Config::Hmac, [] { return hs(); }, 200, "", ""},
        {"valid_rs256", Config::Rsa, [] { return rs(); }, 200, "", ""},
        {"valid_hs256_with_both_keys", Config::Both, [] { return hs(); }, 200, "", ""},
        {"valid_rs256_with_both_keys", Config::Both, [] { return rs(); }, 200, "", ""},
        {"typ_absent_is_fine", Config::Hmac,
         [] { return sign_token(R"({"alg":"HS256"})", claims(), "HS256", kSecret); }, 200, "", ""},
        // alg none, hand-built: header is {"alg":"none"}.
        {"alg_none", Config::Hmac, [=] { return "eyJhbGciOiJub25lIn0." + ok_payload_b64 + "."; },
         401, "invalid_token", "'none' is not accepted"},
        {"alg_none_with_both_keys", Config::Both,
         [=] { return "eyJhbGciOiJub25lIn0." + ok_payload_b64 + "."; }, 401, "invalid_token",
         "'none' is not accepted"},
        {"alg_none_with_hmac_signature", Config::Hmac,
         [] {
             const std::string t = hs();
             const std::string none = sign_token(R"({"alg":"none"})", claims(), "none", "");
             return none + t.substr(t.rfind('.') + 1);
         },
         401, "invalid_token", "'none' is not accepted"},
        {"alg_NONE_uppercase", Config::Hmac,
         [=] { return base64url_encode(R"({"alg":"NONE"})") + "." + ok_payload_b64 + "."; }, 401,
         "invalid_token", "'NONE' is not accepted"},
        // Algorithm confusion: the RSA public key used as an HMAC secret.
        {"alg_confusion_rs256_only", Config::Rsa,
         [] { return hs(kNullPatch, "HS256", keys().rsa.public_pem); }, 401, "invalid_token",
         "'HS256' is not accepted (accepted: RS256)"},
        {"alg_confusion_both_keys", Config::Both,
         [] { return hs(kNullPatch, "HS256", keys().rsa.public_pem); }, 401, "invalid_token",
         "signature verification failed"},
        {"hs384_against_hmac", Config::Hmac, [] { return hs(kNullPatch, "HS384"); }, 401,
         "invalid_token", "'HS384' is not accepted (accepted: HS256)"},
        {"hs512_against_hmac", Config::Hmac, [] { return hs(kNullPatch, "HS512"); }, 401,
         "invalid_token", "'HS512' is not accepted"},
        {"rs256_against_hmac", Config::Hmac, [] { return rs(); }, 401, "invalid_token",
         "'RS256' is not accepted (accepted: HS256)"},
        {"hs384_against_rsa", Config::Rsa, [] { return hs(kNullPatch, "HS384"); }, 401,
         "invalid_token", "'HS384' is not accepted"},
        {"es256_against_both", Config::Both,
         [] { return sign_token(header("ES256"), claims(), "HS256", kSecret); }, 401,
         "invalid_token", "'ES256' is not accepted (accepted: HS256, RS256)"},
        {"alg_not_a_string", Config::Hmac,
         [] { return sign_token(R"({"alg":256})", claims(), "HS256", kSecret); }, 401,
         "invalid_token", "no 'alg'"},
        {"alg_missing", Config::Hmac,
         [] { return sign_token(R"({"typ":"JWT"})", claims(), "HS256", kSecret); }, 401,
         "invalid_token", "no 'alg'"},
        {"alg_with_quotes_not_echoed", Config::Hmac,
         [] { return sign_token(R"({"alg":"HS256\"x"})", claims(), "HS256", kSecret); }, 401,
         "invalid_token", "algorithm (unrecognised) is not accepted"},
        {"wrong_hmac_key", Config::Hmac, [] { return hs(kNullPatch, "HS256", "another-secret"); },
         401, "invalid_token", "signature verification failed"},
        {"wrong_rsa_key", Config::Rsa,
         [] {
             return sign_token(header("RS256"), claims(), "RS256", keys().other_rsa.private_pem);
         },
         401, "invalid_token", "signature verification failed"},
        {"tampered_payload", Config::Hmac,
         [] {
             const std::string t = hs();
             const std::string forged = base64url_encode(claims({{"sub", "mallory"}}));
             const auto d1 = t.find('.');
             const auto d2 = t.find('.', d1 + 1);
             return t.substr(0, d1 + 1) + forged + t.substr(d2);
         },
         401, "invalid_token", "signature verification failed"},
        {"empty_signature", Config::Hmac,
         [] {
             const std::string t = hs();
             return t.substr(0, t.rfind('.') + 1);
         },
         401, "invalid_token", "no signature"},
        {"signature_bad_base64", Config::Hmac, [] { return hs() + "*"; }, 401, "invalid_token",
         "signature is not base64url"},
        {"expired", Config::Hmac,
         [] {
             return hs({{"exp", kNow - 1}});
         },
         401, "invalid_token", "expired"},
        {"expires_exactly_now", Config::Hmac,
         [] {
             return hs({{"exp", kNow}});
         },
         401, "invalid_token", "expired"},
        {"expired_within_leeway", Config::HmacLeeway,
         [] {
             return hs({{"exp", kNow - 10}});
         },
         200, "", ""},
        {"expired_beyond_leeway", Config::HmacLeeway,
         [] {
             return hs({{"exp", kNow - 30}});
         },
         401, "invalid_token", "expired"},
        {"exp_missing", Config::Hmac,
         [] {
             return hs({{"exp", nullptr}});
         },
         401, "invalid_token", "no 'exp'"},
        {"exp_string", Config::Hmac,
         [] {
             return hs({{"exp", std::to_string(kNow + 600)}});
         },
         401, "invalid_token", "'exp' claim is not a NumericDate"},
        {"exp_fractional", Config::Hmac,
         [] {
             return hs({{"exp", kNow + 600.5}, {"iat", kNow - 0.25}, {"nbf", kNow - 1.5}});
         },
         200, "", ""},
        {"exp_fractional_rounds_down", Config::Hmac,
         [] {
             return hs({{"exp", kNow + 0.9}});
         },
         401, "invalid_token", "expired"},
        {"nbf_fractional_rounds_up", Config::Hmac,
         [] {
             return hs({{"nbf", kNow + 0.1}});
         },
         401, "invalid_token", "'nbf'"},
        {"exp_too_big_for_int64", Config::Hmac,
         [] {
             return hs({{"exp", std::uint64_t{18'000'000'000'000'000'000u}}});
         },
         401, "invalid_token", ""},
        {"nbf_in_future", Config::Hmac,
         [] {
             return hs({{"nbf", kNow + 60}});
         },
         401, "invalid_token", "'nbf'"},
        {"nbf_in_past", Config::Hmac,
         [] {
             return hs({{"nbf", kNow - 60}});
         },
         200, "", ""},
        {"nbf_within_leeway", Config::HmacLeeway,
         [] {
             return hs({{"nbf", kNow + 20}});
         },
         200, "", ""},
        {"nbf_not_integer", Config::Hmac,
         [] {
             return hs({{"nbf", "soon"}});
         },
         401, "invalid_token", "'nbf' claim is not a NumericDate"},
        {"iat_in_future", Config::Hmac,
         [] {
             return hs({{"iat", kNow + 3600}});
         },
         401, "invalid_token", "'iat'"},
        {"iat_missing_is_fine", Config::Hmac,
         [] {
             return hs({{"iat", nullptr}});
         },
         200, "", ""},
        {"iss_aud_valid", Config::HmacIssAud,
         [] {
             return hs({{"iss", kIssuer}, {"aud", kAudience}});
         },
         200, "", ""},
        {"iss_wrong", Config::HmacIssAud,
         [] {
             return hs({{"iss", "https://evil.example"}, {"aud", kAudience}});
         },
         401, "invalid_token", "issuer mismatch"},
        {"iss_missing", Config::HmacIssAud,
         [] {
             return hs({{"aud", kAudience}});
         },
         401, "invalid_token", "no 'iss'"},
        {"iss_not_string", Config::HmacIssAud,
         [] {
             return hs({{"iss", json::array({kIssuer})}, {"aud", kAudience}});
         },
         401, "invalid_token", "issuer mismatch"},
        {"iss_ignored_when_not_configured", Config::Hmac,
         [] {
             return hs({{"iss", "https://anyone.example"}});
         },
         200, "", ""},
        {"aud_wrong", Config::HmacIssAud,
         [] {
             return hs({{"iss", kIssuer}, {"aud", "other"}});
         },
         401, "invalid_token", "audience mismatch"},
        {"aud_missing", Config::HmacIssAud,
         [] {
             return hs({{"iss", kIssuer}});
         },
         401, "invalid_token", "no 'aud'"},
        {"aud_array_containing", Config::HmacIssAud,
         [] {
             return hs({{"iss", kIssuer}, {"aud", json::array({"other", kAudience})}});
         },
         200, "", ""},
        {"aud_array_not_containing", Config::HmacIssAud,
         [] {
             return hs({{"iss", kIssuer}, {"aud", json::array({"other", "third"})}});
         },
         401, "invalid_token", "audience mismatch"},
        {"aud_empty_array", Config::HmacIssAud,
         [] {
             return hs({{"iss", kIssuer}, {"aud", json::array()}});
         },
         401, "invalid_token", "audience mismatch"},
        {"aud_present_but_none_configured", Config::Hmac,
         [] {
             return hs({{"aud", "someone"}});
         },
         401, "invalid_token", "no audience is configured"},
        {"scope_missing", Config::Hmac,
         [] {
             return hs({{"scope", nullptr}});
         },
         403, "insufficient_scope", "'read:api'"},
        {"scope_other_values", Config::Hmac,
         [] {
             return hs({{"scope", "write:api read:apix"}});
         },
         403, "insufficient_scope", "'read:api'"},
        {"scope_among_others", Config::Hmac,
         [] {
             return hs({{"scope", "openid  read:api profile"}});
         },
         200, "", ""},
        {"scope_as_array", Config::Hmac,
         [] {
             return hs({{"scope", json::array({"openid", "read:api"})}});
         },
         200, "", ""},
        {"scp_array", Config::Hmac,
         [] {
             return hs({{"scope", nullptr}, {"scp", json::array({"read:api"})}});
         },
         200, "", ""},
        {"scp_string", Config::Hmac,
         [] {
             return hs({{"scope", nullptr}, {"scp", "profile read:api"}});
         },
         200, "", ""},
        {"scp_without_the_scope", Config::Hmac,
         [] {
             return hs({{"scope", nullptr}, {"scp", json::array({"read:apix", "write:api"})}});
         },
         403, "insufficient_scope", ""},
        {"permissions_array", Config::Hmac,
         [] {
             return hs({{"scope", nullptr}, {"permissions", json::array({"x", "read:api"})}});
         },
         200, "", ""},
        {"permissions_array_without_scope", Config::Hmac,
         [] {
             return hs({{"scope", nullptr}, {"permissions", json::array({"write:api"})}});
         },
         403, "insufficient_scope", ""},
        {"no_scope_required", Config::HmacNoScope,
         [] {
             return hs({{"scope", nullptr}});
         },
         200, "", ""},
        {"malformed_base64_header", Config::Hmac,
         [=] { return "eyJhbGciOiJIUzI1NiJ9*." + ok_payload_b64 + ".c2ln"; }, 401, "invalid_token",
         "header is not base64url"},
        {"padded_base64_header", Config::Hmac,
         [=] { return "eyJhbGciOiJIUzI1NiJ9=." + ok_payload_b64 + ".c2ln"; }, 401, "invalid_token",
         "header is not base64url"},
        {"malformed_base64_payload", Config::Hmac,
         [] { return base64url_encode(header("HS256")) + ".a.c2ln"; }, 401, "invalid_token",
         "payload is not base64url"},
        {"non_json_header", Config::Hmac,
         [] { return sign_token("not json", claims(), "HS256", kSecret); }, 401, "invalid_token",
         "header is not a JSON object"},
        {"header_json_array", Config::Hmac,
         [] { return sign_token(R"(["HS256"])", claims(), "HS256", kSecret); }, 401,
         "invalid_token", "header is not a JSON object"},
        {"duplicate_alg_in_header", Config::Hmac,
         [] { return sign_token(R"({"alg":"HS256","alg":"none"})", claims(), "HS256", kSecret); },
         401, "invalid_token", "header has duplicate JSON members"},
        {"non_json_payload", Config::Hmac,
         [] { return sign_token(header("HS256"), "{sub: alice}", "HS256", kSecret); }, 401,
         "invalid_token", "payload is not a JSON object"},
        {"duplicate_exp_in_payload", Config::Hmac,
         [] {
             const std::string p = R"({"sub":"a","scope":"read:api","exp":1,"exp":)" +
                                   std::to_string(kNow + 600) + "}";
             return sign_token(header("HS256"), p, "HS256", kSecret);
         },
         401, "invalid_token", "payload has duplicate JSON members"},
        // RFC 9068 access tokens (identity providers' at+jwt).
        {"typ_at_jwt", Config::Hmac,
         [] { return sign_token(R"({"alg":"HS256","typ":"at+jwt"})", claims(), "HS256", kSecret); },
         200, "", ""},
        {"typ_application_at_jwt_rs256", Config::Rsa,
         [] {
             return sign_token(R"({"alg":"RS256","typ":"application/at+JWT"})", claims(), "RS256",
                               keys().rsa.private_pem);
         },
         200, "", ""},
        {"typ_at_jwt_bad_signature", Config::Hmac,
         [] {
             return sign_token(R"({"alg":"HS256","typ":"at+jwt"})", claims(), "HS256",
                               "another-secret-0123456789abcdef0123");
         },
         401, "invalid_token", "signature"},
        {"typ_not_jwt", Config::Hmac,
         [] { return sign_token(R"({"alg":"HS256","typ":"JWE"})", claims(), "HS256", kSecret); },
         401, "invalid_token", "'typ'"},
        {"crit_header", Config::Hmac,
         [] { return sign_token(R"({"alg":"HS256","crit":["exp"]})", claims(), "HS256", kSecret); },
         401, "invalid_token", "'crit'"},
        {"two_parts", Config::Hmac,
         [] {
             const std::string t = hs();
             return t.substr(0, t.rfind('.'));
         },
         401, "invalid_token", "three dot-separated segments"},
        {"four_parts", Config::Hmac, [] { return hs() + ".x"; }, 401, "invalid_token",
         "three dot-separated segments"},
        {"one_part", Config::Hmac, [] { return std::string("abcdef"); }, 401, "invalid_token",
         "three dot-separated segments"},
        {"only_dots", Config::Hmac, [] { return std::string(".."); }, 401, "invalid_token",
         "header is not base64url"},
        {"huge_token", Config::Hmac,
         [] {
             return hs({{"pad", std::string(9000, 'x')}});
         },
         401, "invalid_token", "too large"},
        {"empty_token", Config::Hmac, [] { return std::string(); }, 401, "invalid_request",
         "missing"},
    };
}

class VerifyTable : public ::testing::TestWithParam<VerifyCase> {};

TEST_P(VerifyTable, StatusAndError) {
    const VerifyCase& c = GetParam();
    const JwtVerifier verifier(options_for(c.config));
    const std::string token = c.make_token();
    const AuthResult r = verifier.verify(token, kNow);
    EXPECT_EQ(r.status, c.status) << r.description;
    EXPECT_EQ(r.error, c.error) << r.description;
    EXPECT_EQ(r.ok, c.status == 200);
    RecordProperty("description", r.description);
    EXPECT_NE(r.description.find(c.description_part), std::string::npos)
        << "description: " << r.description;
    if (!token.empty()) {
        EXPECT_EQ(r.description.find(token), std::string::npos) << "token echoed";
    }
    if (r.ok) {
        EXPECT_EQ(r.subject, "alice");
        const auto d1 = token.find('.');
        const auto payload = base64url_decode(token.substr(d1 + 1, token.rfind('.') - d1 - 1));
        ASSERT_TRUE(payload.has_value());
        EXPECT_EQ(r.expires_at, json::parse(*payload).at("exp").get<std::int64_t>());
    }
}

INSTANTIATE_TEST_SUITE_P(Auth, VerifyTable, ::testing::ValuesIn(verify_cases()),
                         [](const ::testing::TestParamInfo<VerifyCase>& info) {
                             return info.param.name;
                         });

TEST(AuthJwtVerifier, ReportsSubjectAndExpiry) {
    const JwtVerifier verifier(options_for(Config::Rsa));
    const AuthResult r = verifier.verify(rs({{"sub", "bob"}, {"exp", kNow + 42}}), kNow);
    ASSERT_TRUE(r.ok) << r.description;
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.subject, "bob");
    EXPECT_EQ(r.expires_at, kNow + 42);
    EXPECT_EQ(r.accepted_until, kNow + 42) << "no leeway configured";
    const JwtVerifier lenient(options_for(Config::HmacLeeway));
    EXPECT_EQ(lenient.verify(hs({{"exp", kNow + 42}}), kNow).accepted_until, kNow + 42 + 30);
    EXPECT_TRUE(r.error.empty());
}

TEST(AuthJwtVerifier, TokenAtSizeLimitStillReachesSignatureCheck) {
    const JwtVerifier verifier(options_for(Config::Hmac));
    std::string token = hs(kNullPatch, "HS256", "wrong");
    token.insert(token.rfind('.') + 1, std::string(kMaxTokenBytes - token.size(), 'A'));
    ASSERT_EQ(token.size(), kMaxTokenBytes);
    const AuthResult r = verifier.verify(token, kNow);
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.description, "signature verification failed");
}

struct CtorCase {
    std::string name;
    std::function<VerifierOptions()> make;
    std::string message_part;
};

std::ostream& operator<<(std::ostream& os, const CtorCase& c) { return os << c.name; }

class VerifierConstruction : public ::testing::TestWithParam<CtorCase> {};

TEST_P(VerifierConstruction, ThrowsWithClearMessage) {
    const CtorCase& c = GetParam();
    try {
        const JwtVerifier verifier(c.make());
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find(c.message_part), std::string::npos) << e.what();
    }
}

INSTANTIATE_TEST_SUITE_P(
    Auth, VerifierConstruction,
    ::testing::Values(CtorCase{"no_key", [] { return VerifierOptions{}; }, "no JWT key configured"},
                      CtorCase{"empty_secret",
                               [] {
                                   VerifierOptions o;
                                   o.hmac_secret = "";
                                   return o;
                               },
                               "auth.hmac_secret: must not be empty"},
                      CtorCase{"path_instead_of_pem",
                               [] {
                                   VerifierOptions o;
                                   o.rs256_public_key_pem = "/etc/acoustream/jwt.pub";
                                   return o;
                               },
                               "no PEM block found"},
                      CtorCase{
                          "garbage_pem",
                          [] {
                              VerifierOptions o;
                              o.rs256_public_key_pem =
                                  "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
                              return o;
                          },
                          "cannot parse the public key"},
                      CtorCase{"private_key_pem",
                               [] {
                                   VerifierOptions o;
                                   o.rs256_public_key_pem = keys().rsa.private_pem;
                                   return o;
                               },
                               "private key"},
                      CtorCase{"ec_public_key",
                               [] {
                                   VerifierOptions o;
                                   o.rs256_public_key_pem = testing::generate_ec_public_pem();
                                   return o;
                               },
                               "not an RSA key"},
                      CtorCase{"negative_leeway",
                               [] {
                                   VerifierOptions o;
                                   o.hmac_secret = kSecret;
                                   o.leeway_secs = -1;
                                   return o;
                               },
                               "leeway"}),
    [](const ::testing::TestParamInfo<CtorCase>& info) { return info.param.name; });

TEST(AuthJwtVerifier, AcceptsValidPublicKeyPem) {
    VerifierOptions o;
    o.rs256_public_key_pem = keys().rsa.public_pem;
    EXPECT_NO_THROW(JwtVerifier{o});
}

}  // namespace
}  // namespace acoustream::auth
