#include "core/prescription.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/session_script.h"
#include "core/vocabulary.h"
#include "testing/test_util.h"

namespace unknot {
namespace {

using test_util::clean_intake;
using test_util::embedded_catalogue;

CustomExercise kneeling_rows() {
  CustomExercise exercise;
  exercise.id = "custom-1";
  exercise.title = "Kneeling arm lifts";
  exercise.steps = {"Kneel on all fours, hands under shoulders.", "Lift one arm forward, thumb up, and lower it."};
  exercise.dose.sets = 2;
  exercise.dose.reps = 8;
  exercise.dose.per_side = true;
  exercise.dose.rest_s = 30;
  exercise.cautions = {"Keep your back level."};
  exercise.stop_if = {"Sharp pain in the shoulder."};
  exercise.position = Position::kQuadruped;
  exercise.picture = "cat-camel";
  return exercise;
}

Prescription with_custom(const CustomExercise& exercise) {
  Prescription prescription;
  prescription.version = 1;
  prescription.clinician = "Pat Physio";
  prescription.days_per_week = 2;
  prescription.custom_exercises = {exercise};
  prescription.items = {{exercise.id, std::nullopt, "Slowly, both sides.", {}}};
  return prescription;
}

std::vector<const PlanItem*> items_of(const Plan& plan, const std::string& technique) {
  std::vector<const PlanItem*> found;
  for (const PlanPhase& phase : plan.phases) {
    for (const PlanSession& session : phase.sessions) {
      for (const PlanItem& item : session.items) {
        if (item.technique == technique) found.push_back(&item);
      }
    }
  }
  return found;
}

bool has_note(const Plan& plan, const std::string& code, const std::string& says_part) {
  for (const PlanNote& note : plan.notes) {
    if (note.code == code && note.says.find(says_part) != std::string::npos) return true;
  }
  return false;
}

Plan prescribed_plan(const Intake& intake, const Prescription& prescription, Catalogue& catalogue) {
  catalogue = with_custom_exercises(embedded_catalogue(), prescription);
  return apply_prescription(build_plan(intake, catalogue), prescription, catalogue, intake);
}

TEST(Prescription, CustomExerciseJoinsEveryPhaseMarkedFromThePhysiotherapist) {
  const Prescription prescription = with_custom(kneeling_rows());
  ASSERT_TRUE(check_prescription(prescription, embedded_catalogue()));
  Catalogue catalogue;
  const Plan plan = prescribed_plan(clean_intake(), prescription, catalogue);
  ASSERT_FALSE(plan.phases.empty());
  for (const PlanPhase& phase : plan.phases) {
    ASSERT_FALSE(phase.sessions.empty());
    const PlanSession& session = phase.sessions.front();
    EXPECT_EQ(session.id, kPrescribedSessionId);
    EXPECT_EQ(session.days_per_week, 2);
    ASSERT_EQ(session.items.size(), 1u);
    const PlanItem& item = session.items.front();
    EXPECT_EQ(item.source, "clinician");
    EXPECT_EQ(item.name, "Kneeling arm lifts (from your physiotherapist)");
    EXPECT_EQ(item.position, Position::kQuadruped);
    EXPECT_EQ(item.dose.reps, 8);
    EXPECT_NE(item.why.find("Slowly, both sides."), std::string::npos);
    EXPECT_NE(item.why.find("Pat Physio"), std::string::npos);
    // The week holds the prescribed session on two days.
    int days = 0;
    for (const PlanDay& day : phase.week) days += std::count(day.sessions.begin(), day.sessions.end(), "physio");
    EXPECT_EQ(days, 2) << phase.id;
  }
}

TEST(Prescription, TheCoachRunsACustomExerciseWithItsStepsDoseAndStopRules) {
  Catalogue catalogue;
  const Plan plan = prescribed_plan(clean_intake(), with_custom(kneeling_rows()), catalogue);
  const SessionScript script = build_session_script(plan.phases.front().sessions.front(), catalogue);
  ASSERT_EQ(script.items.size(), 1u);
  EXPECT_EQ(script.items[0].steps, kneeling_rows().steps);
  EXPECT_EQ(script.items[0].stop_if, kneeling_rows().stop_if);
  EXPECT_EQ(script.items[0].reps_target, 2 * 8 * 2);  // two sets of 8 on each side
  EXPECT_GT(script.total_seconds, 0);
}

// "N days a week" beside a session and the week must agree (a calendar that disagrees with the
// plan broke trust before): the physiotherapist's session gets every day asked for, beside the
// person's own sessions, which keep all of theirs; a day over the person's minutes is said.
TEST(Prescription, EverySessionGetsItsDaysInTheWeekAndThePersonsOwnKeepTheirs) {
  for (int days = 1; days <= 7; ++days) {
    Prescription prescription = with_custom(kneeling_rows());
    prescription.days_per_week = days;
    Catalogue catalogue;
    const Plan plan = prescribed_plan(clean_intake(), prescription, catalogue);
    const Plan own = build_plan(clean_intake(), catalogue);
    ASSERT_EQ(plan.phases.size(), own.phases.size());
    bool over = false;
    for (std::size_t p = 0; p < plan.phases.size(); ++p) {
      const PlanPhase& phase = plan.phases[p];
      for (const PlanSession& session : phase.sessions) {
        int placed = 0;
        for (const PlanDay& day : phase.week) placed += std::count(day.sessions.begin(), day.sessions.end(), session.id);
        EXPECT_EQ(placed, session.days_per_week) << days << " physio days, " << phase.id << "/" << session.id;
      }
      EXPECT_EQ(phase.sessions.front().days_per_week, days) << phase.id;
      for (std::size_t d = 0; d < 7; ++d) {
        const PlanDay& before = own.phases[p].week[d];
        const PlanDay& after = phase.week[d];
        // The person's own sessions are where they were.
        std::vector<std::string> own_ids;
        for (const std::string& id : after.sessions) {
          if (id != "physio") own_ids.push_back(id);
        }
        EXPECT_EQ(own_ids, before.sessions) << days << " physio days, " << phase.id << " day " << d;
        if (after.minutes > plan.minutes_per_day) over = true;
      }
    }
    EXPECT_EQ(over, has_note(plan, "clinician_over_minutes", "more than the")) << days;
  }
}

TEST(Prescription, RemovedTechniquesLeaveThePlanWithANote) {
  const Plan own = build_plan(clean_intake(), embedded_catalogue());
  ASSERT_FALSE(items_of(own, "forearm-roller-slide").empty());
  Prescription prescription;
  prescription.removed = {"forearm-roller-slide"};
  Catalogue catalogue;
  const Plan plan = prescribed_plan(clean_intake(), prescription, catalogue);
  EXPECT_TRUE(items_of(plan, "forearm-roller-slide").empty());
  EXPECT_TRUE(has_note(plan, "clinician_removed", "removed"));
  for (const PlanPhase& phase : plan.phases) {
    for (const PlanDay& day : phase.week) {
      for (const std::string& id : day.sessions) {
        const bool exists = std::any_of(phase.sessions.begin(), phase.sessions.end(),
                                        [&](const PlanSession& session) { return session.id == id; });
        EXPECT_TRUE(exists) << id << " is scheduled but no longer in " << phase.id;
      }
    }
  }
}

TEST(Prescription, ARemovedHabitLeavesThePlanToo) {
  Intake desk_worker = clean_intake();
  desk_worker.profile.triggers = {"desk_work", "stress"};
  desk_worker.profile.desk_hours_per_day = 8;
  const Plan own = build_plan(desk_worker, embedded_catalogue());
  ASSERT_FALSE(own.habits.empty());
  Prescription prescription;
  prescription.removed = {own.habits.front().technique};
  Catalogue catalogue;
  const Plan plan = prescribed_plan(desk_worker, prescription, catalogue);
  for (const Habit& habit : plan.habits) EXPECT_NE(habit.technique, prescription.removed.front());
  EXPECT_TRUE(has_note(plan, "clinician_removed", "removed"));
}

TEST(Prescription, AnItemThePersonsAnswersRuleOutIsLeftOutWithTheReason) {
  Intake intake = clean_intake();
  intake.profile.constraints.insert("cannot_kneel");
  const std::vector<RuleOut> rules = rule_outs(kneeling_rows(), intake);
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].rule, "cannot_kneel");
  // In words people read: the position too, not its vocabulary name.
  EXPECT_EQ(rules[0].reason, "the patient cannot kneel, and this is done on hands and knees");
  EXPECT_EQ(rules[0].for_you, "you said kneeling is hard, and this is done on hands and knees");
  Catalogue catalogue;
  const Plan plan = prescribed_plan(intake, with_custom(kneeling_rows()), catalogue);
  EXPECT_TRUE(items_of(plan, "custom-1").empty());
  EXPECT_TRUE(has_note(plan, "clinician_item_ruled_out", "you said kneeling is hard"));
}

TEST(Prescription, AnOverrideOfEveryRuleLetsTheItemInWithTheRecordShown) {
  Intake intake = clean_intake();
  intake.profile.constraints.insert("cannot_kneel");
  Prescription prescription = with_custom(kneeling_rows());
  prescription.items[0].overrides = {{"cannot_kneel", "Pat Physio", "2026-12-07T09:30:00Z"}};
  Catalogue catalogue;
  const Plan plan = prescribed_plan(intake, prescription, catalogue);
  const auto items = items_of(plan, "custom-1");
  ASSERT_FALSE(items.empty());
  const std::vector<std::string>& cautions = items.front()->cautions;
  const bool recorded = std::any_of(cautions.begin(), cautions.end(), [](const std::string& caution) {
    return caution.find("Pat Physio") != std::string::npos && caution.find("2026-12-07") != std::string::npos &&
           caution.find("you said kneeling is hard") != std::string::npos;
  });
  EXPECT_TRUE(recorded);
  // An override of another rule does not cover this one.
  prescription.items[0].overrides = {{"wrist_pain", "Pat Physio", "2026-12-07T09:30:00Z"}};
  EXPECT_TRUE(items_of(prescribed_plan(intake, prescription, catalogue), "custom-1").empty());
}

TEST(Prescription, AKnowledgeBaseTechniqueIsRuledOutExactlyWhenThePlanEngineFindsNoSafeForm) {
  std::vector<Intake> people(5, clean_intake());
  people[1].profile.cautions = {"reduced_skin_sensation", "raynauds"};
  people[2].profile.constraints = {"cannot_kneel", "cannot_lie_on_floor", "wrist_pain", "shoulder_pain_overhead"};
  people[3].history = {"pregnant"};
  people[4].profile.equipment = {"foam_roller", "resistance_band", "massage_ball", "heat_pack", "cold_pack"};
  int ruled_out = 0;
  for (const Intake& person : people) {
    for (const Technique& technique : embedded_catalogue().techniques) {
      const bool safe = safe_form(technique, person).has_value();
      EXPECT_EQ(rule_outs(technique, person).empty(), safe) << technique.id;
      ruled_out += safe ? 0 : 1;
    }
  }
  EXPECT_GT(ruled_out, 0);  // the people above do rule some out
}

TEST(Prescription, ARuledOutTechniqueNamesTheRule) {
  Intake intake = clean_intake();
  intake.profile.cautions = {"raynauds"};
  const Technique* cold = embedded_catalogue().find_technique("cold-pack");
  ASSERT_NE(cold, nullptr);
  const std::vector<RuleOut> rules = rule_outs(*cold, intake);
  const bool named = std::any_of(rules.begin(), rules.end(), [](const RuleOut& rule) { return rule.rule == "raynauds"; });
  EXPECT_TRUE(named);
}

TEST(Prescription, AnUrgentScreenStopsEverythingRegardlessOfThePrescription) {
  Intake intake = clean_intake();
  intake.symptoms.insert("chest_pain_or_pressure");
  Catalogue catalogue;
  const Plan plan = prescribed_plan(intake, with_custom(kneeling_rows()), catalogue);
  EXPECT_EQ(plan.status, PlanStatus::kRefer);
  EXPECT_TRUE(items_of(plan, "custom-1").empty());
  EXPECT_TRUE(has_note(plan, "clinician_on_hold", "on hold"));
}

TEST(Prescription, PrescribedDoseWinsOverTheTechniquesOwn) {
  Prescription prescription;
  Dose dose;
  dose.sets = 3;
  dose.reps = 12;
  prescription.items = {{"shoulder-blade-squeeze", dose, "", {}}};
  Catalogue catalogue;
  const Plan plan = prescribed_plan(clean_intake(), prescription, catalogue);
  const auto items = items_of(plan, "shoulder-blade-squeeze");
  const bool prescribed = std::any_of(items.begin(), items.end(), [&](const PlanItem* item) {
    return item->source == "clinician" && item->dose == dose;
  });
  EXPECT_TRUE(prescribed);
}

TEST(Prescription, CheckNamesTheFieldThatIsWrong) {
  const Catalogue& catalogue = embedded_catalogue();
  auto message = [&](const Prescription& prescription) {
    auto checked = check_prescription(prescription, catalogue);
    return checked ? std::string("ok") : checked.error().message;
  };
  Prescription unknown;
  unknown.items = {{"dragon-pose", std::nullopt, "", {}}};
  EXPECT_NE(message(unknown).find("items[0].technique"), std::string::npos);

  Prescription no_steps = with_custom(kneeling_rows());
  no_steps.custom_exercises[0].steps.clear();
  EXPECT_NE(message(no_steps).find("custom_exercises[0].steps"), std::string::npos);

  Prescription braces = with_custom(kneeling_rows());
  braces.custom_exercises[0].steps[1] = "Do {reps} lifts";
  EXPECT_NE(message(braces).find("custom_exercises[0].steps[1]"), std::string::npos);

  Prescription bad_dose = with_custom(kneeling_rows());
  bad_dose.custom_exercises[0].dose.reps = 500;
  EXPECT_NE(message(bad_dose).find("custom_exercises[0].dose reps"), std::string::npos);

  Prescription days = with_custom(kneeling_rows());
  days.days_per_week = 9;
  EXPECT_NE(message(days).find("days_per_week"), std::string::npos);

  Prescription gear = with_custom(kneeling_rows());
  gear.custom_exercises[0].equipment = {"trampoline"};
  EXPECT_NE(message(gear).find("custom_exercises[0].equipment[0]"), std::string::npos);

  Prescription both;
  both.items = {{"cat-camel", std::nullopt, "", {}}};
  both.removed = {"cat-camel"};
  EXPECT_NE(message(both).find("removed[0]"), std::string::npos);

  EXPECT_EQ(message(with_custom(kneeling_rows())), "ok");
}

}  // namespace
}  // namespace unknot
