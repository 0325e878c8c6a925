#include "core/html_builder.h"

#include <algorithm>
#include <cstdio>

namespace unknot {

Html& Html::text(std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '&': out_ += "&amp;"; break;
      case '<': out_ += "&lt;"; break;
      case '>': out_ += "&gt;"; break;
      case '"': out_ += "&quot;"; break;
      case '\'': out_ += "&#39;"; break;
      default: out_ += c;
    }
  }
  return *this;
}

Html& Html::css(std::string_view sheet) {
  for (char c : sheet) {
    if (c != '<') out_ += c;
  }
  return *this;
}

Html& Html::number(double value, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", std::clamp(decimals, 0, 3), value);
  out_ += buffer;
  return *this;
}

}  // namespace unknot
