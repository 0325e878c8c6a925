#include "storage/data_dir.h"

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>
#include <sstream>

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

// A write that fails half-way (here the file-size limit stands in for a full disk) leaves
// the old file as it was and no temporary file behind.
TEST(DataDir, AWriteThatFailsHalfWayLeavesTheOldFileAndNoTemporary) {
  namespace fs = std::filesystem;
  const std::string root = temporary_directory();
  const std::string path = root + "/diary.json";
  ASSERT_TRUE(write_file_durably(path, "the old contents").ok());
  rlimit before{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &before), 0);
  const auto previous_handler = std::signal(SIGXFSZ, SIG_IGN);  // write() then fails with EFBIG
  rlimit small = before;
  small.rlim_cur = 64;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  const Status failed = write_file_durably(path, std::string(4096, 'x'));
  ::setrlimit(RLIMIT_FSIZE, &before);
  std::signal(SIGXFSZ, previous_handler);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("could not be written"), std::string::npos) << failed.error().message;
  std::ifstream kept(path);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(kept), {}), "the old contents");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(root)) names.push_back(entry.path().filename().string());
  EXPECT_EQ(std::vector<std::string>{"diary.json"}, names);
  fs::remove_all(root);
}

TEST(DataDir, DataFilesArePrivate) {
  const std::string root = temporary_directory();
  ASSERT_TRUE(ensure_private_dir(root + "/data").ok());
  EXPECT_EQ(std::filesystem::perms::owner_all, std::filesystem::status(root + "/data").permissions());
  ASSERT_TRUE(write_file_durably(root + "/data/intake.json", "{}").ok());
  EXPECT_EQ(std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
            std::filesystem::status(root + "/data/intake.json").permissions());
  std::filesystem::permissions(root + "/data", std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                                   std::filesystem::perms::group_exec);
  ASSERT_TRUE(ensure_private_dir(root + "/data").ok());
  EXPECT_EQ(std::filesystem::perms::owner_all, std::filesystem::status(root + "/data").permissions());
  std::filesystem::remove_all(root);
}

TEST(DataDir, OutputFilesBehaveLikeAUnixToolsFiles) {
  namespace fs = std::filesystem;
  const std::string root = temporary_directory();
  std::ostringstream out;
  ASSERT_TRUE(write_output_file("-", "to stdout", out).ok());
  EXPECT_EQ("to stdout", out.str());
  EXPECT_FALSE(fs::exists("-"));

  ASSERT_TRUE(write_output_file(root + "/new.csv", "one", out).ok());
  EXPECT_EQ("one", *read_file(root + "/new.csv"));

  fs::create_symlink(root + "/new.csv", root + "/link.csv");
  ASSERT_TRUE(write_output_file(root + "/link.csv", "two", out).ok());
  EXPECT_TRUE(fs::is_symlink(root + "/link.csv"));
  EXPECT_EQ("two", *read_file(root + "/new.csv"));

  fs::create_symlink(root + "/target.ics", root + "/dangling.ics");
  ASSERT_TRUE(write_output_file(root + "/dangling.ics", "three", out).ok());
  EXPECT_TRUE(fs::is_symlink(root + "/dangling.ics"));
  EXPECT_EQ("three", *read_file(root + "/target.ics"));

  ASSERT_TRUE(write_output_file("/dev/null", "into a device", out).ok());
  EXPECT_TRUE(fs::is_character_file("/dev/null"));

  auto missing = write_output_file(root + "/no/such/folder/x.json", "x", out);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(ErrorKind::kBadInput, missing.error().kind);
  EXPECT_FALSE(fs::exists(root + "/no"));
  auto folder = write_output_file(root, "x", out);
  ASSERT_FALSE(folder.ok());
  EXPECT_EQ(ErrorKind::kBadInput, folder.error().kind);
  fs::remove_all(root);
}

TEST(DataDir, ProbeTellsMissingFromUnreadable) {
  EXPECT_FALSE(*probe_file("/nonexistent/unknot/file"));
  EXPECT_TRUE(*probe_file("/dev/null"));
}

TEST(DataDir, MissingFileIsBadInput) {
  auto result = read_file("/nonexistent/unknot/file");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(ErrorKind::kBadInput, result.error().kind);
}

}  // namespace
}  // namespace unknot::storage
