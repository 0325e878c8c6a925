#include "storage/diary_store.h"

#include <gtest/gtest.h>

#include <filesystem>

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

}  // namespace
}  // namespace unknot::storage
