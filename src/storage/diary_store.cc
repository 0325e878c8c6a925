#include "storage/diary_store.h"

#include <sqlite3.h>

#include <filesystem>

namespace unknot::storage {
namespace {

// Migration N takes the schema from version N to N+1. Append only; never edit a shipped one.
const char* const kMigrations[] = {
    "CREATE TABLE entries ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  type TEXT NOT NULL,"
    "  body TEXT NOT NULL UNIQUE"
    ");"
    "CREATE INDEX entries_at ON entries (at);",
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == DiaryStore::kSchemaVersion);

Error sqlite_error(sqlite3* db, const std::string& what) {
  return Error::failure("diary database: " + what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

Status exec(sqlite3* db, const std::string& sql, const std::string& what) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return Error::failure("diary database: " + what + ": " + text);
  }
  return Ok{};
}

// Owns a prepared statement.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr); }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return statement_; }
  explicit operator bool() const { return statement_ != nullptr; }

 private:
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace

std::string diary_path(const std::string& data_dir) { return data_dir + "/diary.sqlite3"; }

Result<std::unique_ptr<DiaryStore>> DiaryStore::open(const std::string& path) {
  std::error_code error;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, error);
  if (error) return Error::failure(parent.string() + ": cannot create directory: " + error.message());
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) !=
      SQLITE_OK) {
    Error failure = sqlite_error(db, "cannot open " + path);
    sqlite3_close(db);
    return failure;
  }
  std::unique_ptr<DiaryStore> store(new DiaryStore(db));
  sqlite3_busy_timeout(db, 5000);
  // WAL with synchronous=FULL: a committed transaction survives a crash or power cut.
  if (auto status = exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
                         "setting up");
      !status) {
    return status.error();
  }
  int version = 0;
  {
    Statement query(db, "PRAGMA user_version");
    if (!query || sqlite3_step(query.get()) != SQLITE_ROW) return sqlite_error(db, "reading the schema version");
    version = sqlite3_column_int(query.get(), 0);
  }
  if (version > kSchemaVersion) {
    return Error::failure(path + ": made by a newer unknot (schema " + std::to_string(version) + "); update unknot");
  }
  for (; version < kSchemaVersion; ++version) {
    std::string sql = std::string("BEGIN IMMEDIATE;") + kMigrations[version] +
                      "PRAGMA user_version=" + std::to_string(version + 1) + ";COMMIT;";
    if (auto status = exec(db, sql, "migrating to schema " + std::to_string(version + 1)); !status) {
      exec(db, "ROLLBACK;", "rolling back").ok();
      return status.error();
    }
  }
  return store;
}

DiaryStore::~DiaryStore() { sqlite3_close(db_); }

Result<int> DiaryStore::add_all(const std::vector<StoredEntry>& entries) {
  if (auto status = exec(db_, "BEGIN IMMEDIATE;", "starting a write"); !status) return status.error();
  Statement insert(db_, "INSERT INTO entries (at, type, body) VALUES (?, ?, ?) ON CONFLICT (body) DO NOTHING");
  if (!insert) {
    Error failure = sqlite_error(db_, "preparing insert");
    exec(db_, "ROLLBACK;", "rolling back").ok();
    return failure;
  }
  int added = 0;
  for (const StoredEntry& entry : entries) {
    sqlite3_reset(insert.get());
    sqlite3_bind_text(insert.get(), 1, entry.at.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert.get(), 2, entry.type.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert.get(), 3, entry.body.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(insert.get()) != SQLITE_DONE) {
      Error failure = sqlite_error(db_, "adding an entry");
      exec(db_, "ROLLBACK;", "rolling back").ok();
      return failure;
    }
    added += sqlite3_changes(db_);
  }
  if (auto status = exec(db_, "COMMIT;", "committing"); !status) {
    exec(db_, "ROLLBACK;", "rolling back").ok();
    return status.error();
  }
  return added;
}

Result<std::vector<StoredEntry>> DiaryStore::all() const {
  Statement query(db_, "SELECT at, type, body FROM entries ORDER BY at, id");
  if (!query) return sqlite_error(db_, "reading entries");
  std::vector<StoredEntry> entries;
  int rc;
  while ((rc = sqlite3_step(query.get())) == SQLITE_ROW) {
    auto column = [&](int index) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(query.get(), index))); };
    entries.push_back({column(0), column(1), column(2)});
  }
  if (rc != SQLITE_DONE) return sqlite_error(db_, "reading entries");
  return entries;
}

Status DiaryStore::backup_to(const std::string& path) const {
  sqlite3* target = nullptr;
  if (sqlite3_open(path.c_str(), &target) != SQLITE_OK) {
    Error failure = sqlite_error(target, "cannot create backup " + path);
    sqlite3_close(target);
    return failure;
  }
  sqlite3_backup* backup = sqlite3_backup_init(target, "main", db_, "main");
  if (!backup) {
    Error failure = sqlite_error(target, "starting the backup");
    sqlite3_close(target);
    return failure;
  }
  sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  const int rc = sqlite3_errcode(target);
  Error failure = sqlite_error(target, "writing the backup");
  sqlite3_close(target);
  if (rc != SQLITE_OK) return failure;
  return Ok{};
}

}  // namespace unknot::storage
