// The safety-critical texts of the knowledge base: readable at Flesch-Kincaid grade 8 or
// below (issue 12), every technique stops on chest pain or breathlessness, and every
// sentence that names a level of care or a time frame agrees with the screen (issue 11).
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "core/readability.h"
#include "core/triage.h"
#include "testing/test_util.h"

namespace unknot {
namespace {

using test_util::clean_intake;
using test_util::embedded_catalogue;

constexpr double kMaxGrade = 8.0;

std::string joined(const std::vector<std::string>& parts) {
  std::string text;
  for (const std::string& part : parts) text += part + (part.empty() || part.back() == '.' ? " " : ". ");
  return text;
}

// The passages a person must understand first, by name, with their text.
std::vector<std::pair<std::string, std::string>> safety_critical_texts() {
  const Catalogue& kb = embedded_catalogue();
  std::vector<std::pair<std::string, std::string>> texts;
  for (const char* id : {"otc-pain-relief", "see-a-professional"}) {
    const Technique* technique = kb.find_technique(id);
    if (!technique) {
      ADD_FAILURE() << "technique " << id << " is missing";
      continue;
    }
    texts.emplace_back(std::string("technique ") + id + " steps", joined(technique->steps));
  }
  for (const char* id : {"when-to-see-a-professional", "otc-pain-relief"}) {
    const Topic* topic = kb.find_topic(id);
    if (!topic) {
      ADD_FAILURE() << "topic " << id << " is missing";
      continue;
    }
    texts.emplace_back(std::string("topic ") + id, joined(topic->body));
  }
  for (const auto& [level, text] : kb.safety.levels) texts.emplace_back("level " + level, text.advice);
  for (const auto& [code, says] : kb.safety.rule_says) texts.emplace_back("rule " + code, says);
  for (const Technique& technique : kb.techniques) {
    texts.emplace_back("stop rules of " + technique.id, joined(technique.stop_if));
  }
  return texts;
}

TEST(SafetyTexts, ReadAtGradeEightOrBelow) {
  const auto texts = safety_critical_texts();
  EXPECT_GT(texts.size(), 60u);
  for (const auto& [name, text] : texts) {
    ASSERT_FALSE(text.empty()) << name;
    const double grade = flesch_kincaid_grade(text);
    EXPECT_LE(grade, kMaxGrade) << name << " reads at grade " << grade << ": " << text;
  }
}

TEST(SafetyTexts, EveryTechniqueStopsOnChestPainOrBreathlessness) {
  const Catalogue& kb = embedded_catalogue();
  ASSERT_FALSE(kb.techniques.empty());
  for (const Technique& technique : kb.techniques) {
    const bool stops = std::any_of(technique.stop_if.begin(), technique.stop_if.end(), [](const std::string& rule) {
      return rule.find("hest pain") != std::string::npos && rule.find("reathless") != std::string::npos;
    });
    EXPECT_TRUE(stops) << technique.id << " has no stop rule for chest pain and breathlessness";
  }
}


// Every passage of the two "when to get help" texts that names a level of care, tied to the
// rule it describes: the passage must be in the text, and each sign it lists must make the
// screen say that level (issue 11: the texts had said "emergency" for pain spreading to the
// neck and "same day" for tingling, where the screen says self-care and "book").
struct LevelClaim {
  std::string text;       // "topic ID" or "technique ID"
  std::string passage;    // a substring of one paragraph or step
  Level level;
  std::vector<std::pair<std::string, std::function<void(Intake&)>>> signs;
};

std::string text_of(const std::string& name) {
  const Catalogue& kb = embedded_catalogue();
  if (name.rfind("topic ", 0) == 0) {
    const Topic* topic = kb.find_topic(name.substr(6));
    return topic ? joined(topic->body) : "";
  }
  const Technique* technique = kb.find_technique(name.substr(10));
  return technique ? joined(technique->steps) : "";
}

auto symptom(const char* name) {
  return std::pair<std::string, std::function<void(Intake&)>>{name, [name](Intake& i) { i.symptoms.insert(name); }};
}
auto change(const char* name, std::function<void(Intake&)> mutate) {
  return std::pair<std::string, std::function<void(Intake&)>>{name, std::move(mutate)};
}

std::vector<LevelClaim> level_claims() {
  const std::string topic = "topic when-to-see-a-professional";
  const std::string steps = "technique see-a-professional";
  const auto emergency_signs = std::vector{
      symptom("chest_pain_or_pressure"), symptom("shortness_of_breath"), symptom("cold_sweat_or_nausea"),
      change("arm_or_jaw_pain_with_effort",
             [](Intake& i) {
               i.symptoms.insert("pain_spreads_to_arm_or_jaw");
               i.symptoms.insert("pain_on_exertion");
             }),
      change("tearing", [](Intake& i) { i.pain.tearing_or_ripping = true; })};
  auto topic_emergency = emergency_signs;
  topic_emergency.push_back(symptom("coughing_blood"));
  topic_emergency.push_back(symptom("lightheaded_or_fainting"));
  const auto urgent_signs = std::vector{
      symptom("fever"), symptom("unexplained_weight_loss"),
      change("never_eases", [](Intake& i) { i.pain.constant_unrelieved_by_rest_or_position = true; }),
      change("cancer", [](Intake& i) { i.history.insert("cancer"); }),
      change("sudden_no_reason", [](Intake& i) { i.pain.onset = "sudden"; }),
      symptom("arm_or_hand_weakness_or_clumsiness")};
  auto topic_urgent = urgent_signs;
  topic_urgent.push_back(symptom("lump_or_back_shape_change"));
  topic_urgent.push_back(change("breathing_in_with_clot_risk", [](Intake& i) {
    i.pain.worse_breathing_in = true;
    i.history.insert("surgery_last_3_months");
  }));
  auto steps_urgent = urgent_signs;
  steps_urgent.push_back(change("small_fall_over_50", [](Intake& i) {
    i.age = 55;
    i.pain.started_after = "minor_fall_or_bump";
  }));
  return {
      {topic, "Call your emergency number now", Level::kEmergency, topic_emergency},
      {topic, "Also call your emergency number", Level::kEmergency,
       {change("serious_accident", [](Intake& i) { i.pain.started_after = "major_accident"; }),
        symptom("both_legs_numb_weak_or_tingling"), symptom("bladder_or_bowel_change"), symptom("stroke_signs"),
        symptom("double_vision"), symptom("sudden_worst_headache"),
        change("blackouts_with_neck_pain",
               [](Intake& i) {
                 i.pain.areas.insert("neck");
                 i.symptoms.insert("drop_attacks_or_blackouts");
               })}},
      {topic, "See a doctor today, or within a day or two", Level::kUrgent, topic_urgent},
      {topic, "Book a GP or physiotherapist in the next week or two", Level::kSeeProfessional,
       {change("severe", [](Intake& i) { i.pain.now = 8; }),
        change("getting_worse", [](Intake& i) { i.self_care.change = "worse"; }),
        symptom("arm_or_hand_numbness_or_tingling")}},
      {steps, "Call your emergency number now", Level::kEmergency, emergency_signs},
      {steps, "See a doctor today", Level::kUrgent, steps_urgent},
      {steps, "Book a GP or physiotherapist in the next week or two", Level::kSeeProfessional,
       {symptom("arm_or_hand_numbness_or_tingling"), change("age_55_new_pain", [](Intake& i) { i.age = 55; }),
        change("steroids", [](Intake& i) { i.history.insert("long_term_steroids"); }),
        change("osteoporosis", [](Intake& i) { i.history.insert("osteoporosis"); }),
        symptom("feeling_generally_unwell")}},
  };
}

TEST(SafetyTexts, EveryLevelTheTextsNameIsTheLevelTheScreenGives) {
  const SafetyText& safety = embedded_catalogue().safety;
  for (const LevelClaim& claim : level_claims()) {
    SCOPED_TRACE(claim.text + ": " + claim.passage);
    EXPECT_NE(text_of(claim.text).find(claim.passage), std::string::npos) << "passage not found";
    for (const auto& [name, mutate] : claim.signs) {
      Intake intake = clean_intake();
      mutate(intake);
      EXPECT_EQ(to_string(triage(intake, safety).level), to_string(claim.level)) << name;
    }
  }
}

// A pain spreading to the neck, or tingling alone, must not be named as an emergency or
// same-day sign again: the screen says self-care and "book" for them.
TEST(SafetyTexts, NoTextCallsAnAmbulanceForSignsTheScreenDoesNot) {
  for (const char* name : {"topic when-to-see-a-professional", "technique see-a-professional"}) {
    const std::string text = text_of(name);
    ASSERT_FALSE(text.empty()) << name;
    EXPECT_EQ(text.find("the neck, or the jaw"), std::string::npos) << name;
    EXPECT_EQ(text.find("same day"), std::string::npos) << name;
    EXPECT_EQ(text.find("2 to 4 weeks"), std::string::npos) << name;
  }
}

// "No better after N weeks of self-care" in the texts is the screen's own threshold: at N
// weeks with no change the screen asks for a professional; just under N it does not.
TEST(SafetyTexts, TheWeeksOfSelfCareTheTextsNameAreTheScreensThreshold) {
  const SafetyText& safety = embedded_catalogue().safety;
  const std::regex weeks(R"(no better after (\d+) weeks of self-care)");
  for (const char* name : {"topic when-to-see-a-professional", "technique see-a-professional"}) {
    SCOPED_TRACE(name);
    const std::string text = text_of(name);
    std::smatch match;
    ASSERT_TRUE(std::regex_search(text, match, weeks)) << "no 'no better after N weeks of self-care'";
    const double stated = std::stod(match[1].str());
    auto level_after = [&](double tried) {
      Intake intake = clean_intake();
      intake.pain.weeks_since_onset = 10;
      intake.self_care.weeks_tried = tried;
      intake.self_care.change = "same";
      return triage(intake, safety).level;
    };
    EXPECT_EQ(level_after(stated), Level::kSeeProfessional);
    EXPECT_EQ(level_after(stated - 0.1), Level::kSelfCare);
  }
}

// The levels' own advice names the time frames the reference gives (clinical.md §1.3:
// same day or within 24-48 hours; §1.2: call the emergency number now).
TEST(SafetyTexts, LevelAdviceNamesTheReferenceTimeFrames) {
  const SafetyText& safety = embedded_catalogue().safety;
  EXPECT_NE(safety.levels.at("emergency").advice.find("Call your local emergency number now"), std::string::npos);
  EXPECT_NE(safety.levels.at("urgent").advice.find("today, or at the latest within 24 to 48 hours"),
            std::string::npos);
  EXPECT_NE(safety.levels.at("see_professional").advice.find("in the next week or two"), std::string::npos);
}

}  // namespace
}  // namespace unknot
