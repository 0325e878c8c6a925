#include "core/safety_status.h"

#include <gtest/gtest.h>

#include "core/plan.h"
#include "testing/test_util.h"

namespace unknot {
namespace {

using test_util::clean_intake;
using test_util::embedded_catalogue;

DiaryEntry symptom(const std::string& at, const std::string& name) {
  DiaryEntry entry;
  entry.at = at;
  entry.type = EntryType::kSymptom;
  entry.symptom = name;
  return entry;
}

TEST(SafetyStatus, LoggedSignsCountInsideTheRescreenWindowOnly) {
  const int as_of = *day_number("2026-03-30");
  const std::vector<DiaryEntry> diary = {
      symptom("2026-03-16", "fever"),                    // 14 days before: outside
      symptom("2026-03-17T08:00:00", "double_vision"),   // 13 days before: inside
      symptom("2026-03-29", "double_vision"),            // the same sign again: once
      symptom("2026-03-31", "coughing_blood"),           // after as_of: not yet
  };
  const auto logged = warning_signs_logged(diary, as_of);
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0].symptom, "double_vision");
  EXPECT_EQ(logged[0].at, "2026-03-17T08:00:00");
}

TEST(SafetyStatus, AnEmergencyLoggedAfterACleanIntakeIsTheStatus) {
  const SafetyText& text = embedded_catalogue().safety;
  const int as_of = *day_number("2026-03-30");
  const SafetyStatus clean = safety_status(clean_intake(), {}, as_of, text);
  EXPECT_EQ(clean.triage.level, Level::kSelfCare);
  const SafetyStatus after = safety_status(clean_intake(), {symptom("2026-03-29", "chest_pain_or_pressure")}, as_of, text);
  EXPECT_EQ(after.triage.level, Level::kEmergency);
  EXPECT_FALSE(after.triage.program_allowed);
  ASSERT_EQ(after.logged.size(), 1u);
  EXPECT_NE(logged_signs_text(after.logged).find("Chest pain"), std::string::npos);
  EXPECT_NE(logged_signs_text(after.logged).find("2026-03-29"), std::string::npos);
  EXPECT_EQ(logged_signs_text({}), "");
}

TEST(SafetyStatus, WithoutAnIntakeTheStandInAdultIsScreened) {
  const SafetyText& text = embedded_catalogue().safety;
  const int as_of = *day_number("2026-03-30");
  EXPECT_EQ(safety_status(std::nullopt, {}, as_of, text).triage.level, Level::kSelfCare);
  EXPECT_EQ(safety_status(std::nullopt, {symptom("2026-03-30", "fever")}, as_of, text).triage.level, Level::kUrgent);
}

TEST(SafetyStatus, ThePlanOnTheSameSignsSaysTheSame) {
  const Catalogue& kb = embedded_catalogue();
  const int as_of = *day_number("2026-03-30");
  const std::vector<DiaryEntry> diary = {symptom("2026-03-28", "fever")};
  const SafetyStatus status = safety_status(clean_intake(), diary, as_of, kb.safety);
  const Plan plan = build_plan(with_logged_signs(clean_intake(), status.logged), kb);
  EXPECT_EQ(plan.triage.level, status.triage.level);
  EXPECT_EQ(plan.status, PlanStatus::kRefer);
  ASSERT_EQ(plan.triage.reasons.size(), status.triage.reasons.size());
  for (std::size_t i = 0; i < plan.triage.reasons.size(); ++i) {
    EXPECT_EQ(plan.triage.reasons[i].says, status.triage.reasons[i].says);
  }
}

}  // namespace
}  // namespace unknot
