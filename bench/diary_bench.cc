// Diary at scale (issue: ten years of daily entries, ~13,700): review in a few
// milliseconds, import throughput in lines per second (parse + validate + one durable
// SQLite transaction), and reading the stored diary the way `unknot review` and `unknot
// insights` do (open read-only, read every entry, compute) against a bare count of the rows
// and against reading the rows as text, in the same run.
#include <benchmark/benchmark.h>

#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>

#include "contract/diary_json.h"
#include "core/review.h"
#include "storage/diary_store.h"

namespace {

constexpr int kDays = 3650;

// Ten years: morning and evening pain every day, a strength session 3 days a week, a
// trigger every day and a note every third day: about 15,000 entries.
std::string ten_years_jsonl() {
  std::string text;
  const int start = unknot::days_from_civil(2016, 1, 4);
  for (int day = 0; day < kDays; ++day) {
    const std::string date = unknot::iso_date(start + day);
    text += R"({"at": ")" + date + R"(T07:30:00", "type": "pain", "nprs": )" + std::to_string(2 + day % 6) +
            R"(, "context": "morning"})" "\n";
    if (day % 7 == 0 || day % 7 == 2 || day % 7 == 4) {
      text += R"({"at": ")" + date + R"(T18:00:00", "type": "session", "session": "strength", "completed": true, "pain_during": 3, "items": [{"technique": "forearm-roller-slide", "reps": 30}]})" "\n";
    }
    text += R"({"at": ")" + date + R"(T21:00:00", "type": "pain", "nprs": )" + std::to_string(1 + day % 5) +
            R"(, "context": "evening"})" "\n";
    if (day % 3 == 0) text += R"({"at": ")" + date + R"(", "type": "note", "text": "day )" + std::to_string(day) + R"("})" "\n";
    text += R"({"at": ")" + date + R"(", "type": "trigger", "trigger": "desk_work", "hours": 8})" "\n";
  }
  return text;
}

const std::string& corpus() {
  static const std::string text = ten_years_jsonl();
  return text;
}

const std::vector<unknot::DiaryEntry>& entries() {
  static const std::vector<unknot::DiaryEntry> parsed = *unknot::contract::parse_diary_lines(corpus(), "bench");
  return parsed;
}

void BM_ReviewTenYears(benchmark::State& state) {
  const int as_of = unknot::days_from_civil(2016, 1, 4) + kDays - 1;
  for (auto _ : state) benchmark::DoNotOptimize(unknot::build_review(entries(), as_of, 3));
  state.counters["entries"] = static_cast<double>(entries().size());
}
BENCHMARK(BM_ReviewTenYears)->Unit(benchmark::kMillisecond);

void BM_ParseTenYears(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(unknot::contract::parse_diary_lines(corpus(), "bench"));
  state.counters["lines_per_s"] =
      benchmark::Counter(static_cast<double>(entries().size()) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParseTenYears)->Unit(benchmark::kMillisecond);

// What `unknot diary import` does: parse, validate, canonicalise, store in one transaction.
void BM_ImportTenYears(benchmark::State& state) {
  const std::string dir = std::filesystem::temp_directory_path() / "unknot-bench-import";
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::remove_all(dir);
    auto store = unknot::storage::DiaryStore::open(unknot::storage::diary_path(dir));
    state.ResumeTiming();
    auto parsed = unknot::contract::parse_diary_lines(corpus(), "bench");
    std::vector<unknot::storage::StoredEntry> rows;
    rows.reserve(parsed->size());
    for (const unknot::DiaryEntry& entry : *parsed) {
      rows.push_back({entry.at, std::string(unknot::to_string(entry.type)),
                      unknot::contract::diary_entry_to_json_text(entry), 0, entry});
    }
    benchmark::DoNotOptimize((*store)->add_all(rows));
  }
  std::filesystem::remove_all(dir);
  state.counters["lines_per_s"] =
      benchmark::Counter(static_cast<double>(entries().size()) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ImportTenYears)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

#include "core/insights.h"

namespace {

void BM_InsightsTenYears(benchmark::State& state) {
  const int as_of = unknot::days_from_civil(2016, 1, 4) + kDays - 1;
  for (auto _ : state) benchmark::DoNotOptimize(unknot::build_insights(entries(), as_of));
}
BENCHMARK(BM_InsightsTenYears)->Unit(benchmark::kMillisecond);

// The ten years stored as `unknot diary import` stores them, once per run.
const std::string& stored_diary() {
  static const std::string path = [] {
    const std::string dir = std::filesystem::temp_directory_path() / "unknot-bench-stored";
    std::filesystem::remove_all(dir);
    std::vector<unknot::storage::StoredEntry> rows;
    for (const unknot::DiaryEntry& entry : entries()) {
      rows.push_back({entry.at, std::string(unknot::to_string(entry.type)),
                      unknot::contract::diary_entry_to_json_text(entry), 0, entry});
    }
    const std::string file = unknot::storage::diary_path(dir);
    auto store = unknot::storage::DiaryStore::open(file);
    if (!store || !(*store)->add_all(rows)) std::abort();
    std::atexit([] { std::filesystem::remove_all(std::filesystem::temp_directory_path() / "unknot-bench-stored"); });
    return file;
  }();
  return path;
}

std::unique_ptr<unknot::storage::DiaryStore> open_read_only() {
  unknot::storage::StoreOptions options;
  options.read_only = true;
  auto store = unknot::storage::DiaryStore::open(stored_diary(), options);
  if (!store) std::abort();
  return std::move(*store);
}

unknot::Result<unknot::DiaryEntry> parse_line(const std::string& line, long long row) {
  return unknot::contract::parse_diary_entry(line, "diary row " + std::to_string(row));
}

// Anchor: open the database read-only and count its rows (SQLite alone, nothing decoded).
void BM_StoredCountRows(benchmark::State& state) {
  stored_diary();
  for (auto _ : state) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(stored_diary().c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* count = nullptr;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM entries", -1, &count, nullptr);
    sqlite3_step(count);
    benchmark::DoNotOptimize(sqlite3_column_int(count, 0));
    sqlite3_finalize(count);
    sqlite3_close(db);
  }
}
BENCHMARK(BM_StoredCountRows)->Unit(benchmark::kMillisecond);

// The rows as text (at, type, line), in time order, nothing parsed.
void BM_StoredReadRowsAsText(benchmark::State& state) {
  stored_diary();
  for (auto _ : state) benchmark::DoNotOptimize(open_read_only()->all());
}
BENCHMARK(BM_StoredReadRowsAsText)->Unit(benchmark::kMillisecond);

// How the diary was read before typed columns: every row's line parsed and validated again.
void BM_StoredReadByParsingLines(benchmark::State& state) {
  stored_diary();
  for (auto _ : state) {
    auto rows = open_read_only()->all();
    std::vector<unknot::DiaryEntry> read;
    read.reserve(rows->size());
    for (const unknot::storage::StoredEntry& row : *rows) read.push_back(*parse_line(row.body, row.row));
    benchmark::DoNotOptimize(read);
  }
}
BENCHMARK(BM_StoredReadByParsingLines)->Unit(benchmark::kMillisecond);

// Every entry from the typed columns (what `unknot review` and `insights` read).
void BM_StoredReadEntries(benchmark::State& state) {
  stored_diary();
  std::size_t count = 0;
  for (auto _ : state) {
    auto read = open_read_only()->entries(parse_line);
    count = read->entries.size();
    benchmark::DoNotOptimize(read);
  }
  state.counters["entries"] = static_cast<double>(count);
}
BENCHMARK(BM_StoredReadEntries)->Unit(benchmark::kMillisecond);

void BM_StoredReadThenReview(benchmark::State& state) {
  stored_diary();
  const int as_of = unknot::days_from_civil(2016, 1, 4) + kDays - 1;
  for (auto _ : state) {
    auto read = open_read_only()->entries(parse_line);
    benchmark::DoNotOptimize(unknot::build_review(read->entries, as_of, 3));
  }
}
BENCHMARK(BM_StoredReadThenReview)->Unit(benchmark::kMillisecond);

void BM_StoredReadThenInsights(benchmark::State& state) {
  stored_diary();
  const int as_of = unknot::days_from_civil(2016, 1, 4) + kDays - 1;
  for (auto _ : state) {
    auto read = open_read_only()->entries(parse_line);
    benchmark::DoNotOptimize(unknot::build_insights(read->entries, as_of));
  }
}
BENCHMARK(BM_StoredReadThenInsights)->Unit(benchmark::kMillisecond);

}  // namespace
