#include "core/text_check.h"

#include <gtest/gtest.h>

namespace unknot {
namespace {

TEST(TextCheck, AcceptsWellFormedUtf8) {
  EXPECT_FALSE(invalid_utf8_at(""));
  EXPECT_FALSE(invalid_utf8_at("plain ascii"));
  EXPECT_FALSE(invalid_utf8_at("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));  // é € 😀
  EXPECT_FALSE(invalid_utf8_at("\xF4\x8F\xBF\xBF"));                             // U+10FFFF
}

TEST(TextCheck, FindsTheFirstIllFormedByte) {
  EXPECT_EQ(0u, invalid_utf8_at("\xFF"));
  EXPECT_EQ(2u, invalid_utf8_at("ab\x80"));           // a lone continuation byte
  EXPECT_EQ(1u, invalid_utf8_at("a\xC0\xAF"));        // overlong '/'
  EXPECT_EQ(0u, invalid_utf8_at("\xE0\x80\xAF"));     // overlong three-byte form
  EXPECT_EQ(0u, invalid_utf8_at("\xED\xA0\x80"));     // a UTF-16 surrogate
  EXPECT_EQ(0u, invalid_utf8_at("\xF4\x90\x80\x80")); // above U+10FFFF
  EXPECT_EQ(3u, invalid_utf8_at("abc\xE2\x82"));      // cut short at the end
  EXPECT_EQ(0u, invalid_utf8_at("\xE2\x28\xA1"));     // a continuation byte missing
}

TEST(TextCheck, DescribesWhereTheBadByteIs) {
  const std::string text = "ok\nno \xFF here";
  EXPECT_EQ("invalid UTF-8 at line 2, column 4 (byte 0xFF); save the text as UTF-8",
            describe_invalid_utf8(text, *invalid_utf8_at(text)));
}

}  // namespace
}  // namespace unknot
