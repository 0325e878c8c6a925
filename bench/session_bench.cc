// The guided session: expanding a plan session into timed steps (done once per session) and
// drawing one full-screen frame of the terminal coach (done up to ten times a second while a
// session runs, so it must cost next to nothing). Run: build/release/unknot_bench
#include <benchmark/benchmark.h>

#include "cli/session_coach.h"
#include "content/content_loader.h"
#include "contract/intake_json.h"
#include "core/plan.h"
#include "core/session_run.h"
#include "core/session_script.h"

namespace {

const unknot::Catalogue& catalogue() {
  static const unknot::Catalogue loaded = *unknot::content::load_embedded_catalogue();
  return loaded;
}

// The strength day of a desk worker's plan: five items, reps, holds and rests.
const unknot::PlanSession& strength_day() {
  static const unknot::Plan plan = [] {
    auto person = unknot::contract::parse_intake(
        R"({"schema": "unknot.intake/1", "age": 34,
            "pain": {"now": 5, "worst_last_week": 6, "weeks_since_onset": 6, "onset": "gradual",
                     "areas": ["between_shoulder_blades"], "started_after": "nothing"},
            "profile": {"equipment": ["foam_roller", "massage_ball", "heat_pack", "resistance_band"],
                        "minutes_per_day": 15, "strength_days_per_week": 3}})",
        "bench");
    return unknot::build_plan(*person, catalogue());
  }();
  return *unknot::find_session(plan, "strength");
}

void BM_BuildSessionScript(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(unknot::build_session_script(strength_day(), catalogue()));
}
BENCHMARK(BM_BuildSessionScript);

void BM_RenderCoachFrame(benchmark::State& state) {
  const unknot::SessionScript script = unknot::build_session_script(strength_day(), catalogue());
  unknot::SessionRun run(script);
  run.elapse(30'000);  // into the first item's work
  unknot::cli::TerminalStyle style;
  style.color = true;
  for (auto _ : state) benchmark::DoNotOptimize(unknot::cli::render_coach_frame(run, script, 100, 40, style));
}
BENCHMARK(BM_RenderCoachFrame);

}  // namespace
