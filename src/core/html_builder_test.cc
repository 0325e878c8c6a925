// The escape-by-construction builder: text is escaped, style sheets cannot close their
// element, numbers are plain, fragments and other builders are appended as they are.
#include "core/html_builder.h"

#include <gtest/gtest.h>

namespace unknot {
namespace {

TEST(HtmlBuilder, TextIsEscapedInsideElementsAndAttributes) {
  Html html;
  html.tag("<p title=\"").text("\"quoted\" & 'single'").tag("\">").text("<script>alert(1)</script>").tag("</p>");
  EXPECT_EQ(html.str(),
            "<p title=\"&quot;quoted&quot; &amp; &#39;single&#39;\">&lt;script&gt;alert(1)&lt;/script&gt;</p>");
}

TEST(HtmlBuilder, AStyleSheetCannotCloseItsElement) {
  Html style;
  style.css("a>b{color:red}</style><script>x</script>");
  EXPECT_EQ(style.str().find('<'), std::string::npos);
  EXPECT_NE(style.str().find("a>b{color:red}"), std::string::npos);
}

TEST(HtmlBuilder, NumbersHaveTheAskedDecimals) {
  Html html;
  html.number(4).tag(" ").number(4.25, 1).tag(" ").number(-3, 0).tag(" ").number(1.23456, 9);
  EXPECT_EQ(html.str(), "4 4.2 -3 1.235");  // at most 3 decimals
}

TEST(HtmlBuilder, OtherBuildersAndFragmentsAreAppendedAsTheyAre) {
  Html inner;
  inner.tag("<b>").text("a & b").tag("</b>");
  Html outer;
  outer.tag("<p>").append(inner).escaped_fragment("<svg></svg>").tag("</p>");
  EXPECT_EQ(outer.str(), "<p><b>a &amp; b</b><svg></svg></p>");
}

}  // namespace
}  // namespace unknot
