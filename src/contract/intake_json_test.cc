#include "contract/intake_json.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/vocabulary.h"
#include "testing/test_util.h"

namespace unknot {
namespace {

using contract::intake_to_json_text;
using contract::parse_intake;

const char kValid[] = R"({
  "schema": "unknot.intake/1",
  "age": 42,
  "pain": {
    "now": 5,
    "worst_last_week": 7,
    "weeks_since_onset": 2.5,
    "onset": "gradual",
    "areas": ["between_shoulder_blades", "neck"],
    "started_after": "nothing",
    "worse_at_night": true
  },
  "symptoms": ["morning_stiffness_over_30_min"],
  "history": ["diabetes", "blood_thinners"],
  "self_care": {"weeks_tried": 1.5, "change": "same"},
  "profile": {
    "equipment": ["foam_roller", "massage_ball"],
    "constraints": ["cannot_kneel"],
    "cautions": ["raynauds"],
    "minutes_per_day": 20,
    "strength_days_per_week": 3,
    "desk_hours_per_day": 7.5,
    "triggers": ["desk_work", "stress"]
  }
}
)";

void expect_same(const Intake& a, const Intake& b) {
  EXPECT_EQ(a.age, b.age);
  EXPECT_EQ(a.pain.now, b.pain.now);
  EXPECT_EQ(a.pain.worst_last_week, b.pain.worst_last_week);
  EXPECT_EQ(a.pain.weeks_since_onset, b.pain.weeks_since_onset);
  EXPECT_EQ(a.pain.onset, b.pain.onset);
  EXPECT_EQ(a.pain.areas, b.pain.areas);
  EXPECT_EQ(a.pain.started_after, b.pain.started_after);
  EXPECT_EQ(a.pain.tearing_or_ripping, b.pain.tearing_or_ripping);
  EXPECT_EQ(a.pain.worse_breathing_in, b.pain.worse_breathing_in);
  EXPECT_EQ(a.pain.worse_cough_sneeze, b.pain.worse_cough_sneeze);
  EXPECT_EQ(a.pain.constant_unrelieved_by_rest_or_position,
            b.pain.constant_unrelieved_by_rest_or_position);
  EXPECT_EQ(a.pain.worse_at_night, b.pain.worse_at_night);
  EXPECT_EQ(a.symptoms, b.symptoms);
  EXPECT_EQ(a.history, b.history);
  EXPECT_EQ(a.self_care.weeks_tried, b.self_care.weeks_tried);
  EXPECT_EQ(a.self_care.change, b.self_care.change);
  EXPECT_EQ(a.profile.equipment, b.profile.equipment);
  EXPECT_EQ(a.profile.constraints, b.profile.constraints);
  EXPECT_EQ(a.profile.cautions, b.profile.cautions);
  EXPECT_EQ(a.profile.minutes_per_day, b.profile.minutes_per_day);
  EXPECT_EQ(a.profile.strength_days_per_week, b.profile.strength_days_per_week);
  EXPECT_EQ(a.profile.desk_hours_per_day, b.profile.desk_hours_per_day);
  EXPECT_EQ(a.profile.triggers, b.profile.triggers);
}

TEST(IntakeJson, ParsesAValidIntake) {
  auto parsed = parse_intake(kValid, "intake.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  const Intake& intake = *parsed;
  EXPECT_EQ(intake.age, 42);
  EXPECT_EQ(intake.pain.now, 5);
  EXPECT_EQ(intake.pain.worst_last_week, 7);
  EXPECT_DOUBLE_EQ(intake.pain.weeks_since_onset, 2.5);
  EXPECT_EQ(intake.pain.onset, "gradual");
  EXPECT_EQ(intake.pain.areas, (std::set<std::string>{"between_shoulder_blades", "neck"}));
  EXPECT_EQ(intake.pain.started_after, "nothing");
  EXPECT_TRUE(intake.pain.worse_at_night);
  EXPECT_FALSE(intake.pain.tearing_or_ripping);
  EXPECT_TRUE(intake.has_symptom("morning_stiffness_over_30_min"));
  EXPECT_EQ(intake.history, (std::set<std::string>{"blood_thinners", "diabetes"}));
  EXPECT_EQ(intake.self_care.weeks_tried, 1.5);
  EXPECT_EQ(intake.self_care.change, "same");
  EXPECT_EQ(intake.profile.equipment, (std::set<std::string>{"foam_roller", "massage_ball"}));
  EXPECT_TRUE(intake.has_constraint("cannot_kneel"));
  EXPECT_TRUE(intake.has_caution("raynauds"));
  EXPECT_EQ(intake.profile.minutes_per_day, 20);
  EXPECT_EQ(intake.profile.strength_days_per_week, 3);
  EXPECT_EQ(intake.profile.desk_hours_per_day, 7.5);
  EXPECT_EQ(intake.profile.triggers, (std::set<std::string>{"desk_work", "stress"}));
}

TEST(IntakeJson, MinimalIntakeLeavesOptionalAnswersEmpty) {
  auto parsed = parse_intake(
      R"({"schema": "unknot.intake/1", "age": 30, "pain": {"now": 3, "weeks_since_onset": 1}})",
      "intake.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_FALSE(parsed->pain.worst_last_week);
  EXPECT_FALSE(parsed->pain.onset);
  EXPECT_TRUE(parsed->pain.areas.empty());
  EXPECT_FALSE(parsed->self_care.weeks_tried);
  EXPECT_FALSE(parsed->profile.minutes_per_day);
  EXPECT_TRUE(parsed->profile.equipment.empty());
}

// `kValid` with the first `from` replaced by `to`.
std::string valid_with(const std::string& from, const std::string& to) {
  std::string text = kValid;
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// Every symptom name, quoted and comma-separated, in schema order.
std::string quoted_symptoms() {
  std::string text;
  for (std::string_view name : symptom_names()) {
    if (!text.empty()) text += ", ";
    text += "\"" + std::string(name) + "\"";
  }
  return text;
}

// The schema's limits include their ends: the first and last value in range are accepted,
// one step outside is refused.
TEST(IntakeJson, LimitsIncludeTheirEnds) {
  struct Case {
    std::string from;
    std::string to;
    bool accepted;
  };
  const Case cases[] = {
      {R"("age": 42,)", R"("age": 12,)", true},    {R"("age": 42,)", R"("age": 11,)", false},
      {R"("age": 42,)", R"("age": 120,)", true},   {R"("age": 42,)", R"("age": 121,)", false},
      {R"("now": 5,)", R"("now": 0,)", true},      {R"("now": 5,)", R"("now": -1,)", false},
      {R"("worst_last_week": 7,)", R"("worst_last_week": 10,)", true},
      {R"("worst_last_week": 7,)", R"("worst_last_week": 11,)", false},
  };
  for (const Case& c : cases) {
    auto parsed = parse_intake(valid_with(c.from, c.to), "intake.json");
    EXPECT_EQ(c.accepted, parsed.ok()) << c.to << (parsed.ok() ? "" : parsed.error().message);
  }
}

// A value at its limit is fine, so the message for a later mistake names that mistake, not
// the value at its limit (valijson decides; the explanation must agree with it).
TEST(IntakeJson, AValueAtItsLimitIsNotTheProblemNamed) {
  std::string both = valid_with(R"("age": 42,)", R"("age": 12,)");
  const auto at = both.find(R"("now": 5,)");
  ASSERT_NE(at, std::string::npos);
  both.replace(at, std::string(R"("now": 5,)").size(), R"("now": 11,)");
  auto refused = parse_intake(both, "intake.json");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message.find("age"), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find("now"), std::string::npos) << refused.error().message;
}

TEST(IntakeJson, ProblemsNameTheKeyAndWhatWasExpected) {
  struct Case {
    std::string name;
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"unknown_top_level_key", valid_with(R"("age": 42,)", R"("age": 42, "colour": "red",)"),
       "intake.json: unknown key 'colour'"},
      {"unknown_nested_key", valid_with(R"("now": 5,)", R"("now": 5, "foo": 1,)"),
       "intake.json: unknown key 'pain.foo'"},
      {"out_of_range", valid_with(R"("now": 5,)", R"("now": 11,)"),
       "intake.json: pain.now: must be at most 10 (got 11)"},
      {"below_range", valid_with(R"("age": 42,)", R"("age": 5,)"),
       "intake.json: age: must be at least 12 (got 5)"},
      {"wrong_type", valid_with(R"("age": 42,)", R"("age": "x",)"),
       "intake.json: age: must be a whole number (got text)"},
      {"fractional_integer", valid_with(R"("minutes_per_day": 20,)", R"("minutes_per_day": 20.5,)"),
       "intake.json: profile.minutes_per_day: must be a whole number (got a number)"},
      {"bad_enum", valid_with(R"(["morning_stiffness_over_30_min"])", R"(["sore_toe"])"),
       "intake.json: symptoms[0]: \"sore_toe\" is not one of " + quoted_symptoms()},
      {"missing_required", valid_with(R"("weeks_since_onset": 2.5,)", ""),
       "intake.json: pain.weeks_since_onset: required key is missing"},
      {"duplicate_entry", valid_with(R"(["diabetes", "blood_thinners"])", R"(["diabetes", "diabetes"])"),
       "intake.json: history: \"diabetes\" is listed twice"},
      {"wrong_schema", valid_with("unknot.intake/1", "unknot.intake/2"),
       "intake.json: schema: must be \"unknot.intake/1\" (got \"unknot.intake/2\")"},
      {"invalid_json_missing_comma", valid_with(R"("age": 42,)", R"("age": 42)"),
       // The comma is missing at the end of line 3; the parser notices at the next key.
       "intake.json:4:8: invalid JSON: syntax error while parsing object - unexpected string "
       "literal; expected '}'"},
      {"worst_below_now", valid_with(R"("worst_last_week": 7,)", R"("worst_last_week": 4,)"),
       "intake.json: pain.worst_last_week: 4 is lower than pain.now (5); the worst of the last "
       "week includes today"},
      {"self_care_longer_than_pain",
       valid_with(R"("weeks_tried": 1.5,)", R"("weeks_tried": 3,)"),
       "intake.json: self_care.weeks_tried: longer than pain.weeks_since_onset; self-care cannot "
       "start before the pain"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto parsed = parse_intake(c.text, "intake.json");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().kind, ErrorKind::kBadInput);
    EXPECT_EQ(parsed.error().message, c.message);
  }
}

TEST(IntakeJson, RoundTripKeepsEveryField) {
  auto parsed = parse_intake(kValid, "intake.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  const std::string text = intake_to_json_text(*parsed);
  auto again = parse_intake(text, "saved.json");
  ASSERT_TRUE(again) << again.error().message << "\n" << text;
  expect_same(*parsed, *again);
  EXPECT_EQ(intake_to_json_text(*again), text);
}

TEST(IntakeJson, RoundTripOfEveryFlag) {
  Intake intake;
  intake.age = 60;
  intake.pain.now = 2;
  intake.pain.weeks_since_onset = 0.25;
  intake.pain.onset = "sudden";
  intake.pain.started_after = "minor_fall_or_bump";
  intake.pain.tearing_or_ripping = true;
  intake.pain.worse_breathing_in = true;
  intake.pain.worse_cough_sneeze = true;
  intake.pain.constant_unrelieved_by_rest_or_position = true;
  intake.pain.worse_at_night = true;
  intake.symptoms = {"fever", "double_vision"};
  intake.self_care.change = "worse";
  auto again = parse_intake(intake_to_json_text(intake), "saved.json");
  ASSERT_TRUE(again) << again.error().message;
  expect_same(intake, *again);
}

// Every document reachable from a few valid ones by one change: each value replaced by a
// value of every kind (and at and past the limits the schema uses), each key removed, an
// unknown key added to each object.
std::vector<nlohmann::json> one_change_from(const nlohmann::json& document) {
  const std::vector<nlohmann::json> replacements = {
      0, 1, 2, 5, 10, 11, 12, 42, 42.0, 42.5, 120, 121, -1, 100, 1e300, -0.5, 2.5, 168, 24, 25, 7, 8, "x", "",
      "gradual", "neck", "diabetes", "unknot.intake/1", true, false, nullptr, nlohmann::json::array(),
      nlohmann::json::object(), {"x"}, {"neck", "neck"}, {"neck"}, {"fever"}, {1}, {{"now", 1}}, {{"x", 1}}};
  std::vector<nlohmann::json> out;
  std::vector<nlohmann::json::json_pointer> pointers;
  const nlohmann::json leaves = document.flatten();
  for (const auto& [path, leaf] : leaves.items()) {
    for (auto pointer = nlohmann::json::json_pointer(path); !pointer.empty(); pointer = pointer.parent_pointer()) {
      pointers.push_back(pointer);
    }
  }
  for (const auto& pointer : pointers) {
    for (const nlohmann::json& replacement : replacements) {
      nlohmann::json changed = document;
      changed[pointer] = replacement;
      out.push_back(changed);
    }
    nlohmann::json removed = document;
    if (removed[pointer.parent_pointer()].is_object()) {
      removed[pointer.parent_pointer()].erase(pointer.back());
      out.push_back(removed);
    }
    nlohmann::json added = document;
    if (added[pointer].is_object()) {
      added[pointer]["unknown_key"] = 1;
      out.push_back(added);
    }
  }
  return out;
}

// intake_from_json asks valijson only when the quick check cannot vouch for a document; this
// holds the quick check to valijson's answer over thousands of near-valid documents, so a
// document the quick check passes (a saved intake, at every start) is one valijson passes.
TEST(IntakeJson, QuickSchemaCheckNeverAcceptsWhatValijsonRejects) {
  std::vector<nlohmann::json> valid = {nlohmann::json::parse(kValid)};
  for (const char* file : {"desk_worker.json", "emergency.json"}) {
    std::string text;
    ASSERT_TRUE(test_util::read_text_file(test_util::source_dir() + "/tests/data/" + file, text));
    valid.push_back(nlohmann::json::parse(text));
  }
  std::size_t documents = 0, quick = 0, valijson = 0;
  for (const nlohmann::json& document : valid) {
    // What unknot writes (`unknot start`) is what the quick check must pass.
    auto intake = contract::intake_from_json(document, "intake.json");
    ASSERT_TRUE(intake) << intake.error().message;
    EXPECT_TRUE(contract::meets_intake_schema_quickly(nlohmann::json::parse(intake_to_json_text(*intake))));
    for (const nlohmann::json& changed : one_change_from(document)) {
      const bool quick_yes = contract::meets_intake_schema_quickly(changed);
      const bool valijson_yes = contract::meets_intake_schema(changed);
      EXPECT_TRUE(!quick_yes || valijson_yes) << changed.dump();
      ++documents;
      quick += quick_yes;
      valijson += valijson_yes;
    }
  }
  EXPECT_GT(documents, 2000u);
  EXPECT_GT(quick, valijson * 9 / 10) << valijson;  // and passes nearly all the valid ones
  EXPECT_LT(valijson, documents);    // and there were invalid ones to refuse
}

}  // namespace
}  // namespace unknot
