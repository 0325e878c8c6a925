#include "web/data_watch.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

namespace unknot::web {
namespace {

// A fresh directory with the files a data directory has, watched as the web app watches it.
class DataWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/unknot-watch-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void append(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name, std::ios::app) << text;
  }
  // As storage::write_file_durably replaces a file: a new one renamed over the old.
  void replace(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name + ".tmp") << text;
    std::filesystem::rename(dir_ + "/" + name + ".tmp", dir_ + "/" + name);
  }

  std::string dir_;
  const std::vector<std::string> names_{"diary.sqlite3", "diary.sqlite3-wal", "intake.json"};
};

#ifdef __linux__
TEST_F(DataWatchTest, AWriteToAWatchedFileCountsAtOnceAndOthersDoNot) {
  append("diary.sqlite3", "x");
  DataWatch watch(dir_, names_, WatchMode::kNotify);
  ASSERT_EQ(watch.mode(), WatchMode::kNotify);
  const auto start = watch.generation();
  EXPECT_EQ(watch.generation(), start);  // nothing happened
  // Opening a watched file for writing and closing it, as SQLite does when it only reads,
  // and files that are not watched, change nothing.
  ::close(::open((dir_ + "/diary.sqlite3").c_str(), O_RDWR));
  append("diary.sqlite3-shm", "x");
  replace("devices.json", "{}");
  EXPECT_EQ(watch.generation(), start);
  // The write-ahead log grows (another program logged an entry): the very next call sees it.
  append("diary.sqlite3-wal", "frame");
  const auto after_wal = watch.generation();
  EXPECT_GT(after_wal, start);
  EXPECT_EQ(watch.generation(), after_wal);
  replace("intake.json", "{}");
  const auto after_intake = watch.generation();
  EXPECT_GT(after_intake, after_wal);
  std::filesystem::remove(dir_ + "/intake.json");
  EXPECT_GT(watch.generation(), after_intake);
}

TEST_F(DataWatchTest, ADirectoryMadeLaterIsWatchedOnceItExists) {
  const std::string later = dir_ + "/data";
  DataWatch watch(later, names_, WatchMode::kNotify);
  EXPECT_EQ(watch.mode(), WatchMode::kPoll);
  const auto start = watch.generation();
  std::filesystem::create_directory(later);
  std::this_thread::sleep_for(DataWatch::kPollInterval + std::chrono::milliseconds(20));
  EXPECT_GT(watch.generation(), start);
  EXPECT_EQ(watch.mode(), WatchMode::kNotify);
  const auto watched = watch.generation();
  std::ofstream(later + "/intake.json") << "{}";
  EXPECT_GT(watch.generation(), watched);
}
#endif

TEST_F(DataWatchTest, PollingLooksAtMostOncePer100Milliseconds) {
  DataWatch watch(dir_, names_, WatchMode::kPoll);
  EXPECT_EQ(watch.mode(), WatchMode::kPoll);
  const auto checked_at = std::chrono::steady_clock::now();
  const auto start = watch.generation();
  append("intake.json", "{}");
  const auto soon = watch.generation();
  // Within the interval the files are not looked at (unless this machine was too slow to get here in time).
  if (std::chrono::steady_clock::now() - checked_at < DataWatch::kPollInterval) {
    EXPECT_EQ(soon, start);
  }
  std::this_thread::sleep_for(DataWatch::kPollInterval + std::chrono::milliseconds(20));
  const auto later = watch.generation();
  EXPECT_GT(later, start);
  std::this_thread::sleep_for(DataWatch::kPollInterval + std::chrono::milliseconds(20));
  EXPECT_EQ(watch.generation(), later);  // nothing more changed
}

TEST_F(DataWatchTest, ChangesMadeByTheAppCountAtOnce) {
  for (WatchMode mode : {WatchMode::kNotify, WatchMode::kPoll}) {
    DataWatch watch(dir_, names_, mode);
    const auto start = watch.generation();
    watch.changed();
    EXPECT_GT(watch.generation(), start);
  }
}

}  // namespace
}  // namespace unknot::web
