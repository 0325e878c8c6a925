#include "web/intake_form.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "core/intake_questions.h"
#include "core/html_builder.h"

namespace unknot::web {


namespace {

// One question of a step: a list of options (checkboxes, or radio buttons when `single`), a
// number, or the 0-10 pain scale.
struct Question {
  enum class Kind { kChoices, kNumber, kScale } kind;
  const char* text;  // the legend; for numbers, the IntakeNumber's name
  const std::vector<IntakeOption>& (*options)() = nullptr;
  bool single = false;
  std::string hint = "";
};

struct Step {
  const char* title;
  const char* lead;
  std::vector<Question> questions;
};

using K = Question::Kind;

// Steps 2.. (step 1 is the emergency signs, intake_safety_html). Each follow-up question
// (core/intake_questions.h) comes right after the question that asks its trigger, saying
// when it applies, since a plain form cannot hide it until the answer is given.
std::vector<Step> make_steps();

const std::vector<Step>& steps() {
  static const std::vector<Step> all = make_steps();
  return all;
}

std::vector<Step> make_steps() {
  std::vector<Step> all = {
      {"Other warning signs", "Some signs need a doctor soon rather than exercises. Leave all unticked if none apply.",
       {{K::kChoices, "Do you have any of these?", urgent_sign_options},
        {K::kChoices, "Is the pain any of these?", pain_feature_options}}},
      {"Your pain", "",
       {{K::kNumber, "age"},
        {K::kScale, "pain_now"},
        {K::kNumber, "worst_last_week"},
        {K::kNumber, "weeks_since_onset"},
        {K::kChoices, "Did it come on gradually or suddenly?", onset_options, true},
        {K::kChoices, "Did it start after any of these?", started_after_options, true},
        {K::kChoices, "Where do you feel it?", area_options}}},
      {"Your health", "",
       {{K::kChoices, "Do any of these apply to you?", history_options},
        {K::kNumber, "weeks_tried"},
        {K::kChoices, "Since then, is it better, the same or worse?", self_care_change_options, true},
        {K::kChoices, "Is any of this hard for you?", constraint_options},
        {K::kChoices, "Any of these?", caution_options}}},
      {"What suits you", "",
       {{K::kChoices, "What do you have at home?", equipment_options, false,
         "A wall, a sturdy chair, a doorway and a mat or rug are assumed."},
        {K::kNumber, "minutes_per_day"},
        {K::kNumber, "strength_days_per_week"},
        {K::kNumber, "desk_hours_per_day"},
        {K::kChoices, "Be a detective: what tends to set the knot off?", trigger_options}}},
  };
  // Puts `follow_up` after the first question that offers its trigger; false when none does.
  auto place = [&all](const FollowUpQuestion& follow_up) {
    const std::string trigger = std::string(follow_up.asked_when.pointer) + "=" +
                                (follow_up.asked_when.value ? follow_up.asked_when.value : "");
    for (Step& step : all) {
      for (size_t i = 0; i < step.questions.size(); ++i) {
        if (step.questions[i].kind != K::kChoices) continue;
        const auto& options = step.questions[i].options();
        const bool asks = std::any_of(options.begin(), options.end(), [&](const IntakeOption& option) {
          return std::string(option.pointer) + "=" + (option.value ? option.value : "") == trigger;
        });
        if (!asks) continue;
        step.questions.insert(step.questions.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                              Question{K::kChoices, follow_up.question, follow_up.options, false,
                                       std::string("Only if you ticked \u201c") + follow_up.asked_when.label +
                                           "\u201d above."});
        return true;
      }
    }
    return false;
  };
  for (const FollowUpQuestion& follow_up : follow_up_questions()) place(follow_up);
  return all;
}

const IntakeNumber* number_named(std::string_view name) {
  for (const IntakeNumber& number : intake_numbers()) {
    if (name == number.name) return &number;
  }
  return nullptr;
}


bool answered(const FormFields& answers, const std::string& name, const std::string& value) {
  return std::any_of(answers.begin(), answers.end(),
                     [&](const auto& given) { return given.first == name && given.second == value; });
}

std::optional<std::string> answer(const FormFields& answers, const std::string& name) {
  for (const auto& [key, value] : answers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

// Whether a form answer belongs to `step`'s questions (else it is carried along hidden).
bool owned_by(const Step& step, const std::string& name, const std::string& value) {
  for (const Question& question : step.questions) {
    if (question.kind != K::kChoices) {
      if (name == question.text) return true;
      continue;
    }
    for (const IntakeOption& option : question.options()) {
      if (name == field_name(option) && value == field_value(option)) return true;
    }
  }
  return false;
}

std::string number_words(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

// A number's value, or what is wrong with it.
struct Parsed {
  std::optional<double> value;
  std::string problem;
};

Parsed parse_number(const IntakeNumber& number, const std::string& text) {
  if (text.empty()) return {std::nullopt, number.required ? "Please answer this question." : ""};
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !std::isfinite(value)) {
    return {std::nullopt, number.whole ? "Please give a whole number, like 3." : "Please give a number, like 3 or 2.5."};
  }
  if (number.whole && value != std::floor(value)) return {std::nullopt, "Please give a whole number, like 3."};
  if (value < number.minimum || value > number.maximum) {
    return {std::nullopt, "Please give a number from " + number_words(number.minimum) + " to " +
                              number_words(number.maximum) + "."};
  }
  return {value, ""};
}

const std::string* error_for(const FieldErrors& errors, const std::string& name) {
  for (const auto& [field, message] : errors) {
    if (field == name) return &message;
  }
  return nullptr;
}

void error_line(Html& html, const std::string& id, const std::string* error) {
  if (error) html.tag("<p class=\"field-error\" id=\"").text(id).tag("-error\">").text(*error).tag("</p>");
}

void choices(Html& html, const Question& question, const FormFields& answers) {
  html.tag("<fieldset class=\"choices\"><legend>").text(question.text).tag("</legend>");
  if (!question.hint.empty()) html.tag("<p class=\"hint\">").text(question.hint).tag("</p>");
  for (const IntakeOption& option : question.options()) {
    const std::string name = field_name(option), value = field_value(option);
    const std::string id = element_id(name + "-" + value);
    html.tag("<div class=\"choice\"><input type=\"");
    if (question.single) html.tag("radio");
    else html.tag("checkbox");
    html.tag("\" id=\"").text(id).tag("\" name=\"").text(name).tag("\" value=\"").text(value).tag("\"");
    if (answered(answers, name, value)) html.tag(" checked");
    html.tag("><label for=\"").text(id).tag("\">").text(option.label).tag("</label></div>");
  }
  html.tag("</fieldset>");
}

void number_field(Html& html, const IntakeNumber& number, const FormFields& answers, const std::string* error) {
  const std::string id = element_id(number.name);
  const std::optional<std::string> given = answer(answers, number.name);
  const std::string value = given ? *given : number.preset;
  std::string described;
  if (*number.hint) described = id + "-hint";
  if (error) described += (described.empty() ? "" : " ") + id + "-error";
  html.tag("<div class=\"field");
  if (error) html.tag(" invalid");
  html.tag("\"><label for=\"").text(id).tag("\">").text(number.label).tag("</label>");
  if (*number.hint) html.tag("<p class=\"hint\" id=\"").text(id).tag("-hint\">").text(number.hint).tag("</p>");
  error_line(html, id, error);
  html.tag("<input type=\"text\" id=\"").text(id).tag("\" name=\"").text(number.name).tag("\" inputmode=\"");
  if (number.whole) html.tag("numeric");
  else html.tag("decimal");
  html.tag("\" autocomplete=\"off\" value=\"").text(value).tag("\"");
  if (number.required) html.tag(" required");
  if (error) html.tag(" aria-invalid=\"true\"");
  if (!described.empty()) html.tag(" aria-describedby=\"").text(described).tag("\"");
  html.tag("></div>");
}

void pain_scale(Html& html, const IntakeNumber& number, const FormFields& answers, const std::string* error) {
  const std::string id = element_id(number.name);
  html.tag("<fieldset class=\"scale");
  if (error) html.tag(" invalid");
  html.tag("\" id=\"").text(id).tag("\"");
  if (error) html.tag(" aria-describedby=\"").text(id).tag("-error\"");
  html.tag("><legend>").text(number.label).tag("</legend>");
  error_line(html, id, error);
  html.tag("<div class=\"scale-row\">");
  const std::optional<std::string> given = answer(answers, number.name);
  for (int level = 0; level <= 10; ++level) {
    const std::string value = std::to_string(level);
    const std::string option_id = id + "-" + value;
    html.tag("<span><input type=\"radio\" id=\"").text(option_id).tag("\" name=\"").text(number.name)
        .tag("\" value=\"").text(value).tag("\"");
    if (level == 0) html.tag(" required");
    if (given == value) html.tag(" checked");
    html.tag("><label for=\"").text(option_id).tag("\">").text(value).tag("</label></span>");
  }
  html.tag("</div><p class=\"hint\">0 is no pain, 10 the worst you can imagine.</p></fieldset>");
}

}  // namespace

std::string field_name(const IntakeOption& option) { return std::string(option.pointer).substr(1); }
std::string field_value(const IntakeOption& option) { return option.value ? option.value : "true"; }

std::string element_id(std::string text) {
  for (char& c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '-';
  }
  return "f-" + text;
}

const std::vector<IntakeNumber>& intake_numbers() {
  static const std::vector<IntakeNumber> numbers = {
      {"age", "/age", "How old are you?", 12, 120, true, true, "", ""},
      {"pain_now", "/pain/now", "How bad is the pain right now?", 0, 10, true, true, "", ""},
      {"worst_last_week", "/pain/worst_last_week", "At its worst in the last week, 0 to 10 (optional)", 0, 10, true,
       false, "", ""},
      {"weeks_since_onset", "/pain/weeks_since_onset", "How many weeks ago did it start?", 0, 2600, false, true,
       "0.5 for a few days.", ""},
      {"weeks_tried", "/self_care/weeks_tried",
       "How many weeks have you already tried looking after it yourself? (optional)", 0, 520, false, false, "", ""},
      {"minutes_per_day", "/profile/minutes_per_day", "How many minutes a day can you give it?", 5, 120, true, true,
       "", "15"},
      {"strength_days_per_week", "/profile/strength_days_per_week",
       "On how many days a week could you do a short strength session?", 0, 7, true, true, "", "3"},
      {"desk_hours_per_day", "/profile/desk_hours_per_day",
       "How many hours a day do you sit at a desk or computer? (optional)", 0, 24, false, false, "", ""},
  };
  return numbers;
}

FieldErrors check_intake_step(int step, const FormFields& answers) {
  FieldErrors errors;
  if (step < 2 || step > kIntakeSteps) return errors;
  for (const Question& question : steps()[static_cast<size_t>(step - 2)].questions) {
    if (question.kind == K::kChoices) continue;
    const IntakeNumber& number = *number_named(question.text);
    const Parsed parsed = parse_number(number, answer(answers, number.name).value_or(""));
    if (!parsed.problem.empty()) {
      errors.emplace_back(number.name, question.kind == K::kScale && parsed.problem.starts_with("Please answer")
                                           ? "Please choose a number from 0 to 10."
                                           : parsed.problem);
    }
  }
  // Answers that contradict each other (the intake parser checks these too, in its words).
  auto value = [&](const char* name) { return parse_number(*number_named(name), answer(answers, name).value_or("")).value; };
  if (step == 3) {
    const auto now = value("pain_now"), worst = value("worst_last_week");
    if (now && worst && *worst < *now) {
      errors.emplace_back("worst_last_week",
                          "The worst of the last week includes today, so it cannot be lower than the pain now (" +
                              number_words(*now) + ").");
    }
  }
  if (step == 4) {
    const auto since = value("weeks_since_onset"), tried = value("weeks_tried");
    if (since && tried && *tried > *since) {
      errors.emplace_back("weeks_tried", "This is longer than you have had the pain (" + number_words(*since) +
                                             " weeks); please check either answer.");
    }
  }
  return errors;
}

std::string intake_step_html(const std::string& csrf, int step, const FormFields& answers,
                             const FieldErrors& errors, const std::string& problem) {
  step = std::clamp(step, 2, kIntakeSteps);
  const Step& shown = steps()[static_cast<size_t>(step - 2)];
  Html html;
  html.tag("<p class=\"step-count\">Step ").number(step).tag(" of ").number(kIntakeSteps).tag("</p><h1>")
      .text(shown.title).tag("</h1>");
  if (*shown.lead) html.tag("<p class=\"lead\">").text(shown.lead).tag("</p>");
  if (!errors.empty() || !problem.empty()) {
    html.tag("<div class=\"alert\" role=\"alert\" id=\"form-errors\" tabindex=\"-1\"><h2>");
    if (errors.size() == 1) html.tag("Please check one answer");
    else if (!errors.empty()) html.tag("Please check ").number(static_cast<double>(errors.size())).tag(" answers");
    else html.tag("Please check your answers");
    html.tag("</h2>");
    if (!problem.empty()) html.tag("<p>").text(problem).tag("</p>");
    html.tag("<ul>");
    for (const auto& [field, message] : errors) {
      const IntakeNumber* number = number_named(field);
      html.tag("<li><a href=\"#").text(element_id(field));
      if (field == "pain_now") html.tag("-0");
      html.tag("\">").text(number ? number->label : field).tag("</a>: ").text(message).tag("</li>");
    }
    html.tag("</ul></div>");
  }
  html.tag("<form method=\"post\" action=\"/start/step\" class=\"stack\" novalidate>"
           "<input type=\"hidden\" name=\"csrf\" value=\"")
      .text(csrf).tag("\"><input type=\"hidden\" name=\"step\" value=\"").number(step).tag("\">");
  for (const auto& [name, value] : answers) {
    if (name == "csrf" || name == "step" || name == "go" || owned_by(shown, name, value)) continue;
    html.tag("<input type=\"hidden\" name=\"").text(name).tag("\" value=\"").text(value).tag("\">");
  }
  for (const Question& question : shown.questions) {
    if (question.kind == K::kChoices) {
      choices(html, question, answers);
      continue;
    }
    const IntakeNumber& number = *number_named(question.text);
    const std::string* error = error_for(errors, number.name);
    if (question.kind == K::kScale) pain_scale(html, number, answers, error);
    else number_field(html, number, answers, error);
  }
  html.tag("<div class=\"actions\"><button type=\"submit\" class=\"primary\" name=\"go\" value=\"next\">");
  if (step == kIntakeSteps) html.tag("Make my plan");
  else html.tag("Continue");
  html.tag("</button><button type=\"submit\" name=\"go\" value=\"back\">Back</button></div></form>");
  return html.str();
}

std::string in_plain_words(std::string message) {
  // Every spelling the parser uses for a number (pointer "/pain/now", path "pain.now", form
  // name "pain_now"), replaced only where it stands alone, so "age" inside "average" stays.
  auto part_of_name = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '/'; };
  for (const IntakeNumber& number : intake_numbers()) {
    std::string dotted = std::string(number.pointer).substr(1);
    std::replace(dotted.begin(), dotted.end(), '/', '.');
    const std::string quoted = std::string("\u201c") + number.label + "\u201d";
    for (const std::string& spelling : {std::string(number.pointer), dotted, std::string(number.name)}) {
      size_t at = message.find(spelling);
      while (at != std::string::npos) {
        const size_t end = at + spelling.size();
        const bool alone = (at == 0 || !part_of_name(message[at - 1])) &&
                           (end == message.size() || !part_of_name(message[end]) ||
                            (message[end] == '.' && (end + 1 == message.size() || message[end + 1] == ' ')));
        if (alone) {
          message.replace(at, spelling.size(), quoted);
          at = message.find(spelling, at + quoted.size());
        } else {
          at = message.find(spelling, end);
        }
      }
    }
  }
  if (message.starts_with("the form: ")) message = message.substr(10);
  return message;
}

}  // namespace unknot::web
