// Diary at scale (issue: ten years of daily entries, ~15,000): review in a few
// milliseconds, and import throughput in lines per second (parse + validate + one
// durable SQLite transaction).
#include <benchmark/benchmark.h>

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
      rows.push_back({entry.at, "entry", unknot::contract::diary_entry_to_json_text(entry)});
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

}  // namespace
