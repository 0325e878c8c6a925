#include "content/generated_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace unknot::content {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

ino_t inode(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? info.st_ino : 0;
}

TEST(GeneratedFile, WritesNewTextAndLeavesTheSameTextAlone) {
  const auto dir = std::filesystem::temp_directory_path() / ("unknot-generated-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "out.cc").string();

  ASSERT_TRUE(write_if_changed(path, "one\n"));
  EXPECT_EQ(read(path), "one\n");
  const ino_t first = inode(path);
  ASSERT_TRUE(write_if_changed(path, "one\n"));  // the same text: the file is not replaced
  EXPECT_EQ(inode(path), first);
  ASSERT_TRUE(write_if_changed(path, "two\n"));  // new text: replaced through a rename
  EXPECT_EQ(read(path), "two\n");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  EXPECT_FALSE(write_if_changed((dir / "no-such-dir" / "out.cc").string(), "x"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace unknot::content
