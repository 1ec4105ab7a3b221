#include "config/environment.hpp"

#include <gtest/gtest.h>

#include <map>

#include "config/config_loader.hpp"

namespace acoustream::config {
namespace {

EnvLookup fake_env(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
        const auto found = vars.find(name);
        if (found == vars.end()) return std::nullopt;
        return found->second;
    };
}

TEST(ConfigEnvironment, JwtSecretOverridesTheFile) {
    Config c = load_config_string("auth: {hmac_secret: from-file}\n", "env.yaml");
    apply_environment(c, fake_env({{"ACOUSTREAM_JWT_SECRET", "from-env"}}));
    EXPECT_EQ(c.auth.hmac_secret, "from-env");
}

TEST(ConfigEnvironment, JwtSecretFillsAnUnsetSecret) {
    Config c;
    apply_environment(c, fake_env({{kJwtSecretEnv, "abc"}}));
    EXPECT_EQ(c.auth.hmac_secret, "abc");
}

TEST(ConfigEnvironment, UnsetOrEmptyVariableKeepsTheFileValue) {
    Config c = load_config_string("auth: {hmac_secret: from-file}\n", "env.yaml");
    apply_environment(c, fake_env({}));
    EXPECT_EQ(c.auth.hmac_secret, "from-file");
    apply_environment(c, fake_env({{"ACOUSTREAM_JWT_SECRET", ""}}));
    EXPECT_EQ(c.auth.hmac_secret, "from-file");
}

TEST(ConfigEnvironment, OtherVariablesAreIgnored) {
    Config c;
    apply_environment(c, fake_env({{"JWT_SECRET", "x"}, {"ACOUSTREAM_JWT", "y"}}));
    EXPECT_FALSE(c.auth.hmac_secret);
    EXPECT_EQ(c.server.port, 8080);
}

TEST(ConfigEnvironment, ProcessEnvironmentLookup) {
    ASSERT_EQ(::setenv("ACOUSTREAM_CONFIG_TEST_VAR", "value 1", 1), 0);
    EXPECT_EQ(process_environment("ACOUSTREAM_CONFIG_TEST_VAR"), "value 1");
    ASSERT_EQ(::unsetenv("ACOUSTREAM_CONFIG_TEST_VAR"), 0);
    EXPECT_EQ(process_environment("ACOUSTREAM_CONFIG_TEST_VAR"), std::nullopt);
}

}  // namespace
}  // namespace acoustream::config
