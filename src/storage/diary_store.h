// The diary in SQLite: one row per entry, kept as the contract's canonical JSON line.
// Versioned migrations (PRAGMA user_version), WAL, foreign keys on, synchronous=FULL so a
// write that returned is on disk. Identical entries are stored once, which makes imports
// idempotent. Knows nothing of the entry's fields: callers (cli) convert with contract/.
// SQL is kept to what PostgreSQL also accepts, for the clinic server to come.
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
};

class DiaryStore {
 public:
  // Opens (creating when missing) the database at `path` and brings its schema up to date.
  static Result<std::unique_ptr<DiaryStore>> open(const std::string& path);
  ~DiaryStore();
  DiaryStore(const DiaryStore&) = delete;
  DiaryStore& operator=(const DiaryStore&) = delete;

  // Adds all entries in one transaction: all are stored or none. Returns how many were new.
  Result<int> add_all(const std::vector<StoredEntry>& entries);

  // Every entry, oldest first (by `at`, then by insertion).
  Result<std::vector<StoredEntry>> all() const;

  // A consistent copy of the whole database at `path` (SQLite online backup).
  Status backup_to(const std::string& path) const;

  static constexpr int kSchemaVersion = 1;

 private:
  explicit DiaryStore(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// Where the diary lives inside the data directory.
std::string diary_path(const std::string& data_dir);

}  // namespace unknot::storage
