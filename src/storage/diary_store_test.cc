#include "storage/diary_store.h"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
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

// Runs `sql` on the database at `path` through a connection of its own (not the store's),
// as another program or a damaged file would change it.
void run_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(SQLITE_OK, sqlite3_open(path.c_str(), &db));
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  const std::string error = message ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  ASSERT_EQ(SQLITE_OK, rc) << error;
}

int user_version(const std::string& path) {
  sqlite3* db = nullptr;
  int version = -1;
  if (sqlite3_open(path.c_str(), &db) == SQLITE_OK) {
    sqlite3_stmt* query = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &query, nullptr) == SQLITE_OK &&
        sqlite3_step(query) == SQLITE_ROW) {
      version = sqlite3_column_int(query, 0);
    }
    sqlite3_finalize(query);
  }
  sqlite3_close(db);
  return version;
}

TEST(DiaryStore, AnImportThatFailsHalfWayStoresNothingAndTheStoreGoesOn) {
  // Given a diary with one entry, and the database refusing any entry of type "poison" (a
  // trigger stands in for a full disk or a constraint broken in the middle of an import),
  // when an import fails at its third entry, then none of it is stored: not the two before.
  const std::string dir = temporary_directory();
  const std::string path = diary_path(dir);
  auto store = DiaryStore::open(path);
  ASSERT_TRUE(store.ok()) << store.error().message;
  ASSERT_EQ(1, *(*store)->add_all({{"2026-03-01", "note", R"({"kept":1})"}}));
  run_sql(path,
          "CREATE TRIGGER refuse_poison BEFORE INSERT ON entries WHEN NEW.type = 'poison' "
          "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");

  const std::vector<StoredEntry> import = {{"2026-03-02", "note", R"({"a":1})"},
                                           {"2026-03-03", "note", R"({"b":1})"},
                                           {"2026-03-04", "poison", R"({"c":1})"},
                                           {"2026-03-05", "note", R"({"d":1})"}};
  auto failed = (*store)->add_all(import);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(ErrorKind::kFailure, failed.error().kind);
  EXPECT_NE(failed.error().message.find("injected failure"), std::string::npos) << failed.error().message;
  auto all = (*store)->all();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(1u, all->size());
  EXPECT_EQ("2026-03-01", (*all)[0].at);
  // Nothing half-done shows through another connection either.
  auto reader = DiaryStore::open(path);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(1u, (*reader)->all()->size());

  // The failed import left no transaction open: the next write works, and it is durable.
  EXPECT_EQ(2, *(*store)->add_all({import[0], import[1]}));
  EXPECT_EQ(3u, (*reader)->all()->size());
  std::filesystem::remove_all(dir);
}

TEST(DiaryStore, ADatabaseFromANewerUnknotIsRefusedAndLeftAsItIs) {
  // Given a diary whose schema version is above the one this program knows, opening it
  // fails with a message that says so and names the file, and changes nothing in it.
  const std::string dir = temporary_directory();
  const std::string path = diary_path(dir);
  {
    auto store = DiaryStore::open(path);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->add_all({{"2026-03-02", "note", "{}"}}).ok());
  }
  const int newer = DiaryStore::kSchemaVersion + 1;
  run_sql(path, "PRAGMA user_version=" + std::to_string(newer));
  auto refused = DiaryStore::open(path);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(ErrorKind::kFailure, refused.error().kind);
  EXPECT_NE(refused.error().message.find(path), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find("newer unknot"), std::string::npos) << refused.error().message;
  EXPECT_EQ(newer, user_version(path));
  // The current version itself opens.
  run_sql(path, "PRAGMA user_version=" + std::to_string(DiaryStore::kSchemaVersion));
  EXPECT_TRUE(DiaryStore::open(path).ok());
  std::filesystem::remove_all(dir);
}

TEST(DiaryStore, ABackupThatCannotBeWrittenFailsAndSaysWhere) {
  const std::string dir = temporary_directory();
  auto store = DiaryStore::open(diary_path(dir));
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->add_all({{"2026-03-02", "note", "{}"}}).ok());

  // A folder that does not exist.
  const std::string nowhere = dir + "/no/such/folder/copy.sqlite3";
  Status missing = (*store)->backup_to(nowhere);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(ErrorKind::kFailure, missing.error().kind);
  EXPECT_NE(missing.error().message.find(nowhere), std::string::npos) << missing.error().message;
  EXPECT_FALSE(std::filesystem::exists(nowhere));

  // A file in the way that is not a database.
  const std::string not_a_database = dir + "/notes.txt";
  std::ofstream(not_a_database) << "this is not a database, and it is long enough to have a header: "
                                << std::string(200, 'x') << "\n";
  Status clash = (*store)->backup_to(not_a_database);
  EXPECT_FALSE(clash.ok());

  // The store itself is untouched and a good backup still works.
  EXPECT_EQ(1u, (*store)->all()->size());
  ASSERT_TRUE((*store)->backup_to(dir + "/copy.sqlite3").ok());
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
