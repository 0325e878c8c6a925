#include "web/pages.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "content/illustrations.h"
#include "core/dose_words.h"
#include "core/step_text.h"
#include "core/vocabulary.h"
#include "web/html.h"
#include "web/intake_form.h"

namespace unknot::web {
namespace {


// A fieldset of checkboxes (or radio buttons) for intake options, each with its own label.
std::string choices(const std::string& legend, const std::vector<IntakeOption>& options, bool single,
                    const std::string& hint = "") {
  std::string html = "<fieldset class=\"choices\"><legend>" + escape(legend) + "</legend>";
  if (!hint.empty()) html += "<p class=\"hint\">" + escape(hint) + "</p>";
  for (const IntakeOption& option : options) {
    const std::string id = element_id(field_name(option) + "-" + field_value(option));
    html += fmt::format(
        "<div class=\"choice\"><input type=\"{}\" id=\"{}\" name=\"{}\" value=\"{}\">"
        "<label for=\"{}\">{}</label></div>",
        single ? "radio" : "checkbox", id, escape(field_name(option)), escape(field_value(option)), id,
        escape(option.label));
  }
  return html + "</fieldset>";
}

std::string pain_scale(const std::string& name, const std::string& legend, bool required) {
  std::string html =
      "<fieldset class=\"scale\"><legend>" + escape(legend) + "</legend><div class=\"scale-row\">";
  for (int value = 0; value <= 10; ++value) {
    const std::string id = element_id(name + "-" + std::to_string(value));
    html += fmt::format(
        "<span><input type=\"radio\" id=\"{}\" name=\"{}\" value=\"{}\"{}><label "
        "for=\"{}\">{}</label></span>",
        id, name, value, required && value == 0 ? " required" : "", id, value);
  }
  return html + "</div><p class=\"hint\">0 is no pain, 10 the worst you can imagine.</p></fieldset>";
}

std::string source_list(const std::vector<std::string>& sources, const Catalogue& catalogue) {
  if (sources.empty()) return "";
  std::string html = "<ul class=\"sources\">";
  for (const std::string& id : sources) {
    html += "<li>" + escape(catalogue.cite(id)) + "</li>";  // the tag stays in the JSON API
  }
  return html + "</ul>";
}

std::string list(const std::vector<std::string>& lines, const char* tag = "ul") {
  std::string html = fmt::format("<{}>", tag);
  for (const std::string& line : lines) html += "<li>" + escape(line) + "</li>";
  return html + fmt::format("</{}>", tag);
}

std::string level_class(Level level) { return "level-" + std::string(to_string(level)); }

// The text of an SVG's <title>, for the picture's alt text.
std::string svg_title(std::string_view svg) {
  const auto open = svg.find("<title");
  const auto start = open == std::string_view::npos ? open : svg.find('>', open);
  const auto end = start == std::string_view::npos ? start : svg.find("</title>", start);
  if (end == std::string_view::npos) return "";
  return std::string(svg.substr(start + 1, end - start - 1));
}

// The picture of a technique or of one of its variants (content/illustrations/, see
// content/illustrations.h) when the knowledge base has one: large, moving gently between the
// start and end positions. With `stills`, the two positions follow small and captioned, for
// reading and printing.
std::string illustration(const std::string& technique_id, const std::string& name, bool stills,
                         const std::string& variant_id = "") {
  const std::string file = variant_id.empty() ? technique_id : technique_id + "--" + variant_id;
  const std::string_view moving = content::illustration_svg(technique_id, variant_id, content::Pose::move);
  if (moving.empty()) return "";
  std::string alt = svg_title(moving);
  if (alt.empty()) alt = "How to do " + name;
  std::string html = fmt::format(
      "<figure class=\"move\"><img src=\"/illustrations/{}-move.svg\" alt=\"{}\" width=\"240\" "
      "height=\"180\" loading=\"lazy\"></figure>",
      escape(file), escape(alt));
  if (!stills) return html;
  std::string figures;
  for (content::Pose pose : {content::Pose::start, content::Pose::end}) {
    const std::string_view svg = content::illustration_svg(technique_id, variant_id, pose);
    if (svg.empty()) continue;
    const bool start = pose == content::Pose::start;
    std::string still_alt = svg_title(svg);
    if (still_alt.empty()) still_alt = (start ? "Start position of " : "End position of ") + name;
    figures += fmt::format(
        "<figure><img src=\"/illustrations/{}{}\" alt=\"{}\" width=\"240\" height=\"180\" "
        "loading=\"lazy\"><figcaption>{}</figcaption></figure>",
        escape(file), content::pose_suffix(pose), escape(still_alt), start ? "Start" : "End");
  }
  return html + (figures.empty() ? "" : "<div class=\"figures stills\">" + figures + "</div>");
}

// The web card of one form: /techniques/ID, or /techniques/ID?variant=V.
std::string technique_href(const std::string& technique_id, const std::string& variant_id) {
  return "/techniques/" + technique_id + (variant_id.empty() ? "" : "?variant=" + variant_id);
}

std::string weeks_text(const PlanPhase& phase) {
  return phase.last_week ? fmt::format("Weeks {} to {}", phase.first_week, *phase.last_week)
                         : fmt::format("From week {}", phase.first_week);
}

}  // namespace

std::string option_field_value(const IntakeOption& option) {
  return field_name(option) + "=" + field_value(option);
}

std::string welcome_html(bool has_intake, const std::string& safety_status, const PlanSession* today, bool plan_known) {
  std::string html =
      "<h1>Ease the knot between your shoulder blades, and keep it gone</h1>" + safety_status +
      "<p class=\"lead\">unknot checks first that your pain is safe to look after yourself, then builds a "
      "personal plan of heat, movement, self-massage and strength work. Every item says why it was chosen "
      "and where the advice comes from. It gives self-care information, not a diagnosis.</p>";
  if (has_intake) {
    // The same day as `unknot plan` and `unknot session`: the phase's week (PlanPhase::week).
    std::string first = "<a class=\"button primary\" href=\"/session\">Start today's session</a> ";
    if (plan_known && today) {
      first = fmt::format("<p class=\"today\">Today: {}, about {} minutes.</p>", escape(today->title), today->minutes) +
              "<a class=\"button primary\" href=\"/session/" + escape(today->id) + "\">Start today's session</a> ";
    } else if (plan_known) {
      first = "<p class=\"today\">Today is a rest day in your plan.</p>";
    }
    html +=
        "<p class=\"actions\">" + first +
        "<a class=\"button\" href=\"/checkin\">Daily check-in</a> <a class=\"button\" href=\"/plan\">See my "
        "plan</a></p>"
        "<p>Answers changed? <a href=\"/start\">Answer the questions again</a>.</p>";
  } else {
    html +=
        "<p class=\"actions\"><a class=\"button primary\" href=\"/start\">Start: a few questions</a></p>"
        "<p>It takes about three minutes. Safety questions come first.</p>";
  }
  html +=
      "<section aria-labelledby=\"how\"><h2 id=\"how\">How it works</h2><ol class=\"steps\">"
      "<li><strong>Safety first.</strong> Some back pain needs a doctor, not exercises.</li>"
      "<li><strong>Your plan.</strong> Phases that start gently and build strength.</li>"
      "<li><strong>Guided sessions.</strong> Big timers, counted reps, spoken cues if you like.</li>"
      "<li><strong>A short daily check-in.</strong> Morning pain and what set it off.</li>"
      "<li><strong>Progress.</strong> Your weekly pain against your first week, and the next step.</li>"
      "</ol></section>"
      "<p>Everything stays on this computer. <a href=\"/techniques\">Browse the techniques</a>.</p>";
  return html;
}

std::string intake_safety_html(const std::string& csrf) {
  return fmt::format("<p class=\"step-count\">Step 1 of {}</p>", kIntakeSteps) +
         "<h1>A few questions: safety first</h1>"
         "<p class=\"lead\">Some back pain needs a doctor, not exercises. Tick anything you have "
         "<strong>right "
         "now</strong>, then continue.</p>"
         "<form method=\"post\" action=\"/start/safety\" class=\"stack\">" +
         csrf_field(csrf) + choices("Do you have any of these right now?", emergency_sign_options(), false) +
         "<p><button type=\"submit\" class=\"primary\">Continue</button></p></form>";
}

// `text` as HTML with each emergency number in it (a stand-alone number of 3 digits, such as
// 999, 112 or 911) a tap-to-call link, so a phone dials it in one touch.
std::string with_call_links(const std::string& text) {
  std::string html;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
    const bool alone = (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]))) &&
                       (j == text.size() || !std::isalnum(static_cast<unsigned char>(text[j])));
    if (j - i == 3 && alone) {
      const std::string number = text.substr(i, 3);
      html += "<a class=\"call\" href=\"tel:" + number + "\">" + number + "</a>";
      i = j;
    } else if (j > i) {
      html += escape(text.substr(i, j - i));
      i = j;
    } else {
      html += escape(text.substr(i, 1));
      ++i;
    }
  }
  return html;
}

std::string triage_html(const Triage& triage, const Catalogue& catalogue, const std::string& lead,
                        const std::vector<std::string>& you_said) {
  auto level = catalogue.safety.levels.find(std::string(to_string(triage.level)));
  const std::string title =
      level != catalogue.safety.levels.end() ? level->second.title : std::string(to_string(triage.level));
  std::string html =
      "<section class=\"triage " + level_class(triage.level) + "\" aria-labelledby=\"triage-title\">";
  html += "<h1 id=\"triage-title\">" + escape(title) + "</h1>";
  if (!lead.empty()) html += "<p class=\"lead\">" + escape(lead) + "</p>";
  html += "<p class=\"advice\">" + with_call_links(triage.advice) + "</p>";
  if (!you_said.empty()) {
    // What this person ticked, and only that; the rules' general wording stays one click away.
    html += "<h2>Why: you told us</h2>" + list(you_said);
    if (!triage.reasons.empty()) {
      html += "<details><summary>About these signs</summary><ul>";
      for (const TriageReason& reason : triage.reasons) html += "<li>" + escape(reason.says) + "</li>";
      html += "</ul></details>";
    }
  } else if (!triage.reasons.empty()) {
    html += "<h2>Why</h2><ul>";
    for (const TriageReason& reason : triage.reasons) html += "<li>" + escape(reason.says) + "</li>";
    html += "</ul>";
  }
  return html + "</section>";
}

std::string no_intake_html() {
  return "<h1>No plan yet</h1><p>Answer a few questions first: safety comes first, then your plan.</p>"
         "<p><a class=\"button primary\" href=\"/start\">Start the questions</a></p>";
}

std::string safety_status_html(const Plan& plan, const Catalogue& catalogue, const std::string& lead) {
  std::string html = triage_html(plan.triage, catalogue, lead);
  if (!plan.logged_signs.empty()) html += "<p class=\"logged-signs\">" + escape(logged_signs_text(plan.logged_signs)) + "</p>";
  return html;
}

std::string plan_html(const Plan& plan, const Catalogue& catalogue, const PlanSession* today,
                      const std::string& current_phase) {
  if (plan.status == PlanStatus::kRefer) {
    return safety_status_html(plan, catalogue, "No self-care plan for now.") +
           "<p>unknot will not suggest exercises, heat or massage until a doctor has checked you. When they "
           "say "
           "self-care is fine, <a href=\"/start\">answer the questions again</a>.</p>";
  }
  std::string html = "<h1>Your plan</h1>" + safety_status_html(plan, catalogue, "");
  html += fmt::format(
      "<p class=\"lead\">About {} minutes a day; strength work on {} days a week. Pain is {}.</p>",
      plan.minutes_per_day, plan.strength_days_per_week,
      plan.irritable ? "high or very recent, so the plan starts gently"
                     : "not too high, so gentle strength work starts now");
  if (today) {
    html += fmt::format("<p class=\"today\">Today: {}, about {} minutes.</p>", escape(today->title), today->minutes);
    html += "<p class=\"actions\"><a class=\"button primary\" href=\"/session/" + escape(today->id) +
            "\">Start today's " + "session: " + escape(today->title) + "</a></p>";
  } else if (!current_phase.empty()) {
    html += "<p class=\"today\">Today is a rest day in your plan.</p>";
  }
  std::set<std::string> explained;
  for (const PlanPhase& phase : plan.phases) {
    html += "<section class=\"phase\" aria-labelledby=\"phase-" + escape(phase.id) + "\"><h2 id=\"phase-" +
            escape(phase.id) + "\">" + escape(phase.title) + " <span class=\"weeks\">" + weeks_text(phase) +
            "</span></h2>";
    if (phase.id == current_phase) html += "<p class=\"here\"><strong>You are here.</strong></p>";
    html += "<ul class=\"week\" aria-label=\"Your week\">";
    for (const PlanDay& day : phase.week) {
      std::string text;
      for (const std::string& id : day.sessions) {
        for (const PlanSession& session : phase.sessions) {
          if (session.id == id) text += (text.empty() ? "" : ", ") + session.title;
        }
      }
      html += "<li><strong>" + std::string(weekday_name(day.weekday)) + "</strong>: " +
              (text.empty() ? std::string("rest day") : escape(text) + fmt::format(" ({} min)", day.minutes)) + "</li>";
    }
    html += "</ul>";
    for (const PlanSession& session : phase.sessions) {
      html += "<article class=\"session\"><h3>" + escape(session.title) + "</h3>";
      html += fmt::format(
          "<p class=\"meta\">{} day{} a week, about {} minutes · <a href=\"/session/{}\">Start this "
          "session<span class=\"visually-hidden\"> ({})</span></a></p><ol class=\"items\">",
          session.days_per_week, session.days_per_week == 1 ? "" : "s", session.minutes, escape(session.id),
          escape(session.title));
      for (const PlanItem& item : session.items) {
        html += "<li><p><a href=\"" + escape(technique_href(item.technique, item.variant)) + "\"><strong>" + escape(item.name) +
                "</strong></a> · " + escape(describe_dose(item.dose)) + "</p>";
        if (explained.insert(item.technique + "/" + item.variant + "/" + item.why).second) {
          html += "<p class=\"why\">" + escape(item.why) + "</p>";
          for (const std::string& caution : item.cautions) {
            html += "<p class=\"caution\"><strong>Careful:</strong> " + escape(caution) + "</p>";
          }
          if (!item.sources.empty()) {
            html +=
                "<details><summary>Sources</summary>" + source_list(item.sources, catalogue) + "</details>";
          }
        }
        html += "</li>";
      }
      html += "</ol></article>";
    }
    html +=
        "<p class=\"advance\"><strong>Next step:</strong> " + escape(phase.advance_when) + "</p></section>";
  }
  if (!plan.habits.empty()) {
    html += "<section aria-labelledby=\"habits\"><h2 id=\"habits\">Habits for the rest of the day</h2><ul>";
    for (const Habit& habit : plan.habits) {
      const Technique* technique = catalogue.find_technique(habit.technique);
      html += "<li><a href=\"/techniques/" + escape(habit.technique) + "\">" +
              escape(technique ? technique->name : habit.technique) + "</a>, " + escape(habit.when) + ". " +
              escape(habit.why) + "</li>";
    }
    html += "</ul></section>";
  }
  html += "<section aria-labelledby=\"checking\"><h2 id=\"checking\">Checking progress</h2><p>" +
          escape(plan.review.rule) + "</p></section>";
  if (!plan.reconciliations.empty()) {
    html +=
        "<section aria-labelledby=\"disagree\"><h2 id=\"disagree\">Where the sources disagree, and what "
        "unknot "
        "does</h2><ul>";
    for (const PlanNote& note : plan.reconciliations) html += "<li>" + escape(note.says) + "</li>";
    html += "</ul></section>";
  }
  if (!plan.notes.empty()) {
    html += "<section aria-labelledby=\"for-you\"><h2 id=\"for-you\">Just for you</h2><ul>";
    for (const PlanNote& note : plan.notes) html += "<li>" + escape(note.says) + "</li>";
    html += "</ul></section>";
  }
  if (!plan.learn.empty()) {
    html += "<section aria-labelledby=\"reads\"><h2 id=\"reads\">Worth reading</h2><ul>";
    for (const std::string& id : plan.learn) {
      const Topic* topic = catalogue.find_topic(id);
      if (topic) html += "<li><a href=\"/learn/" + escape(id) + "\">" + escape(topic->title) + "</a></li>";
    }
    html += "</ul></section>";
  }
  html += "<p class=\"stop\">" + escape(kStopRule) + "</p>";
  return html;
}

std::string topics_html(const Catalogue& catalogue) {
  std::string html =
      "<h1>Short reads</h1><p class=\"lead\">What a knot is, why the sources disagree, and when "
      "to get help.</p><ul class=\"topics\">";
  for (const Topic& topic : catalogue.topics) {
    html += "<li><a href=\"/learn/" + escape(topic.id) + "\"><strong>" + escape(topic.title) +
            "</strong></a><br>" + escape(topic.summary) + "</li>";
  }
  return html + "</ul>";
}

std::string topic_html(const Topic& topic, const Catalogue& catalogue) {
  std::string html = "<p class=\"crumbs\"><a href=\"/learn\">Short reads</a></p><article><h1>" +
                     escape(topic.title) + "</h1><p class=\"lead\">" + escape(topic.summary) + "</p>";
  for (const std::string& paragraph : topic.body) html += "<p>" + escape(paragraph) + "</p>";
  return html + "<h2>Sources</h2>" + source_list(topic.sources, catalogue) + "</article>";
}

std::string techniques_html(const Catalogue& catalogue) {
  std::string html =
      "<h1>Techniques</h1><p class=\"lead\">Everything unknot can suggest, by kind. Your plan picks "
      "from these for you.</p>";
  for (std::string_view kind_name : kind_names()) {
    std::string cards;
    for (const Technique& technique : catalogue.techniques) {
      if (to_string(technique.kind) != kind_name) continue;
      cards += "<li class=\"card\">" + illustration(technique.id, technique.name, false) +
               "<h3><a href=\"/techniques/" + escape(technique.id) + "\">" + escape(technique.name) +
               "</a></h3><p>" + escape(technique.summary) + "</p><p class=\"meta\">" +
               escape(spaced(to_string(technique.position))) + " · " + escape(describe_dose(technique.dose)) +
               "</p></li>";
    }
    if (cards.empty()) continue;
    std::string heading = spaced(kind_name);
    heading[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(heading[0])));
    html += "<section aria-labelledby=\"kind-" + std::string(kind_name) + "\"><h2 id=\"kind-" +
            std::string(kind_name) + "\">" + escape(heading) + "</h2><ul class=\"cards\">" + cards +
            "</ul></section>";
  }
  return html;
}

std::string technique_html(const Technique& technique, const std::string& variant,
                           const std::optional<Dose>& prescribed, const Catalogue& catalogue) {
  const TechniqueForm form = technique.form(variant);
  const Dose dose = prescribed.value_or(form.dose);
  std::string html =
      "<p class=\"crumbs\"><a href=\"/techniques\">Techniques</a></p><article class=\"technique\"><h1>" +
      escape(form.name) + "</h1>";
  html += "<p class=\"lead\">" + escape(form.summary) + "</p>";
  // A custom exercise shows the pose figures the clinician picked (Technique::picture).
  html += technique.picture.empty() ? illustration(technique.id, form.name, true, form.variant)
                                    : illustration(technique.picture, form.name, true);
  html += "<dl class=\"facts\"><dt>Kind</dt><dd>" + escape(spaced(to_string(technique.kind))) +
          "</dd><dt>Position</dt><dd>" + escape(spaced(to_string(form.position))) + "</dd><dt>" +
          (prescribed ? "Your dose" : "Dose") + "</dt><dd>" + escape(describe_dose(dose)) + "</dd>";
  if (!technique.frequency.note.empty())
    html += "<dt>How often</dt><dd>" + escape(technique.frequency.note) + "</dd>";
  if (!form.equipment.empty()) {
    std::string equipment;
    for (const std::string& name : form.equipment)
      equipment += (equipment.empty() ? "" : ", ") + spaced(name);
    html += "<dt>You need</dt><dd>" + escape(equipment) + "</dd>";
  }
  html += "</dl><h2>How</h2>" + list(render_steps(form.steps, dose), "ol");
  if (!form.cues.empty()) html += "<h2>Tips</h2>" + list(form.cues);
  if (!form.stop_if.empty()) html += "<h2>Stop if</h2>" + list(form.stop_if);
  if (!form.cautions.empty()) html += "<h2>Careful</h2>" + list(form.cautions);
  if (!technique.contraindications.empty()) {
    html += "<h2>Not for you if</h2><ul>";
    for (const ConditionalNote& note : technique.contraindications)
      html += "<li>" + escape(note.says) + "</li>";
    html += "</ul>";
  }
  if (!technique.variants.empty()) {
    html += "<h2>Other ways to do it</h2><ul>";
    if (!form.variant.empty()) {
      html += "<li><a href=\"" + escape(technique_href(technique.id, "")) + "\"><strong>" +
              escape(technique.name) + "</strong></a>: " + escape(technique.summary) + "</li>";
    }
    for (const Variant& other : technique.variants) {
      if (other.id == form.variant) continue;
      html += "<li><a href=\"" + escape(technique_href(technique.id, other.id)) + "\"><strong>" +
              escape(other.name) + "</strong></a>";
      if (!other.summary.empty()) html += ": " + escape(other.summary);
      html += "</li>";
    }
    html += "</ul>";
  }
  html += "<h2>Evidence</h2><p>" + escape(spaced(technique.evidence.level)) +
          (technique.evidence.note.empty() ? "" : ": " + escape(technique.evidence.note)) + "</p>";
  html += "<h2>Sources</h2>" + source_list(technique.sources, catalogue);
  return html + "</article>";
}

std::string session_html(const PlanSession& session) {
  std::string html = "<h1>" + escape(session.title) + "</h1>";
  html += "<div id=\"player\" class=\"player\" data-session=\"" + escape(session.id) +
          "\" hidden>"
          "<p class=\"stop\" id=\"stop-rule\"></p>"
          "<div class=\"progress\" role=\"progressbar\" aria-label=\"Session progress\" aria-valuemin=\"0\" "
          "aria-valuemax=\"100\" aria-valuenow=\"0\" id=\"progress\"><div class=\"progress-fill\" "
          "id=\"progress-fill\"></div></div>"
          "<p class=\"now-item\" id=\"item-name\"></p>"
          "<p class=\"step-label\" id=\"step-label\"></p>"
          "<figure class=\"move player-move\"><img id=\"pic-move\" alt=\"\" width=\"240\" height=\"180\" "
          "hidden></figure>"
          "<p class=\"clock\" id=\"clock\" aria-live=\"off\">0:00</p>"
          "<p class=\"reps\" id=\"reps\" hidden><span id=\"rep-count\">0</span> of <span "
          "id=\"rep-target\">0</span> reps</p>"
          "<p class=\"visually-hidden\" id=\"announce\" aria-live=\"polite\"></p>"
          "<div class=\"controls\">"
          "<button type=\"button\" id=\"back\">Back</button>"
          "<button type=\"button\" id=\"pause\" class=\"primary\">Start</button>"
          "<button type=\"button\" id=\"rep\" hidden>Count a rep</button>"
          "<button type=\"button\" id=\"skip\">Skip</button></div>"
          "<div class=\"toggles\"><input type=\"checkbox\" id=\"speak\"><label for=\"speak\">Speak the "
          "cues</label></div>"
          "<p class=\"hint\">Keys: Space pause or resume, → skip, ← back, R count a rep.</p>"
          "<details id=\"how\"><summary>How to do this one</summary><ol id=\"item-steps\"></ol><ul "
          "id=\"item-cues\"></ul>"
          "</details>"
          "</div>";
  html += "<form id=\"finish\" class=\"stack finish\" hidden><h2>Well done</h2>" +
          pain_scale("pain_during", "What was your worst pain during the session?", true) +
          "<fieldset class=\"choices\" id=\"done-items\"><legend>Which items did you do?</legend></fieldset>"
          "<p><button type=\"submit\" class=\"primary\">Save to my diary</button></p>"
          "<p id=\"finish-status\" role=\"status\"></p></form>";
  // Without script: the routine as a list.
  html +=
      "<div id=\"static-routine\"><p class=\"hint\">The guided player needs JavaScript. Here is the "
      "routine:</p><ol>";
  for (const PlanItem& item : session.items) {
    html += "<li><a href=\"/techniques/" + escape(item.technique) + "\">" + escape(item.name) + "</a> · " +
            escape(describe_dose(item.dose)) + "</li>";
  }
  html += "</ol></div>";
  return html;
}

std::string session_check_html(const PlanSession& session, const std::string& csrf, const std::string& speed) {
  const std::vector<IntakeOption> signs = session_check_options();
  std::string html = "<h1>" + escape(session.title) + "</h1>";
  html += "<p class=\"lead\">Before you start, a quick safety check.</p>";
  html += "<form method=\"post\" action=\"/session/" + escape(session.id) + "\" class=\"stack\">" + csrf_field(csrf);
  if (!speed.empty()) html += "<input type=\"hidden\" name=\"speed\" value=\"" + escape(speed) + "\">";
  html += choices("Do you have any of these right now, or are any of them new?", signs, false,
                  "Tick any that apply. Any one of them means no exercise today.");
  html += "<p><button type=\"submit\" class=\"primary\" id=\"start-session\">Continue</button></p></form>";
  html += "<p class=\"hint\">" + escape(kStopRule) + "</p>";
  return html;
}

int character_count(std::string_view text) {
  int count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // skip continuation bytes
  return count;
}

std::string checkin_html(const std::string& csrf, bool session_yesterday, const std::string& safety_status,
                         bool late_pregnancy) {
  // Ten seconds on an ordinary day: morning pain, one yes/no that opens the warning-sign list
  // (style.css shows it when "Yes" is chosen), optional triggers as toggles, save. The safety
  // status comes first when there is something to say.
  std::string html = "<h1>Daily check-in</h1>" + safety_status +
                     "<form method=\"post\" action=\"/checkin\" class=\"stack checkin\">" + csrf_field(csrf);
  html += pain_scale("nprs",
                     session_yesterday ? "You did a session yesterday. How is the pain this morning?"
                                       : "How is the pain this morning?",
                     true);
  html +=
      "<fieldset class=\"worry\"><legend>Anything new or worrying since yesterday?</legend>"
      "<div class=\"yes-no\"><span><input type=\"radio\" id=\"worry-no\" name=\"worry\" value=\"no\" required>"
      "<label for=\"worry-no\">No</label></span><span><input type=\"radio\" id=\"worry-yes\" name=\"worry\" "
      "value=\"yes\"><label for=\"worry-yes\">Yes</label></span></div>"
      "<p class=\"hint\">A new symptom, or one that is getting worse: \"Yes\" shows the list of warning signs.</p>"
      "</fieldset>";
  html += "<div class=\"signs stack\">" + choices("Do you have any of these right now?", emergency_sign_options(), false) +
          choices("Any of these since your last check-in?", urgent_sign_options(), false);
  if (late_pregnancy) html += choices(kPregnancySignsCheckinQuestion, pregnancy_sign_options(), false);
  html += "</div>";
  html += "<details class=\"triggers\"><summary>What did you do a lot of yesterday? (optional)</summary>" +
          choices("Be a detective: tick what you did a lot of", trigger_options(), false) +
          "<div class=\"field\"><label for=\"f-note\">Anything else worth noting?</label>"
          "<textarea id=\"f-note\" name=\"note\" rows=\"2\" maxlength=\"" + std::to_string(kNoteMaxCharacters) +
          "\"></textarea></div></details>";
  html += std::string("<input type=\"hidden\" name=\"context\" value=\"") +
          (session_yesterday ? "next_morning" : "morning") + "\">";
  html +=
      "<p><button type=\"submit\" class=\"primary\">Save check-in</button></p></form>"
      "<p><a href=\"/diary\">Your diary</a>: the latest entries, and pain logged at any time of day.</p>";
  return html;
}

std::string diary_html(const std::vector<DiaryEntry>& newest_first, const std::string& csrf,
                       const std::string& notice) {
  std::string html = "<h1>Diary</h1>";
  if (!notice.empty()) html += "<p class=\"notice\" role=\"status\">" + escape(notice) + "</p>";
  html +=
      "<form method=\"post\" action=\"/diary/pain\" class=\"stack inline-form\">" + csrf_field(csrf) +
      pain_scale("nprs", "Log your pain now", true) +
      "<div class=\"field\"><label for=\"f-context\">When</label><select id=\"f-context\" name=\"context\">"
      "<option value=\"other\">Just now</option><option value=\"morning\">This morning</option>"
      "<option value=\"evening\">This evening</option><option value=\"after_session\">After a "
      "session</option>"
      "</select></div><p><button type=\"submit\">Log pain</button></p></form>";
  html += "<h2>Latest entries</h2>";
  if (newest_first.empty())
    return html + "<p>Nothing yet. The <a href=\"/checkin\">daily check-in</a> is a good start.</p>";
  html +=
      "<table class=\"entries\"><caption class=\"visually-hidden\">Latest diary entries, newest "
      "first</caption>"
      "<thead><tr><th scope=\"col\">When</th><th scope=\"col\">What</th><th "
      "scope=\"col\">Details</th></tr></thead><tbody>";
  for (const DiaryEntry& entry : newest_first) {
    std::string details;
    switch (entry.type) {
      case EntryType::kPain:
        details = fmt::format("{}/10{}", entry.nprs.value_or(0),
                              entry.context.empty() ? "" : ", " + spaced(entry.context));
        break;
      case EntryType::kSession:
        details = entry.session + (entry.completed.value_or(true) ? ", completed" : ", stopped early");
        if (entry.pain_during) details += fmt::format(", pain during {}/10", *entry.pain_during);
        if (!entry.items.empty()) details += fmt::format(", {} items", entry.items.size());
        break;
      case EntryType::kTrigger:
        details = spaced(entry.trigger);
        if (entry.hours) details += fmt::format(", {} h", *entry.hours);
        break;
      case EntryType::kSymptom:
        details = spaced(entry.symptom);
        break;
      case EntryType::kNote:
        details = entry.text;
        break;
      case EntryType::kBreak:
        details = entry.technique + ", " + entry.outcome;
        break;
    }
    std::string when = entry.at;
    if (when.size() > 16) when = when.substr(0, 10) + " " + when.substr(11, 5);
    html += "<tr><td>" + escape(when) + "</td><td>" + escape(std::string(to_string(entry.type))) +
            "</td><td>" + escape(details) + "</td></tr>";
  }
  return html + "</tbody></table>";
}

std::string review_html(const Review& review) {
  std::string html =
      fmt::format("<h1>Progress review</h1><p class=\"lead\">As of {}, week {:.1f} of your program.</p>",
                  iso_date(review.as_of), review.weeks_in_program);
  auto window = [](const char* name, const PainWindow& w) {
    if (w.from > w.to)
      return fmt::format("<tr><th scope=\"row\">{}</th><td colspan=\"3\">Not yet: the first week is still running</td></tr>", name);
    return fmt::format("<tr><th scope=\"row\">{}</th><td>{} to {}</td><td>{}</td><td>{}</td></tr>", name,
                       iso_date(w.from), iso_date(w.to),
                       w.mean_nprs ? fmt::format("{:.1f}/10", *w.mean_nprs) : std::string("no readings"),
                       w.entries);
  };
  html += "<section class=\"verdict\" aria-labelledby=\"verdict\"><h2 id=\"verdict\">Verdict: " +
          escape(spaced(review.verdict)) + "</h2><p>Next step: <strong>" + escape(spaced(review.next_step)) +
          "</strong></p><ul>";
  for (const ReviewReason& reason : review.reasons) html += "<li>" + escape(reason.says) + "</li>";
  html +=
      "</ul></section><table class=\"windows\"><caption>Average morning pain</caption><thead><tr><th "
      "scope=\"col\">Week</th><th scope=\"col\">Days</th><th scope=\"col\">Average</th><th "
      "scope=\"col\">Readings"
      "</th></tr></thead><tbody>" +
      window("First week", review.baseline) + window("Last 7 days", review.current) + "</tbody></table>";
  if (review.change_points) {
    html += fmt::format("<p>Change: {:+.1f} points ({:+.1f}%).</p>", *review.change_points,
                        *review.change_percent);
  }
  html += fmt::format("<p>Strength sessions: {:.1f} a week (plan: {}).</p>",
                      review.strength_sessions_per_week, review.target_per_week);
  return html;
}

std::string progress_html(const PainTrend& trend, const Insights& insights, const Review& review,
                          bool printable) {
  std::string html = printable ? "<h1>unknot progress report</h1>" : "<h1>Progress</h1>";
  html += fmt::format(
      "<p class=\"lead\">Verdict as of {}: <strong>{}</strong>. Next step: <strong>{}</strong>. "
      "<a href=\"/review\">The full review</a>.</p>",
      iso_date(review.as_of), escape(spaced(review.verdict)), escape(spaced(review.next_step)));
  html +=
      "<section aria-labelledby=\"pain-h\"><h2 id=\"pain-h\">Morning pain</h2>" + pain_trend_svg(trend) +
      "<p class=\"legend\"><span class=\"key key-dot\"></span> a morning · <span class=\"key "
      "key-mean\"></span> "
      "weekly average · <span class=\"key key-band\"></span> meaningful improvement (2 points or 30% below "
      "your first week)</p>";
  html +=
      "<details><summary>The numbers</summary><table><caption>Weekly average of morning "
      "pain</caption><thead><tr>"
      "<th scope=\"col\">Week of</th><th scope=\"col\">Average</th><th "
      "scope=\"col\">Readings</th></tr></thead><tbody>";
  for (const WeekPain& week : trend.weeks) {
    html += fmt::format("<tr><td>{}</td><td>{:.1f}</td><td>{}</td></tr>", iso_date(week.monday),
                        week.mean_nprs, week.readings);
  }
  html += "</tbody></table></details></section>";
  html += "<section aria-labelledby=\"sessions-h\"><h2 id=\"sessions-h\">Sessions per week</h2>" +
          sessions_per_week_svg(insights.weeks, review.target_per_week, review.first_day) +
          "<p class=\"legend\"><span class=\"key key-bar\"></span> all sessions · <span class=\"key "
          "key-strength\"></span> strength sessions</p></section>";
  html += "<section aria-labelledby=\"triggers-h\"><h2 id=\"triggers-h\">Triggers</h2>";
  const std::string triggers = triggers_svg(insights.triggers);
  if (!triggers.empty()) html += triggers;
  if (insights.triggers.empty()) {
    html += "<p>No triggers logged yet. The daily check-in asks what you did a lot of yesterday.</p>";
  } else {
    html += "<ul>";
    for (const TriggerEffect& trigger : insights.triggers) html += "<li>" + escape(trigger.says) + "</li>";
    html += "</ul>";
  }
  html += "<p class=\"hint\">These are patterns in your own diary, not proof of cause.</p></section>";
  if (!printable) html += "<p><a class=\"button\" href=\"/report\">Printable report</a></p>";
  return html;
}

std::string export_html(bool has_intake) {
  std::string html =
      "<h1>Exports</h1><p class=\"lead\">Your data, to keep or to share. Files download to this "
      "device.</p><ul class=\"downloads\">";
  if (has_intake) {
    html +=
        "<li><a href=\"/export/plan.ics\" download>Calendar (.ics)</a>: your plan's sessions as recurring "
        "events.</li><li><a href=\"/export/fhir.json\" download>For a clinician (FHIR R4 JSON)</a>: pain "
        "readings and your plan.</li>";
  }
  html +=
      "<li><a href=\"/export/diary.csv\" download>Diary as CSV</a>: for a spreadsheet.</li>"
      "<li><a href=\"/export/diary.jsonl\" download>Diary as JSON Lines</a>: for <code>unknot diary "
      "import</code>."
      "</li><li><a href=\"/report\">Printable progress report</a>.</li></ul>";
  if (!has_intake)
    html += "<p>The calendar and clinician exports need your plan: <a href=\"/start\">start here</a>.</p>";
  return html;
}

std::string error_html(int status, const std::string& message) {
  const char* title = status == 404   ? "Not found"
                      : status == 403 ? "Refused"
                      : status == 413 ? "Too much at once"
                      : status >= 500 ? "Something went wrong in unknot"
                                      : "Please check what was sent";
  // Going back keeps what was typed in the browser's form; the menu is there too.
  return fmt::format(
      "<h1>{}</h1><div class=\"alert\" role=\"alert\"><p>{}</p></div><p class=\"hint\">Use your browser's "
      "Back button to return to the form with your answers.</p><p><a href=\"/\">Home</a></p>",
      title, escape(message));
}

}  // namespace unknot::web
