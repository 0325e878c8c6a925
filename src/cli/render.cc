#include "cli/render.h"

#include "core/diary.h"
#include "core/dose_words.h"
#include "core/session_script.h"
#include "core/step_text.h"

#include <fmt/format.h>

#include <set>

namespace unknot::cli {
namespace {

std::string heading(const TerminalStyle& style, const std::string& text) {
  return style.bold(text) + "\n";
}

std::string numbered(const std::vector<std::string>& lines, int width, const std::string& indent) {
  std::string out;
  for (std::size_t index = 0; index < lines.size(); ++index) {
    std::string number = fmt::format("{}{}. ", indent, index + 1);
    out += wrap(lines[index], width, number, std::string(number.size(), ' '));
  }
  return out;
}

std::string bulleted(const std::vector<std::string>& lines, int width, const std::string& indent) {
  std::string out;
  for (const std::string& line : lines) out += wrap(line, width, indent + "- ", indent + "  ");
  return out;
}

std::string source_titles(const std::vector<std::string>& sources, const Catalogue& catalogue) {
  std::string out;
  for (const std::string& source : sources) {
    if (!out.empty()) out += "; ";
    out += catalogue.cite(source);  // the tag stays in JSON; people read the citation
  }
  return out;
}

std::string join_spaced(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + spaced(name);
  return out.empty() ? "none" : out;
}

std::string level_banner(const Triage& triage, const Catalogue& catalogue, const TerminalStyle& style) {
  auto level = catalogue.safety.levels.find(std::string(to_string(triage.level)));
  std::string title = level != catalogue.safety.levels.end() ? level->second.title
                                                             : std::string(to_string(triage.level));
  switch (triage.level) {
    case Level::kEmergency: return style.red("!! " + title + " !!");
    case Level::kUrgent: return style.red(title);
    case Level::kSeeProfessional: return style.yellow(title);
    case Level::kSelfCare: return style.green(title);
  }
  return title;
}

}  // namespace

std::string render_welcome(const TerminalStyle& style) {
  std::string out = heading(style, "unknot: ease the knot between your shoulder blades, and keep it gone");
  out += wrap(
      "unknot checks first that your pain is safe to look after yourself, then builds a plan "
      "from heat, movement, self-massage and strength work, fitted to your pain, your kit and "
      "your time. Everything it suggests says why, and where the advice comes from.",
      style.width);
  out += "\n" + style.bold("Start here:") + "\n";
  // Fixed columns, not wrap(): wrapping would fold the spaces that line the columns up.
  for (const auto& [command, what] : {std::pair{"unknot start", "answer a few questions, get your plan"},
                                      {"unknot learn", "short reads: what a knot is, when to see someone"},
                                      {"unknot techniques list", "the techniques, by kind"},
                                      {"unknot help", "every command; unknot help COMMAND for one"}}) {
    out += fmt::format("  {:<24}{}\n", command, what);
  }
  out += "\n";
  out += wrap(style.dim("unknot gives self-care information, not a diagnosis. If you have chest pain, "
                        "trouble breathing, or sudden severe pain, call your emergency number now."),
              style.width);
  return out;
}

std::string render_technique_list(const std::vector<const Technique*>& techniques, const TerminalStyle& style) {
  std::string out;
  std::size_t id_width = 0;
  for (const Technique* technique : techniques) id_width = std::max(id_width, technique->id.size());
  for (const Technique* technique : techniques) {
    std::string first = fmt::format("{:<{}}  {:<17} ", technique->id, id_width, to_string(technique->kind));
    out += wrap(technique->name, style.width, style.bold(technique->id) + first.substr(technique->id.size()),
                std::string(first.size(), ' '));
  }
  out += "\n" + wrap(fmt::format("{} techniques. `unknot techniques show ID` for one in full.", techniques.size()),
                     style.width);
  return out;
}

std::string render_technique_card(const Technique& technique, const std::string& variant,
                                  const std::optional<Dose>& prescribed, const Catalogue& catalogue,
                                  const TerminalStyle& style) {
  const int width = style.width;
  const TechniqueForm form = technique.form(variant);
  const Dose dose = prescribed.value_or(form.dose);
  std::string out = heading(style, form.name);
  out += style.dim(fmt::format("{} · {} · {}", form.variant.empty() ? technique.id : technique.id + " --variant " + form.variant,
                               spaced(to_string(technique.kind)), spaced(to_string(form.position))))
         + "\n\n";
  out += wrap(form.summary, width) + "\n";
  out += heading(style, "Steps") + numbered(render_steps(form.steps, dose), width, "  ") + "\n";
  out += heading(style, prescribed ? "How much (your plan)" : "How much");
  out += wrap(describe_dose(dose), width, "  ", "  ");
  std::string often = technique.frequency.min_per_week == technique.frequency.max_per_week
                          ? fmt::format("{} times a week", technique.frequency.min_per_week)
                          : fmt::format("{}-{} times a week", technique.frequency.min_per_week,
                                        technique.frequency.max_per_week);
  if (!technique.frequency.note.empty()) often += ". " + technique.frequency.note;
  out += wrap(often, width, "  ", "  ");
  out += wrap("Equipment: " + join_spaced(form.equipment), width, "  ", "  ") + "\n";
  // A clinician's custom exercise may come without cues or stop rules: no empty headings.
  if (!form.cues.empty()) out += heading(style, "Good form feels like") + bulleted(form.cues, width, "  ") + "\n";
  if (!form.stop_if.empty()) {
    out += heading(style, style.red("Stop at once if")) + bulleted(form.stop_if, width, "  ") + "\n";
  }
  if (!form.cautions.empty() || !technique.contraindications.empty() || !technique.adjustments.empty()) {
    out += heading(style, "Take care");
    out += bulleted(form.cautions, width, "  ");
    for (const ConditionalNote& note : technique.contraindications) {
      out += wrap(fmt::format("Not for you if {}: {}", spaced(note.when), note.says), width, "  - ", "    ");
    }
    for (const ConditionalNote& note : technique.adjustments) {
      out += wrap(fmt::format("If {}: {}", spaced(note.when), note.says), width, "  - ", "    ");
    }
    out += "\n";
  }
  if (!technique.variants.empty()) {
    out += heading(style, "Other ways to do it");
    if (!form.variant.empty()) {
      out += wrap(fmt::format("{} ({}): unknot techniques show {}", technique.name,
                              spaced(to_string(technique.position)), technique.id),
                  width, "  - ", "    ");
    }
    for (const Variant& other : technique.variants) {
      if (other.id == form.variant) continue;
      std::vector<std::string> reasons;
      for (const auto& name : other.selected_by.constraints) reasons.push_back(spaced(name));
      for (const auto& name : other.selected_by.cautions) reasons.push_back(spaced(name));
      for (const auto& name : other.selected_by.history) reasons.push_back(spaced(name));
      for (const auto& name : other.selected_by.missing_equipment) reasons.push_back("no " + spaced(name));
      std::string when;
      for (const std::string& reason : reasons) when += (when.empty() ? "" : ", ") + reason;
      out += wrap(fmt::format("{} ({}; for: {}). {} See: unknot techniques show {} --variant {}", other.name,
                              spaced(to_string(other.position)), when.empty() ? "anyone" : when, other.summary,
                              technique.id, other.id),
                  width, "  - ", "    ");
    }
    out += "\n";
  }
  out += heading(style, "How sure are we");
  out += wrap(spaced(technique.evidence.level) + ". " + technique.evidence.note, width, "  ", "  ");
  if (!technique.derived_from_reasoning.empty()) out += wrap(technique.derived_from_reasoning, width, "  ", "  ");
  out += wrap("Sources: " + source_titles(technique.sources, catalogue), width, "  ", "  ");
  return out;
}

std::string render_topic_list(const Catalogue& catalogue, const TerminalStyle& style) {
  std::string out = heading(style, "Things worth knowing") + "\n";
  std::size_t id_width = 0;
  for (const Topic& topic : catalogue.topics) id_width = std::max(id_width, topic.id.size());
  for (const Topic& topic : catalogue.topics) {
    std::string first = fmt::format("  {:<{}}  ", topic.id, id_width);
    out += wrap(topic.title + ": " + topic.summary, style.width, first, std::string(first.size(), ' '));
  }
  out += "\n" + wrap("Read one with `unknot learn TOPIC`.", style.width);
  return out;
}

std::string render_topic(const Topic& topic, const Catalogue& catalogue, const TerminalStyle& style) {
  std::string out = heading(style, topic.title) + "\n";
  for (const std::string& paragraph : topic.body) out += wrap(paragraph, style.width) + "\n";
  out += style.dim(wrap("Sources: " + source_titles(topic.sources, catalogue), style.width));
  return out;
}

std::string render_triage(const Triage& triage, const Catalogue& catalogue, const TerminalStyle& style) {
  std::string out = level_banner(triage, catalogue, style) + "\n\n";
  out += wrap(triage.advice, style.width) + "\n";
  if (!triage.reasons.empty()) {
    out += heading(style, "Why");
    for (const TriageReason& reason : triage.reasons) out += wrap(reason.says, style.width, "  - ", "    ");
  }
  return out;
}

std::string render_safety_status(const Triage& triage, const std::vector<LoggedSign>& logged,
                                 const Catalogue& catalogue, const TerminalStyle& style) {
  std::string out = render_triage(triage, catalogue, style);
  if (!logged.empty()) out += wrap(logged_signs_text(logged), style.width);
  return out;
}

std::string render_today(const PlanPhase& phase, int day, const TerminalStyle& style) {
  const char* name = weekday_name(weekday(day));
  const PlanSession* session = session_for_day(phase, day);
  if (!session) return wrap(style.bold(fmt::format("Today, {}: a rest day.", name)), style.width + (style.color ? 8 : 0));
  return wrap(style.bold(fmt::format("Today, {}: {}, about {} minutes.", name, session->title, session->minutes)) +
                  " `unknot session` guides you through it.",
              style.width + (style.color ? 8 : 0));
}

// The phase's week as lines: "Mon  Strength (14 min)" or "Sun  rest".
std::string week_lines(const PlanPhase& phase, const TerminalStyle& style) {
  std::string out;
  for (const PlanDay& day : phase.week) {
    std::string text;
    for (const std::string& id : day.sessions) {
      for (const PlanSession& session : phase.sessions) {
        if (session.id == id) text += (text.empty() ? "" : ", ") + session.title;
      }
    }
    text = text.empty() ? "rest day" : fmt::format("{} ({} min)", text, day.minutes);
    out += wrap(fmt::format("{:<10} {}", weekday_name(day.weekday), text), style.width, "    ", "               ");
  }
  return out;
}

std::string render_plan(const Plan& plan, const Catalogue& catalogue, const TerminalStyle& style) {
  const int width = style.width;
  std::string out;
  if (plan.status == PlanStatus::kRefer) {
    out += heading(style, "No self-care plan for now") + "\n";
    out += render_safety_status(plan.triage, plan.logged_signs, catalogue, style) + "\n";
    out += wrap("unknot will not suggest exercises, heat or massage until a doctor has checked you. "
                "When they say self-care is fine, run `unknot start` again.",
                width);
    return out;
  }
  out += heading(style, "Your plan") + "\n";
  out += render_safety_status(plan.triage, plan.logged_signs, catalogue, style) + "\n";
  out += wrap(fmt::format("About {} minutes a day; strength work on {} days a week. Pain is {}.",
                          plan.minutes_per_day, plan.strength_days_per_week,
                          plan.irritable ? "high or very recent, so the plan starts gently"
                                         : "not too high, so gentle strength work starts now"),
              width) + "\n";
  std::set<std::string> explained;  // items already shown in full; later ones are one line
  for (const PlanPhase& phase : plan.phases) {
    std::string weeks = phase.last_week ? fmt::format("weeks {}-{}", phase.first_week, *phase.last_week)
                                        : fmt::format("from week {}", phase.first_week);
    out += style.bold(style.cyan(fmt::format("{} ({})", phase.title, weeks))) + "\n";
    out += "  Your week:\n" + week_lines(phase, style);
    for (const PlanSession& session : phase.sessions) {
      out += "\n" + style.bold(fmt::format("  {}: {} {} a week, about {} min", session.title, session.days_per_week,
                                           session.days_per_week == 1 ? "day" : "days", session.minutes)) + "\n";
      for (std::size_t index = 0; index < session.items.size(); ++index) {
        const PlanItem& item = session.items[index];
        std::string number = fmt::format("  {}. ", index + 1);
        out += wrap(style.bold(item.name) + " - " + describe_dose(item.dose), width + (style.color ? 8 : 0),
                    number, std::string(number.size(), ' '));
        const std::string indent(number.size(), ' ');
        if (!explained.insert(item.technique + "/" + item.variant + "/" + item.why).second) continue;
        out += wrap(item.why, width, indent, indent);
        for (const std::string& caution : item.cautions) {
          out += wrap(style.yellow("Careful: ") + caution, width + (style.color ? 9 : 0), indent, indent);
        }
        const std::string show = item.variant.empty() ? item.technique : item.technique + " --variant " + item.variant;
        out += style.dim(wrap(fmt::format("unknot techniques show {}", show), width, indent, indent));
      }
    }
    out += "\n" + wrap("Next step: " + phase.advance_when, width, "  ", "  ") + "\n";
  }
  if (!plan.habits.empty()) {
    out += heading(style, "Habits for the rest of the day");
    for (const Habit& habit : plan.habits) {
      const Technique* technique = catalogue.find_technique(habit.technique);
      out += wrap(fmt::format("{}, {}. {}", technique ? technique->name : habit.technique, habit.when, habit.why),
                  width, "  - ", "    ");
    }
    out += "\n";
  }
  out += heading(style, "Checking progress");
  out += wrap(plan.review.rule, width, "  ", "  ") + "\n";
  out += heading(style, "Where the sources disagree, and what unknot does");
  for (const PlanNote& note : plan.reconciliations) out += wrap(note.says, width, "  - ", "    ");
  out += "\n";
  if (!plan.notes.empty()) {
    out += heading(style, "Just for you");
    for (const PlanNote& note : plan.notes) out += wrap(note.says, width, "  - ", "    ");
    out += "\n";
  }
  out += wrap(style.dim("Stop any exercise that causes sharp or spreading pain, numbness or tingling. "
                        "Chest pain or trouble breathing: call your emergency number."),
              width);
  return out;
}

}  // namespace unknot::cli
