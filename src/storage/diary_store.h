// The diary in SQLite: one row per entry, kept as the contract's canonical JSON line (the
// entry's identity: identical entries are stored once, which makes imports idempotent, and
// export writes the same line back) and, beside it, the entry's fields in typed columns,
// written from the entry that was validated when it was stored, so reading the diary parses
// no JSON. Versioned migrations (PRAGMA user_version, applied under BEGIN IMMEDIATE so
// concurrent first runs agree), WAL, foreign keys on, synchronous=FULL so a write that
// returned is on disk. The database and its -wal/-shm files are 0600. Storage does not parse
// JSON: the caller gives the contract's parser for rows that have no typed columns (written
// by an older unknot, or damaged). Since schema 3 each row's facts (core/diary_facts.h, but
// the names) are also kept packed in one integer with an index of their own, which is all
// facts() reads of a row; since schema 4 the facts of all rows but the last few are also
// kept in one snapshot (a cache the rows' triggers delete when a row it covers changes), so
// facts() steps through only the rows added since. SQL is kept to what PostgreSQL also
// accepts, but for the triggers that keep the packed facts and the snapshot true to the rows
// when another program changes them.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/diary.h"
#include "core/diary_facts.h"
#include "core/result.h"

struct sqlite3;

namespace unknot::storage {

struct StoredEntry {
  std::string at;
  std::string type;
  std::string body;  // canonical JSON line
  long long row = 0;  // the row id, to name a damaged row
  // When writing: the validated entry that `body` is the canonical line of; its fields go
  // into the typed columns. Without it the row is stored as text only (read back through
  // the LineParser).
  std::optional<DiaryEntry> entry;
};

// The contract's parser for one stored line; `row` names the row in messages. Given by the
// caller because storage does not depend on contract/.
using LineParser = std::function<Result<DiaryEntry>(const std::string& line, long long row)>;

// The diary as entries, oldest first, and the rows that could not be read (each named by
// the parser's error), which were skipped.
struct DiaryRead {
  std::vector<DiaryEntry> entries;
  std::vector<Error> damaged;
};

// The diary as the facts the review and insights read (core/diary_facts.h), oldest first,
// and the rows that could not be read, as in DiaryRead.
struct FactsRead {
  DiaryFacts facts;
  std::vector<Error> damaged;
};

struct StoreOptions {
  // Read only: nothing is created or migrated, and a read-only folder or file still reads.
  bool read_only = false;
  // How long a write waits for another writer (a long import holds the lock for seconds).
  int busy_wait_ms = 5000;
  // Fills the typed columns of rows written before they existed when migrating to schema 2.
  // Without it those rows keep only their line and are parsed on every read.
  LineParser parse_line;
};

// One thread at a time: the connection is opened without SQLite's own locking (a mutex taken
// on every column read was 7 % of reading the diary); every caller opens its own.
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

  // Every row as text, oldest first (by `at`, then by insertion).
  Result<std::vector<StoredEntry>> all() const;

  // Every entry, oldest first (by `at`, then by insertion), from the typed columns; a row
  // without them (or whose typed columns are damaged) goes through `parse` instead, and one
  // that does not parse is left out and listed in `damaged`.
  Result<DiaryRead> entries(const LineParser& parse) const;

  // The same entries, in the same order, as their facts (facts_of(entries(parse).entries)),
  // read from only what the facts hold: no strings or vectors built per entry. From schema 3
  // a row's packed facts and trigger name; a row without (good) packed facts is judged from
  // its typed columns, then its line, as entries() judges it.
  Result<FactsRead> facts(const LineParser& parse) const;

  // The schema version of the database as it is now (below kSchemaVersion: a read-only
  // open of a diary an older unknot wrote; opening it read-write migrates it).
  Result<int> schema_version() const;

  // A consistent copy of the whole database at `path` (SQLite online backup), 0600.
  Status backup_to(const std::string& path) const;

  // Replaces the whole diary with the backup at `backup_path`, in one transaction, after
  // checking that it is an unknot diary (integrity, schema) that this version can read.
  Status restore_from(const std::string& backup_path);

  static constexpr int kSchemaVersion = 4;

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
