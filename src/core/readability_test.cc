#include "core/readability.h"

#include <gtest/gtest.h>

namespace unknot {
namespace {

TEST(Readability, SyllablesByRuleOfThumb) {
  EXPECT_EQ(syllables_in_word("pain"), 1);
  EXPECT_EQ(syllables_in_word("take"), 1);
  EXPECT_EQ(syllables_in_word("table"), 2);
  EXPECT_EQ(syllables_in_word("doctor"), 2);
  EXPECT_EQ(syllables_in_word("emergency"), 4);
  EXPECT_EQ(syllables_in_word("professional"), 4);
  EXPECT_EQ(syllables_in_word("asked"), 1);
  EXPECT_EQ(syllables_in_word("needed"), 2);
  EXPECT_EQ(syllables_in_word("the"), 1);
  EXPECT_EQ(syllables_in_word("10"), 1);
  EXPECT_EQ(syllables_in_word("Don't"), 1);
}

TEST(Readability, CountsWordsAndSentences) {
  const TextCounts counts = count_text("Stop now. Call 999! Is it worse? Rest for 2.5 hours");
  EXPECT_EQ(counts.words, 11);
  EXPECT_EQ(counts.sentences, 4);
  EXPECT_EQ(count_text("").words, 0);
  EXPECT_EQ(count_text("...").sentences, 0);
}

TEST(Readability, FleschKincaidGradeOfKnownTexts) {
  // 0.39 * 4/1 + 11.8 * 4/4 - 15.59 = -2.23: four one-syllable words.
  EXPECT_NEAR(flesch_kincaid_grade("The cat sat down."), -2.23, 1e-9);
  // Long words and a long sentence read at a high grade.
  const double hard = flesch_kincaid_grade(
      "Musculoskeletal practitioners conventionally recommend individualised physiotherapeutic "
      "rehabilitation incorporating progressive resistance training and comprehensive ergonomic "
      "modification.");
  EXPECT_GT(hard, 20);
  EXPECT_LT(flesch_kincaid_grade("Stop. Call for help now. Do not drive."), 3);
  EXPECT_EQ(flesch_kincaid_grade(""), 0);
}

}  // namespace
}  // namespace unknot
