// The intake steps' checks and the plain-words rewrite of parser messages.
#include "web/intake_form.h"

#include <gtest/gtest.h>

namespace unknot::web {
namespace {

TEST(IntakeForm, AStepReportsEveryProblemOfItsOwnFieldsOnly) {
  // Step 3 (your pain): age wrong, weeks missing; minutes (step 5) is not its business.
  const FieldErrors errors =
      check_intake_step(3, {{"age", "7"}, {"pain_now", "4"}, {"minutes_per_day", "zero"}});
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].first, "age");
  EXPECT_EQ(errors[0].second, "Please give a number from 12 to 120.");
  EXPECT_EQ(errors[1].first, "weeks_since_onset");
  EXPECT_TRUE(check_intake_step(3, {{"age", "40"}, {"pain_now", "4"}, {"weeks_since_onset", "0.5"}}).empty());
  EXPECT_EQ(check_intake_step(5, {{"minutes_per_day", "zero"}, {"strength_days_per_week", "3"}}).size(), 1u);
  EXPECT_EQ(check_intake_step(3, {{"age", "40"}, {"weeks_since_onset", "1"}})[0].second,
            "Please choose a number from 0 to 10.");
}

TEST(IntakeForm, EachNumberBelongsToExactlyOneStep) {
  for (const IntakeNumber& number : intake_numbers()) {
    int steps_asking = 0;
    for (int step = 2; step <= kIntakeSteps; ++step) {
      const std::string html = intake_step_html("t", step, {}, {});
      if (html.find(std::string("name=\"") + number.name + "\"") != std::string::npos) ++steps_asking;
    }
    EXPECT_EQ(steps_asking, 1) << number.name;
  }
}

TEST(IntakeForm, ParserMessagesInTheQuestionsWords) {
  EXPECT_EQ(in_plain_words("pain.now: must be at most 10 (got 11)"),
            "\u201cHow bad is the pain right now?\u201d: must be at most 10 (got 11)");
  EXPECT_EQ(in_plain_words("the form: /profile/minutes_per_day: must be at least 5"),
            "\u201cHow many minutes a day can you give it?\u201d: must be at least 5");
  EXPECT_EQ(in_plain_words("average"), "average") << "a name inside a word stays";
}

}  // namespace
}  // namespace unknot::web
