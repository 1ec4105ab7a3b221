#include "app/config_digest.hpp"

#include <openssl/evp.h>

#include "config/describe_config.hpp"

namespace acoustream::app {

std::string config_digest(const config::Config& config) {
    const std::string text = config::describe_config(config);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "sha256:";
    for (unsigned int i = 0; i < size; ++i) {
        out.push_back(kHex[digest[i] >> 4]);
        out.push_back(kHex[digest[i] & 15]);
    }
    return out;
}

}  // namespace acoustream::app
