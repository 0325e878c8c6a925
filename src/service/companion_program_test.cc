#include "service/companion_program.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <cstdlib>
#include <string>

namespace unknot::service {
namespace {

std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "unknot-companion-XXXXXX").string();
  return ::mkdtemp(pattern.data());
}

void make_executable(const std::filesystem::path& path) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << "#!/bin/sh\n";
  chmod(path.c_str(), 0755);
}

TEST(CompanionProgram, FoundBesideTheRunningProgram) {
  const auto dir = make_temp_dir();
  make_executable(dir / "build" / "unknot-network");
  make_executable(dir / "libexec" / "unknot" / "unknot-network");
  auto found = find_companion_program((dir / "build" / "unknot").string(), "unknot-network", "network");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ((dir / "build" / "unknot-network").string(), *found);
}

TEST(CompanionProgram, FoundInLibexecWhenInstalled) {
  const auto dir = make_temp_dir();
  make_executable(dir / "libexec" / "unknot" / "unknot-desk");
  auto found = find_companion_program((dir / "bin" / "unknot").string(), "unknot-desk", "reminder");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ((dir / "libexec" / "unknot" / "unknot-desk").string(), *found);
}

TEST(CompanionProgram, MissingNamesBothPlacesAndTheRole) {
  const auto dir = make_temp_dir();
  auto found = find_companion_program((dir / "bin" / "unknot").string(), "unknot-network", "network");
  ASSERT_FALSE(found);
  EXPECT_EQ("the network program unknot-network is missing (looked for " + (dir / "bin" / "unknot-network").string() +
                " and " + (dir / "libexec" / "unknot" / "unknot-network").string() + "); reinstall unknot",
            found.error().message);
}

TEST(CompanionProgram, AFileThatIsNotExecutableIsNotTaken) {
  const auto dir = make_temp_dir();
  std::filesystem::create_directories(dir / "bin");
  std::ofstream(dir / "bin" / "unknot-desk") << "not a program\n";
  EXPECT_FALSE(find_companion_program((dir / "bin" / "unknot").string(), "unknot-desk", "reminder"));
}

}  // namespace
}  // namespace unknot::service
