#include "contract/contract_json.h"

#include <gtest/gtest.h>

namespace unknot::contract {
namespace {

TEST(ContractJson, DoseHasOnlyTheFieldsThatApply) {
  Dose dose;
  dose.reps = 30;
  dose.per_side = true;
  EXPECT_EQ(R"({"reps":30,"per_side":true})", dose_to_json(dose).dump());
  EXPECT_EQ("{}", dose_to_json(Dose{}).dump());
}

TEST(ContractJson, TriageKeysInContractOrder) {
  Triage triage;
  triage.level = Level::kUrgent;
  triage.program_allowed = false;
  triage.reasons.push_back({"fever", "You said you have a fever."});
  triage.advice = "See a doctor today.";
  EXPECT_EQ(R"({"schema":"unknot.triage/1","level":"urgent","program_allowed":false,)"
            R"("reasons":[{"code":"fever","says":"You said you have a fever."}],"advice":"See a doctor today."})",
            triage_to_json(triage).dump());
}

TEST(ContractJson, ReferPlanHasNoPhasesAndOpenLastWeekIsNull) {
  Plan refer;
  refer.status = PlanStatus::kRefer;
  auto json = plan_to_json(refer);
  EXPECT_EQ("refer", json["status"]);
  EXPECT_TRUE(json["phases"].empty());

  Plan ok;
  ok.phases.push_back({"maintain", "Keep it gone", 9, std::nullopt, "Keep going.", {}, {}});
  auto weeks = plan_to_json(ok)["phases"][0]["weeks"];
  EXPECT_EQ(9, weeks[0]);
  EXPECT_TRUE(weeks[1].is_null());
}

}  // namespace
}  // namespace unknot::contract
