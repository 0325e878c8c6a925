#include "desk/desk_install.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "testing/test_util.h"

namespace unknot::desk {
namespace {

TEST(DeskInstall, UnitAndAutostartRunTheSameCommand) {
  const InstallFiles files =
      install_files("/home/ana/.config", {"/usr/bin/unknot", "desk", "--every", "40m", "--hours", "09:00-17:30"});
  EXPECT_EQ("/home/ana/.config/systemd/user/unknot-desk.service", files.unit_path);
  EXPECT_EQ("/home/ana/.config/systemd/user/graphical-session.target.wants/unknot-desk.service", files.wants_link);
  EXPECT_EQ("/home/ana/.config/autostart/unknot-desk.desktop", files.desktop_path);
  EXPECT_NE(std::string::npos, files.unit_text.find("\nExecStart=/usr/bin/unknot desk --every 40m --hours 09:00-17:30\n"))
      << files.unit_text;
  EXPECT_NE(std::string::npos, files.unit_text.find("\nWantedBy=graphical-session.target\n"));
  EXPECT_NE(std::string::npos, files.desktop_text.find("\nExec=/usr/bin/unknot desk --every 40m --hours 09:00-17:30\n"))
      << files.desktop_text;
  EXPECT_NE(std::string::npos, files.desktop_text.find("[Desktop Entry]\nType=Application\n"));
}

TEST(DeskInstall, QuotesWhatNeedsQuoting) {
  EXPECT_EQ("/usr/bin/unknot", quote_for_exec("/usr/bin/unknot", false));
  EXPECT_EQ("\"/home/ana/my data\"", quote_for_exec("/home/ana/my data", false));
  EXPECT_EQ("\"a\\\"b\"", quote_for_exec("a\"b", false));
  EXPECT_EQ("\"100%%\"", quote_for_exec("100%", false));
  EXPECT_EQ("\"\\$HOME\"", quote_for_exec("$HOME", true));
  EXPECT_EQ("\"$HOME\"", quote_for_exec("$HOME", false));
  EXPECT_EQ("\"\"", quote_for_exec("", false));
}

TEST(DeskInstall, WritesTheFilesAndTheEnablingLink) {
  const std::string root = testing::TempDir() + "/desk_install_test";
  std::filesystem::remove_all(root);
  const InstallFiles files = install_files(root, {"/usr/bin/unknot", "desk"});
  ASSERT_TRUE(write_install_files(files).ok());
  // Twice: installing again replaces the link instead of failing.
  ASSERT_TRUE(write_install_files(files).ok());
  std::string unit, desktop;
  ASSERT_TRUE(test_util::read_text_file(files.unit_path, unit));
  ASSERT_TRUE(test_util::read_text_file(files.desktop_path, desktop));
  EXPECT_EQ(files.unit_text, unit);
  EXPECT_EQ(files.desktop_text, desktop);
  EXPECT_EQ("../unknot-desk.service", std::filesystem::read_symlink(files.wants_link).string());
  EXPECT_TRUE(std::filesystem::equivalent(files.wants_link, files.unit_path));
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace unknot::desk
