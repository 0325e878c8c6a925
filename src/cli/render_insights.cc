#include "cli/render_insights.h"

#include "core/vocabulary.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace unknot::cli {
namespace {

constexpr const char* kBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

// "+2.0", "-1.1", "0.0" (never "-0.0").
std::string signed_text(double value) {
  double rounded = std::round(value * 10) / 10;
  if (rounded == 0) return "0.0";
  return fmt::format("{:+.1f}", rounded);
}

std::string ci_text(const std::optional<double>& low, const std::optional<double>& high) {
  auto plain = [](double value) {
    double rounded = std::round(value * 10) / 10;
    return fmt::format("{:.1f}", rounded == 0 ? 0.0 : rounded);
  };
  return fmt::format("95% CI {} to {}", plain(*low), plain(*high));
}

// A bar of `cells` columns: filled blocks in proportion to value / scale, dots for the rest.
std::string bar(int value, int scale, int cells) {
  int filled = scale > 0 ? static_cast<int>(std::lround(static_cast<double>(value) * cells / scale)) : 0;
  if (value > 0 && filled == 0) filled = 1;
  filled = std::min(filled, cells);
  std::string out;
  for (int cell = 0; cell < cells; ++cell) out += cell < filled ? "█" : "·";
  return out;
}

std::string month_day(int day) { return iso_date(day).substr(5); }

// "  NAME  NUMBERS" on one line with the name in bold, or wrapped plain when too wide.
std::string finding_line(const std::string& name, const std::string& numbers, const TerminalStyle& style) {
  if (static_cast<int>(2 + name.size() + 2 + numbers.size()) <= style.width) {
    return "  " + style.bold(name) + "  " + numbers + "\n";
  }
  return wrap(name + "  " + numbers, style.width, "  ", "    ");
}

}  // namespace

std::string pain_sparkline(const std::vector<DailyPain>& days) {
  std::string out;
  for (const DailyPain& day : days) {
    if (!day.morning_nprs) {
      out += ' ';
      continue;
    }
    const double value = std::clamp(*day.morning_nprs, 0.0, 10.0);
    out += kBlocks[static_cast<int>(std::lround(value * 7 / 10))];
  }
  return out;
}

std::string render_insights(const Insights& insights, const TerminalStyle& style) {
  const int width = style.width;
  std::string out = style.bold("Insights from your diary, as of " + iso_date(insights.as_of)) + "\n";
  out += wrap(style.dim("Patterns in your own diary: what went with what, not proof of cause. The interval (95% CI) "
                        "shows how sure the numbers are; n is how many days or sessions are behind them."),
              width);

  // Morning pain sparkline.
  out += "\n" + style.bold(fmt::format("Morning pain, last {} days", insights.morning_pain.size())) + " " +
         style.dim("(0-10; blank = no reading)") + "\n";
  int logged = 0;
  std::optional<double> latest;
  for (const DailyPain& day : insights.morning_pain) {
    if (day.morning_nprs) {
      ++logged;
      latest = day.morning_nprs;
    }
  }
  out += "  " + pain_sparkline(insights.morning_pain) + "\n";
  if (insights.morning_pain.size() >= 10) {
    // Dates under the first and last day; each block is one column wide.
    const std::string first = month_day(insights.morning_pain.front().day);
    const std::string last = month_day(insights.morning_pain.back().day);
    out += "  " + style.dim(first + std::string(insights.morning_pain.size() - first.size() - last.size(), ' ') + last) +
           "\n";
  }
  out += "  " + (latest ? fmt::format("latest {:.1f}, {} of {} days logged", *latest, logged,
                                      insights.morning_pain.size())
                        : std::string("no morning readings yet")) +
         "\n";

  // Weekly adherence bars.
  out += "\n" + style.bold("Sessions per week") + " " + style.dim("(ISO weeks, Monday first)") + "\n";
  const int cells = width >= 60 ? 7 : 5;
  int session_scale = 7, strength_scale = 7;
  for (const WeekAdherence& week : insights.weeks) {
    session_scale = std::max(session_scale, week.completed_sessions);
    strength_scale = std::max(strength_scale, week.strength_sessions);
  }
  out += style.dim(fmt::format("  {:<8}  {:<{}}  {:<{}}  {}", "week", "done", cells + 3, "strength", cells + 3,
                               "pain days")) +
         "\n";
  for (const WeekAdherence& week : insights.weeks) {
    out += fmt::format("  {:<8}  {} {:>2}  {} {:>2}  {} {:>1}\n", week.iso_week,
                       bar(week.completed_sessions, session_scale, cells), week.completed_sessions,
                       bar(week.strength_sessions, strength_scale, cells), week.strength_sessions,
                       bar(week.pain_days, 7, cells), week.pain_days);
  }

  int breaks_done = 0, breaks_offered = 0;
  for (const WeekAdherence& week : insights.weeks) {
    breaks_done += week.breaks_done;
    breaks_offered += week.breaks_done + week.breaks_skipped;
  }
  if (breaks_offered > 0) {
    out += wrap(fmt::format("Desk micro-breaks: {} taken of {} answered in these {} weeks.", breaks_done,
                            breaks_offered, insights.weeks.size()),
                width, "  ", "  ");
  }

  // Trigger findings.
  out += "\n" + style.bold("Triggers and next-morning pain") + "\n";
  if (insights.triggers.empty()) {
    out += wrap("No triggers logged yet. When something sets the knot off, log it: `unknot log trigger NAME`.", width,
                "  ", "  ");
  }
  for (const TriggerEffect& effect : insights.triggers) {
    const std::string numbers =
        effect.enough_data
            ? fmt::format("{} points ({}; n {} vs {} days)", signed_text(*effect.effect),
                          ci_text(effect.ci_low, effect.ci_high), effect.n_with, effect.n_without)
            : fmt::format("not enough data yet (n {} vs {} days)", effect.n_with, effect.n_without);
    out += finding_line(spaced(effect.trigger), numbers, style);
    out += wrap(effect.says, width, "    ", "    ");
  }

  // Technique findings.
  out += "\n" + style.bold("Techniques and pain right after a session") + "\n";
  if (!insights.relief_note.empty()) out += wrap(insights.relief_note, width, "  ", "  ");
  for (const TechniqueRelief& relief : insights.techniques) {
    const std::string numbers =
        relief.enough_data ? fmt::format("{} points ({}; n {} sessions)", signed_text(*relief.mean_change),
                                         ci_text(relief.ci_low, relief.ci_high), relief.n)
                           : fmt::format("not enough data yet (n {} sessions)", relief.n);
    out += finding_line(relief.technique, numbers, style);
    out += wrap(relief.says, width, "    ", "    ");
  }
  return out;
}

}  // namespace unknot::cli
