#include "auth/redact.hpp"

#include <gtest/gtest.h>

#include <string>

namespace acoustream::auth {
namespace {

struct RedactCase {
    std::string name;
    std::string target;
    std::string expected;
};

std::ostream& operator<<(std::ostream& os, const RedactCase& c) { return os << c.name; }

class RedactQueryToken : public ::testing::TestWithParam<RedactCase> {};

TEST_P(RedactQueryToken, HidesTokenValuesOnly) {
    const RedactCase& c = GetParam();
    EXPECT_EQ(redact_query_token(c.target), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Auth, RedactQueryToken,
    ::testing::Values(
        RedactCase{"no_query", "/api/audio/latest", "/api/audio/latest"},
        RedactCase{"access_token_only", "/api/audio/stream?access_token=eyJ.abc.def",
                   "/api/audio/stream?access_token=<redacted>"},
        RedactCase{"among_other_params", "/s?decimate=2&access_token=eyJ.a.b&encoding=json",
                   "/s?decimate=2&access_token=<redacted>&encoding=json"},
        RedactCase{"token_param", "/s?token=secret", "/s?token=<redacted>"},
        RedactCase{"both_and_repeated", "/s?token=a&access_token=b&access_token=c",
                   "/s?token=<redacted>&access_token=<redacted>&access_token=<redacted>"},
        RedactCase{"uppercase_name", "/s?ACCESS_TOKEN=abc", "/s?ACCESS_TOKEN=<redacted>"},
        RedactCase{"percent_encoded_name", "/s?access%5Ftoken=abc", "/s?access%5Ftoken=<redacted>"},
        RedactCase{"value_with_equals", "/s?access_token=a=b==", "/s?access_token=<redacted>"},
        RedactCase{"similar_names_kept", "/s?mytoken=a&token_type=b&access_tokens=c",
                   "/s?mytoken=a&token_type=b&access_tokens=c"},
        RedactCase{"empty_value_kept", "/s?access_token=&x=1", "/s?access_token=&x=1"},
        RedactCase{"no_equals_kept", "/s?access_token", "/s?access_token"},
        RedactCase{"fragment_kept", "/s?access_token=abc#frag", "/s?access_token=<redacted>#frag"},
        RedactCase{"empty_query", "/s?", "/s?"},
        RedactCase{"empty_segments", "/s?&&access_token=x&", "/s?&&access_token=<redacted>&"}),
    [](const ::testing::TestParamInfo<RedactCase>& info) { return info.param.name; });

}  // namespace
}  // namespace acoustream::auth
