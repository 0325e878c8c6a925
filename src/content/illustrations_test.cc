// Every technique has a start and an end picture, and every picture is a small, safe,
// self-contained SVG that a page can inline: well-formed XML, a title and a description,
// no scripts, no event handlers, no links to anything outside the file.
#include "content/illustrations.h"

#include <gtest/gtest.h>

#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "content/content_loader.h"
#include "content/embedded.h"

namespace unknot {
namespace {

using content::Pose;

constexpr std::string_view kFolder = "content/illustrations/";

// ---- A strict reader for the small XML subset the generator writes. It exists to prove the
// files are well formed; it rejects anything it does not understand (DOCTYPE, CDATA,
// processing instructions other than the XML declaration, unknown entities).

struct Element {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<Element> children;
  std::string text;  // character data directly inside, entities decoded

  const std::string* attribute(std::string_view key) const {
    for (const auto& [k, v] : attributes) {
      if (k == key) return &v;
    }
    return nullptr;
  }
  const Element* child(std::string_view child_name) const {
    for (const Element& c : children) {
      if (c.name == child_name) return &c;
    }
    return nullptr;
  }
};

class XmlReader {
 public:
  explicit XmlReader(std::string_view text) : text_(text) {}

  // The root element, or an error naming the byte offset of the first problem.
  Result<Element> document() {
    skip_space();
    if (starts_with("<?xml")) {
      size_t end = text_.find("?>", pos_);
      if (end == std::string_view::npos) return fail("unterminated XML declaration");
      pos_ = end + 2;
    }
    skip_misc();
    if (error_) return *error_;
    Element root;
    if (!element(root)) return *error_;
    skip_misc();
    if (error_) return *error_;
    if (pos_ != text_.size()) return fail("content after the root element");
    return root;
  }

 private:
  bool starts_with(std::string_view s) const { return text_.substr(pos_).starts_with(s); }
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  Error fail(const std::string& what) {
    error_ = Error::bad_input("byte " + std::to_string(pos_) + ": " + what);
    return *error_;
  }
  bool failed(const std::string& what) {
    fail(what);
    return false;
  }

  // Whitespace and comments between top-level items.
  void skip_misc() {
    for (;;) {
      skip_space();
      if (!starts_with("<!--")) return;
      if (!comment()) return;
    }
  }

  bool comment() {
    size_t end = text_.find("-->", pos_ + 4);
    if (end == std::string_view::npos) return failed("unterminated comment");
    pos_ = end + 3;
    return true;
  }

  bool name(std::string& out) {
    size_t start = pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '.') {
        ++pos_;
      } else {
        break;
      }
    }
    if (pos_ == start || std::isdigit(static_cast<unsigned char>(text_[start])) || text_[start] == '-') {
      return failed("expected a name");
    }
    out = std::string(text_.substr(start, pos_ - start));
    return true;
  }

  bool decode(std::string_view raw, std::string& out) {
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '<') return failed("'<' inside text or an attribute");
      if (raw[i] != '&') {
        out += raw[i];
        continue;
      }
      size_t semi = raw.find(';', i);
      if (semi == std::string_view::npos) return failed("'&' without ';'");
      std::string_view entity = raw.substr(i + 1, semi - i - 1);
      if (entity == "amp") out += '&';
      else if (entity == "lt") out += '<';
      else if (entity == "gt") out += '>';
      else if (entity == "quot") out += '"';
      else if (entity == "apos") out += '\'';
      else if (entity.size() > 1 && entity[0] == '#') out += '?';  // a character reference
      else return failed("unknown entity '&" + std::string(entity) + ";'");
      i = semi;
    }
    return true;
  }

  bool element(Element& out) {
    if (!starts_with("<")) return failed("expected '<'");
    ++pos_;
    if (!name(out.name)) return false;
    for (;;) {
      size_t before = pos_;
      skip_space();
      if (starts_with("/>")) {
        pos_ += 2;
        return true;
      }
      if (starts_with(">")) {
        ++pos_;
        break;
      }
      if (pos_ == before) return failed("expected whitespace before an attribute");
      std::string key;
      if (!name(key)) return false;
      skip_space();
      if (!starts_with("=")) return failed("attribute '" + key + "' has no value");
      ++pos_;
      skip_space();
      if (pos_ >= text_.size() || (text_[pos_] != '"' && text_[pos_] != '\'')) {
        return failed("attribute '" + key + "' is not quoted");
      }
      char quote = text_[pos_++];
      size_t end = text_.find(quote, pos_);
      if (end == std::string_view::npos) return failed("unterminated attribute '" + key + "'");
      std::string value;
      if (!decode(text_.substr(pos_, end - pos_), value)) return false;
      pos_ = end + 1;
      if (out.attribute(key)) return failed("attribute '" + key + "' given twice");
      out.attributes.emplace_back(key, value);
    }
    // Content: text, comments and child elements up to the matching end tag.
    for (;;) {
      size_t lt = text_.find('<', pos_);
      if (lt == std::string_view::npos) return failed("element <" + out.name + "> is never closed");
      if (!decode(text_.substr(pos_, lt - pos_), out.text)) return false;
      pos_ = lt;
      if (starts_with("</")) {
        pos_ += 2;
        std::string closing;
        if (!name(closing)) return false;
        if (closing != out.name) return failed("</" + closing + "> closes <" + out.name + ">");
        skip_space();
        if (!starts_with(">")) return failed("expected '>'");
        ++pos_;
        return true;
      }
      if (starts_with("<!--")) {
        if (!comment()) return false;
        continue;
      }
      if (starts_with("<!") || starts_with("<?")) return failed("DOCTYPE, CDATA or instruction not allowed");
      Element child;
      if (!element(child)) return false;
      out.children.push_back(std::move(child));
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::optional<Error> error_;
};

// ---- The rules for one illustration; returns every problem found, one per line.
std::vector<std::string> problems(std::string_view svg) {
  std::vector<std::string> found;
  if (svg.size() > 6144) found.push_back("larger than 6 KB");
  Result<Element> root = XmlReader(svg).document();
  if (!root) return {"not well-formed XML: " + root.error().message};
  const Element& e = *root;
  auto expect = [&](bool ok, const std::string& what) {
    if (!ok) found.push_back(what);
  };
  expect(e.name == "svg", "root element is <" + e.name + ">, not <svg>");
  const std::string* ns = e.attribute("xmlns");
  expect(ns && *ns == "http://www.w3.org/2000/svg", "missing the SVG namespace");
  const std::string* view_box = e.attribute("viewBox");
  expect(view_box && *view_box == "0 0 240 180", "viewBox is not \"0 0 240 180\"");
  expect(!e.attribute("width") && !e.attribute("height"), "has a fixed width or height");
  const std::string* role = e.attribute("role");
  expect(role && *role == "img", "missing role=\"img\"");
  const Element* title = e.child("title");
  const Element* desc = e.child("desc");
  expect(title && !title->text.empty(), "missing a <title> with text");
  expect(desc && desc->text.size() >= 20, "missing a <desc> that says what the position is");

  // Walk every element: only drawing elements, no handlers, no links, no external references.
  static const std::set<std::string, std::less<>> kAllowed = {"svg",  "title",    "desc",    "style",
                                                              "g",    "path",     "circle",  "rect",
                                                              "line", "polyline", "ellipse"};
  std::vector<const Element*> stack = {&e};
  while (!stack.empty()) {
    const Element* node = stack.back();
    stack.pop_back();
    if (!kAllowed.contains(node->name)) found.push_back("element <" + node->name + "> not allowed");
    // A <style> may set colours and the loop, never fetch anything.
    if (node->text.find("url(") != std::string::npos || node->text.find("@import") != std::string::npos) {
      found.push_back("<" + node->name + "> refers to something outside the file");
    }
    for (const auto& [key, value] : node->attributes) {
      std::string lower;
      for (char c : key) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower.starts_with("on")) found.push_back("event handler attribute '" + key + "'");
      if (lower == "href" || lower.ends_with(":href")) found.push_back("link attribute '" + key + "'");
      if (value.find("url(") != std::string::npos || value.find("javascript:") != std::string::npos) {
        found.push_back("attribute '" + key + "' refers to something outside the file");
      }
    }
    for (const Element& child : node->children) stack.push_back(&child);
  }
  return found;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

// ---- The checker itself must catch what it claims to catch.

constexpr std::string_view kGood =
    R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 180" role="img">)"
    R"(<title>Kneeling</title><desc>Kneeling, forearms on a foam roller &amp; a mat.</desc>)"
    R"(<g fill="none" stroke="currentColor"><path d="M0 0L10 10"/></g></svg>)";

TEST(IllustrationChecker, AcceptsAWellFormedSafeSvg) { EXPECT_EQ(joined(problems(kGood)), ""); }

TEST(IllustrationChecker, RejectsBrokenOrUnsafeSvg) {
  auto with = [](std::string_view from, std::string_view to) {
    std::string text(kGood);
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  };
  struct Case {
    std::string svg;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {with("</g>", ""), "not well-formed"},
      {with("<g ", "<g x=1 "), "not well-formed"},
      {with("&amp;", "&nbsp;"), "not well-formed"},
      {with("<path ", "<script>alert(1)</script><path "), "element <script>"},
      {with("<path ", "<path onclick=\"x()\" "), "event handler"},
      {with("<path ", "<image href=\"https://example.org/a.png\"/><path "), "link attribute"},
      {with("<path ", "<path style=\"fill:url(https://example.org/p)\" "), "outside the file"},
      {with("<title>Kneeling</title>", ""), "<title>"},
      {with("<desc>Kneeling, forearms on a foam roller &amp; a mat.</desc>", ""), "<desc>"},
      {with("viewBox=\"0 0 240 180\"", "viewBox=\"0 0 240 180\" width=\"240\""), "fixed width"},
      {with("role=\"img\"", ""), "role"},
      {with("<g ", "<style>@import 'https://example.org/a.css';</style><g "), "outside the file"},
      {with("<g ", "<style>svg{background:url(https://example.org/p)}</style><g "), "outside the file"},
  };
  for (const Case& c : cases) {
    std::string report = joined(problems(c.svg));
    EXPECT_NE(report.find(c.expected), std::string::npos) << c.svg << "\n-> " << report;
  }
}

// ---- The shipped pictures.

TEST(Illustrations, EveryTechniqueHasAStartAnEndAndAMovingPicture) {
  Result<Catalogue> catalogue = content::load_embedded_catalogue();
  ASSERT_TRUE(catalogue.ok()) << catalogue.error().message;
  ASSERT_FALSE(catalogue->techniques.empty());
  for (const Technique& technique : catalogue->techniques) {
    for (Pose pose : {Pose::start, Pose::end, Pose::move}) {
      std::string path = content::illustration_path(technique.id, {}, pose);
      EXPECT_FALSE(content::embedded_file(path).empty()) << "missing " << path;
      for (const Variant& variant : technique.variants) {
        // A variant without its own picture shows the technique's.
        EXPECT_FALSE(content::illustration_svg(technique.id, variant.id, pose).empty())
            << technique.id << " variant " << variant.id;
      }
    }
  }
}

TEST(Illustrations, EveryPictureIsWellFormedAndSafe) {
  int count = 0;
  for (const content::EmbeddedFile& file : content::embedded_files()) {
    if (!file.path.starts_with(kFolder)) continue;
    ++count;
    EXPECT_TRUE(file.path.ends_with(".svg")) << file.path;
    EXPECT_EQ(joined(problems(file.bytes)), "") << file.path;
  }
  EXPECT_GT(count, 0) << "no illustrations embedded";
}

TEST(Illustrations, EveryPictureBelongsToATechniqueOrVariant) {
  Result<Catalogue> catalogue = content::load_embedded_catalogue();
  ASSERT_TRUE(catalogue.ok()) << catalogue.error().message;
  std::set<std::string, std::less<>> known;
  for (const Technique& technique : catalogue->techniques) {
    for (Pose pose : {Pose::start, Pose::end, Pose::move}) {
      known.insert(content::illustration_path(technique.id, {}, pose));
      for (const Variant& variant : technique.variants) {
        known.insert(content::illustration_path(technique.id, variant.id, pose));
      }
    }
  }
  for (const content::EmbeddedFile& file : content::embedded_files()) {
    if (!file.path.starts_with(kFolder)) continue;
    EXPECT_TRUE(known.contains(file.path)) << file.path << " names no technique or variant";
    // A variant with its own start picture has its own end and moving pictures too.
    std::string path(file.path);
    std::string stem = path.substr(0, path.rfind('-'));
    for (Pose pose : {Pose::start, Pose::end, Pose::move}) {
      std::string other = stem + std::string(content::pose_suffix(pose));
      EXPECT_FALSE(content::embedded_file(other).empty()) << path << " has no partner " << other;
    }
  }
}

// The moving picture is the two positions and nothing else: what differs cross-fades in two
// groups, the start first; it stands still (start faint behind end) under reduced motion, and
// every picture brings its own light and dark colours, since <img> cannot see the page's CSS.
TEST(Illustrations, TheMovingPictureLoopsBetweenStartAndEndAndHonoursReducedMotion) {
  for (const content::EmbeddedFile& file : content::embedded_files()) {
    if (!file.path.starts_with(kFolder)) continue;
    const std::string_view svg = file.bytes;
    EXPECT_NE(svg.find("prefers-color-scheme:dark"), std::string_view::npos) << file.path;
    if (!file.path.ends_with("-move.svg")) continue;
    EXPECT_NE(svg.find("<g class=\"ua\">"), std::string_view::npos) << file.path;
    EXPECT_NE(svg.find("<g class=\"ub\">"), std::string_view::npos) << file.path;
    EXPECT_LT(svg.find("class=\"ua\""), svg.find("class=\"ub\"")) << file.path;
    EXPECT_NE(svg.find("@media(prefers-reduced-motion:reduce){.ua{animation:none;opacity:.3}.ub{animation:none}}"),
              std::string_view::npos)
        << file.path;
  }
}

TEST(Illustrations, AVariantFallsBackToTheTechniquesPicture) {
  // cold-pack's frozen-veg variant looks the same as the cold pack, so it has no files of its own.
  EXPECT_TRUE(content::embedded_file(content::illustration_path("cold-pack", "frozen-veg", Pose::end)).empty());
  EXPECT_EQ(content::illustration_svg("cold-pack", "frozen-veg", Pose::end),
            content::embedded_file("content/illustrations/cold-pack-end.svg"));
  // cat-camel's seated variant has its own.
  EXPECT_EQ(content::illustration_svg("cat-camel", "seated", Pose::start),
            content::embedded_file("content/illustrations/cat-camel--seated-start.svg"));
  EXPECT_NE(content::illustration_svg("cat-camel", "seated", Pose::start),
            content::illustration_svg("cat-camel", {}, Pose::start));
  EXPECT_TRUE(content::illustration_svg("no-such-technique", {}, Pose::start).empty());
}

}  // namespace
}  // namespace unknot
