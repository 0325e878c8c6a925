#include "core/diary_facts.h"

#include <gtest/gtest.h>

namespace unknot {
namespace {

DiaryEntry entry_at(const std::string& at, EntryType type) {
  DiaryEntry entry;
  entry.at = at;
  entry.type = type;
  return entry;
}

TEST(DiaryFacts, HoldWhatTheReviewAndInsightsRead) {
  DiaryEntry pain = entry_at("2026-03-02T07:30:05", EntryType::kPain);
  pain.nprs = 6;
  pain.context = "next_morning";
  DiaryEntry session = entry_at("2026-03-02", EntryType::kSession);
  session.session = "strength";
  session.completed = false;
  session.pain_during = 4;
  session.items = {{"band-row", 10}, {"wall-angel", std::nullopt}, {"band-row", 5}};
  DiaryEntry trigger = entry_at("2026-03-03", EntryType::kTrigger);
  trigger.trigger = "desk_work";
  DiaryEntry pause = entry_at("2026-03-03T10:00:00", EntryType::kBreak);
  pause.technique = "chin-tuck";
  pause.outcome = "skipped";
  DiaryEntry other = entry_at("2026-03-03T11:00:00", EntryType::kSession);
  other.session = "daily-relief";
  other.items = {{"wall-angel", 1}};
  const DiaryFacts facts = facts_of({pain, session, entry_at("2026-02-30", EntryType::kNote), trigger, pause, other});

  ASSERT_EQ(5u, facts.entries.size());  // the note dated 30 February is no date: left out
  const EntryFacts& reading = facts.entries[0];
  EXPECT_EQ(days_from_civil(2026, 3, 2), reading.day);
  EXPECT_EQ(7 * 3600 + 30 * 60 + 5, reading.second);
  EXPECT_EQ(PainContext::kNextMorning, reading.context);
  EXPECT_EQ(std::optional<std::int8_t>(6), reading.nprs);
  EXPECT_TRUE(is_morning_pain(reading));
  EXPECT_TRUE(has_time(reading));

  const EntryFacts& done = facts.entries[1];
  EXPECT_FALSE(has_time(done));
  EXPECT_TRUE(earlier(done, reading));  // a date alone comes before the times of that day
  EXPECT_FALSE(earlier(reading, done));
  EXPECT_TRUE(done.strength_session);
  EXPECT_EQ(std::optional<bool>(false), done.completed);
  EXPECT_EQ(std::optional<std::int8_t>(4), done.pain_during);
  std::vector<std::string> items;
  for (std::uint32_t item : facts.items_of(done)) items.push_back(facts.names[item]);
  EXPECT_EQ((std::vector<std::string>{"band-row", "wall-angel", "band-row"}), items);

  EXPECT_EQ("desk_work", facts.names[facts.entries[2].trigger]);
  EXPECT_EQ(EntryFacts::kNoName, facts.entries[1].trigger);
  EXPECT_EQ(std::optional<BreakOutcome>(BreakOutcome::kSkipped), facts.entries[3].outcome);
  EXPECT_FALSE(facts.entries[4].strength_session);
  // Each name once: "wall-angel" of the second session is the first one's.
  EXPECT_EQ(facts.items_of(done)[1], facts.items_of(facts.entries[4])[0]);
  EXPECT_EQ(3u, facts.names.size());
}

TEST(DiaryFacts, ContextsAndOutcomesOutsideTheVocabularyAreNone) {
  EXPECT_EQ(PainContext::kAfterSession, pain_context_named("after_session"));
  EXPECT_EQ(PainContext::kOther, pain_context_named("other"));
  EXPECT_EQ(PainContext::kNone, pain_context_named("Morning"));
  EXPECT_EQ(PainContext::kNone, pain_context_named(""));
  DiaryEntry pause = entry_at("2026-03-03", EntryType::kBreak);
  pause.outcome = "later";
  EXPECT_FALSE(facts_of({pause}).entries[0].outcome.has_value());
}

// `count` entries on days given by `day_of(i)`, each remembering its place in `second`.
std::vector<EntryFacts> numbered(int count, int (*day_of)(int)) {
  std::vector<EntryFacts> entries(static_cast<std::size_t>(count));
  for (int index = 0; index < count; ++index) {
    entries[static_cast<std::size_t>(index)].day = day_of(index);
    entries[static_cast<std::size_t>(index)].second = 0;
    entries[static_cast<std::size_t>(index)].first_item = static_cast<std::uint32_t>(index);  // the place it was in
  }
  return entries;
}

void expect_stable_time_order(const std::vector<EntryFacts>& entries) {
  for (std::size_t index = 1; index < entries.size(); ++index) {
    const EntryFacts& a = entries[index - 1];
    const EntryFacts& b = entries[index];
    ASSERT_FALSE(earlier(b, a)) << index;
    if (!earlier(a, b)) {
      ASSERT_LT(a.first_item, b.first_item) << "ties keep their order, at " << index;
    }
  }
}

TEST(DiaryFacts, PutInTimeOrderIsStableNearlySortedOrNot) {
  // Nearly in order (each day's entries shuffled a little), as a diary is added.
  std::vector<EntryFacts> nearly = numbered(5000, [](int index) { return index / 5 + (index % 5 == 4 ? -1 : 0); });
  put_in_time_order(nearly);
  expect_stable_time_order(nearly);
  // Newest first, with ties: far from order, so the merge sort takes over part way.
  std::vector<EntryFacts> reversed = numbered(5000, [](int index) { return (5000 - index) / 3; });
  put_in_time_order(reversed);
  expect_stable_time_order(reversed);
  std::vector<EntryFacts> none;
  put_in_time_order(none);
  EXPECT_TRUE(none.empty());
}

}  // namespace
}  // namespace unknot
