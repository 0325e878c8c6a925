#include "storage/data_dir.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace unknot::storage {
namespace {

std::string temporary_directory() {
  char pattern[] = "/tmp/unknot-test-XXXXXX";
  return ::mkdtemp(pattern);
}

TEST(DataDir, FlagWinsOverEnvironment) {
  ::setenv("UNKNOT_DATA_DIR", "/from/env", 1);
  EXPECT_EQ("/from/flag", *resolve_data_dir(std::string("/from/flag")));
  EXPECT_EQ("/from/env", *resolve_data_dir(std::nullopt));
  ::unsetenv("UNKNOT_DATA_DIR");
  ::setenv("XDG_DATA_HOME", "/xdg", 1);
  EXPECT_EQ("/xdg/unknot", *resolve_data_dir(std::nullopt));
  ::unsetenv("XDG_DATA_HOME");
  ::setenv("HOME", "/home/someone", 1);
  EXPECT_EQ("/home/someone/.local/share/unknot", *resolve_data_dir(std::nullopt));
}

TEST(DataDir, EmptyFlagIsBadInput) {
  auto result = resolve_data_dir(std::string());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(ErrorKind::kBadInput, result.error().kind);
}

TEST(DataDir, DurableWriteCreatesDirectoriesAndReplacesWhole) {
  const std::string root = temporary_directory();
  const std::string path = root + "/a/b/intake.json";
  ASSERT_TRUE(write_file_durably(path, "first").ok());
  EXPECT_EQ("first", *read_file(path));
  ASSERT_TRUE(write_file_durably(path, "second, longer").ok());
  EXPECT_EQ("second, longer", *read_file(path));
  // No temporary files are left behind.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(root + "/a/b")) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(1, files);
  std::filesystem::remove_all(root);
}

TEST(DataDir, DurableWritesArePrivateAndAFailedOneLeavesNoTemporaryFile) {
  namespace fs = std::filesystem;
  const std::string root = temporary_directory();
  const std::string path = root + "/intake.json";
  ASSERT_TRUE(write_file_durably(path, "mine").ok());
  // Health data: readable and writable by its owner only.
  EXPECT_EQ(fs::perms::owner_read | fs::perms::owner_write, fs::status(path).permissions() & fs::perms::all);

  // A folder in the way: the file cannot replace it. The error names it; nothing is left over.
  const std::string blocked = root + "/blocked";
  fs::create_directories(blocked + "/inside");
  Status failed = write_file_durably(blocked, "never");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(ErrorKind::kFailure, failed.error().kind);
  EXPECT_NE(failed.error().message.find(blocked), std::string::npos) << failed.error().message;
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(root)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ((std::vector<std::string>{"blocked", "intake.json"}), names);
  fs::remove_all(root);
}

TEST(DataDir, MissingFileIsBadInput) {
  auto result = read_file("/nonexistent/unknot/file");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(ErrorKind::kBadInput, result.error().kind);
}

}  // namespace
}  // namespace unknot::storage
