// The diary in SQLite: one row per entry, kept as the contract's canonical JSON line.
// Versioned migrations (PRAGMA user_version, applied under BEGIN IMMEDIATE so concurrent
// first runs agree), WAL, foreign keys on, synchronous=FULL so a write that returned is on
// disk. Identical entries are stored once, which makes imports idempotent. The database and
// its -wal/-shm files are 0600. Knows nothing of the entry's fields: callers (cli) convert
// with contract/. SQL is kept to what PostgreSQL also accepts, for the clinic server to come.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

struct sqlite3;

namespace unknot::storage {

struct StoredEntry {
  std::string at;
  std::string type;
  std::string body;  // canonical JSON line
  long long row = 0;  // the row id, to name a damaged row
};

struct StoreOptions {
  // Read only: nothing is created or migrated, and a read-only folder or file still reads.
  bool read_only = false;
  // How long a write waits for another writer (a long import holds the lock for seconds).
  int busy_wait_ms = 5000;
};

class DiaryStore {
 public:
  // Opens the database at `path` (read-write: creating it when missing, schema brought up
  // to date). A damaged file is a kFailure that says how to restore.
  static Result<std::unique_ptr<DiaryStore>> open(const std::string& path, const StoreOptions& options = {});
  ~DiaryStore();
  DiaryStore(const DiaryStore&) = delete;
  DiaryStore& operator=(const DiaryStore&) = delete;

  // Adds all entries in one transaction: all are stored or none. Returns how many were new.
  Result<int> add_all(const std::vector<StoredEntry>& entries);

  // Every entry, oldest first (by `at`, then by insertion).
  Result<std::vector<StoredEntry>> all() const;

  // A consistent copy of the whole database at `path` (SQLite online backup), 0600.
  Status backup_to(const std::string& path) const;

  // Replaces the whole diary with the backup at `backup_path`, in one transaction, after
  // checking that it is an unknot diary (integrity, schema) that this version can read.
  Status restore_from(const std::string& backup_path);

  static constexpr int kSchemaVersion = 1;

 private:
  DiaryStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

// Checks that `path` is an intact unknot diary database (kBadInput when it is not one).
Status check_diary_file(const std::string& path);

// Restores the diary at `diary` from `backup_path` even when `diary` is damaged beyond
// opening: the damaged file (and its -wal/-shm) is kept beside it as diary.sqlite3.damaged.
Status restore_diary(const std::string& diary, const std::string& backup_path);

// Where the diary lives inside the data directory.
std::string diary_path(const std::string& data_dir);

}  // namespace unknot::storage
