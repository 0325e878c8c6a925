#include "web/routes.h"

#include <gtest/gtest.h>

namespace unknot::web {
namespace {

TEST(MatchPath, LiteralsParametersAndTheRest) {
  EXPECT_TRUE(match_path("/", "/"));
  EXPECT_FALSE(match_path("/", "/plan"));
  EXPECT_FALSE(match_path("/plan", "/plan/"));
  auto session = match_path("/session/{id}", "/session/strength-a");
  ASSERT_TRUE(session);
  EXPECT_EQ(session->at("id"), "strength-a");
  EXPECT_FALSE(match_path("/session/{id}", "/session/"));       // empty parameter
  EXPECT_FALSE(match_path("/session/{id}", "/session/a/b"));    // one segment only
  EXPECT_FALSE(match_path("/session/{id}", "/sessions/a"));
  auto file = match_path("/assets/{file...}", "/assets/icons/a.png");
  ASSERT_TRUE(file);
  EXPECT_EQ(file->at("file"), "icons/a.png");
  EXPECT_FALSE(match_path("/assets/{file...}", "/assets/"));
}

TEST(SameOrigin, OriginOrRefererMustNameTheHost) {
  auto request = [](std::map<std::string, std::string> headers) {
    headers["host"] = "127.0.0.1:8080";
    return Request{"POST", "/x", headers, "", ""};
  };
  EXPECT_TRUE(is_same_origin(request({})));  // a command-line client sends neither
  EXPECT_TRUE(is_same_origin(request({{"origin", "http://127.0.0.1:8080"}})));
  EXPECT_TRUE(is_same_origin(request({{"origin", "https://127.0.0.1:8080"}})));
  EXPECT_FALSE(is_same_origin(request({{"origin", "http://evil.example"}})));
  EXPECT_FALSE(is_same_origin(request({{"origin", "http://127.0.0.1:8081"}})));
  EXPECT_FALSE(is_same_origin(request({{"origin", "null"}})));
  EXPECT_TRUE(is_same_origin(request({{"referer", "http://127.0.0.1:8080/checkin?x=1"}})));
  EXPECT_FALSE(is_same_origin(request({{"referer", "http://127.0.0.1:8080.evil.example/"}})));
  // Origin wins over Referer.
  EXPECT_FALSE(is_same_origin(request({{"origin", "http://evil.example"}, {"referer", "http://127.0.0.1:8080/"}})));
}

// A small app of three rows, for the order of the router's checks.
class RouterTest : public ::testing::Test {
 protected:
  RouterTest()
      : router_(
            {Route{Method::kGet, "/pair", Access::kPairing, Effect::kReads, Body::kNone,
                   [](const Call&) { return Response{200, "text/plain", "pairing", {}}; }},
             Route{Method::kGet, "/item/{id}", Access::kPaired, Effect::kReads, Body::kNone,
                   [](const Call& call) { return Response{200, "text/plain", "item " + call.param("id"), {}}; }},
             Route{Method::kPost, "/item/{id}", Access::kPaired, Effect::kChanges, Body::kForm,
                   [this](const Call& call) {
                     ++changes_;
                     return Response{200, "text/plain", "changed " + field(call.form, "v").value_or(""), {}};
                   }}},
            Gate{[this](Access access, const Request&) { return access == Access::kPairing || paired_; }, "tok",
                 [](const Request&, int status, const std::string& message) {
                   return Response{status, "text/plain", message, {}};
                 },
                 [](const Request&) { return Response{401, "text/plain", "pair first", {}}; }},
            Access::kPaired) {}

  Response send(const std::string& method, const std::string& target, std::map<std::string, std::string> headers = {},
                std::string body = "") {
    headers["host"] = "127.0.0.1:8080";
    return router_.dispatch({method, target, headers, body, ""});
  }
  Response post_form(const std::string& target, const std::string& body,
                     std::map<std::string, std::string> headers = {}) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    return send("POST", target, headers, body);
  }

  bool paired_ = true;
  int changes_ = 0;
  Router router_;
};

TEST_F(RouterTest, AnswersTheRowForMethodAndPath) {
  EXPECT_EQ(send("GET", "/item/7").body, "item 7");
  EXPECT_EQ(send("HEAD", "/item/7").body, "item 7");
  EXPECT_EQ(post_form("/item/7", "csrf=tok&v=1").body, "changed 1");
  EXPECT_EQ(changes_, 1);
  EXPECT_EQ(send("GET", "/nothing").status, 404);
}

TEST_F(RouterTest, OtherMethodsGet405WithWhatIsAllowed) {
  const Response response = send("DELETE", "/item/7");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.header("Allow"), "GET, HEAD, POST");
  EXPECT_EQ(send("POST", "/pair").header("Allow"), "GET, HEAD");
}

TEST_F(RouterTest, CallersWithoutAccessLearnNothingButThePairingPage) {
  paired_ = false;
  EXPECT_EQ(send("GET", "/pair").status, 200);
  EXPECT_EQ(send("GET", "/item/7").status, 401);
  EXPECT_EQ(send("DELETE", "/item/7").status, 401);
  EXPECT_EQ(send("GET", "/nothing").status, 401);  // not even whether a path exists
  EXPECT_EQ(post_form("/item/7", "csrf=tok&v=1").status, 401);
  EXPECT_EQ(changes_, 0);
}

TEST_F(RouterTest, ChangesNeedTheTokenTheRightBodyAndOurOwnOrigin) {
  EXPECT_EQ(post_form("/item/7", "v=1").status, 403);
  EXPECT_EQ(post_form("/item/7", "csrf=stale&v=1").status, 403);
  EXPECT_EQ(send("POST", "/item/7", {{"content-type", "text/plain"}}, "csrf=tok").status, 415);
  EXPECT_EQ(post_form("/item/7", "csrf=tok&v=%zz").status, 400);
  EXPECT_EQ(post_form("/item/7", "csrf=tok&v=1", {{"origin", "http://evil.example"}}).status, 403);
  EXPECT_EQ(post_form("/item/7", "csrf=tok&v=1", {{"referer", "http://evil.example/page"}}).status, 403);
  EXPECT_EQ(changes_, 0);
  EXPECT_EQ(post_form("/item/7", "v=2", {{"x-csrf-token", "tok"}, {"origin", "http://127.0.0.1:8080"}}).status, 200);
  EXPECT_EQ(changes_, 1);
}

TEST_F(RouterTest, ABrokenQueryIsBadInput) { EXPECT_EQ(send("GET", "/item/7?x=%g1").status, 400); }

}  // namespace
}  // namespace unknot::web
