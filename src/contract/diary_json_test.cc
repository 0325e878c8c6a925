#include "contract/diary_json.h"

#include <gtest/gtest.h>

namespace unknot::contract {
namespace {

TEST(DiaryJson, ContractExamplesParseAndRoundTrip) {
  const std::string lines =
      R"({"at": "2026-03-02T07:30:00", "type": "pain", "nprs": 6, "context": "morning"})"
      "\n"
      R"({"at": "2026-03-02T18:00:00", "type": "session", "session": "strength", "completed": true, "pain_during": 3, "items": [{"technique": "forearm-roller-slide", "reps": 30}]})"
      "\n\n"
      R"({"at": "2026-03-02", "type": "trigger", "trigger": "desk_work", "hours": 9})"
      "\n"
      R"({"at": "2026-03-04", "type": "symptom", "symptom": "arm_or_hand_numbness_or_tingling"})"
      "\n"
      R"({"at": "2026-03-04", "type": "note", "text": "long drive"})"
      "\n";
  auto entries = parse_diary_lines(lines, "diary.jsonl");
  ASSERT_TRUE(entries.ok()) << entries.error().message;
  ASSERT_EQ(5u, entries->size());
  EXPECT_EQ(30, *(*entries)[1].items[0].reps);
  for (const DiaryEntry& entry : *entries) {
    auto again = parse_diary_entry(diary_entry_to_json_text(entry), "x");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(entry, *again);
  }
}

TEST(DiaryJson, BadLinesNameTheLineAndTheKey) {
  struct Case {
    const char* line;
    const char* message;
  };
  const Case cases[] = {
      {R"({"at": "2026-03-02", "type": "pain", "nprs": 11})", "d.jsonl:2: nprs: must be from 0 to 10 (got 11)"},
      {R"({"at": "2026-03-02", "type": "pain"})", "d.jsonl:2: nprs: required for a pain entry"},
      {R"({"at": "2026-02-30", "type": "pain", "nprs": 3})",
       "d.jsonl:2: at: '2026-02-30' is not a date (2026-03-02) or date-time (2026-03-02T07:30:00)"},
      {R"({"at": "2026-03-02", "type": "nap"})",
       "d.jsonl:2: type: unknown value 'nap' (expected pain, session, trigger, symptom, note or break)"},
      {R"({"at": "2026-03-02", "type": "pain", "nprs": 3, "mood": 2})", "d.jsonl:2: unknown key 'mood' for a 'pain' entry"},
      {R"({"at": "2026-03-02", "type": "trigger", "trigger": "weather"})", "d.jsonl:2: trigger: unknown value 'weather'"},
      {R"({"at": "2026-03-02", "type": "pain", "nprs": 3, "context": "noon"})", "d.jsonl:2: context: unknown value 'noon'"},
      {R"({"at": "2026-03-02", "type": "pain", "nprs": 3)",
       "d.jsonl:2: invalid JSON: syntax error while parsing object - unexpected end of input; expected '}' (column 47)"},
  };
  for (const Case& c : cases) {
    auto entries = parse_diary_lines(std::string(R"({"at": "2026-03-01", "type": "note", "text": "ok"})") + "\n" + c.line,
                                     "d.jsonl");
    ASSERT_FALSE(entries.ok()) << c.line;
    EXPECT_EQ(ErrorKind::kBadInput, entries.error().kind);
    EXPECT_EQ(c.message, entries.error().message);
  }
}

// Every numeric limit of a diary line, on both sides: the last value in range is stored,
// the first one out of it is refused with the range in the message.
TEST(DiaryJson, NumericLimitsOnBothSides) {
  struct Case {
    std::string line;
    bool accepted;
  };
  const std::string pain = R"({"at": "2026-03-02", "type": "pain", "nprs": )";
  const std::string during = R"({"at": "2026-03-02", "type": "session", "session": "strength", "pain_during": )";
  const std::string reps =
      R"({"at": "2026-03-02", "type": "session", "session": "strength", "items": [{"technique": "x", "reps": )";
  const std::string hours = R"({"at": "2026-03-02", "type": "trigger", "trigger": "desk_work", "hours": )";
  const Case cases[] = {
      {pain + "0}", true},          {pain + "-1}", false},         {pain + "10}", true},
      {pain + "11}", false},        {during + "0}", true},         {during + "-1}", false},
      {during + "10}", true},       {during + "11}", false},       {reps + "0}]}", true},
      {reps + "-1}]}", false},      {reps + "1000}]}", true},      {reps + "1001}]}", false},
      {hours + "0}", true},         {hours + "-0.5}", false},      {hours + "24}", true},
      {hours + "24.5}", false},
  };
  for (const Case& c : cases) {
    auto entry = parse_diary_entry(c.line, "d.jsonl:1");
    EXPECT_EQ(c.accepted, entry.ok()) << c.line;
    if (!c.accepted && !entry.ok()) {
      EXPECT_EQ(ErrorKind::kBadInput, entry.error().kind);
      EXPECT_NE(entry.error().message.find(" from "), std::string::npos) << entry.error().message;
    }
  }
}

TEST(DiaryJson, CsvQuotesWhatNeedsQuoting) {
  DiaryEntry note;
  note.at = "2026-03-04";
  note.type = EntryType::kNote;
  note.text = "long drive, \"bad\" seat";
  EXPECT_EQ("2026-03-04,note,,,,,,,,,\"long drive, \"\"bad\"\" seat\",,\n", diary_entry_to_csv_row(note));
}

TEST(DiaryJson, CsvNeutralisesFormulasAndListsSessionItems) {
  DiaryEntry note;
  note.at = "2026-03-04";
  note.type = EntryType::kNote;
  for (const char* text : {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"}) {
    note.text = text;
    const std::string row = diary_entry_to_csv_row(note);
    const std::string cell = row.substr(std::string("2026-03-04,note,,,,,,,,,").size());
    EXPECT_TRUE(cell.starts_with("'") || cell.starts_with("\"'")) << row;
  }
  note.text = "=HYPERLINK(\"http://x\",\"y\")";
  EXPECT_EQ("2026-03-04,note,,,,,,,,,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,\n", diary_entry_to_csv_row(note));

  auto session = parse_diary_entry(
      R"({"at":"2026-03-02","type":"session","session":"strength","items":[{"technique":"wall-slide","reps":12},{"technique":"chin-tuck"}]})",
      "d:1");
  ASSERT_TRUE(session.ok()) << session.error().message;
  EXPECT_EQ("2026-03-02,session,,,strength,,,,,,,wall-slide:12;chin-tuck,\n", diary_entry_to_csv_row(*session));
}

TEST(DiaryJson, BreakEntriesRoundTripAndRejectUnknownOutcomes) {
  const std::string line = R"({"at":"2026-03-04T10:40:00","type":"break","technique":"shoulder-blade-squeeze","outcome":"done"})";
  auto entry = parse_diary_entry(line, "diary.jsonl:1");
  ASSERT_TRUE(entry.ok()) << entry.error().message;
  EXPECT_EQ(EntryType::kBreak, entry->type);
  EXPECT_EQ("shoulder-blade-squeeze", entry->technique);
  EXPECT_EQ("done", entry->outcome);
  EXPECT_EQ(line, diary_entry_to_json_text(*entry));
  EXPECT_EQ("2026-03-04T10:40:00,break,,,,,,,,,,shoulder-blade-squeeze,done\n", diary_entry_to_csv_row(*entry));

  auto later = parse_diary_entry(R"({"at":"2026-03-04","type":"break","technique":"posture-reset","outcome":"later"})", "d:2");
  ASSERT_FALSE(later.ok());
  EXPECT_EQ("d:2: outcome: unknown value 'later'", later.error().message);
  auto missing = parse_diary_entry(R"({"at":"2026-03-04","type":"break","outcome":"done"})", "d:3");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ("d:3: technique: required", missing.error().message);
  auto extra = parse_diary_entry(R"({"at":"2026-03-04","type":"break","technique":"x","outcome":"done","nprs":3})", "d:4");
  ASSERT_FALSE(extra.ok());
  EXPECT_EQ("d:4: unknown key 'nprs' for a 'break' entry", extra.error().message);
}

}  // namespace
}  // namespace unknot::contract
