#include "report/report_html.h"

#include <algorithm>
#include <cstdio>

#include "core/html_builder.h"

namespace unknot::report {

namespace {

void facts(Html& html, const std::vector<Fact>& lines) {
  html.tag("<dl class=\"facts\">");
  for (const Fact& fact : lines) html.tag("<dt>").text(fact.label).tag("</dt><dd>").text(fact.value).tag("</dd>");
  html.tag("</dl>");
}

void rows_table(Html& html, const std::vector<DiaryRow>& rows) {
  html.tag("<table class=\"report-diary\"><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">What</th>"
           "<th scope=\"col\">Detail</th></tr></thead><tbody>");
  for (const DiaryRow& row : rows) {
    html.tag("<tr><td>").text(row.date).tag("</td><td>").text(row.what).tag("</td><td>").text(row.detail).tag(
        "</td></tr>");
  }
  html.tag("</tbody></table>");
}

// Weekly mean morning pain as bars on a 0-10 scale, with the value above each bar.
void pain_chart(Html& html, const std::vector<Week>& weeks) {
  const double width = 640, left = 34, bottom = 170, top = 14;  // the viewBox is 640 x 200
  const double step = (width - left - 8) / std::max<size_t>(weeks.size(), 1);
  html.tag("<svg class=\"chart\" viewBox=\"0 0 640 200\" role=\"img\" aria-labelledby=\"report-chart-t\">"
           "<title id=\"report-chart-t\">Weekly average of morning pain, 0 to 10, one bar a week; "
           "the table of weeks has the numbers</title>");
  for (int level = 0; level <= 10; level += 5) {
    const double y = bottom - (bottom - top) * level / 10.0;
    html.tag("<line class=\"grid\" x1=\"").number(left).tag("\" x2=\"").number(width - 4).tag("\" y1=\"").number(y, 1)
        .tag("\" y2=\"").number(y, 1).tag("\"/><text x=\"4\" y=\"").number(y + 4, 1).tag("\">").number(level)
        .tag("</text>");
  }
  for (size_t i = 0; i < weeks.size(); ++i) {
    const double x = left + step * i + step * 0.2;
    const double w = step * 0.6;
    if (weeks[i].mean_pain) {
      const double h = (bottom - top) * *weeks[i].mean_pain / 10.0;
      html.tag("<rect class=\"bar\" x=\"").number(x, 1).tag("\" y=\"").number(bottom - h, 1).tag("\" width=\"")
          .number(w, 1).tag("\" height=\"").number(h, 1).tag("\"/><text class=\"label\" text-anchor=\"middle\" x=\"")
          .number(x + w / 2, 1).tag("\" y=\"").number(bottom - h - 3, 1).tag("\">").number(*weeks[i].mean_pain, 1)
          .tag("</text>");
    }
    html.tag("<text text-anchor=\"middle\" x=\"").number(x + w / 2, 1).tag("\" y=\"194\">")
        .text(weeks[i].label.substr(5)).tag("</text>");
  }
  html.tag("</svg>");
}

}  // namespace

std::string report_main_html(const Report& report, bool print_button) {
  Html html;
  html.tag("<article class=\"report\"><h1>unknot report</h1><p class=\"lead\">").text(report.period).tag("</p>");
  if (print_button) {
    html.tag("<p class=\"actions no-print\"><button type=\"button\" class=\"primary\" id=\"print\">Print this "
             "report</button></p>");
  }
  html.tag("<p class=\"hint\">A summary of self-care for a muscle knot between the shoulder blades, from the "
           "person's own answers and diary. It is not a diagnosis.</p>");

  html.tag("<section aria-labelledby=\"r-intake\"><h2 id=\"r-intake\">At the start</h2>");
  if (report.intake.empty()) html.tag("<p>No intake answered.</p>");
  else facts(html, report.intake);
  html.tag("</section><section aria-labelledby=\"r-safety\"><h2 id=\"r-safety\">Safety</h2><p>")
      .text(report.safety_now).tag("</p>");
  if (report.safety_history.empty()) {
    html.tag("<p>No warning signs reported in the diary in this period.</p>");
  } else {
    html.tag("<p>Warning signs reported in the diary:</p>");
    rows_table(html, report.safety_history);
  }
  html.tag("</section><section aria-labelledby=\"r-plan\"><h2 id=\"r-plan\">The plan in short</h2>");
  if (report.plan.empty()) html.tag("<p>No plan yet.</p>");
  else facts(html, report.plan);

  html.tag("</section><section aria-labelledby=\"r-weeks\"><h2 id=\"r-weeks\">Week by week</h2>");
  pain_chart(html, report.weeks);
  html.tag("<table class=\"report-weeks\"><thead><tr><th scope=\"col\">Week of</th><th scope=\"col\">Morning "
           "pain (average)</th><th scope=\"col\">Readings</th><th scope=\"col\">Sessions</th><th "
           "scope=\"col\">Strength sessions (plan: ")
      .number(report.target_strength_per_week).tag(")</th></tr></thead><tbody>");
  for (const Week& week : report.weeks) {
    html.tag("<tr><td>").text(week.label).tag("</td><td>");
    if (week.mean_pain) html.number(*week.mean_pain, 1);
    else html.tag("none");
    html.tag("</td><td>").number(week.pain_readings).tag("</td><td>").number(week.sessions).tag("</td><td>")
        .number(week.strength_sessions).tag("</td></tr>");
  }
  html.tag("</tbody></table></section>");

  html.tag("<section aria-labelledby=\"r-review\"><h2 id=\"r-review\">Review</h2>");
  if (report.verdict.empty()) {
    html.tag("<p>No review yet.</p>");
  } else {
    html.tag("<p><strong>").text(report.verdict).tag("</strong>. Next step: <strong>").text(report.next_step)
        .tag("</strong>.</p>");
    facts(html, report.numbers);
    if (!report.reasons.empty()) {
      html.tag("<ul>");
      for (const std::string& reason : report.reasons) html.tag("<li>").text(reason).tag("</li>");
      html.tag("</ul>");
    }
  }
  html.tag("</section><section aria-labelledby=\"r-diary\"><h2 id=\"r-diary\">Diary</h2>");
  if (report.diary.empty()) {
    html.tag("<p>No diary entries in this period.</p>");
  } else {
    if (report.diary_rows_left_out > 0) {
      html.tag("<p class=\"hint\">The last ").number(static_cast<double>(report.diary.size()))
          .tag(" entries; ").number(report.diary_rows_left_out).tag(" earlier ones are in the diary export.</p>");
    }
    rows_table(html, report.diary);
  }
  html.tag("</section></article>");
  return html.str();
}

std::string report_document(const Report& report, std::string_view css) {
  Html html;
  html.tag("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
           "content=\"width=device-width, initial-scale=1\"><title>unknot report, ")
      .text(report.period).tag("</title><style>").css(css).tag("</style></head><body><main>");
  // The stand-alone file has no script, so no print button: the browser's Print does it.
  return html.str() + report_main_html(report, false) + "</main></body></html>\n";
}

}  // namespace unknot::report
