#include "core/step_text.h"

#include <gtest/gtest.h>

namespace unknot {
namespace {

Dose strength_dose() {
  Dose dose;
  dose.sets = 2;
  dose.reps = 12;
  dose.rest_s = 60;
  return dose;
}

TEST(StepText, FillsPlaceholdersFromTheDose) {
  Dose heat;
  heat.duration_s = 300;
  EXPECT_EQ(render_step("Set a timer for {duration}.", heat), "Set a timer for 5 minutes.");
  EXPECT_EQ(render_step("Do {sets_of_reps}.", strength_dose()), "Do 2 sets of 12, resting 1 minute between sets.");
  Dose halved = strength_dose();
  halved.sets = 1;
  halved.reps = 6;
  EXPECT_EQ(render_step("Do {sets_of_reps}.", halved), "Do 6.");
  Dose holds;
  holds.holds = 3;
  holds.hold_s = 30;
  EXPECT_EQ(render_step("Hold for {hold}, up to {holds}.", holds), "Hold for 30 seconds, up to 3 holds.");
  holds.holds = 1;
  EXPECT_EQ(render_step("{holds}", holds), "1 hold");
}

TEST(StepText, TimeWordsAreSingularOrPlural) {
  EXPECT_EQ(time_words(60), "1 minute");
  EXPECT_EQ(time_words(900), "15 minutes");
  EXPECT_EQ(time_words(90), "90 seconds");
  EXPECT_EQ(time_words(1), "1 second");
}

TEST(StepText, FindsTheNumbersATextStatesForADose) {
  auto numbers = stated_dose_numbers("Set a timer for 15 minutes. Do 30. Rest for a minute, then do a second set.");
  ASSERT_EQ(numbers.size(), 4u);
  EXPECT_EQ(numbers[0].field, DoseField::kRest);
  EXPECT_EQ(numbers[0].value, 60);
  EXPECT_EQ(numbers[1].field, DoseField::kDuration);
  EXPECT_EQ(numbers[1].value, 900);
  EXPECT_EQ(numbers[2].field, DoseField::kSets);
  EXPECT_EQ(numbers[2].value, 2);
  EXPECT_EQ(numbers[3].field, DoseField::kReps);
  EXPECT_EQ(numbers[3].value, 30);
  // "2 sets of 12" is read once, as sets and reps, not again as "Do 2".
  numbers = stated_dose_numbers("Do 2 sets of 12, resting 30 seconds between sets.");
  ASSERT_EQ(numbers.size(), 3u);
  EXPECT_EQ(numbers[0].value, 2);
  EXPECT_EQ(numbers[1].value, 12);
  EXPECT_EQ(numbers[2].field, DoseField::kRest);
  EXPECT_EQ(numbers[2].value, 30);
  // Tempo, distances and pain levels are not dose numbers.
  EXPECT_TRUE(stated_dose_numbers("Lower it over 2 to 3 seconds, 2 to 5 centimetres, 5 out of 10.").empty());
}

TEST(StepText, RefusesALiteralNumberTheDoseOwns) {
  Dose heat;
  heat.duration_s = 900;
  EXPECT_TRUE(step_template_problem("Set a timer for 15 minutes.", heat));
  EXPECT_FALSE(step_template_problem("Set a timer for {duration}.", heat));
  EXPECT_TRUE(step_template_problem("Do 30.", strength_dose()));
  EXPECT_TRUE(step_template_problem("Do {reps}, then do a second set.", strength_dose()));
  EXPECT_FALSE(step_template_problem("Do {sets_of_reps}. Lower slowly over 2 to 3 seconds.", strength_dose()));
  // A number for a field the dose does not own is the step's own business.
  EXPECT_FALSE(step_template_problem("Pause for a second.", strength_dose()));
}

TEST(StepText, RefusesUnknownOrUnfillablePlaceholders) {
  auto problem = step_template_problem("Do {repz}.", strength_dose());
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("has an unknown placeholder {repz}"), std::string::npos);
  problem = step_template_problem("Hold for {hold}.", strength_dose());
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("hold"), std::string::npos);
}

}  // namespace
}  // namespace unknot
