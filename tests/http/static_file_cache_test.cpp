#include "http/static_file_cache.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "audio/sound_files.hpp"

namespace acoustream::http {
namespace {

TEST(EtagMatches, WeakComparisonOverAList) {
    EXPECT_TRUE(etag_matches("\"abc\"", "\"abc\""));
    EXPECT_TRUE(etag_matches("W/\"abc\"", "\"abc\""));
    EXPECT_TRUE(etag_matches("\"x\", \"abc\"", "\"abc\""));
    EXPECT_TRUE(etag_matches("*", "\"abc\""));
    EXPECT_FALSE(etag_matches("\"abcd\"", "\"abc\""));
    EXPECT_FALSE(etag_matches("", "\"abc\""));
}

TEST(StaticFileCache, CompressesOnceAndAgainOnlyWhenTheFileChanges) {
    testing::TempDir dir;
    const auto path = dir.path() / "app.mjs";
    std::string text;
    for (int i = 0; i < 200; ++i) text += "export const x" + std::to_string(i) + " = 1;\n";
    std::ofstream(path) << text;
    StaticFileCache cache;
    const auto first = cache.get(path);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->body, text);
    EXPECT_EQ(first->effective(encode::ContentCoding::gzip), encode::ContentCoding::gzip);
    EXPECT_EQ(cache.get(path), first);
    EXPECT_EQ(cache.compressions(), 2u);
    std::ofstream(path, std::ios::app) << "export const more = 2;\n";
    const auto second = cache.get(path);
    EXPECT_NE(second->etag, first->etag);
    EXPECT_EQ(cache.compressions(), 4u);
    EXPECT_FALSE(cache.get(dir.path() / "missing.js"));
    EXPECT_FALSE(cache.get(dir.path()));
}

TEST(StaticFileCache, TinyFilesStayUncompressed) {
    testing::TempDir dir;
    const auto path = dir.path() / "a.css";
    std::ofstream(path) << "a{}";
    StaticFileCache cache;
    const auto file = cache.get(path);
    EXPECT_EQ(file->effective(encode::ContentCoding::gzip), encode::ContentCoding::identity);
    EXPECT_EQ(file->etag_for(encode::ContentCoding::gzip), file->etag);
}

}  // namespace
}  // namespace acoustream::http
