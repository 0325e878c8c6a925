#include "core/plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "core/diary.h"
#include "core/session_script.h"
#include "core/step_text.h"
#include "core/vocabulary.h"
#include "testing/test_util.h"

namespace unknot {
namespace {

using test_util::clean_intake;
using test_util::embedded_catalogue;

// The first item for `technique` in any session of `phase` with id `session_id`.
const PlanItem* find_item(const PlanPhase& phase, const std::string& session_id,
                          const std::string& technique) {
  for (const PlanSession& session : phase.sessions) {
    if (session.id != session_id) continue;
    for (const PlanItem& item : session.items) {
      if (item.technique == technique) return &item;
    }
  }
  return nullptr;
}

std::vector<const PlanItem*> all_items(const Plan& plan) {
  std::vector<const PlanItem*> items;
  for (const PlanPhase& phase : plan.phases) {
    for (const PlanSession& session : phase.sessions) {
      for (const PlanItem& item : session.items) items.push_back(&item);
    }
  }
  return items;
}

TEST(Plan, CleanIntakeGivesThreePhasesWithFullStrengthDose) {
  const Plan plan = build_plan(clean_intake(), embedded_catalogue());
  ASSERT_EQ(plan.status, PlanStatus::kOk);
  EXPECT_FALSE(plan.irritable);
  std::vector<std::string> phase_ids;
  for (const PlanPhase& phase : plan.phases) phase_ids.push_back(phase.id);
  EXPECT_EQ(phase_ids, (std::vector<std::string>{"mobilize", "strengthen", "maintain"}));
  EXPECT_EQ(plan.minutes_per_day, kDefaultMinutesPerDay);
  EXPECT_EQ(plan.strength_days_per_week, kDefaultStrengthDays);

  const PlanItem* slide = find_item(plan.phases[0], "strength", "forearm-roller-slide");
  ASSERT_NE(slide, nullptr);
  EXPECT_EQ(slide->kind, Kind::kStrength);
  EXPECT_EQ(slide->dose.reps, 30);

  EXPECT_EQ(plan.review.first_week, 4);
  std::vector<std::string> codes;
  for (const PlanNote& note : plan.reconciliations) codes.push_back(note.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"stretch_vs_strengthen", "press_vs_work_around",
                                             "strengthen_now_vs_later"}));
}

TEST(Plan, IrritablePainStartsWithCalmPhaseAndHalfDose) {
  const std::vector<std::pair<std::string, void (*)(Intake&)>> cases = {
      {"pain_8", [](Intake& i) { i.pain.now = 8; }},
      {"half_a_week", [](Intake& i) { i.pain.weeks_since_onset = 0.5; }},
  };
  for (const auto& [name, mutate] : cases) {
    SCOPED_TRACE(name);
    Intake intake = clean_intake();
    mutate(intake);
    ASSERT_TRUE(is_irritable(intake));
    const Plan plan = build_plan(intake, embedded_catalogue());
    ASSERT_EQ(plan.status, PlanStatus::kOk);
    EXPECT_TRUE(plan.irritable);
    ASSERT_GE(plan.phases.size(), 2u);
    EXPECT_EQ(plan.phases[0].id, "calm");
    ASSERT_FALSE(plan.phases[0].sessions.empty());
    for (const PlanSession& session : plan.phases[0].sessions) {
      for (const PlanItem& item : session.items) {
        EXPECT_NE(item.kind, Kind::kStrength) << item.technique;
      }
    }
    EXPECT_EQ(plan.phases[1].id, "mobilize");
    const PlanItem* slide = find_item(plan.phases[1], "strength", "forearm-roller-slide");
    ASSERT_NE(slide, nullptr);
    EXPECT_EQ(slide->dose.reps, 15);
    EXPECT_EQ(slide->dose.sets, 1);
  }
}

// The reduced strength dose (mobilize phase, irritable pain): one set of half the reps,
// rounded up, never fewer than 5. Both sides of the floor, and of the rounding.
TEST(Plan, ReducedStrengthDoseHalvesTheRepsRoundingUpWithAFloorOfFive) {
  struct Case {
    int full;
    int reduced;
  };
  const Case cases[] = {{30, 15}, {12, 6}, {11, 6}, {10, 5}, {9, 5}, {8, 5}, {6, 5}};
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.full) + " reps");
    Catalogue catalogue = embedded_catalogue();
    auto slide = std::find_if(catalogue.techniques.begin(), catalogue.techniques.end(),
                              [](const Technique& t) { return t.id == "forearm-roller-slide"; });
    ASSERT_NE(slide, catalogue.techniques.end());
    // Whichever form the plan picks (variants may have a dose of their own).
    slide->dose.reps = c.full;
    slide->dose.sets = 2;
    for (Variant& variant : slide->variants) {
      if (variant.dose) {
        variant.dose->reps = c.full;
        variant.dose->sets = 2;
      }
    }
    Intake intake = clean_intake();
    intake.pain.now = 8;
    const Plan plan = build_plan(intake, catalogue);
    ASSERT_EQ(plan.status, PlanStatus::kOk);
    ASSERT_GE(plan.phases.size(), 3u);
    ASSERT_EQ(plan.phases[1].id, "mobilize");
    const PlanItem* reduced = find_item(plan.phases[1], "strength", "forearm-roller-slide");
    ASSERT_NE(reduced, nullptr);
    EXPECT_EQ(reduced->dose.reps, c.reduced);
    EXPECT_EQ(reduced->dose.sets, 1);
    // The full dose later is the technique's own.
    ASSERT_EQ(plan.phases[2].id, "strengthen");
    const PlanItem* full = find_item(plan.phases[2], "strength", "forearm-roller-slide");
    ASSERT_NE(full, nullptr);
    EXPECT_EQ(full->dose.reps, c.full);
    EXPECT_EQ(full->dose.sets, 2);
  }
}

TEST(Plan, IsIrritableThresholds) {
  Intake intake = clean_intake();
  intake.pain.now = 6;
  EXPECT_FALSE(is_irritable(intake));
  intake.pain.now = 7;
  EXPECT_TRUE(is_irritable(intake));
  intake = clean_intake();
  intake.pain.weeks_since_onset = 1;
  EXPECT_FALSE(is_irritable(intake));
  intake.pain.weeks_since_onset = 0.9;
  EXPECT_TRUE(is_irritable(intake));
}

TEST(Plan, AVariantCarriesItsOwnCautionsNotTheMainForms) {
  Intake intake = clean_intake();
  intake.profile.equipment.erase("resistance_band");
  intake.profile.equipment.erase("dumbbells");
  const Plan plan = build_plan(intake, embedded_catalogue());
  bool seen = false;
  for (const PlanItem* item : all_items(plan)) {
    if (item->technique != "band-row") continue;
    seen = true;
    EXPECT_NE(item->variant, "");
    for (const std::string& caution : item->cautions) EXPECT_EQ(caution.find("band"), std::string::npos) << caution;
  }
  EXPECT_TRUE(seen);
}

TEST(Plan, CannotKneelUsesTheWallSlideAndNoKneeling) {
  Intake intake = clean_intake();
  intake.profile.constraints.insert("cannot_kneel");
  intake.profile.equipment.insert("foam_roller");
  const Plan plan = build_plan(intake, embedded_catalogue());
  ASSERT_EQ(plan.status, PlanStatus::kOk);
  const PlanItem* slide = find_item(plan.phases[0], "strength", "forearm-roller-slide");
  ASSERT_NE(slide, nullptr);
  EXPECT_EQ(slide->variant, "wall");
  EXPECT_EQ(slide->position, Position::kStanding);
  for (const PlanItem* item : all_items(plan)) {
    EXPECT_FALSE(needs_kneeling(item->position)) << item->technique << " " << item->variant;
  }
}

TEST(Plan, RedFlagRefersWithoutPhases) {
  Intake intake = clean_intake();
  intake.symptoms.insert("chest_pain_or_pressure");
  const Plan plan = build_plan(intake, embedded_catalogue());
  EXPECT_EQ(plan.status, PlanStatus::kRefer);
  EXPECT_EQ(plan.triage.level, Level::kEmergency);
  EXPECT_TRUE(plan.phases.empty());
  EXPECT_TRUE(plan.habits.empty());
  EXPECT_EQ(plan.learn, (std::vector<std::string>{"when-to-see-a-professional"}));
}

// Designated initializers name only the dose fields that matter; the rest stay empty.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

TEST(Plan, EstimateSeconds) {
  struct Case {
    std::string name;
    Dose dose;
    int seconds_per_rep;
    int expected;
  };
  const std::vector<Case> cases = {
      {"empty", Dose{}, 3, 20},
      {"duration", Dose{.duration_s = 600}, 3, 620},
      {"reps", Dose{.sets = 1, .reps = 30}, 4, 20 + 30 * 4},
      // 2 sets x 10 reps x (3 s + 2 s hold) x 2 sides + one 30 s rest + a change of
      // sides in each set.
      {"reps_hold_per_side_sets",
       Dose{.sets = 2, .reps = 10, .hold_s = 2, .per_side = true, .rest_s = 30}, 3,
       20 + 2 * 10 * 5 * 2 + 30 + 2 * 5},
      // 2 sets of 60 s on each side: the duration is per set and per side.
      {"timed_sets_per_side", Dose{.duration_s = 60, .sets = 2, .per_side = true, .rest_s = 15}, 3,
       20 + 4 * 60 + 2 * 5 + 15},
      // 3 holds of 30 s with 5 s between them.
      {"holds", Dose{.hold_s = 30, .holds = 3}, 3, 20 + 90 + 10},
      {"single_hold", Dose{.hold_s = 45}, 3, 20 + 45},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(estimate_seconds(c.dose, c.seconds_per_rep), c.expected) << c.name;
  }
}

TEST(Plan, StepDose) {
  struct Case {
    std::string name;
    Dose dose;
    DoseStep step;
    Dose expected;
  };
  const std::vector<Case> cases = {
      {"hold", Dose{.reps = 30}, DoseStep::kHold, Dose{.reps = 30}},
      {"progress_30", Dose{.sets = 1, .reps = 30}, DoseStep::kProgress, Dose{.sets = 1, .reps = 33}},
      {"regress_30", Dose{.sets = 1, .reps = 30}, DoseStep::kRegress, Dose{.sets = 1, .reps = 20}},
      {"progress_10", Dose{.reps = 10}, DoseStep::kProgress, Dose{.reps = 11}},
      {"progress_5", Dose{.reps = 5}, DoseStep::kProgress, Dose{.reps = 6}},
      {"regress_12", Dose{.reps = 12}, DoseStep::kRegress, Dose{.reps = 8}},
      {"regress_never_below_5", Dose{.reps = 6}, DoseStep::kRegress, Dose{.reps = 5}},
      {"regress_9_a_third_off", Dose{.reps = 9}, DoseStep::kRegress, Dose{.reps = 6}},
      {"regress_8_to_the_floor", Dose{.reps = 8}, DoseStep::kRegress, Dose{.reps = 5}},
      {"regress_7_held_at_5", Dose{.reps = 7}, DoseStep::kRegress, Dose{.reps = 5}},
      {"regress_5_stays_5", Dose{.reps = 5}, DoseStep::kRegress, Dose{.reps = 5}},
      {"progress_9_at_least_one", Dose{.reps = 9}, DoseStep::kProgress, Dose{.reps = 10}},
      {"progress_20_ten_percent", Dose{.reps = 20}, DoseStep::kProgress, Dose{.reps = 22}},
      {"progress_hold", Dose{.hold_s = 30}, DoseStep::kProgress, Dose{.hold_s = 35}},
      {"regress_hold", Dose{.hold_s = 30}, DoseStep::kRegress, Dose{.hold_s = 25}},
      {"regress_hold_floor", Dose{.hold_s = 8}, DoseStep::kRegress, Dose{.hold_s = 5}},
      {"regress_hold_11_above_floor", Dose{.hold_s = 11}, DoseStep::kRegress, Dose{.hold_s = 6}},
      {"regress_hold_10_to_floor", Dose{.hold_s = 10}, DoseStep::kRegress, Dose{.hold_s = 5}},
      {"regress_hold_5_stays_5", Dose{.hold_s = 5}, DoseStep::kRegress, Dose{.hold_s = 5}},
      {"duration_unchanged", Dose{.duration_s = 600}, DoseStep::kProgress, Dose{.duration_s = 600}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(step_dose(c.dose, c.step), c.expected) << c.name;
  }
}

// plan.h documents progress as "the ACSM 2-10% step, at least one rep", so 12 reps should go
// to 13 (1.2 rounded down to a whole rep, but at least one). step_dose rounds 10% *up* and
// gives 14 (+17%). Disabled until the rounding is fixed; see the test report.
TEST(Plan, StepDoseProgressStaysWithinTenPercent) {
  EXPECT_EQ(step_dose(Dose{.reps = 12}, DoseStep::kProgress).reps, 13);
  for (int reps = 10; reps <= 200; ++reps) {
    const int next = *step_dose(Dose{.reps = reps}, DoseStep::kProgress).reps;
    EXPECT_LE(next - reps, std::max(1, reps / 10)) << reps;
  }
}

#pragma GCC diagnostic pop

TEST(Plan, BloodThinnersSoftenPressure) {
  Intake intake = clean_intake();
  intake.history.insert("blood_thinners");
  intake.profile.equipment = {"massage_ball", "foam_roller"};
  const Plan plan = build_plan(intake, embedded_catalogue());
  ASSERT_EQ(plan.status, PlanStatus::kOk);
  ASSERT_EQ(plan.reconciliations.size(), 3u);
  EXPECT_NE(plan.reconciliations[1].says.find("blood thinners"), std::string::npos);
}

// clinical.md §6: no heat or cold on skin that does not feel it, and none with poor
// circulation; no cold with Raynaud's or cold sensitivity; each on its own, even when the
// content forgot to say so (the plan's own rule, not only the techniques' contraindications).
TEST(Plan, HeatAndColdCautionsHoldEvenIfTheContentForgets) {
  Catalogue catalogue = embedded_catalogue();
  for (Technique& technique : catalogue.techniques) {
    if (technique.kind == Kind::kHeat || technique.kind == Kind::kCold) technique.contraindications.clear();
  }
  for (const char* caution : {"reduced_skin_sensation", "poor_circulation"}) {
    SCOPED_TRACE(caution);
    Intake intake = clean_intake();
    intake.profile.equipment = {"heat_pack", "cold_pack"};
    intake.profile.cautions.insert(caution);
    const Plan plan = build_plan(intake, catalogue);
    ASSERT_EQ(plan.status, PlanStatus::kOk);
    for (const PlanPhase& phase : plan.phases) {
      for (const PlanSession& session : phase.sessions) {
        for (const PlanItem& item : session.items) {
          EXPECT_NE(item.kind, Kind::kHeat) << item.technique;
          EXPECT_NE(item.kind, Kind::kCold) << item.technique;
        }
      }
    }
  }
  // No cold for Raynaud's or cold sensitivity, each on its own. The plan offers a cold pack
  // where heat is ruled out; here heat is left out of the catalogue so cold is the warmth slot's
  // only choice.
  Catalogue no_heat = catalogue;
  std::erase_if(no_heat.techniques, [](const Technique& technique) { return technique.kind == Kind::kHeat; });
  for (const char* caution : {"raynauds", "cold_sensitivity"}) {
    SCOPED_TRACE(caution);
    Intake intake = clean_intake();
    intake.profile.equipment = {"cold_pack"};
    intake.profile.cautions.insert(caution);
    const Plan plan = build_plan(intake, no_heat);
    ASSERT_EQ(plan.status, PlanStatus::kOk);
    for (const PlanPhase& phase : plan.phases) {
      for (const PlanSession& session : phase.sessions) {
        for (const PlanItem& item : session.items) EXPECT_NE(item.kind, Kind::kCold) << item.technique;
      }
    }
  }
  // Without a caution the same catalogue does offer heat, or cold: the test can see them.
  for (const auto& [equipment, kind] : {std::pair{"heat_pack", Kind::kHeat}, std::pair{"cold_pack", Kind::kCold}}) {
    Intake plain = clean_intake();
    plain.profile.equipment = {equipment};
    const Plan plan = build_plan(plain, kind == Kind::kCold ? no_heat : catalogue);
    std::set<Kind> kinds;
    for (const PlanPhase& phase : plan.phases) {
      for (const PlanSession& session : phase.sessions) {
        for (const PlanItem& item : session.items) kinds.insert(item.kind);
      }
    }
    EXPECT_TRUE(kinds.count(kind)) << equipment;
  }
}

// Every contraindication the content lists keeps its technique (in every form) out of the
// plan for a person who has that condition, whatever equipment they have.
TEST(Plan, EveryListedContraindicationExcludesItsTechnique) {
  const Catalogue& catalogue = embedded_catalogue();
  const auto known = [](std::span<const std::string_view> names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  int checked = 0;
  for (const Technique& technique : catalogue.techniques) {
    for (const ConditionalNote& note : technique.contraindications) {
      SCOPED_TRACE(technique.id + " with " + note.when);
      Intake intake = clean_intake();
      for (std::string_view thing : equipment_names()) intake.profile.equipment.insert(std::string(thing));
      if (known(constraint_names(), note.when)) intake.profile.constraints.insert(note.when);
      else if (known(caution_names(), note.when)) intake.profile.cautions.insert(note.when);
      else intake.history.insert(note.when);
      ASSERT_TRUE(intake.has_condition(note.when));
      const Plan plan = build_plan(intake, catalogue);
      for (const PlanPhase& phase : plan.phases) {
        for (const PlanSession& session : phase.sessions) {
          for (const PlanItem& item : session.items) EXPECT_NE(item.technique, technique.id);
        }
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 10) << "the content lists contraindications; the test must see them";
  // And without the condition, the heat pack (contraindicated for diabetes) is in the plan:
  // the exclusion above is the condition's doing.
  Intake plain = clean_intake();
  plain.profile.equipment.insert("heat_pack");
  const Plan plan = build_plan(plain, catalogue);
  ASSERT_FALSE(plan.phases.empty());
  EXPECT_NE(find_item(plan.phases[0], "daily-relief", "heat-pack"), nullptr);
}

// clinical.md §6: in pregnancy nothing face down and nothing flat on the back, by the plan's
// own rule, even in a catalogue whose content forgot to say so.
TEST(Plan, PregnancyKeepsEveryFormOffTheBackAndFrontEvenIfTheContentForgets) {
  Catalogue catalogue = embedded_catalogue();
  for (Technique& technique : catalogue.techniques) {
    std::erase_if(technique.contraindications, [](const ConditionalNote& note) { return note.when == "pregnant"; });
    std::erase_if(technique.variants, [](const Variant& variant) {
      const auto& history = variant.selected_by.history;
      return std::find(history.begin(), history.end(), "pregnant") != history.end();
    });
  }
  Intake intake = clean_intake();
  intake.profile.equipment = {"foam_roller", "resistance_band"};
  const auto positions = [&](const Plan& plan) {
    std::set<Position> found;
    for (const PlanPhase& phase : plan.phases) {
      for (const PlanSession& session : phase.sessions) {
        for (const PlanItem& item : session.items) found.insert(item.position);
      }
    }
    return found;
  };
  // Not pregnant: this catalogue does put someone on their back (the foam roller).
  EXPECT_TRUE(positions(build_plan(intake, catalogue)).count(Position::kSupine));
  intake.history.insert("pregnant");
  const Plan pregnant = build_plan(intake, catalogue);
  ASSERT_EQ(pregnant.status, PlanStatus::kOk);
  EXPECT_FALSE(positions(pregnant).count(Position::kSupine));
  EXPECT_FALSE(positions(pregnant).count(Position::kProne));
}

TEST(Plan, WordingComesFromTheCatalogue) {
  Catalogue catalogue = embedded_catalogue();
  catalogue.plan_wording.texts["notes.strength_days_capped"].says = "Asked {asked}, using {strength_days}.";
  catalogue.plan_wording.texts["items.warmth.heat-pack"].says = "Warm first.";
  catalogue.plan_wording.texts["phases.mobilize.title"].says = "Get going";
  Intake intake = clean_intake();
  intake.profile.strength_days_per_week = 6;
  intake.profile.equipment.insert("heat_pack");
  const Plan plan = build_plan(intake, catalogue);
  ASSERT_EQ(plan.status, PlanStatus::kOk);
  const auto capped = std::find_if(plan.notes.begin(), plan.notes.end(),
                                   [](const PlanNote& note) { return note.code == "strength_days_capped"; });
  ASSERT_NE(capped, plan.notes.end());
  EXPECT_EQ(capped->says, "Asked 6, using 4.");
  EXPECT_EQ(plan.phases[0].title, "Get going");
  const PlanItem* heat = find_item(plan.phases[0], "daily-relief", "heat-pack");
  ASSERT_NE(heat, nullptr);
  EXPECT_EQ(heat->why, "Warm first.");
}

TEST(Plan, PlaceholdersAreFilledAndVariantReasonsFollowTheItemsWhy) {
  Intake intake = clean_intake();
  intake.pain.now = 8;
  intake.profile.constraints.insert("cannot_kneel");
  intake.profile.equipment.insert("foam_roller");
  const Plan plan = build_plan(intake, embedded_catalogue());
  ASSERT_EQ(plan.status, PlanStatus::kOk);
  ASSERT_EQ(plan.reconciliations.size(), 3u);
  EXPECT_NE(plan.reconciliations[2].says.find("Your pain is 8/10, so unknot starts"), std::string::npos)
      << plan.reconciliations[2].says;
  const PlanItem* slide = find_item(plan.phases[1], "strength", "forearm-roller-slide");
  ASSERT_NE(slide, nullptr);
  EXPECT_NE(slide->why.find("times a week). Because kneeling is hard for you, the plan uses this form: " +
                            slide->name + "."),
            std::string::npos)
      << slide->why;
}

// --- Property test over random valid intakes.

// Every wording key the engine can look up; a plan text equal to one means a missing text.
const std::set<std::string>& wording_keys() {
  static const std::set<std::string> keys = [] {
    std::set<std::string> all;
    for (const PlanTextSpec& spec : plan_text_specs()) all.insert(spec.key);
    return all;
  }();
  return keys;
}

// A text the plan shows: present, with every placeholder filled.
void expect_worded(const std::string& text, const std::string& what) {
  EXPECT_FALSE(text.empty()) << what;
  EXPECT_EQ(wording_keys().count(text), 0u) << what << " shows the key " << text;
  EXPECT_EQ(text.find_first_of("{}"), std::string::npos) << what << ": " << text;
}

void check_wording(const Plan& plan) {
  expect_worded(plan.review.rule, "review");
  for (const PlanPhase& phase : plan.phases) {
    expect_worded(phase.title, phase.id);
    expect_worded(phase.advance_when, phase.id);
    for (const PlanSession& session : phase.sessions) {
      expect_worded(session.title, phase.id + "/" + session.id);
      for (const PlanItem& item : session.items) expect_worded(item.why, session.id + "/" + item.technique);
    }
  }
  for (const Habit& habit : plan.habits) {
    expect_worded(habit.when, habit.technique);
    expect_worded(habit.why, habit.technique);
  }
  for (const PlanNote& note : plan.reconciliations) expect_worded(note.says, note.code);
  for (const PlanNote& note : plan.notes) expect_worded(note.says, note.code);
}


template <typename T>
std::set<std::string> random_subset(std::mt19937& rng, const T& names) {
  std::set<std::string> subset;
  std::bernoulli_distribution coin(0.3);
  for (const auto& name : names) {
    if (coin(rng)) subset.insert(std::string(name));
  }
  return subset;
}

bool item_has_caution_with(const PlanItem& item, const std::string& word) {
  return std::any_of(item.cautions.begin(), item.cautions.end(), [&](const std::string& caution) {
    std::string lower = caution;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    return lower.find(word) != std::string::npos;
  });
}

// The week: seven days, each within the minutes, each session on as many days as it asks
// (when they fit), and the session a day number maps to is the week's.
void check_week(const Plan& plan) {
  for (const PlanPhase& phase : plan.phases) {
    SCOPED_TRACE("week of " + phase.id);
    ASSERT_EQ(phase.week.size(), 7u);
    int used_days = 0;
    for (int weekday = 0; weekday < 7; ++weekday) {
      const PlanDay& day = phase.week[static_cast<std::size_t>(weekday)];
      EXPECT_EQ(day.weekday, weekday);
      EXPECT_LE(day.minutes, plan.minutes_per_day);
      int minutes = 0;
      for (const std::string& id : day.sessions) {
        const PlanSession* session = find_session(plan, id, &phase);
        ASSERT_NE(session, nullptr) << id;
        minutes += session->minutes;
      }
      EXPECT_EQ(minutes, day.minutes);
      if (!day.sessions.empty()) ++used_days;
      // Day numbers kStartMonday + weekday fall on that weekday.
      const int day_number = days_from_civil(2026, 3, 2) + weekday;  // a Monday
      const PlanSession* today = session_for_day(phase, day_number);
      if (day.sessions.empty()) {
        EXPECT_EQ(today, nullptr);
      } else {
        ASSERT_NE(today, nullptr);
        EXPECT_EQ(today->id, day.sessions.front());
      }
    }
    int asked = 0;
    for (const PlanSession& session : phase.sessions) {
      asked += session.days_per_week;
      int placed = 0;
      for (const PlanDay& day : phase.week) placed += static_cast<int>(std::count(day.sessions.begin(), day.sessions.end(), session.id));
      EXPECT_LE(placed, session.days_per_week) << session.id;
    }
    EXPECT_EQ(used_days, std::min(asked, 7));
  }
}

void check_plan(const Intake& intake, const Plan& plan) {
  check_week(plan);
  for (const PlanPhase& phase : plan.phases) {
    for (const PlanSession& session : phase.sessions) {
      SCOPED_TRACE(phase.id + "/" + session.id);
      EXPECT_FALSE(session.items.empty());
      EXPECT_LE(session.items.size(), static_cast<std::size_t>(kMaxItemsPerSession));
      EXPECT_LE(session.minutes, plan.minutes_per_day);
      int seconds = 0;
      for (const PlanItem& item : session.items) seconds += item.estimated_seconds;
      EXPECT_LE(seconds, session.minutes * 60);
      if (session.id == "strength") {
        EXPECT_LE(session.days_per_week, kMaxStrengthDays);
      }
      for (const PlanItem& item : session.items) {
        SCOPED_TRACE(item.technique + ":" + item.variant);
        for (const std::string& thing : item.equipment) {
          EXPECT_TRUE(intake.profile.equipment.count(thing) || thing == "wall" ||
                      thing == "sturdy_chair" || thing == "doorway" || thing == "mat")
              << thing;
        }
        const Position position = item.position;
        if (intake.has_constraint("cannot_kneel")) {
          EXPECT_NE(position, Position::kKneeling);
          EXPECT_NE(position, Position::kQuadruped);
        }
        if (intake.has_constraint("cannot_lie_on_floor")) {
          EXPECT_NE(position, Position::kProne);
          EXPECT_NE(position, Position::kSupine);
          EXPECT_NE(position, Position::kSideLying);
        }
        if (intake.has_constraint("wrist_pain")) {
          EXPECT_FALSE(item.weight_on_hands);
        }
        if (intake.has_constraint("shoulder_pain_overhead")) {
          EXPECT_FALSE(item.overhead);
        }
        if (intake.has_caution("reduced_skin_sensation") || intake.has_caution("poor_circulation")) {
          EXPECT_NE(item.kind, Kind::kHeat);
          EXPECT_NE(item.kind, Kind::kCold);
        }
        if (intake.has_caution("raynauds") || intake.has_caution("cold_sensitivity")) {
          EXPECT_NE(item.kind, Kind::kCold);
          EXPECT_EQ(std::count(item.equipment.begin(), item.equipment.end(), "cold_pack"), 0);
        }
        if (intake.has_history("pregnant")) {
          EXPECT_NE(position, Position::kProne);
          EXPECT_NE(position, Position::kSupine);
        }
        if (intake.has_history("blood_thinners") && item.kind == Kind::kSelfMassage) {
          EXPECT_TRUE(item_has_caution_with(item, "light"));
        }
      }
    }
  }
}

// Every number a person reads in a step, in the guided session's script (terminal coach and
// web player) and in the card of the item's form (terminal and web), equals the dose the
// plan prescribed; and every field the dose owns that the steps name at all is named right.
void check_step_numbers(const Plan& plan, const Catalogue& catalogue) {
  for (const PlanPhase& phase : plan.phases) {
    for (const PlanSession& session : phase.sessions) {
      const SessionScript script = build_session_script(session, catalogue);
      ASSERT_EQ(script.items.size(), session.items.size());
      for (std::size_t index = 0; index < session.items.size(); ++index) {
        const PlanItem& item = session.items[index];
        SCOPED_TRACE(phase.id + "/" + session.id + "/" + item.technique + ":" + item.variant);
        const Technique* technique = catalogue.find_technique(item.technique);
        ASSERT_NE(technique, nullptr);
        const std::vector<std::string> card = render_steps(technique->form(item.variant).steps, item.dose);
        EXPECT_EQ(card, script.items[index].steps);
        for (const std::string& step : script.items[index].steps) {
          EXPECT_EQ(step.find_first_of("{}"), std::string::npos) << step;
          for (const StatedNumber& number : stated_dose_numbers(step)) {
            const std::optional<int> owned = dose_value(item.dose, number.field);
            if (!owned) continue;
            EXPECT_EQ(number.value, *owned) << "'" << number.text << "' in: " << step;
          }
        }
      }
    }
  }
}

// Each round builds four plans and checks every number in every step: under AddressSanitizer
// that is some ten times slower, so the sanitizer build runs a tenth of the rounds (for memory
// errors on these paths) and the release build runs them all (for the rules).
#if defined(__SANITIZE_ADDRESS__)
constexpr int kRandomIntakeRounds = 200;
#else
constexpr int kRandomIntakeRounds = 2000;
#endif

TEST(Plan, RandomIntakesKeepEverySafetyRule) {
  std::mt19937 rng(20240611);
  const std::vector<std::string> history_pool = {
      "diabetes", "blood_thinners", "pregnant", "upper_body_surgery_last_3_months",
      "asthma_or_nsaid_allergy", "heart_disease", "stomach_ulcer_or_bleeding",
      "kidney_or_liver_disease", "osteoporosis"};
  std::uniform_int_distribution<int> age(18, 80);
  std::uniform_int_distribution<int> pain(0, 10);
  std::uniform_real_distribution<double> weeks(0, 30);
  std::uniform_int_distribution<int> minutes(5, 120);
  std::uniform_int_distribution<int> strength_days(0, 7);
  std::bernoulli_distribution maybe(0.5);
  int ok_plans = 0;
  for (int round = 0; round < kRandomIntakeRounds; ++round) {
    Intake intake;
    intake.age = age(rng);
    intake.pain.now = pain(rng);
    intake.pain.weeks_since_onset = weeks(rng);
    intake.pain.areas = {"between_shoulder_blades"};
    intake.history = random_subset(rng, history_pool);
    intake.profile.equipment = random_subset(rng, equipment_names());
    intake.profile.constraints = random_subset(rng, constraint_names());
    intake.profile.cautions = random_subset(rng, caution_names());
    intake.profile.triggers = random_subset(rng, trigger_names());
    if (maybe(rng)) intake.profile.minutes_per_day = minutes(rng);
    if (maybe(rng)) intake.profile.strength_days_per_week = strength_days(rng);
    const Plan plan = build_plan(intake, embedded_catalogue());
    if (plan.status != PlanStatus::kOk) {
      EXPECT_TRUE(plan.phases.empty());
      continue;
    }
    ++ok_plans;
    SCOPED_TRACE("round " + std::to_string(round));
    check_plan(intake, plan);
    check_wording(plan);
    // The review may step strength doses up or down; the steps follow every dose.
    for (DoseStep step : {DoseStep::kHold, DoseStep::kProgress, DoseStep::kRegress}) {
      check_step_numbers(step == DoseStep::kHold ? plan : build_plan(intake, embedded_catalogue(), {step}),
                         embedded_catalogue());
    }
    if (::testing::Test::HasFailure()) break;  // one counterexample is enough to read
  }
  EXPECT_GT(ok_plans, kRandomIntakeRounds / 2);
}

}  // namespace
}  // namespace unknot
