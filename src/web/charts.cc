#include "web/charts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/vocabulary.h"
#include "web/html.h"

namespace unknot::web {
namespace {

// Chart geometry in SVG user units; the stylesheet scales the SVG to the page width.
constexpr double kWidth = 640;
constexpr double kHeight = 260;
constexpr double kLeft = 44;
constexpr double kRight = 12;
constexpr double kTop = 26;
constexpr double kBottom = 36;

double plot_width() { return kWidth - kLeft - kRight; }
double plot_height() { return kHeight - kTop - kBottom; }

std::string number(double value) { return fmt::format("{:.1f}", value); }

std::string short_date(int day) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::string iso = iso_date(day);
  const int month = std::stoi(iso.substr(5, 2));
  return fmt::format("{} {}", std::stoi(iso.substr(8, 2)), kMonths[month - 1]);
}

std::string open_svg(const std::string& id, const std::string& title, const std::string& description) {
  return fmt::format(
      "<svg class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{}-title {}-desc\" "
      "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{}-title\">{}</title><desc id=\"{}-desc\">{}</desc>",
      kWidth, kHeight, id, id, id, escape(title), id, escape(description));
}

// Horizontal grid lines and labels for a 0..maximum value axis.
std::string value_axis(double maximum, int step, const std::string& unit_label) {
  std::string svg;
  for (int value = 0; value <= maximum + 1e-9; value += step) {
    const double y = kTop + plot_height() * (1 - value / maximum);
    svg += fmt::format("<line class=\"grid\" x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\"/>", kLeft,
                       kWidth - kRight, y, y);
    svg += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>", kLeft - 6,
                       y + 4, value);
  }
  svg += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"start\">{}</text>", 4, 16,
                     escape(unit_label));
  return svg;
}

}  // namespace

PainTrend pain_trend(const std::vector<DiaryEntry>& entries, int from, int to, const Review& review) {
  PainTrend trend;
  trend.from = from;
  trend.to = to;
  std::map<int, std::pair<double, int>> by_day;
  for (const DiaryEntry& entry : entries) {
    if (entry.type != EntryType::kPain || !entry.nprs || !is_morning_pain(entry)) continue;
    auto day = day_number(entry.at);
    if (!day || *day < from || *day > to) continue;
    auto& [sum, count] = by_day[*day];
    sum += *entry.nprs;
    ++count;
  }
  std::map<int, std::pair<double, int>> by_week;
  for (const auto& [day, total] : by_day) {
    trend.days.push_back({day, total.first / total.second});
    auto& [sum, count] = by_week[iso_monday(day)];
    sum += total.first;
    count += total.second;
  }
  for (const auto& [monday, total] : by_week)
    trend.weeks.push_back({monday, total.first / total.second, total.second});
  trend.baseline_mean = review.baseline.mean_nprs;
  if (trend.baseline_mean) trend.meaningful_line = meaningful_improvement_line(*trend.baseline_mean);
  return trend;
}

std::string pain_trend_svg(const PainTrend& trend) {
  const int span = std::max(1, trend.to - trend.from);
  auto x_of = [&](double day) { return kLeft + plot_width() * (day - trend.from) / span; };
  auto y_of = [&](double nprs) { return kTop + plot_height() * (1 - nprs / 10); };

  std::string description;
  if (trend.days.empty()) {
    description = "No morning pain readings in this period yet.";
  } else {
    const WeekPain& last = trend.weeks.back();
    description =
        fmt::format("{} mornings with a reading from {} to {}. The latest weekly average is {}/10",
                    trend.days.size(), iso_date(trend.from), iso_date(trend.to), number(last.mean_nprs));
    if (trend.baseline_mean)
      description += fmt::format("; the first week's was {}/10", number(*trend.baseline_mean));
    if (trend.meaningful_line && *trend.meaningful_line >= 0) {
      description += fmt::format(", and a weekly average at or below {}/10 would be a meaningful improvement",
                                 number(*trend.meaningful_line));
    }
    description += ".";
  }
  std::string svg = open_svg("pain-chart", "Morning pain, 0 to 10", description);
  if (trend.meaningful_line && *trend.meaningful_line >= 0) {
    const double top = y_of(*trend.meaningful_line);
    svg += fmt::format("<rect class=\"band\" x=\"{}\" y=\"{:.1f}\" width=\"{}\" height=\"{:.1f}\"/>", kLeft,
                       top, plot_width(), kTop + plot_height() - top);
    svg += fmt::format("<text class=\"band-label\" x=\"{}\" y=\"{:.1f}\">meaningful improvement</text>",
                       kLeft + 6, std::min(top + 16, kTop + plot_height() - 4));
  }
  svg += value_axis(10, 2, "pain");
  // Date labels: about six, at week starts.
  const int label_every = std::max(7, (span / 6 + 6) / 7 * 7);
  for (int day = iso_monday(trend.from) + 7; day <= trend.to; day += label_every) {
    svg += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                       x_of(day), kHeight - kBottom + 18, short_date(day));
  }
  if (trend.baseline_mean) {
    const double y = y_of(*trend.baseline_mean);
    svg += fmt::format("<line class=\"baseline\" x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\"/>", kLeft,
                       kWidth - kRight, y, y);
    svg += fmt::format("<text class=\"baseline-label\" x=\"{}\" y=\"{:.1f}\">first week {}</text>", kLeft + 4,
                       y - 5, number(*trend.baseline_mean));
  }
  for (const DayPain& point : trend.days) {
    svg += fmt::format("<circle class=\"dot\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\"/>", x_of(point.day),
                       y_of(point.nprs));
  }
  if (!trend.weeks.empty()) {
    std::string points;
    for (const WeekPain& week : trend.weeks) {
      // The mean sits mid-week, clamped into the period shown.
      const double middle = std::clamp<double>(week.monday + 3, trend.from, trend.to);
      points += fmt::format("{:.1f},{:.1f} ", x_of(middle), y_of(week.mean_nprs));
    }
    points.pop_back();
    svg += "<polyline class=\"mean-line\" points=\"" + points + "\"/>";
  }
  if (trend.days.empty()) {
    svg += fmt::format(
        "<text class=\"empty\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">No morning readings yet: "
        "log one at the check-in</text>",
        kLeft + plot_width() / 2, kTop + plot_height() / 2);
  }
  svg += "</svg>";
  return svg;
}

std::string sessions_per_week_svg(const std::vector<WeekAdherence>& all_weeks, int target_per_week,
                                  std::optional<int> first_day) {
  std::vector<WeekAdherence> weeks;
  for (const WeekAdherence& week : all_weeks) {
    if (!first_day || week.monday + 6 >= *first_day) weeks.push_back(week);
  }
  if (weeks.empty() && !all_weeks.empty()) weeks.push_back(all_weeks.back());
  int most = target_per_week;
  for (const WeekAdherence& week : weeks) most = std::max(most, week.completed_sessions);
  // At least 4, rounded up to an even number so the grid lines fall on whole sessions.
  const double top_value = std::max(4, most + most % 2);
  std::string description = fmt::format(
      "Completed sessions in each of the last {} weeks; the plan asks for {} "
      "strength sessions a week.",
      weeks.size(), target_per_week);
  for (const WeekAdherence& week : weeks) {
    description +=
        fmt::format(" {}: {} ({} strength).", week.iso_week, week.completed_sessions, week.strength_sessions);
  }
  std::string svg = open_svg("sessions-chart", "Sessions per week", description);
  svg += value_axis(top_value, top_value > 8 ? 2 : 1, "sessions");
  const double slot = weeks.empty() ? plot_width() : plot_width() / static_cast<double>(weeks.size());
  const double bar = slot * 0.6;
  auto y_of = [&](double value) { return kTop + plot_height() * (1 - value / top_value); };
  for (std::size_t index = 0; index < weeks.size(); ++index) {
    const WeekAdherence& week = weeks[index];
    const double x = kLeft + slot * static_cast<double>(index) + (slot - bar) / 2;
    const double bottom = kTop + plot_height();
    if (week.completed_sessions > 0) {
      svg += fmt::format("<rect class=\"bar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\"/>",
                         x, y_of(week.completed_sessions), bar, bottom - y_of(week.completed_sessions));
    }
    if (week.strength_sessions > 0) {
      svg += fmt::format(
          "<rect class=\"bar-strength\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\"/>", x,
          y_of(week.strength_sessions), bar, bottom - y_of(week.strength_sessions));
    }
    svg += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                       x + bar / 2, kHeight - kBottom + 18, short_date(week.monday));
  }
  if (target_per_week > 0) {
    const double y = y_of(target_per_week);
    svg += fmt::format("<line class=\"target\" x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\"/>", kLeft,
                       kWidth - kRight, y, y);
    svg += fmt::format(
        "<text class=\"target-label\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">strength target {}"
        "</text>",
        kWidth - kRight - 4, y - 5, target_per_week);
  }
  svg += "</svg>";
  return svg;
}

std::string triggers_svg(const std::vector<TriggerEffect>& triggers) {
  std::vector<const TriggerEffect*> shown;
  for (const TriggerEffect& trigger : triggers) {
    if (trigger.enough_data && trigger.effect && trigger.ci_low && trigger.ci_high) shown.push_back(&trigger);
  }
  if (shown.empty()) return "";
  double reach = 1;
  for (const TriggerEffect* trigger : shown) {
    reach = std::max({reach, std::fabs(*trigger->ci_low), std::fabs(*trigger->ci_high)});
  }
  reach = std::ceil(reach);
  const double row = 34;
  const double height = kTop + row * static_cast<double>(shown.size()) + kBottom;
  const double label_width = 150;
  const double left = label_width + 10;
  const double width = kWidth - left - kRight;
  auto x_of = [&](double value) { return left + width * (value + reach) / (2 * reach); };
  std::string description =
      "Next-morning pain after days with each trigger, compared with days without it "
      "(positive: more pain), with 95% intervals.";
  for (const TriggerEffect* trigger : shown) {
    description += fmt::format(" {}: {:+.1f} ({:+.1f} to {:+.1f}).", spaced(trigger->trigger),
                               *trigger->effect, *trigger->ci_low, *trigger->ci_high);
  }
  std::string svg = fmt::format(
      "<svg class=\"chart\" viewBox=\"0 0 {} {:.0f}\" role=\"img\" aria-labelledby=\"triggers-title "
      "triggers-desc\" "
      "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"triggers-title\">What goes with worse "
      "mornings</title>"
      "<desc id=\"triggers-desc\">{}</desc>",
      kWidth, height, escape(description));
  const double bottom = kTop + row * static_cast<double>(shown.size());
  for (int value = -static_cast<int>(reach); value <= reach; ++value) {
    svg += fmt::format("<line class=\"{}\" x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{}\" y2=\"{:.1f}\"/>",
                       value == 0 ? "zero" : "grid", x_of(value), x_of(value), kTop, bottom);
    svg += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{:+d}</text>",
                       x_of(value), bottom + 16, value);
  }
  svg += fmt::format(
      "<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">points of next-morning "
      "pain</text>",
      left + width / 2, bottom + 32);
  for (std::size_t index = 0; index < shown.size(); ++index) {
    const TriggerEffect& trigger = *shown[index];
    const double y = kTop + row * (static_cast<double>(index) + 0.5);
    svg += fmt::format("<text class=\"label\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>",
                       label_width, y + 4, escape(spaced(trigger.trigger)));
    svg += fmt::format("<line class=\"interval\" x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\"/>",
                       x_of(*trigger.ci_low), x_of(*trigger.ci_high), y, y);
    svg += fmt::format("<circle class=\"effect\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"5\"/>",
                       x_of(*trigger.effect), y);
  }
  svg += "</svg>";
  return svg;
}

}  // namespace unknot::web
