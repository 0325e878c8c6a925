#include "service/workspace.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

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

}  // namespace
}  // namespace unknot::service
