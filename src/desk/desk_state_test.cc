#include "desk/desk_state.h"

#include <gtest/gtest.h>

namespace unknot::desk {
namespace {

DeskStatus working() {
  DeskStatus status;
  status.pid = 4242;
  status.state = "working";
  status.idle_source = "x11";
  status.next_break_due = "2026-03-02T10:40:00";
  status.worked_minutes = 12;
  status.next_technique = "neck-side-tilt";
  status.every_seconds = 2400;
  status.hours = "09:00-17:30";
  status.updated_at = "2026-03-02T10:12:00";
  return status;
}

TEST(DeskState, RoundTrips) {
  const DeskStatus status = working();
  const std::string text = status_to_json_text(status, true);
  EXPECT_EQ(
      R"({"schema":"unknot.desk-status/1","running":true,"pid":4242,"state":"working","idle_source":"x11",)"
      R"("next_break_due":"2026-03-02T10:40:00","worked_minutes":12,"next_technique":"neck-side-tilt",)"
      R"("every_seconds":2400,"hours":"09:00-17:30","updated_at":"2026-03-02T10:12:00"})",
      text);
  auto parsed = parse_status(text, "desk-status.json");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(status, *parsed);
}

TEST(DeskState, BadFilesAreNamed) {
  EXPECT_EQ("s.json: not valid JSON", parse_status("{", "s.json").error().message);
  EXPECT_EQ("s.json: schema: expected unknot.desk-status/1", parse_status("{}", "s.json").error().message);
  EXPECT_EQ("s.json: pid: must be a whole number",
            parse_status(R"({"schema":"unknot.desk-status/1","pid":"x"})", "s.json").error().message);
}

TEST(DeskState, DescribesForPeople) {
  const std::string running = describe_status(working(), true);
  EXPECT_NE(std::string::npos, running.find("running (pid 4242, counting with X11 idle time)")) << running;
  EXPECT_NE(std::string::npos, running.find("Desk time since your last break: 12 min.")) << running;
  EXPECT_NE(std::string::npos, running.find("Next break due at 10:40 if you keep working: neck-side-tilt.")) << running;
  DeskStatus away = working();
  away.state = "away";
  EXPECT_NE(std::string::npos, describe_status(away, true).find("away from the keyboard"));
  DeskStatus outside = working();
  outside.state = "outside_hours";
  EXPECT_NE(std::string::npos, describe_status(outside, true).find("Outside your working hours (09:00-17:30)"));
  const std::string stopped = describe_status(working(), false);
  EXPECT_NE(std::string::npos, stopped.find("not running (last seen 2026-03-02T10:12:00)")) << stopped;
  EXPECT_NE(std::string::npos, describe_status(DeskStatus{}, false).find("not running."));
}

}  // namespace
}  // namespace unknot::desk
