#include "clinic/secrets.h"

#include <gtest/gtest.h>

#include <set>

namespace unknot::clinic {
namespace {

TEST(Secrets, PasswordHashIsArgon2idAndVerifies) {
  auto hash = hash_password("correct horse battery");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(verify_password("correct horse battery", *hash));
  EXPECT_FALSE(verify_password("correct horse batterz", *hash));
  EXPECT_FALSE(verify_password("", *hash));
}

TEST(Secrets, ShortPasswordsAreRefusedAsBadInput) {
  EXPECT_EQ(hash_password("elevenchars").error().kind, ErrorKind::kBadInput);
  EXPECT_TRUE(hash_password("twelve chars").ok());
}

TEST(Secrets, TokensAreRandomHexOfTheAskedSize) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = random_token();
    EXPECT_EQ(token.size(), 64u);
    EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(Secrets, LinkCodesAreTypeableAndNormalise) {
  const std::string code = random_link_code();
  ASSERT_EQ(code.size(), 14u);
  EXPECT_EQ(code[4], '-');
  EXPECT_EQ(code[9], '-');
  EXPECT_EQ(code.find_first_of("01OIL"), std::string::npos) << code;
  std::string typed = code;
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(normalize_link_code(typed), normalize_link_code(code));
  EXPECT_EQ(normalize_link_code("ab cd-ef"), "ABCDEF");
}

TEST(Secrets, DigestIsSha256Hex) {
  EXPECT_EQ(token_digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_NE(token_digest("abc"), token_digest("abd"));
}

TEST(Secrets, SameSecretComparesEveryByte) {
  EXPECT_TRUE(same_secret("abcdef", "abcdef"));
  EXPECT_FALSE(same_secret("xbcdef", "abcdef"));  // first byte
  EXPECT_FALSE(same_secret("abcxef", "abcdef"));  // middle byte
  EXPECT_FALSE(same_secret("abcdex", "abcdef"));  // last byte
  EXPECT_FALSE(same_secret("abcde", "abcdef"));
}

}  // namespace
}  // namespace unknot::clinic
