// The report model: range, weeks, safety history, the diary table's limit, human words; and
// the two drawings of it (HTML escapes what it is given; the PDF is a real PDF).
#include "report/report.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/plan.h"
#include "core/review.h"
#include "report/report_html.h"
#include "report/report_pdf.h"
#include "testing/test_util.h"

namespace unknot::report {
namespace {

const int kMonday = days_from_civil(2026, 3, 2);

DiaryEntry strength_session(int day) {
  DiaryEntry entry;
  entry.at = iso_date(day) + "T18:00:00";
  entry.type = EntryType::kSession;
  entry.session = "strength";
  entry.completed = true;
  entry.pain_during = 3;
  return entry;
}

DiaryEntry symptom(int day, const std::string& name) {
  DiaryEntry entry;
  entry.at = iso_date(day);
  entry.type = EntryType::kSymptom;
  entry.symptom = name;
  return entry;
}

DiaryEntry note(int day, const std::string& text) {
  DiaryEntry entry;
  entry.at = iso_date(day);
  entry.type = EntryType::kNote;
  entry.text = text;
  return entry;
}

struct Fixture {
  Intake person = test_util::clean_intake();
  Plan plan = build_plan(person, test_util::embedded_catalogue());
  std::vector<DiaryEntry> diary;
  Review review;
  Report make(int today) {
    review = build_review(diary, today, plan.strength_days_per_week);
    return build_report({&person, &plan, &diary, &review, today});
  }
};

TEST(Report, WeeksRunFromTheFirstEntrysMondayToToday) {
  Fixture f;
  // Week 1: pain 6 every morning; week 2: 4 every morning and two strength sessions.
  for (int day = 0; day < 7; ++day) f.diary.push_back(test_util::pain_entry(kMonday + 2 + day, 6));
  for (int day = 7; day < 14; ++day) f.diary.push_back(test_util::pain_entry(kMonday + 2 + day, 4));
  f.diary.push_back(strength_session(kMonday + 10));
  f.diary.push_back(strength_session(kMonday + 12));
  const Report report = f.make(kMonday + 15);
  EXPECT_EQ(report.from, kMonday);
  EXPECT_EQ(report.to, kMonday + 15);
  EXPECT_EQ(report.period, "2026-03-02 to 2026-03-17 (3 weeks)");
  ASSERT_EQ(report.weeks.size(), 3u);
  EXPECT_EQ(report.weeks[0].label, "2026-03-02");
  // By hand: week 1 (Mon 2 to Sun 8): mornings on the 4th to the 8th, five readings of 6.
  EXPECT_EQ(report.weeks[0].pain_readings, 5);
  EXPECT_DOUBLE_EQ(*report.weeks[0].mean_pain, 6.0);
  // week 2 (9th to 15th): 6, 6 (the 9th and 10th), then 4 x 5.
  EXPECT_EQ(report.weeks[1].pain_readings, 7);
  EXPECT_NEAR(*report.weeks[1].mean_pain, (6 * 2 + 4 * 5) / 7.0, 1e-9);
  EXPECT_EQ(report.weeks[1].strength_sessions, 2);
  EXPECT_EQ(report.weeks[1].sessions, 2);
  EXPECT_EQ(report.weeks[2].pain_readings, 2);
  EXPECT_FALSE(report.verdict.empty());
  EXPECT_EQ(report.verdict.find('_'), std::string::npos) << report.verdict;
}

TEST(Report, ARangeIsAtMostTwelveWeeks) {
  Fixture f;
  f.diary.push_back(test_util::pain_entry(kMonday, 5));
  const Report report = f.make(kMonday + 7 * 20);
  EXPECT_EQ(report.weeks.size(), static_cast<size_t>(kMaxWeeks));
  EXPECT_EQ(report.from, kMonday + 7 * 20 - 7 * (kMaxWeeks - 1));
  EXPECT_TRUE(report.diary.empty()) << "the only entry is before the range";
}

TEST(Report, SafetyHistoryInPlainWordsAndTheDiaryKeepsItsLastRows) {
  Fixture f;
  f.diary.push_back(symptom(kMonday + 1, "fever"));
  for (int i = 0; i < kDiaryRows + 5; ++i) f.diary.push_back(note(kMonday + 2 + i % 7, "note " + std::to_string(i)));
  const Report report = f.make(kMonday + 9);
  ASSERT_EQ(report.safety_history.size(), 1u);
  EXPECT_EQ(report.safety_history[0].date, "2026-03-03");
  // The option's wording, not the stored key.
  EXPECT_NE(report.safety_history[0].detail.find("A fever (feeling hot"), std::string::npos)
      << report.safety_history[0].detail;
  EXPECT_EQ(report.diary.size(), static_cast<size_t>(kDiaryRows));
  EXPECT_EQ(report.diary_rows_left_out, 6);
  EXPECT_LE(report.diary.front().date, report.diary.back().date);
}

TEST(Report, IntakeAndPlanInWords) {
  Fixture f;
  f.person.history.insert("osteoporosis");
  const Report report = f.make(kMonday);
  ASSERT_FALSE(report.intake.empty());
  EXPECT_EQ(report.intake[0].label, "Age");
  EXPECT_EQ(report.intake[0].value, "35");
  bool history_found = false;
  for (const Fact& fact : report.intake) {
    EXPECT_EQ(fact.value.find('_'), std::string::npos) << fact.label << ": " << fact.value;
    if (fact.label == "Health history") history_found = fact.value != "none";
  }
  EXPECT_TRUE(history_found);
  EXPECT_EQ(report.plan.size(), f.plan.phases.size());
  EXPECT_FALSE(report.safety_now.empty());
}

TEST(Report, WithoutAnIntakeItStillSaysSo) {
  const std::vector<DiaryEntry> diary;
  const Report report = build_report({nullptr, nullptr, &diary, nullptr, kMonday});
  EXPECT_TRUE(report.intake.empty());
  EXPECT_TRUE(report.plan.empty());
  EXPECT_NE(report.safety_now.find("intake"), std::string::npos);
  const std::string html = report_main_html(report);
  EXPECT_NE(html.find("No intake answered"), std::string::npos);
}

TEST(ReportHtml, EscapesWhatItIsGiven) {
  Fixture f;
  f.diary.push_back(note(kMonday, "<b>bold</b> & more"));
  const std::string page = report_main_html(f.make(kMonday));
  EXPECT_EQ(page.find("<b>bold"), std::string::npos);
  EXPECT_NE(page.find("&lt;b&gt;bold&lt;/b&gt; &amp; more"), std::string::npos);
  EXPECT_NE(page.find("id=\"print\""), std::string::npos);
  const std::string document = report_document(f.make(kMonday), "main{color:red}");
  EXPECT_TRUE(document.starts_with("<!doctype html>"));
  EXPECT_NE(document.find("<style>main{color:red}</style>"), std::string::npos);
  EXPECT_EQ(document.find("id=\"print\""), std::string::npos) << "a file has no script for the button";
}

TEST(ReportPdf, WritesAPdfAndSaysWhenItCannot) {
  Fixture f;
  for (int day = 0; day < 40; ++day) f.diary.push_back(test_util::pain_entry(kMonday + day, 5 - day / 10));
  const std::string path = (std::filesystem::temp_directory_path() / "unknot_report_test.pdf").string();
  ASSERT_TRUE(write_report_pdf(f.make(kMonday + 40), path).ok());
  std::string bytes;
  ASSERT_TRUE(test_util::read_text_file(path, bytes));
  EXPECT_TRUE(bytes.starts_with("%PDF-")) << bytes.substr(0, 8);
  EXPECT_GT(bytes.size(), 2000u);
  std::filesystem::remove(path);
  const Status failed = write_report_pdf(f.make(kMonday), "/nonexistent-folder/report.pdf");
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("/nonexistent-folder/report.pdf"), std::string::npos);
}

}  // namespace
}  // namespace unknot::report
