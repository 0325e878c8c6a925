#include "storage/facts_snapshot.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace unknot::storage {
namespace {

EntryFacts facts_at(int day, int second, EntryType type) {
  EntryFacts facts;
  facts.day = day;
  facts.second = second;
  facts.type = type;
  return facts;
}

// A small diary of every kind of fact: a morning reading, a strength session with two items,
// a trigger, a break, a date-only note; in time order, as the store writes a snapshot.
DiaryFacts small_diary() {
  DiaryFacts diary;
  EntryFacts pain = facts_at(20514, 27000, EntryType::kPain);
  pain.nprs = 4;
  pain.context = PainContext::kMorning;
  diary.entries.push_back(pain);
  EntryFacts session = facts_at(20514, 64800, EntryType::kSession);
  session.strength_session = true;
  session.completed = true;
  session.pain_during = 3;
  session.first_item = 0;
  session.item_count = 2;
  diary.items = {diary.name_index("wall-angel"), diary.name_index("prone-y-raise")};
  diary.entries.push_back(session);
  EntryFacts trigger = facts_at(20515, -1, EntryType::kTrigger);
  trigger.trigger = diary.name_index("desk_work");
  diary.entries.push_back(trigger);
  EntryFacts pause = facts_at(20515, 36900, EntryType::kBreak);
  pause.outcome = BreakOutcome::kSnoozed;
  diary.entries.push_back(pause);
  diary.entries.push_back(facts_at(20516, -1, EntryType::kNote));
  return diary;
}

TEST(FactsSnapshot, ADiaryComesBackAsItWasWrittenAndTheLayoutIsPinned) {
  // Given facts of every kind, the snapshot decodes to the same facts, read whole or a few
  // bytes at a time; its first bytes are the "UKF1" magic and its size is what the documented
  // layout says (a change to the layout must be a new magic, not a silent edit).
  const DiaryFacts diary = small_diary();
  const std::string bytes = encode_facts_snapshot(diary);
  EXPECT_EQ("UKF1", bytes.substr(0, 4));
  std::size_t names = 0;
  for (const std::string& name : diary.names) names += 4 + name.size();
  EXPECT_EQ(4 + 4 + names + 4 + 4 * diary.items.size() + 4 + 20 * diary.entries.size(), bytes.size());
  DiaryFacts whole;
  ASSERT_TRUE(decode_facts_snapshot(bytes, whole));
  EXPECT_EQ(diary.entries, whole.entries);
  EXPECT_EQ(diary.names, whole.names);
  EXPECT_EQ(diary.items, whole.items);
  int calls = 0;
  DiaryFacts pieces;
  ASSERT_TRUE(decode_facts_snapshot(
      bytes.size(),
      [&](unsigned char* out, std::size_t size, std::size_t offset) {
        ++calls;
        EXPECT_LE(offset + size, bytes.size());
        std::copy(bytes.begin() + static_cast<long>(offset), bytes.begin() + static_cast<long>(offset + size), out);
        return true;
      },
      pieces));
  EXPECT_EQ(diary.entries, pieces.entries);
  EXPECT_EQ(1, calls);  // small: one buffer's worth
}

TEST(FactsSnapshot, ALongDiaryIsReadInPiecesAndAFailingReadFailsTheDecode) {
  // Given 5,000 entries (100 KB, several buffers' worth), the decode asks for it in pieces
  // and gives it back whole; when a read fails half-way, it fails and leaves nothing.
  DiaryFacts diary;
  for (int index = 0; index < 5000; ++index) {
    EntryFacts pain = facts_at(20000 + index / 4, 3600 * (index % 4), EntryType::kPain);
    pain.nprs = static_cast<std::int8_t>(index % 11);
    diary.entries.push_back(pain);
  }
  const std::string bytes = encode_facts_snapshot(diary);
  int calls = 0;
  auto reader = [&](bool fail_third) {
    return [&, fail_third](unsigned char* out, std::size_t size, std::size_t offset) {
      if (++calls == 3 && fail_third) return false;
      std::copy(bytes.begin() + static_cast<long>(offset), bytes.begin() + static_cast<long>(offset + size), out);
      return true;
    };
  };
  DiaryFacts read;
  ASSERT_TRUE(decode_facts_snapshot(bytes.size(), reader(false), read));
  EXPECT_EQ(diary.entries, read.entries);
  EXPECT_GT(calls, 3);
  calls = 0;
  DiaryFacts failed;
  EXPECT_FALSE(decode_facts_snapshot(bytes.size(), reader(true), failed));
  EXPECT_TRUE(failed.entries.empty() && failed.names.empty() && failed.items.empty());
}

TEST(FactsSnapshot, BytesNoDiaryCouldHaveWrittenAreRefusedAndLeaveNothing) {
  // Each change below makes a snapshot no store writes; every one is refused, and the facts
  // it was decoding into are left empty.
  const std::string good = encode_facts_snapshot(small_diary());
  auto with = [&](std::size_t at, std::string bytes) {
    std::string changed = good;
    changed.replace(at, bytes.size(), bytes);
    return changed;
  };
  const std::size_t names_end = 8 + (4 + 10) + (4 + 13) + (4 + 9);  // wall-angel, prone-y-raise, desk_work
  const std::size_t entries = names_end + 4 + 2 * 4 + 4;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty", ""},
      {"another magic", with(0, "UKF2")},
      {"cut short", good.substr(0, good.size() - 1)},
      {"a byte left over", good + std::string(1, '\0')},
      {"more names than bytes", with(4, std::string("\xff\xff\xff\x7f", 4))},
      {"a name longer than the rest", with(8, std::string("\xff\xff\x00\x00", 4))},
      {"an item past the names", with(names_end + 4, std::string("\x03\x00\x00\x00", 4))},
      {"more entries than bytes", with(entries - 4, std::string("\x06\x00\x00\x00", 4))},
      {"a packing that does not unpack", with(entries, std::string(8, '\xff'))},
      {"a trigger past the names", with(entries + 2 * 20 + 8, std::string("\x07\x00\x00\x00", 4))},
      {"items past the items", with(entries + 20 + 16, std::string("\x03\x00\x00\x00", 4))},
      {"entries out of time order", with(entries, good.substr(entries + 20, 20) + good.substr(entries, 20))},
  };
  for (const auto& [what, bytes] : cases) {
    DiaryFacts diary;
    EXPECT_FALSE(decode_facts_snapshot(bytes, diary)) << what;
    EXPECT_TRUE(diary.entries.empty() && diary.names.empty() && diary.items.empty()) << what;
  }
  DiaryFacts diary;
  EXPECT_TRUE(decode_facts_snapshot(good, diary));
}

TEST(FactsSnapshot, PackingRoundTripsEveryValueItHolds) {
  // Every type, context, outcome, reading and completion, at a date alone and at the last
  // second of a day, far before and after 1970: unpacked as packed.
  for (EntryType type : {EntryType::kPain, EntryType::kSession, EntryType::kTrigger, EntryType::kSymptom,
                         EntryType::kNote, EntryType::kBreak}) {
    for (int second : {-1, 0, 86399}) {
      for (int day : {-700000, 0, 20514, 2900000}) {
        EntryFacts facts = facts_at(day, second, type);
        facts.context = PainContext::kAfterSession;
        facts.outcome = BreakOutcome::kSkipped;
        facts.nprs = 10;
        facts.pain_during = 0;
        facts.completed = false;
        EXPECT_EQ(facts, unpack_facts(pack_facts(facts)));
      }
    }
  }
  EXPECT_FALSE(unpack_facts(-1));
  EXPECT_FALSE(unpack_facts(std::int64_t{1} << 61));
}

}  // namespace
}  // namespace unknot::storage
