#include "core/diary_check.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/plan.h"
#include "core/prescription.h"
#include "testing/test_util.h"

namespace unknot {
namespace {

DiaryEntry session_entry(const std::string& session, const std::string& technique = "") {
  DiaryEntry entry;
  entry.at = "2026-03-02";
  entry.type = EntryType::kSession;
  entry.session = session;
  if (!technique.empty()) entry.items.push_back({technique, 10});
  return entry;
}

const int kToday = days_from_civil(2026, 3, 2);

TEST(DiaryCheck, EverySessionAPlanBuildsIsAKnownSessionId) {
  const Catalogue& catalogue = test_util::embedded_catalogue();
  Intake irritable = test_util::clean_intake();
  irritable.pain.now = 8;
  std::vector<std::string> built;
  for (const Intake& person : {test_util::clean_intake(), irritable}) {
    for (const PlanPhase& phase : build_plan(person, catalogue).phases) {
      for (const PlanSession& session : phase.sessions) built.push_back(session.id);
    }
  }
  // A physiotherapist's prescription adds its own session (core/prescription.h).
  Prescription prescription;
  prescription.items = {{"shoulder-blade-squeeze", std::nullopt, "", {}}};
  const Intake person = test_util::clean_intake();
  for (const PlanPhase& phase : apply_prescription(build_plan(person, catalogue), prescription, catalogue, person).phases) {
    for (const PlanSession& session : phase.sessions) built.push_back(session.id);
  }
  ASSERT_FALSE(built.empty());
  for (const std::string& id : built) {
    EXPECT_FALSE(new_entry_problem(session_entry(id), catalogue, kToday)) << id;
  }
  for (std::string_view id : plan_session_ids()) {
    EXPECT_NE(built.end(), std::find(built.begin(), built.end(), id)) << "no plan builds session " << id;
  }
}

TEST(DiaryCheck, UnknownSessionsAndTechniquesAreRefused) {
  const Catalogue& catalogue = test_util::embedded_catalogue();
  EXPECT_EQ("session: unknown session 'nosuchsession' (expected one of: daily-relief, strength, relief-as-needed, physio)",
            new_entry_problem(session_entry("nosuchsession"), catalogue, kToday).value_or("(accepted)"));
  EXPECT_EQ("items: unknown technique 'not-a-technique'; `unknot techniques list` shows them all",
            new_entry_problem(session_entry("strength", "not-a-technique"), catalogue, kToday).value_or("(accepted)"));
  const std::string known = catalogue.techniques.front().id;
  EXPECT_FALSE(new_entry_problem(session_entry("strength", known), catalogue, kToday));
  DiaryEntry unknown_break;
  unknown_break.at = "2026-03-02";
  unknown_break.type = EntryType::kBreak;
  unknown_break.technique = "nope";
  unknown_break.outcome = "done";
  EXPECT_TRUE(new_entry_problem(unknown_break, catalogue, kToday));
}

TEST(DiaryCheck, MoreThanADayAheadIsRefused) {
  const Catalogue& catalogue = test_util::embedded_catalogue();
  DiaryEntry pain = test_util::pain_entry(kToday + 1, 3);
  EXPECT_FALSE(new_entry_problem(pain, catalogue, kToday));
  pain = test_util::pain_entry(kToday + 2, 3);
  EXPECT_TRUE(new_entry_problem(pain, catalogue, kToday));
  pain.at = "2099-01-01";
  EXPECT_EQ("at: '2099-01-01' is in the future; give the date it happened (or leave it out for now)",
            new_entry_problem(pain, catalogue, kToday).value_or("(accepted)"));
}

}  // namespace
}  // namespace unknot
