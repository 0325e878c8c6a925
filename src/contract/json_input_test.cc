#include "contract/json_input.h"

#include <gtest/gtest.h>

#include "contract/diary_json.h"
#include "contract/intake_json.h"

namespace unknot::contract {
namespace {

std::string nested(int depth, const std::string& inner = "1") {
  return std::string(static_cast<std::size_t>(depth), '[') + inner + std::string(static_cast<std::size_t>(depth), ']');
}

std::string error_of(const Result<nlohmann::json>& result) {
  return result ? std::string("(parsed)") : result.error().message;
}

TEST(JsonInput, ParsesWhatIsWithinTheLimits) {
  auto parsed = parse_json_input(R"({"a": [1, 2.5, -3e2, "x\"]"], "b": {"c": null}})", "t", kIntakeLimits);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(-300.0, (*parsed)["a"][2].get<double>());
}

TEST(JsonInput, RefusesDeepNestingBeforeParsing) {
  // Nested lists used to overflow the stack in the schema walk; the 80,000 levels of the issue
  // are refused for their size already, a few thousand for their depth.
  auto deep = parse_json_input(R"({"schema": )" + nested(5000) + "}", "intake.json", kIntakeLimits);
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(ErrorKind::kBadInput, deep.error().kind);
  EXPECT_EQ("intake.json: nested more than 8 levels deep (column 19)", deep.error().message);
  EXPECT_EQ("intake.json: too large (160012 bytes; at most 65536)",
            error_of(parse_json_input(R"({"schema": )" + nested(80000) + "}", "intake.json", kIntakeLimits)));
  EXPECT_TRUE(parse_json_input(nested(7), "t", kIntakeLimits).ok());
  EXPECT_FALSE(parse_json_input(nested(8), "t", kIntakeLimits).ok());
}

TEST(JsonInput, NumbersTooLargeForADoubleNameTheKey) {
  EXPECT_EQ("d:1: nprs: number too large (1e999) (column 43)",
            error_of(parse_json_input(R"({"at":"2026-03-02","type":"pain","nprs":1e999})", "d:1", kDiaryLineLimits)));
  EXPECT_EQ("i:2:8: age: number too large (-1e999)",
            error_of(parse_json_input("{\n\"age\":-1e999}", "i", kIntakeLimits)));
}

TEST(JsonInput, RefusesInvalidUtf8SizeAndItemFloods) {
  EXPECT_EQ("t: invalid UTF-8 at line 1, column 10 (byte 0xFF); save the text as UTF-8",
            error_of(parse_json_input("{\"text\":\"\xFF\"}", "t", kDiaryLineLimits)));
  EXPECT_EQ("t: too large (65537 bytes; at most 65536)",
            error_of(parse_json_input(std::string(65537, ' '), "t", kDiaryLineLimits)));
  std::string flood = R"({"symptoms": [)";
  for (int index = 0; index < 300; ++index) flood += "1,";
  flood += "1]}";
  EXPECT_EQ("t: symptoms: more than 256 entries in one list or object (column 526)",
            error_of(parse_json_input(flood, "t", kIntakeLimits)));
}

TEST(JsonInput, BrokenJsonSaysWhereAndNeverThrows) {
  EXPECT_EQ("t: invalid JSON: syntax error while parsing value - unexpected end of input; expected '[', '{', or a "
            "literal (column 1)",
            error_of(parse_json_input("", "t", kDiaryLineLimits)));
  EXPECT_FALSE(parse_json_input("{\"a\":1} trailing", "t", kDiaryLineLimits).ok());
  EXPECT_FALSE(parse_json_input("\"\\ud800\"", "t", kDiaryLineLimits).ok());  // a lone surrogate escape
}

TEST(JsonInput, DescribesValuesWithoutDumpingThem) {
  EXPECT_EQ("a list", describe_json_value(nlohmann::json::parse(nested(100))));
  EXPECT_EQ("an object", describe_json_value(nlohmann::json::object()));
  EXPECT_EQ("3", describe_json_value(3));
  EXPECT_EQ("\"" + std::string(40, 'x') + "\"...", describe_json_value(std::string(1000, 'x')));
}

TEST(JsonInput, ChecksStringsOfValuesBuiltInMemory) {
  nlohmann::json built = {{"type", "note"}, {"text", "bad \xFF"}};
  auto checked = check_json_strings(built, "log");
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ("log: text: invalid UTF-8 at line 1, column 5 (byte 0xFF); save the text as UTF-8", checked.error().message);
  EXPECT_TRUE(check_json_strings({{"text", "caf\xC3\xA9"}}, "log").ok());
}

// The crashers of issue 13, through the parsers the CLI and the web app call.
TEST(JsonInput, IssueCrashersAreBadInput) {
  const char* diary_lines[] = {
      R"({"at":"2026-03-02","type":"pain","nprs":1e999})",
      R"({"at":"2026-03-02","type":"pain","nprs":18446744073709551615})",
      R"({"at":"2026-03-02","type":"pain","nprs":1e300})",
      R"({"at":"2026-03-02","type":"pain","nprs":-9223372036854775809})",
      R"({"at":"2026-03-02","type":"trigger","trigger":"stress","hours":1e308})",
      "{\"at\":\"2026-03-02\",\"type\":\"note\",\"text\":\"\xFF\"}",
  };
  for (const char* line : diary_lines) {
    auto entry = parse_diary_entry(line, "d:1");
    ASSERT_FALSE(entry.ok()) << line;
    EXPECT_EQ(ErrorKind::kBadInput, entry.error().kind) << line;
  }
  EXPECT_EQ("d:1: nprs: must be from 0 to 10 (got 18446744073709551615)",
            parse_diary_entry(diary_lines[1], "d:1").error().message);

  const std::string intakes[] = {
      R"({"schema":"unknot.intake/1","age":1e999,"pain":{"now":3,"weeks_since_onset":2}})",
      R"({"schema":"unknot.intake/1","age":1e300,"pain":{"now":3,"weeks_since_onset":2}})",
      R"({"schema":"unknot.intake/1","age":18446744073709551615,"pain":{"now":3,"weeks_since_onset":2}})",
      R"({"schema":)" + nested(80000) + "}",
      R"({"schema":"unknot.intake/1","age":30,"pain":{"now":3,"weeks_since_onset":2},"symptoms":[)" + nested(32000) +
          "," + nested(32000) + "]}",
      "{\"schema\":\"unknot.intake/1\",\"age\":30,\"pain\":{\"now\":3,\"weeks_since_onset\":2,\"onset\":\"\xC0\"}}",
  };
  for (const std::string& text : intakes) {
    auto intake = parse_intake(text, "intake.json");
    ASSERT_FALSE(intake.ok()) << text.substr(0, 80);
    EXPECT_EQ(ErrorKind::kBadInput, intake.error().kind);
    EXPECT_LT(intake.error().message.size(), 200u) << "a message must not dump the value";
  }
}

}  // namespace
}  // namespace unknot::contract
