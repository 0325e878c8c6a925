#include "web/today.h"

#include <algorithm>
#include <array>
#include <map>

#include "core/safety_status.h"
#include "core/triage.h"
#include "core/html_builder.h"

namespace unknot::web {


namespace {

// "Monday 30 March 2026" for a day number.
std::string long_date(int day) {
  static constexpr std::array<const char*, 7> kDays = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                                       "Friday", "Saturday", "Sunday"};
  static constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",
                                                          "May",     "June",     "July",      "August",
                                                          "September", "October", "November", "December"};
  const std::string iso = iso_date(day);
  const int month = std::stoi(iso.substr(5, 2));
  return std::string(kDays[static_cast<size_t>(weekday(day))]) + " " + std::to_string(std::stoi(iso.substr(8, 2))) +
         " " + kMonths[static_cast<size_t>(month - 1)] + " " + iso.substr(0, 4);
}

std::string in_words(int days) {
  if (days <= 0) return "today";
  if (days == 1) return "tomorrow";
  if (days < 14) return "in " + std::to_string(days) + " days";
  return "in " + std::to_string(days / 7) + " weeks";
}

}  // namespace

TodayView build_today(const Plan& plan, const PlanPhase* phase, const PlanSession* session,
                      const std::vector<DiaryEntry>& diary, const Review& review, int today) {
  TodayView view;
  view.date = long_date(today);
  if (session) {
    view.session_id = session->id;
    view.session_title = session->title;
    view.session_minutes = session->minutes;
    for (const PlanItem& item : session->items) view.session_items.push_back(item.name);
  }
  if (phase) {
    for (const PlanSession& each : phase->sessions) view.sessions_planned_this_week += std::min(each.days_per_week, 7);
  }
  const int monday = today - weekday(today);
  std::map<int, std::pair<double, int>> mornings;  // day -> (sum, count)
  for (const DiaryEntry& entry : diary) {
    const auto day = day_number(entry.at);
    if (!day || *day > today) continue;
    if (is_morning_pain(entry) && entry.nprs && *day > today - kSparkDays) {
      mornings[*day].first += *entry.nprs;
      ++mornings[*day].second;
      if (*day == today) {
        view.checked_in = true;
        view.pain_today = *entry.nprs;
      }
    }
    if (entry.type == EntryType::kSession && entry.completed.value_or(false) && *day >= monday) {
      ++view.sessions_this_week;
    }
  }
  for (int day = today - kSparkDays + 1; day <= today; ++day) {
    auto found = mornings.find(day);
    view.pain_days.push_back(found == mornings.end() ? std::nullopt
                                                     : std::optional<double>(found->second.first / found->second.second));
  }
  // The one safety status (core/safety_status): the plan's screen already includes the
  // warning signs logged lately; say it in plain words.
  view.warning = plan.triage.level != Level::kSelfCare || !plan.logged_signs.empty();
  if (!view.warning) {
    view.safety = "No warning signs on record: safe to look after at home. Stop and get help at once for chest "
                  "pain, trouble breathing or new weakness.";
  } else {
    view.safety = plan.triage.advice;
    const std::string logged = logged_signs_text(plan.logged_signs);
    if (!logged.empty()) view.safety += " " + logged;
  }
  // The review is weekly from week `plan.review.first_week`, counted from the diary's first
  // day (the review's first week).
  const int start = review.baseline.from > 0 ? review.baseline.from : today;
  int next = start + 7 * std::max(plan.review.first_week, 1);
  while (next < today) next += 7;
  view.next_review = long_date(next) + " (" + in_words(next - today) + ")";
  return view;
}

std::string today_html(const TodayView& view) {
  Html html;
  html.tag("<h1>Today</h1><p class=\"lead\">").text(view.date).tag("</p><div class=\"today\">");

  // Today's session first: the one thing to do.
  html.tag("<section class=\"today-card today-session\" aria-labelledby=\"t-session\"><h2 id=\"t-session\">");
  if (view.session_id.empty()) {
    html.tag("Rest day</h2><p>No session planned today. A short walk and a few shoulder rolls at the desk are "
             "enough.</p>");
  } else {
    // The same sentence as the plan page and `unknot plan` (one truth for today's session).
    html.tag("Today's session</h2><p class=\"today-title\">Today: ").text(view.session_title).tag(", about ")
        .number(view.session_minutes).tag(" minutes.</p><p class=\"hint\">");
    for (size_t i = 0; i < view.session_items.size(); ++i) {
      if (i > 0) html.tag(" · ");
      html.text(view.session_items[i]);
    }
    html.tag("</p><p><a class=\"button primary\" id=\"start-today\" href=\"/session/").text(view.session_id)
        .tag("\">Start the session</a></p>");
  }
  html.tag("</section>");

  html.tag("<section class=\"today-card\" aria-labelledby=\"t-checkin\"><h2 id=\"t-checkin\">Check-in</h2>");
  if (view.checked_in) {
    html.tag("<p class=\"done\">Done: morning pain ").number(view.pain_today.value_or(0)).tag(" out of 10.</p>");
  } else {
    html.tag("<p>Not done yet today.</p><p><a class=\"button\" href=\"/checkin\">Check in (10 seconds)</a></p>");
  }
  html.tag("</section>");

  html.tag("<section class=\"today-card\" aria-labelledby=\"t-week\"><h2 id=\"t-week\">This week</h2><p>")
      .number(view.sessions_this_week).tag(" of ").number(view.sessions_planned_this_week)
      .tag(" sessions done</p><div class=\"week-bar\" aria-hidden=\"true\">");
  for (int i = 0; i < std::max(view.sessions_planned_this_week, view.sessions_this_week); ++i) {
    if (i < view.sessions_this_week) html.tag("<span class=\"on\"></span>");
    else html.tag("<span></span>");
  }
  html.tag("</div></section>");

  // The morning-pain trend over two weeks, a small line; the words say the same for a screen reader.
  html.tag("<section class=\"today-card\" aria-labelledby=\"t-pain\"><h2 id=\"t-pain\">Morning pain, 2 weeks</h2>");
  std::vector<std::pair<int, double>> points;
  for (size_t i = 0; i < view.pain_days.size(); ++i) {
    if (view.pain_days[i]) points.emplace_back(static_cast<int>(i), *view.pain_days[i]);
  }
  if (points.empty()) {
    html.tag("<p>No morning readings yet: the check-in adds one.</p>");
  } else {
    html.tag("<svg class=\"spark\" viewBox=\"0 0 140 44\" role=\"img\" aria-labelledby=\"t-spark\"><title "
             "id=\"t-spark\">Morning pain: ")
        .number(points.front().second, 1).tag(" out of 10 on the first reading, ").number(points.back().second, 1)
        .tag(" on the latest</title><line class=\"spark-base\" x1=\"2\" x2=\"138\" y1=\"42\" y2=\"42\"/>"
             "<polyline class=\"spark-line\" points=\"");
    auto x = [](int i) { return 4 + i * (132.0 / (kSparkDays - 1)); };
    auto y = [](double pain) { return 40 - pain * 3.6; };
    for (const auto& [i, pain] : points) html.number(x(i), 1).tag(",").number(y(pain), 1).tag(" ");
    html.tag("\"/>");
    const auto& [last_i, last_pain] = points.back();
    html.tag("<circle class=\"spark-dot\" r=\"3\" cx=\"").number(x(last_i), 1).tag("\" cy=\"").number(y(last_pain), 1)
        .tag("\"/></svg><p class=\"hint\">Latest ").number(last_pain, 1)
        .tag(" out of 10. <a href=\"/progress\">Progress</a></p>");
  }
  html.tag("</section>");

  html.tag("<section class=\"today-card");
  if (view.warning) html.tag(" today-warning");
  html.tag("\" aria-labelledby=\"t-safety\"><h2 id=\"t-safety\">Safety</h2>");
  // The one safety status in the same words and markup as the plan page (safety_status_html),
  // when the caller drew it; else the plain sentence.
  if (!view.safety_html.empty()) {
    html.escaped_fragment(view.safety_html);
  } else {
    html.tag("<p>").text(view.safety).tag("</p>");
  }
  html.tag("</section>");
  html.tag("<section class=\"today-card\" aria-labelledby=\"t-review\"><h2 id=\"t-review\">Next review</h2><p>")
      .text(view.next_review).tag("</p><p class=\"hint\"><a href=\"/review\">How it is going</a> · <a "
                                  "href=\"/report\">Report for a physiotherapist</a></p></section>");
  html.tag("</div>");
  return html.str();
}

}  // namespace unknot::web
