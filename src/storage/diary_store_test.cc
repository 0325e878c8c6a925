#include "storage/diary_store.h"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "contract/diary_json.h"

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


// --- Typed columns (schema 2) ----------------------------------------------------------------

// The contract's parser, as the service gives it, counting the lines it is asked to parse.
struct CountingParser {
  std::shared_ptr<int> calls = std::make_shared<int>(0);
  Result<DiaryEntry> operator()(const std::string& line, long long row) const {
    ++*calls;
    return contract::parse_diary_entry(line, "diary row " + std::to_string(row));
  }
};

// One entry of each type, with optional fields both there and absent, and text that JSON
// escapes; in the order they are added, which is not time order.
const std::vector<std::string> kLines = {
    R"({"at":"2026-03-02T07:30:00","type":"pain","nprs":4,"context":"morning"})",
    R"({"at":"2026-03-02T18:00:00","type":"session","session":"strength","completed":true,"pain_during":3,"items":[{"technique":"forearm-roller-slide","reps":30},{"technique":"wall-angel"}]})",
    R"({"at":"2026-03-02","type":"trigger","trigger":"desk_work","hours":7.25})",
    R"({"at":"2026-03-01T21:00:00","type":"pain","nprs":0})",
    R"({"at":"2026-03-02","type":"note","text":"tight \"knot\", ça va \\ mieux\nsecond line"})",
    R"({"at":"2026-03-02T09:00:00","type":"symptom","symptom":"fever"})",
    R"({"at":"2026-03-02T10:15:00","type":"break","technique":"chin-tuck","outcome":"snoozed"})",
    R"({"at":"2026-03-02T18:30:00","type":"session","session":"daily-relief","completed":false})",
};

std::vector<DiaryEntry> parsed(const std::vector<std::string>& lines) {
  std::vector<DiaryEntry> entries;
  for (const std::string& line : lines) {
    auto entry = contract::parse_diary_entry(line, "test");
    EXPECT_TRUE(entry.ok()) << line << ": " << entry.error().message;
    if (entry) entries.push_back(*entry);
  }
  return entries;
}

std::vector<StoredEntry> typed_rows(const std::vector<DiaryEntry>& entries) {
  std::vector<StoredEntry> rows;
  for (const DiaryEntry& entry : entries) {
    rows.push_back({entry.at, std::string(to_string(entry.type)), contract::diary_entry_to_json_text(entry), 0, entry});
  }
  return rows;
}

// `entries` by time, then in the order given: the order a read gives them back.
std::vector<DiaryEntry> in_time_order(std::vector<DiaryEntry> entries) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const DiaryEntry& a, const DiaryEntry& b) { return a.at < b.at; });
  return entries;
}

long long count_of(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  long long count = -1;
  if (sqlite3_open(path.c_str(), &db) == SQLITE_OK) {
    sqlite3_stmt* query = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &query, nullptr) == SQLITE_OK && sqlite3_step(query) == SQLITE_ROW) {
      count = sqlite3_column_int64(query, 0);
    }
    sqlite3_finalize(query);
  }
  sqlite3_close(db);
  return count;
}

// The facts read (what `unknot review` and `unknot insights` use) holds the facts of the
// entries read, in the same order, with the same rows skipped as damaged and the same rows
// parsed: one diary, two ways of reading it.
void expect_facts_agree_with_entries(const DiaryStore& store) {
  CountingParser entries_parser, facts_parser;
  auto entries = store.entries(entries_parser);
  auto facts = store.facts(facts_parser);
  ASSERT_TRUE(entries.ok()) << entries.error().message;
  ASSERT_TRUE(facts.ok()) << facts.error().message;
  const DiaryFacts expected = facts_of(entries->entries);
  ASSERT_EQ(expected.entries.size(), facts->facts.entries.size());
  for (std::size_t index = 0; index < expected.entries.size(); ++index) {
    const EntryFacts& want = expected.entries[index];
    const EntryFacts& got = facts->facts.entries[index];
    EXPECT_TRUE(want.day == got.day && want.second == got.second && want.type == got.type &&
                want.context == got.context && want.outcome == got.outcome &&
                want.strength_session == got.strength_session && want.nprs == got.nprs &&
                want.pain_during == got.pain_during && want.completed == got.completed)
        << index;
    // Names by their text: the two reads may meet them in different orders.
    auto name = [](const DiaryFacts& diary, std::uint32_t place) {
      return place == EntryFacts::kNoName ? std::string("(none)") : diary.names[place];
    };
    EXPECT_EQ(name(expected, want.trigger), name(facts->facts, got.trigger)) << index;
    std::vector<std::string> want_items, got_items;
    for (std::uint32_t item : expected.items_of(want)) want_items.push_back(expected.names[item]);
    for (std::uint32_t item : facts->facts.items_of(got)) got_items.push_back(facts->facts.names[item]);
    EXPECT_EQ(want_items, got_items) << index;
  }
  ASSERT_EQ(entries->damaged.size(), facts->damaged.size());
  for (std::size_t index = 0; index < entries->damaged.size(); ++index) {
    EXPECT_EQ(entries->damaged[index].message, facts->damaged[index].message);
  }
  EXPECT_EQ(*entries_parser.calls, *facts_parser.calls);
}

TEST(DiaryStore, EntriesComeBackFromTheTypedColumnsWithoutParsingInTimeOrder) {
  const std::string dir = temporary_directory();
  const std::string path = diary_path(dir);
  auto store = DiaryStore::open(path);
  ASSERT_TRUE(store.ok()) << store.error().message;
  const std::vector<DiaryEntry> entries = parsed(kLines);
  ASSERT_EQ(static_cast<int>(entries.size()), *(*store)->add_all(typed_rows(entries)));
  EXPECT_EQ(0, *(*store)->add_all(typed_rows(entries)));  // idempotent, items included
  EXPECT_EQ(2, count_of(path, "SELECT count(*) FROM entry_items"));
  EXPECT_EQ(static_cast<long long>(entries.size()), count_of(path, "SELECT count(*) FROM entries WHERE typed = 1"));

  CountingParser parser;
  auto read = (*store)->entries(parser);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(0, *parser.calls);
  EXPECT_TRUE(read->damaged.empty());
  // The same entries (a date alone before the times of that day, then in the order added),
  // and so the same canonical lines: export writes what was imported.
  EXPECT_EQ(in_time_order(entries), read->entries);
  ASSERT_EQ(entries.size(), read->entries.size());
  const std::vector<DiaryEntry> expected = in_time_order(entries);
  for (std::size_t index = 0; index < expected.size(); ++index) {
    EXPECT_EQ(contract::diary_entry_to_json_text(expected[index]),
              contract::diary_entry_to_json_text(read->entries[index]));
  }
  // Rows read as text agree on the order.
  auto rows = (*store)->all();
  ASSERT_EQ(entries.size(), rows->size());
  for (std::size_t index = 0; index < expected.size(); ++index) EXPECT_EQ(expected[index].at, (*rows)[index].at);
  expect_facts_agree_with_entries(**store);
  std::filesystem::remove_all(dir);
}

TEST(DiaryStore, ARowWithoutOrWithDamagedTypedColumnsIsReadFromItsLineOrNamed) {
  // Given typed rows, one whose nprs another program set out of range, one inserted as text
  // only, and one whose line is not JSON, the damaged typed row and the text row are read
  // from their lines and the broken line is named; the others are not parsed.
  const std::string dir = temporary_directory();
  const std::string path = diary_path(dir);
  auto store = DiaryStore::open(path);
  ASSERT_TRUE(store.ok());
  const std::vector<DiaryEntry> entries = parsed({kLines[0], kLines[1], kLines[3]});
  ASSERT_EQ(3, *(*store)->add_all(typed_rows(entries)));
  run_sql(path, "UPDATE entries SET nprs = 99 WHERE at = '2026-03-01T21:00:00';"
                "INSERT INTO entries (at, type, body) VALUES ('2026-03-02', 'note', '{\"at\":\"2026-03-02\",\"type\":\"note\",\"text\":\"by hand\"}');"
                "INSERT INTO entries (at, type, body) VALUES ('2026-03-03', 'pain', '{broken');");
  CountingParser parser;
  auto read = (*store)->entries(parser);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(3, *parser.calls);
  ASSERT_EQ(1u, read->damaged.size());
  EXPECT_NE(std::string::npos, read->damaged[0].message.find("diary row 5")) << read->damaged[0].message;
  std::vector<DiaryEntry> expected = entries;
  expected.push_back(parsed({R"({"at":"2026-03-02","type":"note","text":"by hand"})"})[0]);
  EXPECT_EQ(in_time_order(expected), read->entries);
  expect_facts_agree_with_entries(**store);
  std::filesystem::remove_all(dir);
}

TEST(DiaryStore, AnImportWhoseItemsFailStoresNothing) {
  const std::string dir = temporary_directory();
  const std::string path = diary_path(dir);
  auto store = DiaryStore::open(path);
  ASSERT_TRUE(store.ok());
  run_sql(path, "CREATE TRIGGER refuse_items BEFORE INSERT ON entry_items WHEN NEW.technique = 'wall-angel' "
                "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
  auto failed = (*store)->add_all(typed_rows(parsed({kLines[0], kLines[1], kLines[2]})));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(0, count_of(path, "SELECT count(*) FROM entries"));
  EXPECT_EQ(0, count_of(path, "SELECT count(*) FROM entry_items"));
  std::filesystem::remove_all(dir);
}

// A diary exactly as unknot's schema 1 left it: its one migration, then rows as it stored them.
void make_schema_1_diary(const std::string& path, const std::vector<std::string>& lines) {
  std::string sql =
      "PRAGMA journal_mode=WAL;"
      "CREATE TABLE entries (  id INTEGER PRIMARY KEY,  at TEXT NOT NULL,  type TEXT NOT NULL,  body TEXT NOT NULL "
      "UNIQUE);CREATE INDEX entries_at ON entries (at);PRAGMA user_version=1;";
  for (const std::string& line : lines) {
    auto entry = contract::parse_diary_entry(line, "test");
    std::string at = entry ? entry->at : "2026-03-03", type = entry ? std::string(to_string(entry->type)) : "pain";
    std::string quoted;
    for (char c : line) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    sql += "INSERT INTO entries (at, type, body) VALUES ('" + at + "', '" + type + "', '" + quoted + "');";
  }
  run_sql(path, sql);
}

TEST(DiaryStore, ASchema1DiaryMigratesItsRowsIntoTypedColumns) {
  // Given a diary written by the previous schema, with real lines and one damaged row, when
  // it is opened read-write with the contract's parser, then every good row gets its typed
  // columns in the same transaction as the new schema, the damaged row stays as it was (and
  // is named when read), and what is read is what parsing the lines gave before.
  const std::string dir = temporary_directory();
  const std::string path = diary_path(dir);
  ASSERT_TRUE(std::filesystem::create_directories(dir) || std::filesystem::exists(dir));
  std::vector<std::string> lines = kLines;
  lines.push_back("{broken");
  make_schema_1_diary(path, lines);
  ASSERT_EQ(1, user_version(path));

  // Read-only, as `unknot review` opens it in a read-only folder: nothing changes, every
  // line is parsed.
  {
    StoreOptions read_only;
    read_only.read_only = true;
    auto reader = DiaryStore::open(path, read_only);
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    EXPECT_EQ(1, *(*reader)->schema_version());
    CountingParser parser;
    auto read = (*reader)->entries(parser);
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(static_cast<int>(lines.size()), *parser.calls);
    EXPECT_EQ(in_time_order(parsed(kLines)), read->entries);
    EXPECT_EQ(1u, read->damaged.size());
    expect_facts_agree_with_entries(**reader);
    EXPECT_EQ(1, user_version(path));
  }

  StoreOptions options;
  CountingParser migrator;
  options.parse_line = migrator;
  auto store = DiaryStore::open(path, options);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_EQ(DiaryStore::kSchemaVersion, user_version(path));
  EXPECT_EQ(static_cast<int>(lines.size()), *migrator.calls);
  EXPECT_EQ(static_cast<long long>(kLines.size()), count_of(path, "SELECT count(*) FROM entries WHERE typed = 1"));
  EXPECT_EQ(1, count_of(path, "SELECT count(*) FROM entries WHERE typed = 0 AND body = '{broken'"));
  EXPECT_EQ(2, count_of(path, "SELECT count(*) FROM entry_items"));

  CountingParser parser;
  auto read = (*store)->entries(parser);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(1, *parser.calls);  // only the damaged row
  EXPECT_EQ(in_time_order(parsed(kLines)), read->entries);
  ASSERT_EQ(1u, read->damaged.size());
  EXPECT_NE(std::string::npos, read->damaged[0].message.find("diary row 9")) << read->damaged[0].message;
  expect_facts_agree_with_entries(**store);

  // The lines are the identity still: importing them again adds nothing, a new one is typed.
  std::vector<DiaryEntry> again = parsed(kLines);
  again.push_back(parsed({R"({"at":"2026-03-04T07:30:00","type":"pain","nprs":2,"context":"morning"})"})[0]);
  EXPECT_EQ(1, *(*store)->add_all(typed_rows(again)));
  EXPECT_EQ(static_cast<long long>(kLines.size()) + 1, count_of(path, "SELECT count(*) FROM entries WHERE typed = 1"));
  std::filesystem::remove_all(dir);
}

TEST(DiaryStore, AMigrationThatFailsLeavesTheSchema1DiaryAsItWas) {
  // A trigger refusing one row's update stands in for anything going wrong half-way through
  // filling the rows (a full disk).
  const std::string dir = temporary_directory();
  const std::string path = diary_path(dir);
  std::filesystem::create_directories(dir);
  make_schema_1_diary(path, kLines);
  run_sql(path, "CREATE TRIGGER refuse_break BEFORE UPDATE ON entries WHEN NEW.type = 'break' "
                "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
  StoreOptions options;
  options.parse_line = CountingParser{};
  auto refused = DiaryStore::open(path, options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(1, user_version(path));
  EXPECT_EQ(static_cast<long long>(kLines.size()), count_of(path, "SELECT count(*) FROM entries"));
  EXPECT_EQ(-1, count_of(path, "SELECT count(*) FROM entries WHERE typed = 0"));  // no such column: rolled back
  std::filesystem::remove_all(dir);
}
// --- Packed facts (schema 3) ------------------------------------------------------------------

// The diary at `path` (written at the current schema) made exactly what schema 2 was: no
// packed facts, their index and trigger gone, user_version 2.
void make_it_schema_3(const std::string& path);
void make_it_schema_2(const std::string& path) {
  make_it_schema_3(path);
  run_sql(path,
          "DROP TRIGGER entries_typed_columns_changed; DROP INDEX entries_packed_facts;"
          "ALTER TABLE entries DROP COLUMN packed_facts; PRAGMA user_version=2;");
}

TEST(DiaryStore, EveryEntryWrittenHasItsFactsPackedAndTheFactsReadNeedsNothingElse) {
  // Given the entries of every type written by this unknot, each row has its packed facts,
  // the facts read parses nothing and gives what the entries read gives, and the packing is
  // the on-disk format documented in diary_store.cc (pinned here for one reading: a change to
  // the layout must be a new migration, not a silent edit).
  const std::string dir = temporary_directory();
  const std::string path = diary_path(dir);
  auto store = DiaryStore::open(path);
  ASSERT_TRUE(store.ok()) << store.error().message;
  ASSERT_EQ(static_cast<int>(kLines.size()), *(*store)->add_all(typed_rows(parsed(kLines))));
  EXPECT_EQ(0, count_of(path, "SELECT count(*) FROM entries WHERE packed_facts IS NULL"));
  // 2026-03-02 is day 20514; 07:30:00 the 27,000th second; pain (0), morning (1), nprs 4.
  const long long day = 20514, second = 27000;
  EXPECT_EQ(((day + (1LL << 22)) << 36) | ((second + 1) << 19) | ((4 + 1) << 9) | (1 << 3),
            count_of(path, "SELECT packed_facts FROM entries WHERE at = '2026-03-02T07:30:00'"));
  CountingParser parser;
  auto facts = (*store)->facts(parser);
  ASSERT_TRUE(facts.ok()) << facts.error().message;
  EXPECT_EQ(0, *parser.calls);
  EXPECT_EQ(kLines.size(), facts->facts.entries.size());
  expect_facts_agree_with_entries(**store);
  std::filesystem::remove_all(dir);
}

TEST(DiaryStore, PackedFactsThatNoLongerSayWhatTheTypedColumnsSayAreNotRead) {
  // Given typed rows, when another program changes a row's typed column to a value that is
  // still an entry (nprs 4 -> 7), sets another's packed facts to something that is no packing
  // (a text, a negative number), and a third's to a type out of range, then each of those
  // rows is judged from its typed columns as the entries read judges it: the first by the
  // trigger clearing its packed facts, the others as damaged packings.
  const std::string dir = temporary_directory();
  const std::string path = diary_path(dir);
  auto store = DiaryStore::open(path);
  ASSERT_TRUE(store.ok());
  ASSERT_EQ(static_cast<int>(kLines.size()), *(*store)->add_all(typed_rows(parsed(kLines))));
  run_sql(path, "UPDATE entries SET nprs = 7 WHERE at = '2026-03-02T07:30:00';"
                "UPDATE entries SET packed_facts = 'not a number' WHERE at = '2026-03-02T18:00:00';"
                "UPDATE entries SET packed_facts = -5 WHERE type = 'trigger';"
                "UPDATE entries SET packed_facts = packed_facts | 7 WHERE type = 'break';");
  EXPECT_EQ(-1, count_of(path, "SELECT coalesce(packed_facts, -1) FROM entries WHERE at = '2026-03-02T07:30:00'"));
  auto facts = (*store)->facts(CountingParser{});
  ASSERT_TRUE(facts.ok()) << facts.error().message;
  bool seen = false;
  for (const EntryFacts& entry : facts->facts.entries) {
    if (entry.type == EntryType::kPain && entry.second == 27000) seen = entry.nprs == std::optional<std::int8_t>(7);
  }
  EXPECT_TRUE(seen);
  expect_facts_agree_with_entries(**store);
  // A damaged typed row among them: read from its line, named when the line is broken.
  run_sql(path, "UPDATE entries SET nprs = 99 WHERE at = '2026-03-01T21:00:00';"
                "INSERT INTO entries (at, type, body) VALUES ('2026-03-03', 'pain', '{broken');");
  expect_facts_agree_with_entries(**store);
  std::filesystem::remove_all(dir);
}

TEST(DiaryStore, ASchema2DiaryMigratesItsTypedRowsIntoPackedFacts) {
  // Given a diary as schema 2 left it, with typed rows, one damaged typed row, one row
  // another program inserted and one broken line: read-only it is read as before (nothing
  // changes); opened read-write every row whose typed columns make an entry gets its packed
  // facts, the others none, in the schema change's transaction, and both reads agree with
  // each other and with what was read before the migration.
  const std::string dir = temporary_directory();
  const std::string path = diary_path(dir);
  {
    auto store = DiaryStore::open(path);
    ASSERT_TRUE(store.ok());
    ASSERT_EQ(static_cast<int>(kLines.size()), *(*store)->add_all(typed_rows(parsed(kLines))));
  }
  make_it_schema_2(path);
  run_sql(path, "UPDATE entries SET nprs = 99 WHERE at = '2026-03-01T21:00:00';"
                "INSERT INTO entries (at, type, body) VALUES ('2026-03-02', 'note', '{\"at\":\"2026-03-02\",\"type\":\"note\",\"text\":\"by hand\"}');"
                "INSERT INTO entries (at, type, body) VALUES ('2026-03-03', 'pain', '{broken');");
  ASSERT_EQ(2, user_version(path));
  Result<FactsRead> before = Error::failure("not read");
  {
    StoreOptions read_only;
    read_only.read_only = true;
    auto reader = DiaryStore::open(path, read_only);
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    EXPECT_EQ(2, *(*reader)->schema_version());
    before = (*reader)->facts(CountingParser{});
    ASSERT_TRUE(before.ok()) << before.error().message;
    expect_facts_agree_with_entries(**reader);
    EXPECT_EQ(2, user_version(path));
  }

  auto store = DiaryStore::open(path);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_EQ(DiaryStore::kSchemaVersion, user_version(path));
  EXPECT_EQ(static_cast<long long>(kLines.size()) - 1, count_of(path, "SELECT count(*) FROM entries WHERE packed_facts IS NOT NULL"));
  EXPECT_EQ(3, count_of(path, "SELECT count(*) FROM entries WHERE packed_facts IS NULL"));
  CountingParser parser;
  auto after = (*store)->facts(parser);
  ASSERT_TRUE(after.ok()) << after.error().message;
  EXPECT_EQ(3, *parser.calls);  // the damaged typed row, the hand-inserted one, the broken line
  EXPECT_EQ(before->facts.entries, after->facts.entries);
  EXPECT_EQ(before->facts.names, after->facts.names);
  EXPECT_EQ(before->facts.items, after->facts.items);
  ASSERT_EQ(1u, after->damaged.size());
  EXPECT_EQ(before->damaged[0].message, after->damaged[0].message);
  expect_facts_agree_with_entries(**store);
  std::filesystem::remove_all(dir);
}

TEST(DiaryStore, AMigrationToPackedFactsThatFailsLeavesTheSchema2DiaryAsItWas) {
  // A trigger refusing one row's packing stands in for anything going wrong half-way (a
  // full disk, a crash): the diary stays at schema 2, every row as it was, and still reads.
  const std::string dir = temporary_directory();
  const std::string path = diary_path(dir);
  {
    auto store = DiaryStore::open(path);
    ASSERT_TRUE(store.ok());
    ASSERT_EQ(static_cast<int>(kLines.size()), *(*store)->add_all(typed_rows(parsed(kLines))));
  }
  make_it_schema_2(path);
  run_sql(path, "CREATE TRIGGER refuse_break BEFORE UPDATE ON entries WHEN NEW.type = 'break' "
                "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
  auto refused = DiaryStore::open(path);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(2, user_version(path));
  EXPECT_EQ(-1, count_of(path, "SELECT count(*) FROM entries WHERE packed_facts IS NULL"));  // no such column
  EXPECT_EQ(static_cast<long long>(kLines.size()), count_of(path, "SELECT count(*) FROM entries WHERE typed = 1"));
  StoreOptions read_only;
  read_only.read_only = true;
  auto reader = DiaryStore::open(path, read_only);
  ASSERT_TRUE(reader.ok());
  expect_facts_agree_with_entries(**reader);
  std::filesystem::remove_all(dir);
}

// --- The facts snapshot (schema 4) ------------------------------------------------------------

// The diary at `path` (written at the current schema) made exactly what schema 3 was: no
// snapshot table or triggers, user_version 3.
void make_it_schema_3(const std::string& path) {
  run_sql(path,
          "DROP TRIGGER facts_snapshot_entry_changed; DROP TRIGGER facts_snapshot_entry_deleted;"
          "DROP TRIGGER facts_snapshot_entry_inserted; DROP TRIGGER facts_snapshot_item_changed;"
          "DROP TRIGGER facts_snapshot_item_deleted; DROP TRIGGER facts_snapshot_item_inserted;"
          "DROP TABLE facts_snapshot; PRAGMA user_version=3;");
}

// `days` days of diary from 2025-01-01: a morning reading, a strength session with two items
// every third day, a desk-work or phone trigger, a note every other day, a break; a day's
// date-only entries after its timed ones, as people log them (so not in time order).
std::vector<std::string> days_of_diary(int days, int first_day = 0) {
  std::vector<std::string> lines;
  for (int day = first_day; day < first_day + days; ++day) {
    char date[16];
    std::snprintf(date, sizeof date, "2025-%02d-%02d", 1 + day / 28 % 12, 1 + day % 28);
    lines.push_back(R"({"at":")" + std::string(date) + R"(T07:30:00","type":"pain","nprs":)" +
                    std::to_string(day % 11) + R"(,"context":"morning"})");
    if (day % 3 == 0) {
      lines.push_back(R"({"at":")" + std::string(date) +
                      R"(T18:00:00","type":"session","session":"strength","completed":true,"pain_during":3,"items":[{"technique":"wall-angel","reps":10},{"technique":"prone-y-raise"}]})");
    }
    lines.push_back(R"({"at":")" + std::string(date) + R"(","type":"trigger","trigger":")" +
                    (day % 2 ? "desk_work" : "phone_use") + R"(","hours":6})");
    if (day % 2 == 0) lines.push_back(R"({"at":")" + std::string(date) + R"(","type":"note","text":"day )" + std::to_string(day) + "\"}");
    lines.push_back(R"({"at":")" + std::string(date) + R"(T10:15:00","type":"break","technique":"chin-tuck","outcome":"done"})");
  }
  return lines;
}

// A diary of `days` days (4-5 entries a day) at `path`, written as unknot writes it.
std::unique_ptr<DiaryStore> long_diary(const std::string& path, int days) {
  auto store = DiaryStore::open(path);
  EXPECT_TRUE(store.ok()) << store.error().message;
  if (!store) return nullptr;
  auto added = (*store)->add_all(typed_rows(parsed(days_of_diary(days))));
  EXPECT_TRUE(added.ok()) << added.error().message;
  return std::move(*store);
}

long long snapshot_through(const std::string& path) {
  return count_of(path, "SELECT coalesce(max(through_id), 0) FROM facts_snapshot");
}

TEST(DiaryStore, ALongDiaryKeepsItsFactsInOneSnapshotThatReadsAsItsRows) {
  // Given a diary of 120 days (over 400 entries) written by this unknot, its facts are kept
  // in a snapshot through its last row, and the facts read gives what the entries read gives.
  // Entries added after it (fewer than the snapshot lets go by) are read from their rows
  // after it, in time order with it; once more than that have come, the snapshot covers them.
  const std::string dir = temporary_directory();
  const std::string path = diary_path(dir);
  auto store = long_diary(path, 120);
  ASSERT_TRUE(store);
  const long long rows = count_of(path, "SELECT count(*) FROM entries");
  ASSERT_GT(rows, 400);
  EXPECT_EQ(count_of(path, "SELECT max(id) FROM entries"), snapshot_through(path));
  expect_facts_agree_with_entries(*store);
  // A few more, one of them earlier than the whole snapshot: read after it, in time order.
  ASSERT_TRUE(store->add_all(typed_rows(parsed({
                                 R"({"at":"2024-12-31T08:00:00","type":"pain","nprs":9,"context":"evening"})",
                                 R"({"at":"2025-03-02T18:00:00","type":"session","session":"mobility","items":[{"technique":"thread-the-needle"}]})",
                                 R"({"at":"2025-03-02","type":"trigger","trigger":"driving"})",
                             })))
                  .ok());
  EXPECT_EQ(rows, snapshot_through(path));
  expect_facts_agree_with_entries(*store);
  auto facts = store->facts(CountingParser{});
  ASSERT_TRUE(facts.ok());
  EXPECT_EQ(EntryType::kPain, facts->facts.entries.front().type);
  EXPECT_EQ(std::optional<std::int8_t>(9), facts->facts.entries.front().nprs);
  // The read takes the snapshot: with the triggers gone, a change another program makes to
  // a row it covers is not seen (this is what the triggers are for).
  run_sql(path, "DROP TRIGGER facts_snapshot_entry_changed;"
                "UPDATE entries SET packed_facts = NULL, nprs = 10 WHERE id = 1;");
  auto stale = store->facts(CountingParser{});
  ASSERT_TRUE(stale.ok());
  int tens = 0;
  for (const EntryFacts& entry : stale->facts.entries) tens += entry.nprs == std::optional<std::int8_t>(10);
  for (const EntryFacts& entry : facts->facts.entries) tens -= entry.nprs == std::optional<std::int8_t>(10);
  EXPECT_EQ(0, tens);
  // Past the tail the snapshot lets go by, the next write covers every row again.
  ASSERT_TRUE(store->add_all(typed_rows(parsed(days_of_diary(80, 200)))).ok());
  EXPECT_EQ(count_of(path, "SELECT max(id) FROM entries"), snapshot_through(path));
  std::filesystem::remove_all(dir);
}

TEST(DiaryStore, AnyChangeAnotherProgramMakesToTheRowsTheSnapshotHoldsDeletesIt) {
  // Given a long diary with its snapshot, each change another program can make to a row the
  // snapshot covers (an entry changed, deleted or inserted among them; a session's item
  // changed, deleted or added) deletes the snapshot, and the facts read gives what the rows
  // say. A row added after it leaves it be.
  const std::vector<std::string> changes = {
      "UPDATE entries SET nprs = 9, packed_facts = NULL WHERE type = 'pain' AND id < 50",
      "UPDATE entries SET packed_facts = -5 WHERE id = 3",
      "DELETE FROM entries WHERE id = 7",
      "INSERT INTO entries (id, at, type, body) VALUES (0, '2025-01-01', 'note', '{broken')",
      "UPDATE entry_items SET technique = 'chin-tuck' WHERE id = 1",
      "DELETE FROM entry_items WHERE id = 2",
      "INSERT INTO entry_items (entry_id, technique) SELECT id, 'doorway-stretch' FROM entries WHERE type = 'session' LIMIT 1",
  };
  for (const std::string& change : changes) {
    const std::string dir = temporary_directory();
    const std::string path = diary_path(dir);
    auto store = long_diary(path, 100);
    ASSERT_TRUE(store);
    ASSERT_GT(snapshot_through(path), 0);
    run_sql(path, change);
    EXPECT_EQ(0, count_of(path, "SELECT count(*) FROM facts_snapshot")) << change;
    expect_facts_agree_with_entries(*store);
    std::filesystem::remove_all(dir);
  }
  const std::string dir = temporary_directory();
  const std::string path = diary_path(dir);
  auto store = long_diary(path, 100);
  ASSERT_TRUE(store);
  run_sql(path, "INSERT INTO entries (at, type, body) VALUES ('2025-09-01', 'note', '{also broken')");
  EXPECT_EQ(1, count_of(path, "SELECT count(*) FROM facts_snapshot"));
  expect_facts_agree_with_entries(*store);
  // A diary with a row that must be read from its line gets no new snapshot past it: the
  // damage stays named on every read.
  const long long through = snapshot_through(path);
  ASSERT_TRUE(store->add_all(typed_rows(parsed(days_of_diary(80, 200)))).ok());
  EXPECT_EQ(through, snapshot_through(path));
  expect_facts_agree_with_entries(*store);
  std::filesystem::remove_all(dir);
}

TEST(DiaryStore, ASnapshotThatDoesNotReadIsIgnoredAndNeverCrashesTheRead) {
  // Given a long diary whose snapshot a damaged disk or another program replaced (another
  // format, a text, cut short at any length, any byte changed, counts far past its size),
  // the read never fails or crashes: a snapshot that does not read is ignored and the rows
  // are read; one that still reads gives as many entries as there are rows. One changed in
  // place is deleted by its trigger.
  const std::string dir = temporary_directory();
  const std::string path = diary_path(dir);
  auto store = long_diary(path, 100);
  ASSERT_TRUE(store);
  const long long rows = count_of(path, "SELECT count(*) FROM entries");
  const long long size = count_of(path, "SELECT length(facts) FROM facts_snapshot");
  ASSERT_GT(size, 20 * rows);
  run_sql(path, "CREATE TABLE kept AS SELECT * FROM facts_snapshot;");
  // Each damage as the snapshot's through_id and facts, put in place of the snapshot.
  std::vector<std::string> damage = {
      "through_id, X'00'",
      "through_id, 'UKF1 as text'",
      "through_id, X'554B4631FFFFFFFF'",
      "through_id, X'554B463100000000FFFFFFFF'",
      "through_id, X'554B46310000000000000000FFFFFFFF'",
      "'ten', facts",
      "through_id, facts || X'00'",
  };
  for (long long cut = 0; cut < size; cut += 1 + size / 40) {
    damage.push_back("through_id, substr(facts, 1, " + std::to_string(cut) + ")");
  }
  for (long long at = 1; at <= size; at += 1 + size / 60) {
    damage.push_back("through_id, substr(facts, 1, " + std::to_string(at - 1) + ") || X'A7' || substr(facts, " +
                     std::to_string(at + 1) + ")");
  }
  auto put = [&](const std::string& change) {
    run_sql(path, "DELETE FROM facts_snapshot; INSERT INTO facts_snapshot SELECT id, " + change + " FROM kept;");
  };
  for (const std::string& change : damage) {
    put(change);
    auto facts = store->facts(CountingParser{});
    ASSERT_TRUE(facts.ok()) << change << ": " << facts.error().message;
    EXPECT_EQ(static_cast<std::size_t>(rows), facts->facts.entries.size()) << change;
  }
  // The ones that cannot be a snapshot read exactly as the rows.
  for (std::size_t index = 0; index < 7; ++index) {
    put(damage[index]);
    expect_facts_agree_with_entries(*store);
  }
  // One that does not decode is rebuilt from every row once enough rows have come after it.
  put(damage[0]);
  ASSERT_TRUE(store->add_all(typed_rows(parsed(days_of_diary(80, 200)))).ok());
  EXPECT_EQ(count_of(path, "SELECT max(id) FROM entries"), snapshot_through(path));
  EXPECT_GT(count_of(path, "SELECT length(facts) FROM facts_snapshot"), size);
  expect_facts_agree_with_entries(*store);
  // Changed in place by another program, the snapshot goes.
  put("through_id, facts");
  run_sql(path, "UPDATE facts_snapshot SET through_id = -4");
  EXPECT_EQ(0, count_of(path, "SELECT count(*) FROM facts_snapshot"));
  expect_facts_agree_with_entries(*store);
  std::filesystem::remove_all(dir);
}

TEST(DiaryStore, ASchema3DiaryGetsItsSnapshotWhenItMigrates) {
  // Given a long diary as schema 3 left it, a read-only open reads it as it is (no
  // snapshot), and the first read-write open migrates it to schema 4 with a snapshot of
  // every row; both read the same facts.
  const std::string dir = temporary_directory();
  const std::string path = diary_path(dir);
  ASSERT_TRUE(long_diary(path, 100));
  make_it_schema_3(path);
  {
    StoreOptions read_only;
    read_only.read_only = true;
    auto reader = DiaryStore::open(path, read_only);
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    EXPECT_EQ(3, *(*reader)->schema_version());
    expect_facts_agree_with_entries(**reader);
  }
  auto store = DiaryStore::open(path);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_EQ(DiaryStore::kSchemaVersion, user_version(path));
  EXPECT_EQ(count_of(path, "SELECT max(id) FROM entries"), snapshot_through(path));
  expect_facts_agree_with_entries(**store);
  std::filesystem::remove_all(dir);
}

// Readers open the diary while another connection writes and checkpoints it (the web app's
// worker threads beside a POST, `unknot review` beside the desk reminder). A reader that meets
// the checkpoint's moment of exclusive access waits for it; it never reads the file as it is
// while the checkpoint writes it ("database disk image is malformed").
TEST(DiaryStore, ReadersOpeningWhileAWriterCheckpointsAlwaysReadTheWholeDiary) {
  const std::string dir = temporary_directory();
  ASSERT_TRUE((*DiaryStore::open(diary_path(dir)))->add_all({{"2026-03-01T07:00:00", "note", "{}"}}).ok());
  std::atomic<bool> writing = true;
  std::atomic<int> failures = 0;
  std::string first_failure;
  std::mutex first_failure_mutex;
  // Each write opens and closes its own connection, as the app's writes do: the last connection
  // to close checkpoints the WAL into the file and removes it.
  std::thread writer([&] {
    for (int index = 0; index < 300; ++index) {
      const std::string at = "2026-03-02T07:" + std::to_string(10 + index / 60) + ":" + std::to_string(10 + index % 50);
      auto store = DiaryStore::open(diary_path(dir));
      if (!store || !(*store)->add_all({{at, "note", "{\"n\":" + std::to_string(index) + "}"}})) ++failures;
    }
    writing = false;
  });
  std::vector<std::thread> readers;
  for (int reader = 0; reader < 3; ++reader) {
    readers.emplace_back([&] {
      StoreOptions read_only;
      read_only.read_only = true;
      while (writing) {
        auto store = DiaryStore::open(diary_path(dir), read_only);
        Result<std::vector<StoredEntry>> all = store ? (*store)->all() : Result<std::vector<StoredEntry>>(store.error());
        if (!all || all->empty()) {
          ++failures;
          std::lock_guard hold(first_failure_mutex);
          if (first_failure.empty()) first_failure = all ? "an empty diary" : all.error().message;
        }
      }
    });
  }
  writer.join();
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(0, failures.load()) << first_failure;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace unknot::storage
