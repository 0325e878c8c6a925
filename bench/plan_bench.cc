// Triage and plan per intake (issue: "well under 100 microseconds"). Run:
//   build/release/unknot_bench
#include <benchmark/benchmark.h>

#include "content/content_loader.h"
#include "contract/intake_json.h"
#include "core/plan.h"
#include "core/triage.h"

namespace {

const char kIntake[] = R"({"schema": "unknot.intake/1", "age": 34,
  "pain": {"now": 5, "worst_last_week": 6, "weeks_since_onset": 6, "onset": "gradual",
           "areas": ["between_shoulder_blades", "neck"], "started_after": "nothing"},
  "history": ["blood_thinners"],
  "profile": {"equipment": ["foam_roller", "massage_ball", "heat_pack", "resistance_band"],
              "constraints": ["cannot_kneel"], "minutes_per_day": 15, "strength_days_per_week": 3,
              "desk_hours_per_day": 8, "triggers": ["desk_work", "stress"]}})";

const unknot::Catalogue& catalogue() {
  static const unknot::Catalogue loaded = *unknot::content::load_embedded_catalogue();
  return loaded;
}

const unknot::Intake& intake() {
  static const unknot::Intake parsed = *unknot::contract::parse_intake(kIntake, "bench");
  return parsed;
}

void BM_Triage(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(unknot::triage(intake(), catalogue().safety));
}
BENCHMARK(BM_Triage);

void BM_Plan(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(unknot::build_plan(intake(), catalogue()));
}
BENCHMARK(BM_Plan);

void BM_ParseAndValidateIntake(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(unknot::contract::parse_intake(kIntake, "bench"));
}
BENCHMARK(BM_ParseAndValidateIntake);

// What every command pays: the knowledge base compiled at build time, read back.
void BM_LoadEmbeddedCatalogue(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(unknot::content::load_embedded_catalogue());
}
BENCHMARK(BM_LoadEmbeddedCatalogue)->Unit(benchmark::kMicrosecond);

// Its anchor: the same knowledge base parsed and checked from the embedded YAML (what every
// command paid before, and what `--content-dir` still does).
void BM_LoadEmbeddedYamlCatalogue(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(unknot::content::load_embedded_yaml_catalogue());
}
BENCHMARK(BM_LoadEmbeddedYamlCatalogue)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
