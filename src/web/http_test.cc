#include "web/http.h"

#include <gtest/gtest.h>

#include "web/app.h"
#include "web/html.h"

namespace unknot::web {
namespace {

TEST(Http, NumbersAreStrict) {
  EXPECT_EQ(parse_whole_number("5"), 5);
  EXPECT_EQ(parse_whole_number("-3"), -3);
  EXPECT_EQ(parse_decimal_number("0.5"), 0.5);
  EXPECT_EQ(parse_decimal_number("60"), 60.0);
  for (const char* bad : {"", " 5", "5 ", "+5", "1e3", "0x10", "inf", "nan", "5.", ".5", "--5", "5\r\n",
                          "\r\n\r\n5", "123456789012345678901"}) {
    EXPECT_EQ(parse_decimal_number(bad), std::nullopt) << bad;
    EXPECT_EQ(parse_whole_number(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(parse_whole_number("1.5"), std::nullopt);
  EXPECT_EQ(parse_whole_number("99999999999999999999"), std::nullopt);  // beyond long long
}

TEST(Http, AnAttachmentIsSavedUnderItsName) {
  const Response file = attachment("a,b\n", "text/csv; charset=utf-8", "unknot-diary.csv");
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(file.body, "a,b\n");
  EXPECT_EQ(file.header("Content-Disposition"), "attachment; filename=\"unknot-diary.csv\"");
}

TEST(Http, ParseFormDecodesAndKeepsRepeatedNames) {
  auto fields = parse_form("csrf=ab%2Fc&symptoms=fever&symptoms=unsteady_walking&note=long+drive%21&empty=");
  ASSERT_TRUE(fields);
  EXPECT_EQ(field(*fields, "csrf"), "ab/c");
  EXPECT_EQ(fields_named(*fields, "symptoms"), (std::vector<std::string>{"fever", "unsteady_walking"}));
  EXPECT_EQ(field(*fields, "note"), "long drive!");
  EXPECT_EQ(field(*fields, "empty"), "");
  EXPECT_EQ(field(*fields, "missing"), std::nullopt);
}

TEST(Http, ParseFormRefusesBrokenEscapes) {
  EXPECT_FALSE(parse_form("a=%4"));
  EXPECT_FALSE(parse_form("a=%zz"));
  EXPECT_FALSE(parse_form("a=100%"));
}

TEST(Http, RequestSplitsPathAndQuery) {
  Request request{"GET", "/techniques/heat%20pack?as_of=2026-03-30", {{"host", "127.0.0.1:8080"}}, "", ""};
  EXPECT_EQ(request.path(), "/techniques/heat pack");
  EXPECT_EQ(request.query(), "as_of=2026-03-30");
  EXPECT_EQ(request.header("host"), "127.0.0.1:8080");
  EXPECT_EQ(request.header("cookie"), "");
}

TEST(Http, OnlyLocalhostAndAddressesAreAllowedHosts) {
  for (const char* host :
       {"127.0.0.1:8080", "localhost:8080", "localhost", "192.168.1.20:8080", "[::1]:8080", ""}) {
    EXPECT_TRUE(is_allowed_host(host)) << host;
  }
  for (const char* host : {"evil.example", "evil.example:8080", "127.0.0.1.nip.io", "256.1.1.1", "1.2.3",
                           "localhost:80x", "[::1", "1.2.3.4.5"}) {
    EXPECT_FALSE(is_allowed_host(host)) << host;
  }
}

TEST(Html, EscapeCoversMarkupAndQuotes) {
  EXPECT_EQ(escape("<a href=\"x\">Tom's & co</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; co&lt;/a&gt;");
}

TEST(Html, PageFrameHasNoInlineScriptAndMarksTheCurrentSection) {
  const std::string html = page({"Plan", "plan", "token123", {"/assets/player.js"}}, "<h1>Plan</h1>");
  EXPECT_NE(html.find("<meta name=\"csrf-token\" content=\"token123\">"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"/plan\" aria-current=\"page\">"), std::string::npos);
  EXPECT_NE(html.find("<script src=\"/assets/player.js\" defer></script>"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("<a class=\"skip\" href=\"#main\">"), std::string::npos);
}

}  // namespace
}  // namespace unknot::web
