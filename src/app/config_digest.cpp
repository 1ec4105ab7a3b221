#include "app/config_digest.hpp"

#include <openssl/evp.h>

#include "config/describe_config.hpp"
#include "text/hex.hpp"

namespace acoustream::app {

std::string config_digest(const config::Config& config) {
    const std::string text = config::describe_config(config);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr);
    std::string out = "sha256:";
    for (unsigned int i = 0; i < size; ++i) text::append_hex_byte(out, digest[i]);
    return out;
}

}  // namespace acoustream::app
