#include "auth/bearer.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace acoustream::auth {
namespace {

struct BearerCase {
    std::string name;
    std::string header;
    std::optional<std::string> token;
};

std::ostream& operator<<(std::ostream& os, const BearerCase& c) { return os << c.name; }

class ExtractBearer : public ::testing::TestWithParam<BearerCase> {};

TEST_P(ExtractBearer, ParsesSchemeAndToken) {
    const BearerCase& c = GetParam();
    const auto got = extract_bearer(c.header);
    ASSERT_EQ(got.has_value(), c.token.has_value()) << "header: '" << c.header << "'";
    if (got) {
        EXPECT_EQ(std::string(*got), *c.token);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Auth, ExtractBearer,
    ::testing::Values(BearerCase{"canonical", "Bearer abc.def.ghi", "abc.def.ghi"},
                      BearerCase{"lowercase", "bearer x", "x"},
                      BearerCase{"uppercase", "BEARER x", "x"},
                      BearerCase{"mixed_case", "bEaReR x", "x"},
                      BearerCase{"extra_spaces", "  Bearer    tok   ", "tok"},
                      BearerCase{"tab_separator", "Bearer\ttok", "tok"},
                      BearerCase{"token68_padding", "Bearer a+b/c==", "a+b/c=="},
                      BearerCase{"basic_scheme", "Basic x", std::nullopt},
                      BearerCase{"scheme_only", "Bearer", std::nullopt},
                      BearerCase{"scheme_and_spaces", "Bearer   ", std::nullopt},
                      BearerCase{"no_separator", "Bearerx", std::nullopt},
                      BearerCase{"token_with_space", "Bearer a b", std::nullopt},
                      BearerCase{"empty_header", "", std::nullopt},
                      BearerCase{"token_only", "abc.def.ghi", std::nullopt}),
    [](const ::testing::TestParamInfo<BearerCase>& info) { return info.param.name; });

AuthResult failure(int status, std::string error, std::string description) {
    AuthResult r;
    r.status = status;
    r.error = std::move(error);
    r.description = std::move(description);
    return r;
}

TEST(AuthWwwAuthenticate, InvalidTokenCarriesErrorAndDescription) {
    EXPECT_EQ(www_authenticate_header(failure(401, "invalid_token", "token expired")),
              R"(Bearer error="invalid_token", error_description="token expired")");
}

TEST(AuthWwwAuthenticate, InsufficientScope) {
    EXPECT_EQ(www_authenticate_header(
                  failure(403, "insufficient_scope", "token lacks the required scope 'read:api'")),
              R"(Bearer error="insufficient_scope", )"
              R"(error_description="token lacks the required scope 'read:api'")");
}

TEST(AuthWwwAuthenticate, MissingTokenHasRealmAndNoErrorCode) {
    const AuthResult missing = missing_token_result();
    EXPECT_EQ(missing.status, 401);
    EXPECT_EQ(missing.error, "invalid_request");
    EXPECT_FALSE(missing.ok);
    EXPECT_EQ(www_authenticate_header(missing), R"(Bearer realm="acoustream")");
}

TEST(AuthWwwAuthenticate, DescriptionIsQuoteSafe) {
    const std::string header = www_authenticate_header(
        failure(401, "invalid_token", "bad \"alg\"\r\nSet-Cookie: x=1 \\ \xC3\xA9"));
    EXPECT_EQ(
        header,
        R"(Bearer error="invalid_token", error_description="bad 'alg'??Set-Cookie: x=1 / ??")");
    EXPECT_EQ(header.find('\r'), std::string::npos);
    EXPECT_EQ(header.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace acoustream::auth
