// The pure parts of the stored summaries: the days with data, the newest warning sign, and
// the patient page's cache of judged patients.
#include "clinic/patient_summary.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace unknot::clinic {
namespace {

using test_util::pain_entry;

const int kToday = days_from_civil(2026, 3, 30);

DiaryEntry symptom_on(int day) {
  DiaryEntry entry;
  entry.at = iso_date(day);
  entry.type = EntryType::kSymptom;
  entry.symptom = "fever";
  return entry;
}

TEST(PatientSummary, DaysWithDataCountEachDayOnceWithinTheLastThirty) {
  EXPECT_EQ(days_with_data({}, kToday), 0);
  // Two entries on one day count once; today and 29 days back count; 30 back and tomorrow do not.
  EXPECT_EQ(days_with_data({pain_entry(kToday, 3), pain_entry(kToday, 4, "evening"), pain_entry(kToday - 29, 3),
                            pain_entry(kToday - 30, 3), pain_entry(kToday + 1, 3)},
                           kToday),
            2);
}

TEST(PatientSummary, TheNewestWarningSignWithinTheWindowIsItsDate) {
  EXPECT_FALSE(newest_warning_sign({pain_entry(kToday, 3)}, kToday));
  EXPECT_EQ(newest_warning_sign({symptom_on(kToday - 20), symptom_on(kToday - 3)}, kToday), iso_date(kToday - 3));
  EXPECT_FALSE(newest_warning_sign({symptom_on(kToday - kWarningSignDays)}, kToday));
  EXPECT_EQ(newest_warning_sign({symptom_on(kToday - kWarningSignDays + 1)}, kToday),
            iso_date(kToday - kWarningSignDays + 1));
}

TEST(PatientSummary, LevelsRoundTripThroughTheirCodes) {
  for (Level level : {Level::kSelfCare, Level::kSeeProfessional, Level::kUrgent, Level::kEmergency}) {
    EXPECT_EQ(level_from_code(std::string(to_string(level))), level);
  }
  EXPECT_FALSE(level_from_code("fine"));
}

std::shared_ptr<const PatientView> view_of(long long version) {
  auto view = std::make_shared<PatientView>();
  view->data_version = version;
  return view;
}

TEST(PatientViewCache, HitsOnlyTheSameVersionAndDayAndForgetsTheLeastRecentlyUsed) {
  SummaryStore::ViewCache cache(2);
  cache.put("a", kToday, view_of(3));
  EXPECT_TRUE(cache.find("a", 3, kToday));
  EXPECT_FALSE(cache.find("a", 4, kToday)) << "newer data: judged again";
  EXPECT_FALSE(cache.find("a", 3, kToday + 1)) << "a new day: judged again";
  cache.put("b", kToday, view_of(1));
  ASSERT_TRUE(cache.find("a", 3, kToday));  // a is now the most recently used
  cache.put("c", kToday, view_of(1));        // so b goes
  EXPECT_FALSE(cache.find("b", 1, kToday));
  EXPECT_TRUE(cache.find("a", 3, kToday));
  EXPECT_TRUE(cache.find("c", 1, kToday));
  cache.put("a", kToday, view_of(2));  // an older judgement that lost a race is not kept
  EXPECT_TRUE(cache.find("a", 3, kToday));
}

}  // namespace
}  // namespace unknot::clinic
