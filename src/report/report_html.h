// The report (report.h) as HTML: the part inside <main> for the web app's /report page, and a
// whole stand-alone document (styles included) for `unknot report --out FILE.html`. Both are
// laid out to print on one or two A4 or Letter pages.
#pragma once

#include <string>
#include <string_view>

#include "report/report.h"

namespace unknot::report {

// The page's content: heading, print button, sections, the weekly pain chart (inline SVG)
// and the diary table. The print button needs /assets/print.js (no inline script).
std::string report_main_html(const Report& report, bool print_button = true);

// A complete document with `css` (web/assets/style.css) in a <style> element.
std::string report_document(const Report& report, std::string_view css);

}  // namespace unknot::report
