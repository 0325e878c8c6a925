#include "storage/diary_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

namespace unknot::storage {
namespace {

std::string temporary_directory() {
  char pattern[] = "/tmp/unknot-store-XXXXXX";
  return ::mkdtemp(pattern);
}

TEST(DiaryStore, AddsOnceAndReadsInTimeOrder) {
  const std::string dir = temporary_directory();
  auto store = DiaryStore::open(diary_path(dir));
  ASSERT_TRUE(store.ok()) << store.error().message;
  std::vector<StoredEntry> entries = {{"2026-03-03", "note", R"({"b":1})"}, {"2026-03-02", "note", R"({"a":1})"}};
  EXPECT_EQ(2, *(*store)->add_all(entries));
  EXPECT_EQ(0, *(*store)->add_all(entries));  // idempotent
  auto all = (*store)->all();
  ASSERT_EQ(2u, all->size());
  EXPECT_EQ("2026-03-02", (*all)[0].at);
  std::filesystem::remove_all(dir);
}

TEST(DiaryStore, ReopensAtTheCurrentSchemaAndBacksUp) {
  const std::string dir = temporary_directory();
  {
    auto store = DiaryStore::open(diary_path(dir));
    ASSERT_TRUE((*store)->add_all({{"2026-03-02", "note", "{}"}}).ok());
  }
  auto store = DiaryStore::open(diary_path(dir));
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(1u, (*store)->all()->size());
  ASSERT_TRUE((*store)->backup_to(dir + "/copy.sqlite3").ok());
  auto copy = DiaryStore::open(dir + "/copy.sqlite3");
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(1u, (*copy)->all()->size());
  std::filesystem::remove_all(dir);
}

TEST(DiaryStore, ConcurrentFirstOpensAllMigrate) {
  const std::string dir = temporary_directory();
  std::vector<std::thread> openers;
  std::atomic<int> failures = 0;
  for (int index = 0; index < 16; ++index) {
    openers.emplace_back([&, index] {
      auto store = DiaryStore::open(diary_path(dir));
      if (!store || !(*store)->add_all({{"2026-03-02", "note", "{\"n\":" + std::to_string(index) + "}"}})) ++failures;
    });
  }
  for (std::thread& opener : openers) opener.join();
  EXPECT_EQ(0, failures.load());
  EXPECT_EQ(16u, (*DiaryStore::open(diary_path(dir)))->all()->size());
  std::filesystem::remove_all(dir);
}

TEST(DiaryStore, DatabaseAndBackupArePrivateAndReadOnlyOpensRead) {
  namespace fs = std::filesystem;
  const std::string dir = temporary_directory();
  {
    auto store = DiaryStore::open(diary_path(dir));
    ASSERT_TRUE((*store)->add_all({{"2026-03-02", "note", "{}"}}).ok());
    ASSERT_TRUE((*store)->backup_to(dir + "/copy.sqlite3").ok());
  }
  const auto private_file = fs::perms::owner_read | fs::perms::owner_write;
  EXPECT_EQ(private_file, fs::status(diary_path(dir)).permissions());
  EXPECT_EQ(private_file, fs::status(dir + "/copy.sqlite3").permissions());
  StoreOptions read_only;
  read_only.read_only = true;
  auto reader = DiaryStore::open(diary_path(dir), read_only);
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  EXPECT_EQ(1u, (*reader)->all()->size());
  EXPECT_FALSE((*reader)->add_all({{"2026-03-03", "note", "{\"x\":1}"}}).ok());
  fs::remove_all(dir);
}

TEST(DiaryStore, RestoreChecksTheBackupAndReplacesTheDiary) {
  const std::string dir = temporary_directory();
  {
    auto store = DiaryStore::open(diary_path(dir));
    ASSERT_TRUE((*store)->add_all({{"2026-03-02", "note", "{}"}}).ok());
    ASSERT_TRUE((*store)->backup_to(dir + "/copy.sqlite3").ok());
    ASSERT_TRUE((*store)->add_all({{"2026-03-03", "note", "{\"later\":1}"}}).ok());
  }
  {
    std::ofstream junk(dir + "/junk.sqlite3");
    junk << "not a database at all, just text that is long enough to look like something";
  }
  auto refused = restore_diary(diary_path(dir), dir + "/junk.sqlite3");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(ErrorKind::kBadInput, refused.error().kind);
  EXPECT_EQ(2u, (*DiaryStore::open(diary_path(dir)))->all()->size());

  ASSERT_TRUE(restore_diary(diary_path(dir), dir + "/copy.sqlite3").ok());
  EXPECT_EQ(1u, (*DiaryStore::open(diary_path(dir)))->all()->size());

  {
    std::ofstream damage(diary_path(dir), std::ios::trunc);
    damage << std::string(8192, 'x');
  }
  std::filesystem::remove(diary_path(dir) + "-wal");
  std::filesystem::remove(diary_path(dir) + "-shm");
  auto damaged = DiaryStore::open(diary_path(dir));
  ASSERT_FALSE(damaged.ok());
  EXPECT_NE(std::string::npos, damaged.error().message.find("unknot restore FILE")) << damaged.error().message;
  ASSERT_TRUE(restore_diary(diary_path(dir), dir + "/copy.sqlite3").ok());
  EXPECT_EQ(1u, (*DiaryStore::open(diary_path(dir)))->all()->size());
  EXPECT_TRUE(std::filesystem::exists(diary_path(dir) + ".damaged"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace unknot::storage
