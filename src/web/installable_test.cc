// The installable web app as the server hands it out: the manifest, its icons (drawn from
// web/assets/icon.svg at build time), the colours the manifest, the page frame and the
// stylesheet must agree on, and the service worker at the root with this build's cache name.
// What the browser makes of them (install criteria, offline pages, the offline queue) is
// tested in tests/web/offline.test.mjs.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "web/app.h"
#include "web/assets.h"
#include "web/html.h"

namespace unknot::web {
namespace {

using Json = nlohmann::json;

class InstallableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/unknot-installable-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    workspace_.emplace(service::WorkspaceOptions{dir_, std::nullopt});
    app_.emplace(*workspace_, "test-token", [] { return std::string("2026-03-30T08:00:00"); });
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Response get(const std::string& target, std::map<std::string, std::string> headers = {}) {
    headers["host"] = "127.0.0.1:8080";
    return app_->handle({"GET", target, headers, ""});
  }

  Json manifest() {
    const Response response = get("/manifest.webmanifest");
    EXPECT_EQ(response.status, 200);
    return Json::parse(response.body);
  }

  std::string dir_;
  std::optional<service::Workspace> workspace_;
  std::optional<WebApp> app_;
};

// Width and height from a PNG's IHDR chunk (big-endian, right after the 8-byte signature,
// the chunk length and "IHDR").
std::pair<unsigned, unsigned> png_size(const std::string& bytes) {
  if (bytes.size() < 24 || bytes.compare(1, 3, "PNG") != 0 || bytes.compare(12, 4, "IHDR") != 0) return {0, 0};
  auto number = [&](std::size_t at) {
    unsigned value = 0;
    for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
    return value;
  };
  return {number(16), number(20)};
}

// The value of a custom property in the stylesheet's first (light) :root block.
std::string css_variable(const std::string& name) {
  const std::string css(embedded_asset("assets/style.css"));
  std::smatch found;
  if (!std::regex_search(css, found, std::regex(name + R"(:\s*(#[0-9a-fA-F]+))"))) return "";
  return found[1];
}

TEST_F(InstallableTest, TheManifestDescribesAStandaloneAppAtTheRoot) {
  const Response response = get("/manifest.webmanifest");
  EXPECT_EQ(response.content_type, "application/manifest+json");
  EXPECT_FALSE(response.header("ETag").empty());
  const Json app = manifest();
  EXPECT_EQ(app["short_name"], "unknot");
  EXPECT_FALSE(app["name"].get<std::string>().empty());
  EXPECT_EQ(app["start_url"], "/");
  EXPECT_EQ(app["scope"], "/");
  EXPECT_EQ(app["display"], "standalone");
}

TEST_F(InstallableTest, EveryIconTheManifestNamesIsServedAtItsSize) {
  std::set<std::string> kinds;
  const Json app = manifest();
  for (const Json& icon : app["icons"]) {
    const std::string src = icon["src"];
    const Response response = get(src);
    ASSERT_EQ(response.status, 200) << src;
    EXPECT_EQ(response.content_type, icon["type"].get<std::string>()) << src;
    if (icon["type"] != "image/png") continue;
    const auto [width, height] = png_size(response.body);
    EXPECT_EQ(std::to_string(width) + "x" + std::to_string(height), icon["sizes"].get<std::string>()) << src;
    kinds.insert(icon["purpose"].get<std::string>() + " " + std::to_string(width));
  }
  // What Chromium and Android ask for: 192 and 512 pixel icons, and one that may be masked.
  EXPECT_TRUE(kinds.count("any 192") && kinds.count("any 512") && kinds.count("maskable 512"))
      << "icons: " << Json(kinds).dump();
  const Response apple = get("/assets/apple-touch-icon.png");
  ASSERT_EQ(apple.status, 200);
  EXPECT_EQ(apple.content_type, "image/png");
  EXPECT_EQ(png_size(apple.body), std::make_pair(180U, 180U));
}

TEST_F(InstallableTest, TheAppsColoursAreTheStylesheets) {
  const Json app = manifest();
  const std::string accent = css_variable("--accent");
  ASSERT_FALSE(accent.empty());
  EXPECT_EQ(app["theme_color"], accent);
  EXPECT_EQ(std::string(kThemeColor), accent);
  EXPECT_EQ(app["background_color"], css_variable("--bg"));
  // The icon's square (and so the maskable icon's background) is the same accent.
  const std::string icon(embedded_asset("assets/icon.svg"));
  EXPECT_NE(icon.find("fill=\"" + accent + "\""), std::string::npos) << icon;
}

TEST_F(InstallableTest, EveryPageLinksTheManifestAndTheOfflineScriptsWithoutInlineScript) {
  for (const char* target : {"/", "/techniques", "/checkin", "/nowhere"}) {
    const Response page = get(target);
    EXPECT_NE(page.body.find("<link rel=\"manifest\" href=\"/manifest.webmanifest\">"), std::string::npos) << target;
    EXPECT_NE(page.body.find("<link rel=\"apple-touch-icon\" href=\"/assets/apple-touch-icon.png\">"),
              std::string::npos)
        << target;
    EXPECT_NE(page.body.find(std::string("<meta name=\"theme-color\" content=\"") + kThemeColor + "\">"),
              std::string::npos)
        << target;
    for (const char* script : {"/assets/queue.js", "/assets/offline.js"}) {
      EXPECT_NE(page.body.find(std::string("<script src=\"") + script + "\" defer></script>"), std::string::npos)
          << target << " " << script;
      EXPECT_EQ(get(script).status, 200) << script;
    }
    EXPECT_EQ(page.body.find("<script>"), std::string::npos) << target;
  }
  // Without manifest-src the policy's default-src 'none' would block the manifest.
  EXPECT_NE(std::string(kContentSecurityPolicy).find("manifest-src 'self'"), std::string::npos);
  EXPECT_NE(std::string(kContentSecurityPolicy).find("worker-src 'self'"), std::string::npos);
}

TEST_F(InstallableTest, TheServiceWorkerIsAtTheRootAndNamesItsCacheAfterThisBuild) {
  const std::string& build = assets_build_id();
  EXPECT_TRUE(std::regex_match(build, std::regex("[0-9a-f]{16}"))) << build;
  const Response worker = get("/sw.js");
  ASSERT_EQ(worker.status, 200);
  EXPECT_EQ(worker.content_type, "text/javascript; charset=utf-8");
  EXPECT_NE(worker.body.find("const BUILD = '" + build + "';"), std::string::npos);
  EXPECT_EQ(worker.body.find("@UNKNOT_BUILD_ID@"), std::string::npos);
  EXPECT_EQ(get("/sw.js", {{"if-none-match", worker.header("ETag")}}).status, 304);
  // The worker keeps these files on install: each one must exist.
  const std::string source(embedded_asset("assets/sw.js"));
  const std::regex kept(R"('(/assets/[^']+|/manifest\.webmanifest)')");
  int checked = 0;
  for (auto it = std::sregex_iterator(source.begin(), source.end(), kept); it != std::sregex_iterator(); ++it) {
    EXPECT_EQ(get((*it)[1]).status, 200) << (*it)[1];
    ++checked;
  }
  EXPECT_GE(checked, 8);
}

}  // namespace
}  // namespace unknot::web
