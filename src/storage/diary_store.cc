#include "storage/diary_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <utility>

#include "storage/data_dir.h"
#include "storage/facts_snapshot.h"

namespace unknot::storage {
namespace {

// Migration N takes the schema from version N to N+1. Append only; never edit a shipped one.
struct Migration {
  const char* sql;
  // Then fill the typed columns of the rows already there, from their lines.
  bool fills_typed_columns = false;
  // Then fill the packed facts of the rows already there, from their typed columns.
  bool fills_packed_facts = false;
  // Then make the facts snapshot of the rows already there.
  bool fills_facts_snapshot = false;
};
const Migration kMigrations[] = {
    {"CREATE TABLE entries ("
     "  id INTEGER PRIMARY KEY,"
     "  at TEXT NOT NULL,"
     "  type TEXT NOT NULL,"
     "  body TEXT NOT NULL UNIQUE"
     ");"
     "CREATE INDEX entries_at ON entries (at);"},
    // Typed columns: the entry's fields as validated when it was written, so reading the
    // diary parses no JSON. `typed` is 1 when they hold the entry; a row without them (an
    // older unknot's, or one another program inserted) is read from its line. A session's
    // items are rows of entry_items, in the order of their ids.
    {"ALTER TABLE entries ADD COLUMN typed INTEGER NOT NULL DEFAULT 0;"
     "ALTER TABLE entries ADD COLUMN nprs INTEGER;"
     "ALTER TABLE entries ADD COLUMN context TEXT;"
     "ALTER TABLE entries ADD COLUMN session TEXT;"
     "ALTER TABLE entries ADD COLUMN completed BOOLEAN;"
     "ALTER TABLE entries ADD COLUMN pain_during INTEGER;"
     "ALTER TABLE entries ADD COLUMN trigger_name TEXT;"
     "ALTER TABLE entries ADD COLUMN hours DOUBLE PRECISION;"
     "ALTER TABLE entries ADD COLUMN symptom TEXT;"
     "ALTER TABLE entries ADD COLUMN note_text TEXT;"
     "ALTER TABLE entries ADD COLUMN technique TEXT;"
     "ALTER TABLE entries ADD COLUMN outcome TEXT;"
     "CREATE TABLE entry_items ("
     "  id INTEGER PRIMARY KEY,"
     "  entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,"
     "  technique TEXT NOT NULL,"
     "  reps INTEGER"
     ");"
     "CREATE INDEX entry_items_entry ON entry_items (entry_id);",
     true},
    // Packed facts: what `unknot review` and `unknot insights` read of a row (its EntryFacts
    // but the names: see pack_facts()) in one integer, written from the entry that was
    // validated when it was stored, and read through an index of their own with the trigger's
    // name: a few pages and three columns a row instead of the whole table and fifteen (SQLite
    // stepping through the columns was most of reading ten years). NULL when the row has none
    // (an older unknot's, one another program inserted, or one whose typed columns were
    // damaged): the row is then judged from its typed columns, then its line, as before. A
    // change to a row's typed columns by anything but unknot clears its packed facts, so they
    // never say other than the typed columns do (SQLite's trigger syntax: the one statement
    // here PostgreSQL would not take as it is).
    {"ALTER TABLE entries ADD COLUMN packed_facts INTEGER;"
     "CREATE INDEX entries_packed_facts ON entries (id, packed_facts, trigger_name);"
     "CREATE TRIGGER entries_typed_columns_changed AFTER UPDATE OF at, type, typed, nprs, context, session, "
     "completed, pain_during, trigger_name, hours, symptom, note_text, technique, outcome ON entries "
     "FOR EACH ROW WHEN NEW.packed_facts IS NOT NULL "
     "BEGIN UPDATE entries SET packed_facts = NULL WHERE id = NEW.id; END;",
     false, true},
    // The facts snapshot (see load_facts_snapshot()): the facts of every row up to
    // `through_id` in one blob, so a read steps through only the rows added since. A cache of
    // the rows, never more: any change to a row it covers (its entry or its items, changed,
    // deleted, or inserted among them by another program) deletes it, and the next read
    // reads the rows. unknot replaces it whole; changed in place (by another program), it goes.
    {"CREATE TABLE facts_snapshot ("
     "  id INTEGER PRIMARY KEY CHECK (id = 1),"
     "  through_id INTEGER NOT NULL,"
     "  facts BLOB NOT NULL"
     ");"
     "CREATE TRIGGER facts_snapshot_entry_changed AFTER UPDATE ON entries "
     "BEGIN DELETE FROM facts_snapshot; END;"
     "CREATE TRIGGER facts_snapshot_entry_deleted AFTER DELETE ON entries "
     "BEGIN DELETE FROM facts_snapshot; END;"
     "CREATE TRIGGER facts_snapshot_entry_inserted AFTER INSERT ON entries "
     "WHEN NEW.id <= (SELECT max(through_id) FROM facts_snapshot) BEGIN DELETE FROM facts_snapshot; END;"
     "CREATE TRIGGER facts_snapshot_item_changed AFTER UPDATE ON entry_items "
     "BEGIN DELETE FROM facts_snapshot; END;"
     "CREATE TRIGGER facts_snapshot_item_deleted AFTER DELETE ON entry_items "
     "BEGIN DELETE FROM facts_snapshot; END;"
     "CREATE TRIGGER facts_snapshot_item_inserted AFTER INSERT ON entry_items "
     "WHEN NEW.entry_id <= (SELECT max(through_id) FROM facts_snapshot) BEGIN DELETE FROM facts_snapshot; END;"
     "CREATE TRIGGER facts_snapshot_changed AFTER UPDATE ON facts_snapshot "
     "BEGIN DELETE FROM facts_snapshot; END;",
     false, false, true},
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

// The typed columns, in the order bind_typed_fields() binds them and typed_entry() reads them.
constexpr const char* kTypedColumns =
    "nprs, context, session, completed, pain_during, trigger_name, hours, symptom, note_text, technique, outcome";

// Binds `value` to parameter `index` without copying (it must outlive the statement's step).
void bind_text(sqlite3_stmt* statement, int index, std::string_view value) {
  sqlite3_bind_text(statement, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
}

// Binds the entry's fields to the parameters from `first` on, in kTypedColumns' order; an
// absent field (or empty text: the contract allows none) is NULL.
void bind_typed_fields(sqlite3_stmt* statement, int first, const DiaryEntry& entry) {
  int index = first;
  auto text = [&](const std::string& value) {
    if (value.empty()) {
      sqlite3_bind_null(statement, index++);
    } else {
      bind_text(statement, index++, value);
    }
  };
  auto number = [&](const std::optional<int>& value) {
    if (value) {
      sqlite3_bind_int(statement, index++, *value);
    } else {
      sqlite3_bind_null(statement, index++);
    }
  };
  number(entry.nprs);
  text(entry.context);
  text(entry.session);
  number(entry.completed ? std::optional<int>(*entry.completed ? 1 : 0) : std::nullopt);
  number(entry.pain_during);
  text(entry.trigger);
  if (entry.hours) {
    sqlite3_bind_double(statement, index++, *entry.hours);
  } else {
    sqlite3_bind_null(statement, index++);
  }
  text(entry.symptom);
  text(entry.text);
  text(entry.technique);
  text(entry.outcome);
}

// Adds a session's items for the entry in row `entry_id`, in order.
bool insert_items(sqlite3_stmt* insert_item, long long entry_id, const DiaryEntry& entry) {
  for (const SessionItemDone& item : entry.items) {
    sqlite3_reset(insert_item);
    sqlite3_bind_int64(insert_item, 1, entry_id);
    bind_text(insert_item, 2, item.technique);
    if (item.reps) {
      sqlite3_bind_int(insert_item, 3, *item.reps);
    } else {
      sqlite3_bind_null(insert_item, 3);
    }
    if (sqlite3_step(insert_item) != SQLITE_DONE) return false;
  }
  return true;
}

std::string column_string(sqlite3_stmt* row, int index) {
  const unsigned char* text = sqlite3_column_text(row, index);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(row, index)))
              : std::string();
}

// A whole number from `minimum` to `maximum`, or NULL (nullopt); `damaged` is set when the
// column holds anything else.
std::optional<int> column_number(sqlite3_stmt* row, int index, int minimum, int maximum, bool& damaged) {
  switch (sqlite3_column_type(row, index)) {
    case SQLITE_NULL: return std::nullopt;
    case SQLITE_INTEGER: {
      const sqlite3_int64 value = sqlite3_column_int64(row, index);
      if (value >= minimum && value <= maximum) return static_cast<int>(value);
      break;
    }
    default: break;
  }
  damaged = true;
  return std::nullopt;
}

std::optional<EntryType> entry_type_named(std::string_view name) {
  for (EntryType type : {EntryType::kPain, EntryType::kSession, EntryType::kTrigger, EntryType::kSymptom,
                         EntryType::kNote, EntryType::kBreak}) {
    if (to_string(type) == name) return type;
  }
  return std::nullopt;
}

// A session's items, by the row id of their entry (sorted by it, each entry's in order).
using ItemsByEntry = std::vector<std::pair<long long, SessionItemDone>>;

// The text of a column as SQLite holds it (NULL reads as empty), without copying: valid
// until the statement steps again.
std::string_view column_view(sqlite3_stmt* row, int index) {
  const unsigned char* text = sqlite3_column_text(row, index);
  return text ? std::string_view(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(row, index)))
              : std::string_view();
}

// The typed columns of one row (kTypedColumns, from `first`), checked, their text still in
// the statement's memory. `complete` is false when they do not make an entry of `type` (a
// field that must be there is missing, or a value is out of its range): the row was damaged,
// or inserted by another program, and is read from its line instead. Both reads of the diary
// (entries and facts) take a row's typed columns on this one judgement.
struct TypedRow {
  std::optional<int> nprs;
  std::string_view context;
  std::string_view session;
  std::optional<int> completed;
  std::optional<int> pain_during;
  std::string_view trigger;
  std::optional<double> hours;
  std::string_view symptom;
  std::string_view text;
  std::string_view technique;
  std::string_view outcome;
  bool complete = false;
};

TypedRow read_typed_row(sqlite3_stmt* row, int first, EntryType type) {
  TypedRow fields;
  bool damaged = false;
  int index = first;
  fields.nprs = column_number(row, index++, 0, 10, damaged);
  fields.context = column_view(row, index++);
  fields.session = column_view(row, index++);
  fields.completed = column_number(row, index++, 0, 1, damaged);
  fields.pain_during = column_number(row, index++, 0, 10, damaged);
  fields.trigger = column_view(row, index++);
  switch (sqlite3_column_type(row, index)) {
    case SQLITE_NULL: break;
    case SQLITE_INTEGER:
    case SQLITE_FLOAT: fields.hours = sqlite3_column_double(row, index); break;
    default: damaged = true;
  }
  if (fields.hours && !(*fields.hours >= 0 && *fields.hours <= 24)) damaged = true;
  ++index;
  fields.symptom = column_view(row, index++);
  fields.text = column_view(row, index++);
  fields.technique = column_view(row, index++);
  fields.outcome = column_view(row, index++);
  bool complete = false;
  switch (type) {
    case EntryType::kPain: complete = fields.nprs.has_value(); break;
    case EntryType::kSession: complete = !fields.session.empty(); break;
    case EntryType::kTrigger: complete = !fields.trigger.empty(); break;
    case EntryType::kSymptom: complete = !fields.symptom.empty(); break;
    case EntryType::kNote: complete = !fields.text.empty(); break;
    case EntryType::kBreak: complete = !fields.technique.empty() && !fields.outcome.empty(); break;
  }
  fields.complete = complete && !damaged;
  return fields;
}

// Fills `entry` (default-constructed, `at` and `type` set) from the typed columns of `row`
// (the columns from `first`, in kTypedColumns' order), and a session's items from `items`.
// False when they do not make an entry (see TypedRow).
bool read_typed_fields(sqlite3_stmt* row, int first, long long id, const ItemsByEntry& items, DiaryEntry& entry) {
  const TypedRow fields = read_typed_row(row, first, entry.type);
  if (!fields.complete) return false;
  entry.nprs = fields.nprs;
  entry.context = fields.context;
  entry.session = fields.session;
  if (fields.completed) entry.completed = *fields.completed == 1;
  entry.pain_during = fields.pain_during;
  entry.trigger = fields.trigger;
  entry.hours = fields.hours;
  entry.symptom = fields.symptom;
  entry.text = fields.text;
  entry.technique = fields.technique;
  entry.outcome = fields.outcome;
  if (entry.type == EntryType::kSession) {
    auto first_item = std::lower_bound(items.begin(), items.end(), id,
                                       [](const auto& item, long long entry_id) { return item.first < entry_id; });
    for (auto item = first_item; item != items.end() && item->first == id; ++item) entry.items.push_back(item->second);
  }
  return true;
}

// A session's items' techniques, by the row id of their entry (sorted by it, each entry's in
// order), each the place of its name in DiaryFacts::names.
using ItemNamesByEntry = std::vector<std::pair<long long, std::uint32_t>>;

// Adds the items of `entry` (in row `id`) to `diary`, when it is a session, and notes where
// they are in `entry`.
void add_session_items(const ItemNamesByEntry& items, long long id, DiaryFacts& diary, EntryFacts& entry) {
  entry.first_item = static_cast<std::uint32_t>(diary.items.size());
  if (entry.type == EntryType::kSession) {
    auto first_item = std::lower_bound(items.begin(), items.end(), id,
                                       [](const auto& item, long long entry_id) { return item.first < entry_id; });
    for (auto item = first_item; item != items.end() && item->first == id; ++item) diary.items.push_back(item->second);
  }
  entry.item_count = static_cast<std::uint32_t>(diary.items.size()) - entry.first_item;
}

// The same for the facts the review and insights read, a session's items' techniques from
// `items`. False as read_typed_fields.
bool read_typed_facts(sqlite3_stmt* row, int first, long long id, const ItemNamesByEntry& items, DiaryFacts& diary,
                      EntryFacts& entry) {
  const TypedRow fields = read_typed_row(row, first, entry.type);
  if (!fields.complete) return false;
  entry.context = pain_context_named(fields.context);
  entry.outcome = parse_break_outcome(fields.outcome);
  entry.strength_session = fields.session == "strength";
  if (fields.nprs) entry.nprs = static_cast<std::int8_t>(*fields.nprs);  // 0-10: checked above
  if (fields.pain_during) entry.pain_during = static_cast<std::int8_t>(*fields.pain_during);
  if (fields.completed) entry.completed = *fields.completed == 1;
  if (!fields.trigger.empty()) entry.trigger = diary.name_index(fields.trigger);
  add_session_items(items, id, diary, entry);
  return true;
}

// The facts of a row from its `at`, `type` and typed columns (columns `first` to `first` + 2
// + the typed columns: at, type, typed, then kTypedColumns), added to `diary` with their
// names and items; false, and nothing added, when the row has no typed columns or they do
// not make an entry. The one judgement of a row's typed columns for the facts, when reading
// and when packing them in the migration to schema 3.
bool add_typed_row_facts(sqlite3_stmt* row, int first, long long id, const ItemNamesByEntry& items, DiaryFacts& diary) {
  if (sqlite3_column_int(row, first + 2) != 1) return false;
  const std::optional<DayAndSecond> when = day_and_second(column_view(row, first));
  const std::optional<EntryType> type = entry_type_named(column_view(row, first + 1));
  if (!when || !type) return false;
  EntryFacts entry;
  entry.day = when->day;
  entry.second = when->second;
  entry.type = *type;
  const std::size_t items_before = diary.items.size();
  if (!read_typed_facts(row, first + 3, id, items, diary, entry)) {
    diary.items.resize(items_before);
    return false;
  }
  diary.entries.push_back(entry);
  return true;
}

// A number that orders timestamps as their text does (a date before any time of that day):
// the day, then 0 for a date alone or 1 + the second of the day. nullopt when `at` is not a
// timestamp in the contract's forms.
std::optional<long long> time_order(const std::string& at) {
  const std::optional<int> day = day_number(at);
  if (!day) return std::nullopt;
  long long second = 0;
  if (at.size() == 19) {
    auto two_digits = [&](std::size_t from) { return (at[from] - '0') * 10 + (at[from + 1] - '0'); };
    second = 1 + two_digits(11) * 3600 + two_digits(14) * 60 + two_digits(17);
  }
  return static_cast<long long>(*day) * 100000 + second;
}

// Asks the kernel to map `size` bytes from `start` (a fresh allocation about to be filled)
// now, in one call: ten years of entries are 4.5 MB (of facts, 440 KB), and touching them a
// 4 KB page at a time costs a page fault each. In this virtual machine a fresh page cost
// 17-26 µs touched and 11-13 µs mapped this way (1,000 pages, 2026-12-05). A hint: nothing
// changes when the kernel declines (before Linux 5.14).
void prepare_memory(void* start, std::size_t size) {
#ifdef MADV_POPULATE_WRITE
  const std::uintptr_t page = 4096;
  const std::uintptr_t first = (reinterpret_cast<std::uintptr_t>(start) + page - 1) & ~(page - 1);
  const std::uintptr_t last = (reinterpret_cast<std::uintptr_t>(start) + size) & ~(page - 1);
  if (last <= first || last - first < (std::uintptr_t{1} << 16)) return;  // under 64 KB: not worth a call
  ::madvise(reinterpret_cast<void*>(first), last - first, MADV_POPULATE_WRITE);
#else
  (void)start;
  (void)size;
#endif
}

// Sorts `entries` by time, then by the order they were added: `order` holds each one's
// time_order() and place. In place, one move per entry: a second copy of ten years of
// entries would be megabytes more memory for the process to touch for the first time.
void put_in_order(std::vector<DiaryEntry>& entries, std::vector<std::pair<long long, std::size_t>>& order) {
  std::sort(order.begin(), order.end());
  // source[i]: the place the entry that belongs at i is now; set to i once it is there.
  std::vector<std::size_t> source(order.size());
  for (std::size_t index = 0; index < order.size(); ++index) source[index] = order[index].second;
  for (std::size_t start = 0; start < source.size(); ++start) {
    if (source[start] == start) continue;
    DiaryEntry held = std::move(entries[start]);
    std::size_t place = start;
    while (source[place] != start) {
      entries[place] = std::move(entries[source[place]]);
      const std::size_t next = source[place];
      source[place] = place;
      place = next;
    }
    entries[place] = std::move(held);
    source[place] = place;
  }
}

// Fills the typed columns (and items) of every row that has none, from its line, which
// `parse` checks as the contract does. A line that does not parse is left as it is: it is
// named as damaged when the diary is read.
bool fill_typed_columns(sqlite3* db, const LineParser& parse) {
  std::vector<std::pair<long long, std::string>> untyped;
  {
    Statement query(db, "SELECT id, body FROM entries WHERE typed = 0");
    if (!query) return false;
    int rc;
    while ((rc = sqlite3_step(query.get())) == SQLITE_ROW) {
      untyped.emplace_back(sqlite3_column_int64(query.get(), 0), column_string(query.get(), 1));
    }
    if (rc != SQLITE_DONE) return false;
  }
  Statement update(db, (std::string("UPDATE entries SET typed = 1, type = ?, (") + kTypedColumns +
                        ") = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE id = ?")
                           .c_str());
  Statement insert_item(db, "INSERT INTO entry_items (entry_id, technique, reps) VALUES (?, ?, ?)");
  if (!update || !insert_item) return false;
  for (const auto& [id, body] : untyped) {
    auto entry = parse(body, id);
    if (!entry) continue;
    sqlite3_reset(update.get());
    bind_text(update.get(), 1, to_string(entry->type));
    bind_typed_fields(update.get(), 2, *entry);
    sqlite3_bind_int64(update.get(), 13, id);
    if (sqlite3_step(update.get()) != SQLITE_DONE || !insert_items(insert_item.get(), id, *entry)) return false;
  }
  return true;
}

// Packs the facts of every row whose typed columns make an entry (add_typed_row_facts) into
// its packed_facts; the others keep none and are read as before.
bool fill_packed_facts(sqlite3* db) {
  std::vector<std::pair<long long, std::int64_t>> packed;  // row id, its packed facts
  {
    Statement query(db, (std::string("SELECT id, at, type, typed, ") + kTypedColumns + " FROM entries").c_str());
    if (!query) return false;
    DiaryFacts scratch;  // one row's facts at a time; names and items are not packed
    const ItemNamesByEntry no_items;
    int rc;
    while ((rc = sqlite3_step(query.get())) == SQLITE_ROW) {
      const long long id = sqlite3_column_int64(query.get(), 0);
      scratch.entries.clear();
      if (add_typed_row_facts(query.get(), 1, id, no_items, scratch)) packed.emplace_back(id, pack_facts(scratch.entries[0]));
    }
    if (rc != SQLITE_DONE) return false;
  }
  Statement update(db, "UPDATE entries SET packed_facts = ? WHERE id = ?");
  if (!update) return false;
  for (const auto& [id, code] : packed) {
    sqlite3_reset(update.get());
    sqlite3_bind_int64(update.get(), 1, code);
    sqlite3_bind_int64(update.get(), 2, id);
    if (sqlite3_step(update.get()) != SQLITE_DONE) return false;
  }
  return true;
}

// --- The facts snapshot (schema 4; its format in storage/facts_snapshot.h) -------------------
//
// Reading ten years of diary row by row through SQLite was most of a whole-process `unknot
// review` even from the packed facts (about 950 instructions a row in SQLite's VM). The
// snapshot keeps the facts of every row up to `through_id` in one blob, in time order, and
// a read takes it and reads only the rows added after it. It is a cache: the rows stay the
// diary. Triggers (migration 4) delete it when any row it covers changes or goes, or a row is
// inserted among them, so it never says other than the rows; a blob that does not decode
// (damaged, another format) is ignored. The writer brings it up to date in the same
// transaction once more than kSnapshotTail rows are beyond it.
constexpr long long kSnapshotTail = 256;

// The facts snapshot put into `diary` (empty before) when there is one that reads, and the
// id of the last row it holds; nullopt, and `diary` left empty, when there is none or it does
// not read. Schema 4 and later.
std::optional<long long> load_facts_snapshot(sqlite3* db, DiaryFacts& diary) {
  // typeof() does not load the blob: it is read below, a piece at a time.
  Statement query(db, "SELECT through_id, typeof(facts) FROM facts_snapshot WHERE id = 1");
  if (!query || sqlite3_step(query.get()) != SQLITE_ROW || sqlite3_column_type(query.get(), 0) != SQLITE_INTEGER ||
      column_view(query.get(), 1) != "blob") {
    return std::nullopt;
  }
  const long long through = sqlite3_column_int64(query.get(), 0);
  sqlite3_blob* blob = nullptr;
  if (sqlite3_blob_open(db, "main", "facts_snapshot", "facts", 1, 0, &blob) != SQLITE_OK) {
    sqlite3_blob_close(blob);
    return std::nullopt;
  }
  const bool decoded = decode_facts_snapshot(
      static_cast<std::size_t>(sqlite3_blob_bytes(blob)),
      [&](unsigned char* out, std::size_t size, std::size_t offset) {
        return sqlite3_blob_read(blob, out, static_cast<int>(size), static_cast<int>(offset)) == SQLITE_OK;
      },
      diary);
  sqlite3_blob_close(blob);
  if (!decoded) return std::nullopt;
  return through;
}

// What read_row_facts() read.
struct RowFactsRead {
  std::optional<long long> last_id;  // the highest row id read; nullopt when none
  bool read_lines = false;           // a row had to be read from its line (or was damaged)
};

// Reads the facts of the rows whose id is above `after` (every row without it) and adds them
// to `read` (which holds the facts of the rows up to `after`, in time order), then puts the
// whole in time order.
// From schema 3 a row's packed facts and trigger name, read through their own index; a row
// without packed facts is judged from its typed columns (looked up), and a row without good
// typed columns from its line. Before schema 3 the typed columns (or, before 2, the line) of
// every row. Within the caller's read transaction.
Result<RowFactsRead> read_row_facts(sqlite3* db, const std::string& path, int version,
                                    std::optional<long long> after, const LineParser& parse, FactsRead& read) {
  RowFactsRead result;
  DiaryFacts& diary = read.facts;
  const bool typed = version >= 2;
  const bool packed = version >= 3;
  ItemNamesByEntry items;
  if (typed) {
    // Room for them all at once, mapped in one call: growing the vector would touch twice the
    // fresh memory.
    // Without `after`, no bound at all: another program's rows can have any id, 0 and below.
    Statement count(db, after ? "SELECT count(*) FROM entry_items WHERE entry_id > ?" : "SELECT count(*) FROM entry_items");
    if (count && after) sqlite3_bind_int64(count.get(), 1, *after);
    if (count && sqlite3_step(count.get()) == SQLITE_ROW) {
      const auto total = static_cast<std::size_t>(std::clamp<sqlite3_int64>(sqlite3_column_int64(count.get(), 0), 0, 1 << 20));
      items.reserve(total);
      prepare_memory(items.data(), total * sizeof(items[0]));
      diary.items.reserve(diary.items.size() + total);
    }
    Statement query(db, after ? "SELECT entry_id, technique FROM entry_items WHERE entry_id > ? ORDER BY entry_id, id"
                              : "SELECT entry_id, technique FROM entry_items ORDER BY entry_id, id");
    if (!query) return sqlite_error(db, path, "reading entries");
    if (after) sqlite3_bind_int64(query.get(), 1, *after);
    int rc;
    while ((rc = sqlite3_step(query.get())) == SQLITE_ROW) {
      items.emplace_back(sqlite3_column_int64(query.get(), 0), diary.name_index(column_view(query.get(), 1)));
    }
    if (rc != SQLITE_DONE) return sqlite_error(db, path, "reading entries");
  }
  const std::string typed_sql = std::string("SELECT id, at, type, typed, ") + kTypedColumns + " FROM entries";
  const std::string range = after ? " WHERE id > ? ORDER BY id" : " ORDER BY id";
  const std::string sql = packed  ? "SELECT id, packed_facts, trigger_name FROM entries" + range
                          : typed ? typed_sql + range
                                  : "SELECT id, at, type, 0 FROM entries" + range;
  Statement query(db, sql.c_str());
  Statement typed_of(db, packed ? (typed_sql + " WHERE id = ?").c_str() : "SELECT NULL");
  Statement line_of(db, "SELECT body FROM entries WHERE id = ?");
  if (!query || !typed_of || !line_of) return sqlite_error(db, path, "reading entries");
  if (after) sqlite3_bind_int64(query.get(), 1, *after);
  bool in_time_order = true;
  auto note_time = [&] {
    const std::size_t count = diary.entries.size();
    if (count >= 2 && earlier(diary.entries[count - 1], diary.entries[count - 2])) in_time_order = false;
  };
  int rc;
  while ((rc = sqlite3_step(query.get())) == SQLITE_ROW) {
    sqlite3_stmt* row = query.get();
    const long long id = sqlite3_column_int64(row, 0);
    result.last_id = id;
    sqlite3_stmt* typed_row = row;  // the row's at, type, typed and typed columns from column 1
    if (packed) {
      std::optional<EntryFacts> entry;
      if (sqlite3_column_type(row, 1) == SQLITE_INTEGER) entry = unpack_facts(sqlite3_column_int64(row, 1));
      if (entry) {
        const std::string_view trigger = column_view(row, 2);
        if (!trigger.empty()) entry->trigger = diary.name_index(trigger);
        add_session_items(items, id, diary, *entry);
        diary.entries.push_back(*entry);
        note_time();
        continue;
      }
      sqlite3_reset(typed_of.get());
      sqlite3_bind_int64(typed_of.get(), 1, id);
      typed_row = sqlite3_step(typed_of.get()) == SQLITE_ROW ? typed_of.get() : nullptr;
    }
    if (typed_row && add_typed_row_facts(typed_row, 1, id, items, diary)) {
      note_time();
      continue;
    }
    // No typed columns (an older unknot's row, one another program inserted) or damaged ones.
    result.read_lines = true;
    sqlite3_reset(line_of.get());
    sqlite3_bind_int64(line_of.get(), 1, id);
    const std::string line = sqlite3_step(line_of.get()) == SQLITE_ROW ? column_string(line_of.get(), 0) : "";
    if (auto entry = parse(line, id)) {
      if (diary.add(*entry)) note_time();  // the parser has checked `at`
    } else {
      read.damaged.push_back(entry.error());
    }
  }
  if (rc != SQLITE_DONE) return sqlite_error(db, path, "reading entries");
  // Stable: entries at the same time stay in the order they were added, as entries() has them.
  if (!in_time_order) put_in_time_order(diary.entries);
  return result;
}

// Room for the facts of every row, mapped in one call (see prepare_memory()).
void reserve_facts(sqlite3* db, DiaryFacts& diary) {
  Statement query(db, "SELECT max(id) FROM entries");
  if (query && sqlite3_step(query.get()) == SQLITE_ROW) {
    diary.entries.reserve(static_cast<std::size_t>(std::clamp<sqlite3_int64>(sqlite3_column_int64(query.get(), 0), 0, 1 << 20)));
    prepare_memory(diary.entries.data(), diary.entries.capacity() * sizeof(EntryFacts));
  }
}

// Brings the facts snapshot up to date when more than `tail_allowed` rows are beyond it,
// within the caller's write transaction (schema 4 and later). A diary with a row that has to
// be read from its line (damaged, or another program's) gets none: the snapshot would hide
// the damage a read names.
Status refresh_facts_snapshot(sqlite3* db, const std::string& path, long long tail_allowed) {
  // First only how far it reaches: most writes (one `unknot log`) stop here, two small queries.
  std::optional<long long> through;
  {
    Statement query(db, "SELECT through_id FROM facts_snapshot WHERE id = 1");
    if (query && sqlite3_step(query.get()) == SQLITE_ROW && sqlite3_column_type(query.get(), 0) == SQLITE_INTEGER) {
      through = sqlite3_column_int64(query.get(), 0);
    }
    Statement tail(db, through ? "SELECT count(*) FROM entries WHERE id > ?" : "SELECT count(*) FROM entries");
    if (!tail) return sqlite_error(db, path, "counting entries");
    if (through) sqlite3_bind_int64(tail.get(), 1, *through);
    if (sqlite3_step(tail.get()) != SQLITE_ROW) return sqlite_error(db, path, "counting entries");
    if (sqlite3_column_int64(tail.get(), 0) <= tail_allowed) return Ok{};
  }
  FactsRead read;
  reserve_facts(db, read.facts);
  // A snapshot that does not decode is rebuilt from every row.
  const std::optional<long long> loaded = load_facts_snapshot(db, read.facts);
  auto rows = read_row_facts(db, path, DiaryStore::kSchemaVersion, loaded,
                             [](const std::string&, long long) -> Result<DiaryEntry> { return Error::failure("not read"); },
                             read);
  if (!rows) return rows.error();
  if (rows->read_lines || !rows->last_id) return Ok{};
  const std::string blob = encode_facts_snapshot(read.facts);
  Statement save(db, "INSERT OR REPLACE INTO facts_snapshot (id, through_id, facts) VALUES (1, ?, ?)");
  if (!save) return sqlite_error(db, path, "saving the facts snapshot");
  sqlite3_bind_int64(save.get(), 1, *rows->last_id);
  sqlite3_bind_blob64(save.get(), 2, blob.data(), blob.size(), SQLITE_STATIC);
  if (sqlite3_step(save.get()) != SQLITE_DONE) return sqlite_error(db, path, "saving the facts snapshot");
  return Ok{};
}

// Owns a connection until released.
struct Connection {
  sqlite3* db = nullptr;
  Connection() = default;
  Connection(Connection&& other) noexcept : db(std::exchange(other.db, nullptr)) {}
  Connection& operator=(Connection&&) = delete;
  ~Connection() { sqlite3_close(db); }
  sqlite3* release() { return std::exchange(db, nullptr); }
};

Result<int> read_schema_version(sqlite3* db, const std::string& path) {
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

// Before SQLite's first use in the process: no page cache allocated ahead. SQLite carves 20
// pages' slots (88 KB) out of one allocation when a connection first reads, and writes into
// each at once; the read-only connection reads through the memory map and needs few of them,
// and a fresh 4 KB page costs 11-26 µs in this virtual machine (about 20 of them, a tenth of
// what ten years of diary cost `unknot review` in page faults). Too late when SQLite is
// already in use in the process (SQLITE_MISUSE): then nothing changes.
void configure_sqlite_once() {
  static const bool configured = [] { return sqlite3_config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0) == SQLITE_OK; }();
  (void)configured;
}

Result<Connection> open_read_only(const std::string& path, int busy_wait_ms = StoreOptions{}.busy_wait_ms) {
  configure_sqlite_once();
  Connection connection;
  if (sqlite3_open_v2(path.c_str(), &connection.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) ==
      SQLITE_OK) {
    // Waits like any read for a writer's moment of exclusive access (a checkpoint, the WAL's
    // recovery): failing at once here used to fall back to the immutable read below, which
    // reads the file while the checkpoint writes it, and saw it "malformed".
    sqlite3_busy_timeout(connection.db, busy_wait_ms);
    auto version = read_schema_version(connection.db, path);
    if (version) return connection;
    // Only a WAL diary in a folder we cannot write, where no -shm file can be made, is read
    // as a plain file; any other failure is the answer.
    const std::string parent = std::filesystem::path(path).parent_path().string();
    if (::access(parent.empty() ? "." : parent.c_str(), W_OK) == 0) return version.error();
  }
  // Immutable: no locks, no WAL; a cleanly closed diary has everything in it, and nobody can
  // be writing where no -shm file can be made.
  sqlite3_close(connection.release());
  if (sqlite3_open_v2(file_uri(path, "immutable=1").c_str(), &connection.db,
                      SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    return sqlite_error(connection.db, path, "opening");
  }
  if (auto version = read_schema_version(connection.db, path); !version) return version.error();
  return connection;
}

}  // namespace

std::string diary_path(const std::string& data_dir) { return data_dir + "/diary.sqlite3"; }

Result<std::unique_ptr<DiaryStore>> DiaryStore::open(const std::string& path, const StoreOptions& options) {
  if (options.read_only) {
    auto connection = open_read_only(path, options.busy_wait_ms);
    if (!connection) return connection.error();
    // Read the file through a memory map rather than a read() per page: a whole-diary read
    // (ten years, about 2 MB) then costs no system calls and no copies.
    exec(connection->db, path, "PRAGMA mmap_size=268435456;", "mapping").ok();
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
  configure_sqlite_once();
  Connection connection;
  if (sqlite3_open_v2(path.c_str(), &connection.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
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
  auto version = read_schema_version(db, path);
  if (!version) return version.error();
  if (*version < kSchemaVersion) {
    // Read the version again inside the write transaction: another unknot starting at the
    // same moment may have migrated in between (two first runs must both succeed).
    if (auto begun = exec(db, path, "BEGIN IMMEDIATE;", "starting the schema update"); !begun) return begun.error();
    version = read_schema_version(db, path);
    if (!version) {
      exec(db, path, "ROLLBACK;", "rolling back").ok();
      return version.error();
    }
    for (int step = *version; step < kSchemaVersion; ++step) {
      const std::string what = "migrating to schema " + std::to_string(step + 1);
      std::string sql = std::string(kMigrations[step].sql) + "PRAGMA user_version=" + std::to_string(step + 1) + ";";
      Status status = exec(db, path, sql, what);
      if (status && kMigrations[step].fills_typed_columns && options.parse_line &&
          !fill_typed_columns(db, options.parse_line)) {
        status = sqlite_error(db, path, what);
      }
      if (status && kMigrations[step].fills_packed_facts && !fill_packed_facts(db)) {
        status = sqlite_error(db, path, what);
      }
      if (status && kMigrations[step].fills_facts_snapshot) status = refresh_facts_snapshot(db, path, 0);
      if (!status) {
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
  auto fail = [&](const std::string& what) {
    Error failure = sqlite_error(db_, path_, what);
    exec(db_, path_, "ROLLBACK;", "rolling back").ok();
    return failure;
  };
  // One statement for the whole import, reset and bound again for each entry.
  Statement insert(db_, (std::string("INSERT INTO entries (at, type, body, typed, ") + kTypedColumns +
                         ", packed_facts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                         "ON CONFLICT (body) DO NOTHING")
                            .c_str());
  constexpr int kPackedFactsParameter = 16;
  Statement insert_item(db_, "INSERT INTO entry_items (entry_id, technique, reps) VALUES (?, ?, ?)");
  if (!insert || !insert_item) return fail("preparing insert");
  int added = 0;
  for (const StoredEntry& entry : entries) {
    sqlite3_reset(insert.get());
    sqlite3_clear_bindings(insert.get());
    bind_text(insert.get(), 1, entry.at);
    bind_text(insert.get(), 2, entry.type);
    bind_text(insert.get(), 3, entry.body);
    sqlite3_bind_int(insert.get(), 4, entry.entry ? 1 : 0);
    if (entry.entry) {
      bind_typed_fields(insert.get(), 5, *entry.entry);
      if (const std::optional<EntryFacts> facts = facts_without_names(*entry.entry)) {
        sqlite3_bind_int64(insert.get(), kPackedFactsParameter, pack_facts(*facts));
      }
    }
    if (sqlite3_step(insert.get()) != SQLITE_DONE) return fail("adding an entry");
    if (sqlite3_changes(db_) == 0) continue;  // already there
    ++added;
    if (entry.entry && !insert_items(insert_item.get(), sqlite3_last_insert_rowid(db_), *entry.entry)) {
      return fail("adding an entry's items");
    }
  }
  if (added > 0) {
    if (auto refreshed = refresh_facts_snapshot(db_, path_, kSnapshotTail); !refreshed) {
      exec(db_, path_, "ROLLBACK;", "rolling back").ok();
      return refreshed.error();
    }
  }
  if (auto status = exec(db_, path_, "COMMIT;", "committing"); !status) {
    exec(db_, path_, "ROLLBACK;", "rolling back").ok();
    return status.error();
  }
  return added;
}

Result<int> DiaryStore::schema_version() const { return read_schema_version(db_, path_); }

Result<std::vector<StoredEntry>> DiaryStore::all() const {
  std::vector<StoredEntry> entries;
  // A read-only diary that was never written has no table yet: it is simply empty.
  if (auto version = schema_version(); version && *version == 0) return entries;
  Statement query(db_, "SELECT at, type, body, id FROM entries ORDER BY at, id");
  if (!query) return sqlite_error(db_, path_, "reading entries");
  int rc;
  while ((rc = sqlite3_step(query.get())) == SQLITE_ROW) {
    // A damaged row can hold NULL or a blob; it comes back empty and fails to parse later,
    // where it is named and skipped.
    entries.push_back({column_string(query.get(), 0), column_string(query.get(), 1), column_string(query.get(), 2),
                       sqlite3_column_int64(query.get(), 3)});
  }
  if (rc != SQLITE_DONE) return sqlite_error(db_, path_, "reading entries");
  return entries;
}

Result<DiaryRead> DiaryStore::entries(const LineParser& parse) const {
  DiaryRead read;
  auto version = schema_version();
  if (!version) return version.error();
  if (*version == 0) return read;  // a read-only diary that was never written: empty
  // One read transaction, so the items belong to the entries read (a writer may commit
  // between two statements otherwise). Ended by `finish` whatever happens.
  if (auto begun = exec(db_, path_, "BEGIN;", "reading entries"); !begun) return begun.error();
  auto finish = [&](Result<DiaryRead> result) -> Result<DiaryRead> {
    exec(db_, path_, "COMMIT;", "ending the read").ok();  // a read: there is nothing to lose
    return result;
  };
  const bool typed = *version >= 2;
  ItemsByEntry items;
  if (typed) {
    Statement query(db_, "SELECT entry_id, technique, reps FROM entry_items ORDER BY entry_id, id");
    if (!query) return finish(sqlite_error(db_, path_, "reading entries"));
    int rc;
    while ((rc = sqlite3_step(query.get())) == SQLITE_ROW) {
      SessionItemDone item{column_string(query.get(), 1), std::nullopt};
      if (sqlite3_column_type(query.get(), 2) != SQLITE_NULL) item.reps = sqlite3_column_int(query.get(), 2);
      items.emplace_back(sqlite3_column_int64(query.get(), 0), std::move(item));
    }
    if (rc != SQLITE_DONE) return finish(sqlite_error(db_, path_, "reading entries"));
  }
  // Room for every row at once (the largest row id is at least the number of rows, unless
  // rows were deleted; capped in case it is damaged): a DiaryEntry is large to move.
  {
    Statement query(db_, "SELECT max(id) FROM entries");
    if (query && sqlite3_step(query.get()) == SQLITE_ROW) {
      read.entries.reserve(static_cast<std::size_t>(std::clamp<sqlite3_int64>(sqlite3_column_int64(query.get(), 0), 0, 1 << 20)));
      prepare_memory(read.entries.data(), read.entries.capacity() * sizeof(DiaryEntry));
    }
  }
  // Rows of schema 1 have no typed columns: every one goes through `parse`. Rows come in
  // the order they were added (the table's own order: no index lookups) and are put in time
  // order here when they are not in it already. The line is not read with the typed columns
  // (a large column that a typed row does not need) but looked up for the rows that need it.
  const std::string sql = typed ? std::string("SELECT id, at, type, typed, ") + kTypedColumns +
                                      " FROM entries ORDER BY id"
                                : std::string("SELECT id, at, type, 0 FROM entries ORDER BY id");
  Statement query(db_, sql.c_str());
  Statement line_of(db_, "SELECT body FROM entries WHERE id = ?");
  if (!query || !line_of) return finish(sqlite_error(db_, path_, "reading entries"));
  constexpr int kFirstTypedColumn = 4;
  std::vector<std::pair<long long, std::size_t>> order;  // time_order(at), place in read.entries
  order.reserve(read.entries.capacity());
  bool in_time_order = true;
  // Notes the time of the entry just added at the end of read.entries.
  auto note_time = [&](long long time) {
    if (!order.empty() && time < order.back().first) in_time_order = false;
    order.emplace_back(time, read.entries.size() - 1);
  };
  int rc;
  while ((rc = sqlite3_step(query.get())) == SQLITE_ROW) {
    sqlite3_stmt* row = query.get();
    const long long id = sqlite3_column_int64(row, 0);
    if (sqlite3_column_int(row, 3) == 1) {
      // Built in place: a DiaryEntry is large to move.
      DiaryEntry& entry = read.entries.emplace_back();
      entry.at = column_string(row, 1);
      const std::optional<long long> time = time_order(entry.at);
      const char* type_name = reinterpret_cast<const char*>(sqlite3_column_text(row, 2));
      const std::optional<EntryType> type = entry_type_named(type_name ? type_name : "");
      if (type) entry.type = *type;
      if (time && type && read_typed_fields(row, kFirstTypedColumn, id, items, entry)) {
        note_time(*time);
        continue;
      }
      read.entries.pop_back();
    }
    // No typed columns (an older unknot's row, one another program inserted) or damaged ones.
    sqlite3_reset(line_of.get());
    sqlite3_bind_int64(line_of.get(), 1, id);
    const std::string line = sqlite3_step(line_of.get()) == SQLITE_ROW ? column_string(line_of.get(), 0) : "";
    if (auto entry = parse(line, id)) {
      read.entries.push_back(std::move(*entry));
      note_time(time_order(read.entries.back().at).value_or(0));  // the parser has checked `at`
    } else {
      read.damaged.push_back(entry.error());
    }
  }
  if (rc != SQLITE_DONE) return finish(sqlite_error(db_, path_, "reading entries"));
  if (!in_time_order) put_in_order(read.entries, order);
  return finish(std::move(read));
}

Result<FactsRead> DiaryStore::facts(const LineParser& parse) const {
  FactsRead read;
  auto version = schema_version();
  if (!version) return version.error();
  if (*version == 0) return read;  // a read-only diary that was never written: empty
  // One read transaction, as in entries(): the snapshot and the rows after it belong together.
  if (auto begun = exec(db_, path_, "BEGIN;", "reading entries"); !begun) return begun.error();
  reserve_facts(db_, read.facts);
  const std::optional<long long> through = *version >= 4 ? load_facts_snapshot(db_, read.facts) : std::nullopt;
  auto rows = read_row_facts(db_, path_, *version, through, parse, read);
  exec(db_, path_, "COMMIT;", "ending the read").ok();  // a read: there is nothing to lose
  if (!rows) return rows.error();
  return read;
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
  auto version = read_schema_version(db, path);
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
