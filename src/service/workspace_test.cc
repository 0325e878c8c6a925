#include "service/workspace.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <atomic>
#include <filesystem>
#include <thread>
#include <optional>
#include <string>

#include "storage/data_dir.h"
#include "testing/test_util.h"

namespace unknot::service {
namespace {

// Sets TZ for one test and puts the old value back.
class TimeZone {
 public:
  explicit TimeZone(const char* zone) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    setenv("TZ", zone, 1);
    tzset();
  }
  ~TimeZone() {
    if (old_) {
      setenv("TZ", old_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

 private:
  std::optional<std::string> old_;
};

TEST(UtcOffsetAt, FollowsDaylightSavingAtEachLocalTime) {
  TimeZone new_york("America/New_York");
  EXPECT_EQ("-04:00", utc_offset_at("2026-10-19T07:30:00"));  // daylight saving time
  EXPECT_EQ("-05:00", utc_offset_at("2026-11-09T07:30:00"));  // standard time (changed 1 November)
  EXPECT_EQ("-05:00", utc_offset_at("2026-03-07T12:00:00"));
  EXPECT_EQ("-04:00", utc_offset_at("2026-03-09T12:00:00"));  // after the 8 March change
}

TEST(UtcOffsetAt, HalfHourZonesAndBadInput) {
  TimeZone adelaide("Australia/Adelaide");
  EXPECT_EQ("+10:30", utc_offset_at("2026-01-15T09:00:00"));
  EXPECT_EQ("+09:30", utc_offset_at("2026-07-15T09:00:00"));
  EXPECT_EQ("", utc_offset_at("2026-07-15"));
  EXPECT_EQ("", utc_offset_at("soon"));
}


// The prescription a clinic sync stored: the plan and the catalogue pick it up; a damaged file
// is named in the warnings and changes nothing.
TEST(WorkspacePrescription, ThePlanFollowsTheStoredPrescriptionAndIgnoresADamagedOne) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("unknot-ws-rx-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  Workspace workspace(WorkspaceOptions{dir.string(), std::nullopt});
  ASSERT_TRUE(workspace.save_intake(test_util::clean_intake()));
  ASSERT_TRUE(storage::write_file_durably(storage::prescription_path(dir.string()), R"({"prescription": {
    "days_per_week": 2, "custom_exercises": [{"id": "custom-1", "title": "Wall press hold", "steps": ["Press."],
    "dose": {"hold_s": 5, "holds": 2}, "position": "standing"}], "items": [{"technique": "custom-1"}]}})"));
  auto kb = workspace.catalogue();
  ASSERT_TRUE(kb);
  ASSERT_NE((*kb)->find_technique("custom-1"), nullptr);
  auto plan = workspace.current_plan();
  ASSERT_TRUE(plan);
  ASSERT_FALSE(plan->phases.empty());
  EXPECT_EQ(plan->phases.front().sessions.front().id, "physio");
  EXPECT_EQ(plan->phases.front().sessions.front().items.front().source, "clinician");

  ASSERT_TRUE(storage::write_file_durably(storage::prescription_path(dir.string()), "{\"prescription\": 7}"));
  kb = workspace.catalogue();
  ASSERT_TRUE(kb);
  EXPECT_EQ((*kb)->find_technique("custom-1"), nullptr);
  plan = workspace.current_plan();
  ASSERT_TRUE(plan);
  for (const PlanSession& session : plan->phases.front().sessions) EXPECT_NE(session.id, "physio");
  const std::vector<std::string> warnings = workspace.take_warnings();
  ASSERT_FALSE(warnings.empty());
  EXPECT_NE(warnings.front().find("prescription.json"), std::string::npos);
  std::filesystem::remove_all(dir);
}

// The web app's worker threads share one Workspace. A catalogue handed out stays whole while a
// newer prescription is swapped in by another call (the sanitized build's ASan would see a
// catalogue freed under a reader), and readers on several threads each get a whole one.
TEST(WorkspacePrescription, ACatalogueHandedOutOutlivesANewerPrescription) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("unknot-ws-rx-shared-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  Workspace workspace(WorkspaceOptions{dir.string(), std::nullopt});
  const auto prescribe = [&](const std::string& title) {
    return storage::write_file_durably(storage::prescription_path(dir.string()),
                                       R"({"prescription": {"days_per_week": 2, "custom_exercises": [{"id": "custom-1", "title": ")" +
                                           title + R"(", "steps": ["Press."], "dose": {"hold_s": 5, "holds": 2},
                                           "position": "standing"}], "items": [{"technique": "custom-1"}]}})");
  };
  ASSERT_TRUE(prescribe("First press"));
  auto first = workspace.catalogue();
  ASSERT_TRUE(first);
  const std::shared_ptr<const Catalogue> held = *first;
  ASSERT_TRUE(prescribe("Second press, longer title"));
  auto second = workspace.catalogue();
  ASSERT_TRUE(second);
  ASSERT_NE(held.get(), second->get());
  ASSERT_NE(held->find_technique("custom-1"), nullptr);
  EXPECT_EQ(held->find_technique("custom-1")->name, "First press");
  EXPECT_EQ((*second)->find_technique("custom-1")->name, "Second press, longer title");

  std::atomic<int> whole{0};
  std::vector<std::thread> readers;
  for (int thread = 0; thread < 4; ++thread) {
    readers.emplace_back([&] {
      for (int round = 0; round < 50; ++round) {
        auto kb = workspace.catalogue();
        if (kb && (*kb)->find_technique("custom-1") != nullptr && !(*kb)->techniques.empty()) ++whole;
      }
    });
  }
  for (int round = 0; round < 20; ++round) ASSERT_TRUE(prescribe(round % 2 ? "Odd press" : "Even press"));
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(whole.load(), 200);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace unknot::service
