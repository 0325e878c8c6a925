// HTML that is escaped by construction: markup can only be appended from string literals
// (written by the program), and every runtime string goes through text(), which escapes it.
// So forgetting to escape is a compile error, not a hole. Used by every page unknot draws:
// the web app's newer pages, the physiotherapist's report and the clinic's pages.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace unknot {

class Html {
 public:
  // Markup from the program's own text: only string literals fit this signature.
  template <std::size_t N>
  Html& tag(const char (&markup)[N]) {
    out_.append(markup, N - 1);
    return *this;
  }
  // Text from data, safe inside elements and double-quoted attributes.
  Html& text(std::string_view value);
  // A number (chart coordinates, counts) with at most `decimals` decimals.
  Html& number(double value, int decimals = 0);
  // A style sheet for a <style> element: copied as is, except that '<' (never needed in CSS)
  // is dropped, so the sheet cannot close the element.
  Html& css(std::string_view sheet);
  // Markup drawn by a function that escapes every value it inserts (web/pages.cc's safety
  // status, web/charts.cc's SVG charts). Nothing else may come in this way.
  Html& escaped_fragment(std::string_view markup) {
    out_ += markup;
    return *this;
  }
  // Another builder's markup (already safe).
  Html& append(const Html& other) {
    out_ += other.out_;
    return *this;
  }

  const std::string& str() const { return out_; }

 private:
  std::string out_;
};

}  // namespace unknot
