#include "storage/diary_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <utility>

#include "storage/data_dir.h"

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

Error read_only_error(const std::string& path) {
  return Error::failure(path + " is read-only, so this change cannot be saved (reading still works); check the "
                        "permissions of the file and its folder");
}

// One message per kind of trouble, each saying what to do next; SQLite's own words last.
Error sqlite_error(sqlite3* db, const std::string& path, const std::string& what) {
  if (!db) return Error::failure("diary database: " + what + ": out of memory");
  const std::string detail = sqlite3_errmsg(db);
  switch (sqlite3_errcode(db) & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Error::failure(path + " is damaged (" + detail +
                            "). Restore your last backup with `unknot restore FILE` (a file made by `unknot backup`), "
                            "or move the damaged file away to start a new diary");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error::busy("the diary is busy: another unknot is writing to it (a long import?); nothing was "
                            "changed, try again when it has finished");
    case SQLITE_READONLY: return read_only_error(path);
    case SQLITE_CANTOPEN:
      return Error::failure("cannot open " + path + " (" + detail + "); check the permissions of the data folder");
    default:
      return Error::failure("diary database: " + what + ": " + detail);
  }
}

Status exec(sqlite3* db, const std::string& path, const std::string& sql, const std::string& what) {
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) return sqlite_error(db, path, what);
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

// Owns a connection until released.
struct Connection {
  sqlite3* db = nullptr;
  Connection() = default;
  Connection(Connection&& other) noexcept : db(std::exchange(other.db, nullptr)) {}
  Connection& operator=(Connection&&) = delete;
  ~Connection() { sqlite3_close(db); }
  sqlite3* release() { return std::exchange(db, nullptr); }
};

Result<int> schema_version(sqlite3* db, const std::string& path) {
  Statement query(db, "PRAGMA user_version");
  if (!query || sqlite3_step(query.get()) != SQLITE_ROW) return sqlite_error(db, path, "reading the schema version");
  return sqlite3_column_int(query.get(), 0);
}

// "file:" URI for `path` with `query`, percent-encoding what a URI path cannot hold.
std::string file_uri(const std::string& path, const std::string& query) {
  std::string uri = "file:";
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      static const char* kHex = "0123456789ABCDEF";
      uri += '%';
      uri += kHex[(static_cast<unsigned char>(c) >> 4) & 0xF];
      uri += kHex[static_cast<unsigned char>(c) & 0xF];
    } else {
      uri += c;
    }
  }
  return uri + "?" + query;
}

// The database file and its WAL companions are private: created 0600, tightened when an older
// unknot left them 0644. SQLite gives -wal and -shm the database file's mode.
void make_private(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);
  for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
    struct stat info {};
    if (::stat(file.c_str(), &info) == 0 && (info.st_mode & 077) != 0 && info.st_uid == ::geteuid()) {
      ::chmod(file.c_str(), 0600);
    }
  }
}

Result<Connection> open_read_only(const std::string& path) {
  Connection connection;
  if (sqlite3_open_v2(path.c_str(), &connection.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, nullptr) ==
      SQLITE_OK) {
    if (schema_version(connection.db, path)) return connection;
  }
  // A WAL database in a folder we cannot write needs its -shm file; without one, read the
  // file as it is (immutable: no locks, no WAL; a cleanly closed diary has everything in it).
  sqlite3_close(connection.release());
  if (sqlite3_open_v2(file_uri(path, "immutable=1").c_str(), &connection.db,
                      SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
    return sqlite_error(connection.db, path, "opening");
  }
  if (auto version = schema_version(connection.db, path); !version) return version.error();
  return connection;
}

}  // namespace

std::string diary_path(const std::string& data_dir) { return data_dir + "/diary.sqlite3"; }

Result<std::unique_ptr<DiaryStore>> DiaryStore::open(const std::string& path, const StoreOptions& options) {
  if (options.read_only) {
    auto connection = open_read_only(path);
    if (!connection) return connection.error();
    sqlite3_busy_timeout(connection->db, options.busy_wait_ms);
    return std::unique_ptr<DiaryStore>(new DiaryStore(connection->release(), path));
  }
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    if (auto made = ensure_private_dir(parent.string()); !made) return made.error();
  }
  // Say "read-only" plainly, before SQLite fails on a -shm file it cannot create.
  if ((::access(path.c_str(), F_OK) == 0 && ::access(path.c_str(), W_OK) != 0) ||
      ::access(parent.empty() ? "." : parent.c_str(), W_OK) != 0) {
    return read_only_error(path);
  }
  make_private(path);
  Connection connection;
  if (sqlite3_open_v2(path.c_str(), &connection.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    return sqlite_error(connection.db, path, "opening");
  }
  sqlite3* db = connection.db;
  sqlite3_busy_timeout(db, options.busy_wait_ms);
  // WAL with synchronous=FULL: a committed transaction survives a crash or power cut.
  if (auto status = exec(db, path, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
                         "setting up");
      !status) {
    return status.error();
  }
  auto version = schema_version(db, path);
  if (!version) return version.error();
  if (*version < kSchemaVersion) {
    // Read the version again inside the write transaction: another unknot starting at the
    // same moment may have migrated in between (two first runs must both succeed).
    if (auto begun = exec(db, path, "BEGIN IMMEDIATE;", "starting the schema update"); !begun) return begun.error();
    version = schema_version(db, path);
    if (!version) {
      exec(db, path, "ROLLBACK;", "rolling back").ok();
      return version.error();
    }
    for (int step = *version; step < kSchemaVersion; ++step) {
      std::string sql = std::string(kMigrations[step]) + "PRAGMA user_version=" + std::to_string(step + 1) + ";";
      if (auto status = exec(db, path, sql, "migrating to schema " + std::to_string(step + 1)); !status) {
        exec(db, path, "ROLLBACK;", "rolling back").ok();
        return status.error();
      }
    }
    if (auto status = exec(db, path, "COMMIT;", "committing the schema update"); !status) {
      exec(db, path, "ROLLBACK;", "rolling back").ok();
      return status.error();
    }
    version = std::max(*version, kSchemaVersion);
  }
  if (*version > kSchemaVersion) {
    return Error::failure(path + ": made by a newer unknot (schema " + std::to_string(*version) + "); update unknot");
  }
  return std::unique_ptr<DiaryStore>(new DiaryStore(connection.release(), path));
}

DiaryStore::~DiaryStore() { sqlite3_close(db_); }

Result<int> DiaryStore::add_all(const std::vector<StoredEntry>& entries) {
  if (auto status = exec(db_, path_, "BEGIN IMMEDIATE;", "starting a write"); !status) return status.error();
  Statement insert(db_, "INSERT INTO entries (at, type, body) VALUES (?, ?, ?) ON CONFLICT (body) DO NOTHING");
  if (!insert) {
    Error failure = sqlite_error(db_, path_, "preparing insert");
    exec(db_, path_, "ROLLBACK;", "rolling back").ok();
    return failure;
  }
  int added = 0;
  for (const StoredEntry& entry : entries) {
    sqlite3_reset(insert.get());
    sqlite3_bind_text(insert.get(), 1, entry.at.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert.get(), 2, entry.type.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert.get(), 3, entry.body.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(insert.get()) != SQLITE_DONE) {
      Error failure = sqlite_error(db_, path_, "adding an entry");
      exec(db_, path_, "ROLLBACK;", "rolling back").ok();
      return failure;
    }
    added += sqlite3_changes(db_);
  }
  if (auto status = exec(db_, path_, "COMMIT;", "committing"); !status) {
    exec(db_, path_, "ROLLBACK;", "rolling back").ok();
    return status.error();
  }
  return added;
}

Result<std::vector<StoredEntry>> DiaryStore::all() const {
  std::vector<StoredEntry> entries;
  // A read-only diary that was never written has no table yet: it is simply empty.
  if (auto version = schema_version(db_, path_); version && *version == 0) return entries;
  Statement query(db_, "SELECT at, type, body, id FROM entries ORDER BY at, id");
  if (!query) return sqlite_error(db_, path_, "reading entries");
  int rc;
  while ((rc = sqlite3_step(query.get())) == SQLITE_ROW) {
    // A damaged row can hold NULL or a blob; it comes back empty and fails to parse later,
    // where it is named and skipped.
    auto column = [&](int index) {
      const unsigned char* text = sqlite3_column_text(query.get(), index);
      return text ? std::string(reinterpret_cast<const char*>(text)) : std::string();
    };
    entries.push_back({column(0), column(1), column(2), sqlite3_column_int64(query.get(), 3)});
  }
  if (rc != SQLITE_DONE) return sqlite_error(db_, path_, "reading entries");
  return entries;
}

Status DiaryStore::backup_to(const std::string& path) const {
  // Created 0600 before SQLite opens it: a backup is as private as the diary.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Error::failure(path + ": cannot create the backup");
  ::fchmod(fd, 0600);
  ::close(fd);
  Connection target;
  if (sqlite3_open(path.c_str(), &target.db) != SQLITE_OK) return sqlite_error(target.db, path, "creating the backup");
  sqlite3_backup* backup = sqlite3_backup_init(target.db, "main", db_, "main");
  if (!backup) return sqlite_error(target.db, path, "starting the backup");
  sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (sqlite3_errcode(target.db) != SQLITE_OK) return sqlite_error(target.db, path, "writing the backup");
  return Ok{};
}

Status check_diary_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    return Error::bad_input(path + ": no such backup file");
  }
  auto connection = open_read_only(path);
  auto not_a_backup = [&](const std::string& why) {
    return Error::bad_input(path + ": not an unknot diary backup (" + why + "); use a file made by `unknot backup`");
  };
  if (!connection) return not_a_backup("not a database");
  sqlite3* db = connection->db;
  {
    Statement check(db, "PRAGMA integrity_check");
    if (!check || sqlite3_step(check.get()) != SQLITE_ROW) return not_a_backup("not a database");
    const unsigned char* result = sqlite3_column_text(check.get(), 0);
    if (!result || std::string(reinterpret_cast<const char*>(result)) != "ok") return not_a_backup("damaged");
  }
  auto version = schema_version(db, path);
  if (!version) return not_a_backup("not a database");
  if (*version > DiaryStore::kSchemaVersion) return not_a_backup("made by a newer unknot");
  if (*version >= 1) {
    Statement probe(db, "SELECT at, type, body, id FROM entries LIMIT 1");
    if (!probe) return not_a_backup("no diary in it");
  }
  return Ok{};
}

Status DiaryStore::restore_from(const std::string& backup_path) {
  if (auto checked = check_diary_file(backup_path); !checked) return checked;
  auto source = open_read_only(backup_path);
  if (!source) return source.error();
  // The online backup API copies every page into this database in one write transaction,
  // so readers see the old diary or the restored one, never a mix; the WAL stays consistent.
  sqlite3_backup* backup = sqlite3_backup_init(db_, "main", source->db, "main");
  if (!backup) return sqlite_error(db_, path_, "starting the restore");
  const int step = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (step != SQLITE_DONE) return sqlite_error(db_, path_, "restoring");
  return Ok{};
}

Status restore_diary(const std::string& diary, const std::string& backup_path) {
  if (auto checked = check_diary_file(backup_path); !checked) return checked;
  bool damaged = false;
  if (file_exists(diary)) {
    auto current = open_read_only(diary);
    if (!current) {
      damaged = true;
    } else {
      Statement check(current->db, "PRAGMA quick_check");
      damaged = !check || sqlite3_step(check.get()) != SQLITE_ROW ||
                std::string(reinterpret_cast<const char*>(sqlite3_column_text(check.get(), 0))) != "ok";
    }
  }
  if (damaged) {
    // Kept, not deleted: someone may still want to rescue entries from it.
    for (const char* suffix : {"", "-wal", "-shm"}) {
      const std::string from = diary + suffix;
      if (file_exists(from) && ::rename(from.c_str(), (diary + ".damaged" + suffix).c_str()) != 0) {
        return Error::failure(from + ": cannot move the damaged diary aside");
      }
    }
  }
  StoreOptions options;
  options.busy_wait_ms = 60000;
  auto store = DiaryStore::open(diary, options);
  if (!store) return store.error();
  return (*store)->restore_from(backup_path);
}

}  // namespace unknot::storage
