#include "clinic/prescriptions.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include <nlohmann/json.hpp>

#include "clinic/clinic_pages.h"
#include "contract/intake_json.h"
#include "contract/prescription_json.h"
#include "core/dose_words.h"
#include "core/html_builder.h"
#include "core/triage.h"
#include "core/vocabulary.h"

namespace unknot::clinic {
namespace {

using Json = nlohmann::json;

std::string name_in(const Prescription& prescription, const std::string& id, const Catalogue& catalogue) {
  if (const CustomExercise* custom = prescription.find_custom(id)) return custom->title;
  const Technique* technique = catalogue.find_technique(id);
  return technique ? technique->name : id;
}

const PrescribedItem* find_item(const Prescription& prescription, const std::string& technique) {
  for (const PrescribedItem& item : prescription.items) {
    if (item.technique == technique) return &item;
  }
  return nullptr;
}

std::string trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// The lines of a textarea, blank ones dropped.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    if (std::string line = trimmed(text.substr(start, end - start)); !line.empty()) lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

// A whole number typed in a form field; nullopt when empty. Sets `error` when not a number.
std::optional<int> form_number(const web::FormFields& form, const char* name, FormError& error) {
  const std::string text = trimmed(web::field(form, name).value_or(""));
  if (text.empty()) return std::nullopt;
  if (text.size() > 6 || !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (error.field.empty()) error = {name, "Type a whole number."};
    return std::nullopt;
  }
  return std::stoi(text);
}

std::optional<Dose> form_dose(const web::FormFields& form, FormError& error) {
  Dose dose;
  dose.sets = form_number(form, "sets", error);
  dose.reps = form_number(form, "reps", error);
  dose.hold_s = form_number(form, "hold_s", error);
  dose.duration_s = form_number(form, "duration_s", error);
  dose.rest_s = form_number(form, "rest_s", error);
  if (web::field(form, "per_side")) dose.per_side = true;
  if (dose == Dose{}) return std::nullopt;
  return dose;
}

std::vector<PrescriptionOverride> form_overrides(const web::FormFields& form) {
  std::vector<PrescriptionOverride> overrides;
  for (const std::string& rule : web::fields_named(form, "override")) overrides.push_back({rule, "", ""});
  return overrides;
}

// Which form field a check_prescription message is about, for showing it beside that field.
std::string field_of(const std::string& message) {
  for (const char* field : {"title", "steps", "cautions", "stop_if", "equipment", "picture", "days_per_week"}) {
    if (message.find(std::string(".") + field) != std::string::npos || message.rfind(field, 0) == 0) return field;
  }
  for (const char* field : {"reps", "sets", "hold_s", "duration_s", "rest_s"}) {
    if (message.find(field) != std::string::npos) return field;
  }
  if (message.find("dose") != std::string::npos) return "reps";
  if (message.find("note") != std::string::npos) return "note";
  return "technique";
}

}  // namespace

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

Result<std::optional<LoadedPrescription>> load_prescription(ClinicStore& store, long long clinician_id,
                                                            const std::string& patient_id, const Catalogue& catalogue) {
  auto record = store.prescription(clinician_id, patient_id);
  if (!record) return record.error();
  if (!*record) return std::optional<LoadedPrescription>();
  LoadedPrescription loaded;
  loaded.version = (*record)->version;
  if ((*record)->prescription_json) {
    const Json body = Json::parse(*(*record)->prescription_json, nullptr, false);
    auto parsed = contract::prescription_from_json(body, "stored prescription", catalogue);
    if (!parsed) return Error::failure(parsed.error().message);
    loaded.prescription = std::move(*parsed);
  }
  if ((*record)->intake_json) {
    if (auto intake = contract::parse_intake(*(*record)->intake_json, "intake"); intake) loaded.intake = std::move(*intake);
  }
  return std::optional<LoadedPrescription>(std::move(loaded));
}

Result<SaveOutcome> save_checked(ClinicStore& store, const Clinician& clinician, const std::string& patient_id,
                                 int based_on, Prescription wanted, const Catalogue& catalogue,
                                 const std::string& now_utc) {
  SaveOutcome outcome;
  if (auto sound = check_prescription(wanted, catalogue); !sound) return sound.error();
  auto loaded = load_prescription(store, clinician.id, patient_id, catalogue);
  if (!loaded) return loaded.error();
  if (!*loaded) {
    outcome.no_patient = true;
    return outcome;
  }
  // Overrides: a record already stored for the same item and rule stays as it was; a new one
  // is confirmed now by this clinician.
  std::vector<OverrideRecord> fresh;
  for (PrescribedItem& item : wanted.items) {
    const PrescribedItem* before = (*loaded)->prescription ? find_item(*(*loaded)->prescription, item.technique) : nullptr;
    for (PrescriptionOverride& confirmed : item.overrides) {
      const PrescriptionOverride* kept = nullptr;
      if (before) {
        for (const PrescriptionOverride& old : before->overrides) {
          if (old.rule == confirmed.rule) kept = &old;
        }
      }
      if (kept) {
        confirmed = *kept;
      } else {
        confirmed.by = clinician.display_name;
        confirmed.at = now_utc;
        fresh.push_back({item.technique, confirmed.rule, confirmed.by, confirmed.at});
      }
    }
  }
  // The patient's answers, when synced: every rule they break must be confirmed.
  if ((*loaded)->intake) {
    const Catalogue with_custom = with_custom_exercises(catalogue, wanted);
    for (std::size_t i = 0; i < wanted.items.size(); ++i) {
      const PrescribedItem& item = wanted.items[i];
      const CustomExercise* custom = wanted.find_custom(item.technique);
      const Technique* technique = with_custom.find_technique(item.technique);
      const std::vector<RuleOut> rules = custom ? rule_outs(*custom, *(*loaded)->intake)
                                                : rule_outs(*technique, *(*loaded)->intake);
      for (const RuleOut& rule : unconfirmed(rules, item.overrides)) {
        outcome.refusals.push_back({"items[" + std::to_string(i) + "]", item.technique, technique->name, rule});
      }
    }
    if (!outcome.refusals.empty()) return outcome;
  }
  wanted.version = (*loaded)->version + 1;
  if (based_on != (*loaded)->version) {
    return Error::bad_input("the prescription was changed meanwhile (now version " + std::to_string((*loaded)->version) +
                            "); reload it and make the change again");
  }
  wanted.updated_at = now_utc;
  wanted.clinician = clinician.display_name;
  auto saved = store.save_prescription(clinician.id, patient_id, wanted.version,
                                       contract::prescription_to_json(wanted).dump(), fresh);
  if (!saved) return saved.error();
  if (!*saved) {
    outcome.no_patient = true;
    return outcome;
  }
  outcome.saved = std::move(wanted);
  return outcome;
}

std::string refusals_json(const std::vector<Refusal>& refusals) {
  contract::OrderedJson out;
  const Refusal& first = refusals.front();
  out["error"] = first.field + ": the patient's answers rule out " + first.name + " (" + first.rule.reason +
                 "); to prescribe it anyway, confirm an override of \"" + first.rule.rule + "\" in \"overrides\"";
  out["field"] = first.field;
  out["refused"] = contract::OrderedJson::array();
  for (const Refusal& refusal : refusals) {
    out["refused"].push_back({{"field", refusal.field},
                              {"technique", refusal.technique},
                              {"rule", refusal.rule.rule},
                              {"reason", refusal.rule.reason}});
  }
  return out.dump(2) + "\n";
}

Result<Prescription> apply_form_change(const Prescription& current, const web::FormFields& form,
                                       const Catalogue& catalogue, FormError& error) {
  Prescription next = current;
  const std::string action = web::field(form, "action").value_or("");
  const std::string technique = trimmed(web::field(form, "technique").value_or(""));
  auto refuse = [&](std::string field, std::string message) -> Result<Prescription> {
    error = {std::move(field), message};
    return Error::bad_input(error.field + ": " + message);
  };
  if (action == "settings") {
    const auto days = form_number(form, "days_per_week", error);
    if (!error.field.empty()) return Error::bad_input(error.field + ": " + error.message);
    if (!days || *days < 1 || *days > 7) return refuse("days_per_week", "Choose 1 to 7 days a week.");
    next.days_per_week = *days;
    next.note = trimmed(web::field(form, "note").value_or(""));
  } else if (action == "add_item") {
    if (!catalogue.find_technique(technique)) return refuse("technique", "Choose a technique from the list.");
    if (find_item(current, technique)) return refuse("technique", "This technique is prescribed already.");
    const auto dose = form_dose(form, error);
    if (!error.field.empty()) return Error::bad_input(error.field + ": " + error.message);
    std::erase(next.removed, technique);
    next.items.push_back({technique, dose, trimmed(web::field(form, "note").value_or("")), form_overrides(form)});
  } else if (action == "add_custom") {
    CustomExercise exercise;
    int number = 1;
    while (current.find_custom(std::string(kCustomPrefix) + std::to_string(number))) ++number;
    exercise.id = std::string(kCustomPrefix) + std::to_string(number);
    exercise.title = trimmed(web::field(form, "title").value_or(""));
    if (exercise.title.empty()) return refuse("title", "Give the exercise a title.");
    exercise.steps = lines_of(web::field(form, "steps").value_or(""));
    if (exercise.steps.empty()) return refuse("steps", "Write at least one step, one a line.");
    const auto dose = form_dose(form, error);
    if (!error.field.empty()) return Error::bad_input(error.field + ": " + error.message);
    if (!dose) return refuse("reps", "Give a dose: reps, a hold or a duration.");
    exercise.dose = *dose;
    exercise.cautions = lines_of(web::field(form, "cautions").value_or(""));
    exercise.stop_if = lines_of(web::field(form, "stop_if").value_or(""));
    const auto position = parse_position(web::field(form, "position").value_or(""));
    if (!position) return refuse("position", "Choose a position.");
    exercise.position = *position;
    exercise.equipment = web::fields_named(form, "equipment");
    exercise.picture = web::field(form, "picture").value_or("");
    next.custom_exercises.push_back(exercise);
    next.items.push_back({exercise.id, std::nullopt, trimmed(web::field(form, "note").value_or("")), form_overrides(form)});
  } else if (action == "remove_item") {
    if (!find_item(current, technique)) return refuse("technique", "That item is not in the prescription.");
    std::erase_if(next.items, [&](const PrescribedItem& item) { return item.technique == technique; });
    std::erase_if(next.custom_exercises, [&](const CustomExercise& exercise) { return exercise.id == technique; });
  } else if (action == "remove_technique") {
    if (!catalogue.find_technique(technique)) return refuse("remove", "Choose a technique from the list.");
    if (find_item(current, technique)) return refuse("remove", "Take it out of the prescribed items instead.");
    if (std::find(next.removed.begin(), next.removed.end(), technique) == next.removed.end()) next.removed.push_back(technique);
  } else if (action == "restore_technique") {
    std::erase(next.removed, technique);
  } else {
    return refuse("action", "That change is not one this page knows.");
  }
  if (auto sound = check_prescription(next, catalogue); !sound) {
    return refuse(field_of(sound.error().message), sound.error().message);
  }
  return next;
}

namespace {

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

// A rule code from rule_outs() in plain words ("missing_equipment:massage_ball" reads "has no
// massage ball"): the codes stay in JSON and the stored records, people read these.
std::string rule_words(const std::string& rule) {
  const auto colon = rule.find(':');
  if (colon == std::string::npos) return spaced(rule);
  const std::string what = spaced(rule.substr(colon + 1));
  if (rule.compare(0, colon, "missing_equipment") == 0) return "has no " + what;
  if (rule.compare(0, colon, "contraindication") == 0) return what;
  return what;
}

// "2026-12-05T01:30:00Z" as "2026-12-05 at 01:30 UTC".
std::string when_utc(const std::string& at) {
  if (at.size() < 16 || at[10] != 'T') return at;
  return at.substr(0, 10) + " at " + at.substr(11, 5) + " UTC";
}

void error_beside(Html& html, const std::optional<FormError>& error, std::string_view field, std::string_view form_id) {
  if (!error || error->field != field) return;
  html.tag("<p class=\"problem field-error\" id=\"").text(form_id).tag("-").text(field).tag("-error\" role=\"alert\">")
      .text(error->message).tag("</p>");
}

std::string typed(const PrescriptionPageData& data, std::string_view action, const char* name) {
  if (data.form.empty() || web::field(data.form, "action").value_or("") != action) return "";
  return web::field(data.form, name).value_or("");
}

// One labelled field: <p><label for=ID>Label</label> ... </p>, with its error beside it.
void number_field(Html& html, const PrescriptionPageData& data, std::string_view action, const char* name,
                  std::string_view label) {
  const std::string id = std::string(action) + "-" + name;
  html.tag("<p class=\"dose-field\"><label for=\"").text(id).tag("\">").text(label).tag("</label>")
      .tag("<input type=\"number\" inputmode=\"numeric\" min=\"0\" max=\"3600\" id=\"").text(id).tag("\" name=\"")
      .text(name).tag("\" value=\"").text(typed(data, action, name)).tag("\"");
  if (data.error && data.error->field == name && web::field(data.form, "action").value_or("") == action) {
    html.tag(" aria-invalid=\"true\" aria-describedby=\"").text(action).tag("-").text(name).tag("-error\"");
  }
  html.tag("></p>");
  if (web::field(data.form, "action").value_or("") == action) error_beside(html, data.error, name, action);
}

void dose_fields(Html& html, const PrescriptionPageData& data, std::string_view action) {
  html.tag("<fieldset class=\"dose\"><legend>")
      .text(action == "add_custom" ? "Dose: reps, a hold or a duration" : "Dose (leave empty to keep the technique's own)")
      .tag("</legend>");
  number_field(html, data, action, "sets", "Sets");
  number_field(html, data, action, "reps", "Reps");
  number_field(html, data, action, "hold_s", "Hold (seconds)");
  number_field(html, data, action, "duration_s", "Duration (seconds)");
  number_field(html, data, action, "rest_s", "Rest between sets (seconds)");
  html.tag("<p><input type=\"checkbox\" id=\"").text(action).tag("-per_side\" name=\"per_side\" value=\"yes\"><label for=\"")
      .text(action).tag("-per_side\">Each side</label></p></fieldset>");
}

void form_start(Html& html, const PrescriptionPageData& data, std::string_view action, std::string_view label) {
  html.tag("<form method=\"post\" action=\"/patients/").text(data.patient_id)
      .tag("/prescription\" class=\"prescribe\" aria-label=\"").text(label).tag("\">")
      .tag("<input type=\"hidden\" name=\"csrf\" value=\"").text(data.csrf).tag("\">")
      .tag("<input type=\"hidden\" name=\"version\" value=\"").number(data.loaded.version).tag("\">")
      .tag("<input type=\"hidden\" name=\"action\" value=\"").text(action).tag("\">");
}

// The refusals of the last attempt, each with a checkbox to confirm an override of its rule.
void refusal_block(Html& html, const PrescriptionPageData& data, std::string_view action) {
  if (data.refusals.empty() || web::field(data.form, "action").value_or("") != action) return;
  html.tag("<div class=\"problem\" role=\"alert\" id=\"").text(action)
      .tag("-refused\"><p>The patient's answers rule this out:</p><ul>");
  for (const Refusal& refusal : data.refusals) html.tag("<li>").text(refusal.rule.reason).tag("</li>");
  html.tag("</ul>");
  for (const Refusal& refusal : data.refusals) {
    const std::string id = std::string(action) + "-override-" + refusal.rule.rule;
    html.tag("<p><input type=\"checkbox\" name=\"override\" id=\"").text(id).tag("\" value=\"").text(refusal.rule.rule)
        .tag("\"><label for=\"").text(id).tag("\">I confirm an override: prescribe it although ").text(refusal.rule.reason)
        .tag(". This is recorded with my name and the time.</label></p>");
  }
  html.tag("</div>");
}

void text_field(Html& html, const PrescriptionPageData& data, std::string_view action, const char* name,
                std::string_view label, bool area, bool required) {
  const std::string id = std::string(action) + "-" + name;
  html.tag("<p><label for=\"").text(id).tag("\">").text(label).tag("</label>");
  const bool wrong = data.error && data.error->field == name && web::field(data.form, "action").value_or("") == action;
  if (area) {
    html.tag("<textarea rows=\"4\" id=\"").text(id).tag("\" name=\"").text(name).tag("\"");
    if (required) html.tag(" required");
    if (wrong) html.tag(" aria-invalid=\"true\" aria-describedby=\"").text(id).tag("-error\"");
    html.tag(">").text(typed(data, action, name)).tag("</textarea>");
  } else {
    html.tag("<input type=\"text\" id=\"").text(id).tag("\" name=\"").text(name).tag("\" value=\"")
        .text(typed(data, action, name)).tag("\"");
    if (required) html.tag(" required");
    if (wrong) html.tag(" aria-invalid=\"true\" aria-describedby=\"").text(id).tag("-error\"");
    html.tag(">");
  }
  html.tag("</p>");
  if (web::field(data.form, "action").value_or("") == action) error_beside(html, data.error, name, action);
}

void technique_options(Html& html, const Catalogue& catalogue, const std::string& chosen) {
  html.tag("<option value=\"\">Choose…</option>");
  for (const Technique& technique : catalogue.techniques) {
    if (technique.kind == Kind::kEducation || technique.kind == Kind::kProfessionalCare) continue;
    html.tag("<option value=\"").text(technique.id).tag("\"");
    if (technique.id == chosen) html.tag(" selected");
    html.tag(">").text(technique.name).tag("</option>");
  }
}

}  // namespace

std::string prescription_page(const PrescriptionPageData& data, const Catalogue& catalogue) {
  const Prescription current = data.loaded.prescription.value_or(Prescription{});
  Html body;
  body.tag("<p class=\"crumbs\"><a href=\"/patients/").text(data.patient_id).tag("\">Back to ").text(data.patient_name)
      .tag("</a></p>\n");
  if (data.error && data.error->field == "version") {
    body.tag("<p class=\"problem\" role=\"alert\">").text(data.error->message).tag("</p>");
  }
  if (data.loaded.intake && !triage(*data.loaded.intake, catalogue.safety).program_allowed) {
    body.tag("<p class=\"problem\" role=\"alert\">This patient's safety screen says to get checked first (urgent or "
             "emergency): their unknot keeps the whole programme, prescription included, on hold until that is "
             "settled.</p>\n");
  }
  if (!data.loaded.intake) {
    body.tag("<p class=\"muted\">This patient's answers have not been synced yet, so nothing can be checked against them "
             "here; their own unknot still leaves out anything their answers rule out.</p>\n");
  }
  if (data.loaded.intake) {
    // What the checks below go by, before the clinician picks anything.
    const Intake& answers = *data.loaded.intake;
    std::string limits;
    for (const std::string& constraint : answers.profile.constraints) limits += (limits.empty() ? "" : ", ") + spaced(constraint);
    std::string equipment;
    for (const std::string& item : answers.profile.equipment) {
      if (!is_assumed_equipment(item)) equipment += (equipment.empty() ? "" : ", ") + spaced(item);
    }
    body.tag("<p>From the patient's answers: ").text(limits.empty() ? "no limits named" : limits)
        .tag(". Equipment of their own: ").text(equipment.empty() ? "none" : equipment)
        .tag(" (a wall, a chair, a doorway and a mat are taken for granted). Anything these rule out is refused "
             "unless you confirm an override.</p>\n");
  }
  body.tag("<p>").text(data.loaded.prescription ? "Version " + std::to_string(data.loaded.version) + ", saved " +
                                                      current.updated_at.substr(0, 10) + " by " + current.clinician + "."
                                                : std::string("Nothing prescribed yet."))
      .tag(" The patient's unknot picks changes up at its next sync.</p>\n");

  body.tag("<section aria-labelledby=\"items-h\"><h2 id=\"items-h\">Prescribed</h2>\n");
  if (current.items.empty()) body.tag("<p class=\"muted\">No items.</p>");
  body.tag("<ul class=\"prescribed\">");
  for (const PrescribedItem& item : current.items) {
    const CustomExercise* custom = current.find_custom(item.technique);
    const Technique* technique = catalogue.find_technique(item.technique);
    const Dose dose = item.dose ? *item.dose : custom ? custom->dose : technique ? technique->dose : Dose{};
    body.tag("<li><p><strong>").text(name_in(current, item.technique, catalogue)).tag("</strong> · ")
        .text(describe_dose(dose));
    if (custom) {
      body.tag(" · <span class=\"muted\">your own exercise, ").text(position_words(custom->position)).tag("</span>");
    }
    body.tag("</p>");
    if (custom) {
      body.tag("<ol>");
      for (const std::string& step : custom->steps) body.tag("<li>").text(step).tag("</li>");
      body.tag("</ol>");
      if (!custom->cautions.empty()) {
        body.tag("<p>Take care:</p><ul>");
        for (const std::string& caution : custom->cautions) body.tag("<li>").text(caution).tag("</li>");
        body.tag("</ul>");
      }
      if (!custom->stop_if.empty()) {
        body.tag("<p>Stop if:</p><ul>");
        for (const std::string& stop : custom->stop_if) body.tag("<li>").text(stop).tag("</li>");
        body.tag("</ul>");
      }
      if (const Technique* figure = custom->picture.empty() ? nullptr : catalogue.find_technique(custom->picture)) {
        body.tag("<p>Pose figure: ").text(figure->name).tag("</p>");
      }
    }
    if (!item.note.empty()) body.tag("<p>Note: ").text(item.note).tag("</p>");
    for (const PrescriptionOverride& confirmed : item.overrides) {
      body.tag("<p class=\"override\">Override confirmed (the patient ").text(rule_words(confirmed.rule))
          .tag(") by ").text(confirmed.by).tag(" on ").text(confirmed.at.substr(0, 10)).tag("</p>");
    }
    body.tag("<form method=\"post\" action=\"/patients/").text(data.patient_id).tag("/prescription\">")
        .tag("<input type=\"hidden\" name=\"csrf\" value=\"").text(data.csrf).tag("\">")
        .tag("<input type=\"hidden\" name=\"version\" value=\"").number(data.loaded.version).tag("\">")
        .tag("<input type=\"hidden\" name=\"action\" value=\"remove_item\">")
        .tag("<input type=\"hidden\" name=\"technique\" value=\"").text(item.technique).tag("\">")
        .tag("<button type=\"submit\">Take out ").text(name_in(current, item.technique, catalogue)).tag("</button></form></li>");
  }
  body.tag("</ul>\n");
  if (!current.removed.empty()) {
    body.tag("<h3>Taken out of their own plan</h3><ul>");
    for (const std::string& removed : current.removed) {
      body.tag("<li>").text(name_in(current, removed, catalogue))
          .tag(" <form method=\"post\" class=\"inline\" action=\"/patients/").text(data.patient_id).tag("/prescription\">")
          .tag("<input type=\"hidden\" name=\"csrf\" value=\"").text(data.csrf).tag("\">")
          .tag("<input type=\"hidden\" name=\"version\" value=\"").number(data.loaded.version).tag("\">")
          .tag("<input type=\"hidden\" name=\"action\" value=\"restore_technique\">")
          .tag("<input type=\"hidden\" name=\"technique\" value=\"").text(removed).tag("\">")
          .tag("<button type=\"submit\">Put back</button></form></li>");
    }
    body.tag("</ul>");
  }
  body.tag("</section>\n");

  // Days and note.
  body.tag("<section aria-labelledby=\"settings-h\"><h2 id=\"settings-h\">Days and note</h2>");
  form_start(body, data, "settings", "Days and note");
  {
    const std::string days = typed(data, "settings", "days_per_week");
    body.tag("<p><label for=\"settings-days_per_week\">Days a week</label><input type=\"number\" min=\"1\" max=\"7\" "
             "id=\"settings-days_per_week\" name=\"days_per_week\" required value=\"")
        .text(days.empty() ? std::to_string(current.days_per_week) : days).tag("\"></p>");
    if (web::field(data.form, "action").value_or("") == "settings") error_beside(body, data.error, "days_per_week", "settings");
    body.tag("<p><label for=\"settings-note\">Note for the patient</label><textarea rows=\"3\" id=\"settings-note\" "
             "name=\"note\">")
        .text(typed(data, "settings", "note").empty() ? current.note : typed(data, "settings", "note"))
        .tag("</textarea></p>");
    if (web::field(data.form, "action").value_or("") == "settings") error_beside(body, data.error, "note", "settings");
  }
  body.tag("<p><button type=\"submit\">Save days and note</button></p></form></section>\n");

  // Add a technique from the knowledge base.
  body.tag("<section aria-labelledby=\"add-h\"><h2 id=\"add-h\">Add a technique</h2>");
  form_start(body, data, "add_item", "Add a technique");
  const bool refused = !data.refusals.empty() && web::field(data.form, "action").value_or("") == "add_item";
  body.tag("<p><label for=\"add_item-technique\">Technique</label><select id=\"add_item-technique\" name=\"technique\" required");
  if (refused) body.tag(" aria-describedby=\"add_item-refused\"");
  body.tag(">");
  technique_options(body, catalogue, typed(data, "add_item", "technique"));
  body.tag("</select></p>");
  if (web::field(data.form, "action").value_or("") == "add_item") error_beside(body, data.error, "technique", "add_item");
  refusal_block(body, data, "add_item");
  dose_fields(body, data, "add_item");
  text_field(body, data, "add_item", "note", "Note for the patient", false, false);
  body.tag("<p><button type=\"submit\">Add to the prescription</button></p></form></section>\n");

  // A custom exercise.
  body.tag("<section aria-labelledby=\"custom-h\"><h2 id=\"custom-h\">Create a custom exercise</h2>");
  form_start(body, data, "add_custom", "Create a custom exercise");
  text_field(body, data, "add_custom", "title", "Title", false, true);
  text_field(body, data, "add_custom", "steps", "Steps, one a line", true, true);
  dose_fields(body, data, "add_custom");
  text_field(body, data, "add_custom", "cautions", "Cautions, one a line", true, false);
  text_field(body, data, "add_custom", "stop_if", "Stop if, one a line", true, false);
  body.tag("<p><label for=\"add_custom-position\">Position</label><select id=\"add_custom-position\" name=\"position\">");
  for (std::string_view position : position_names()) {
    body.tag("<option value=\"").text(position).tag("\"");
    if (typed(data, "add_custom", "position") == position) body.tag(" selected");
    const Position named = parse_position(position).value_or(Position::kStanding);
    body.tag(">").text(capitalised(std::string(position_words(named)))).tag("</option>");
  }
  body.tag("</select></p>");
  if (web::field(data.form, "action").value_or("") == "add_custom") error_beside(body, data.error, "position", "add_custom");
  body.tag("<fieldset><legend>Equipment it needs (a wall, a chair, a doorway and a mat are taken for granted)</legend>");
  for (std::string_view item : equipment_names()) {
    if (is_assumed_equipment(item)) continue;
    const std::string id = "add_custom-equipment-" + std::string(item);
    body.tag("<p><input type=\"checkbox\" name=\"equipment\" id=\"").text(id).tag("\" value=\"").text(item).tag("\"><label for=\"")
        .text(id).tag("\">").text(capitalised(spaced(item))).tag("</label></p>");
  }
  body.tag("</fieldset>");
  if (web::field(data.form, "action").value_or("") == "add_custom") error_beside(body, data.error, "equipment", "add_custom");
  body.tag("<p><label for=\"add_custom-picture\">Pose figure (that of a technique)</label>")
      .tag("<select id=\"add_custom-picture\" name=\"picture\"><option value=\"\">No figure</option>");
  for (const Technique& technique : catalogue.techniques) {
    if (technique.kind == Kind::kEducation || technique.kind == Kind::kProfessionalCare) continue;
    body.tag("<option value=\"").text(technique.id).tag("\"");
    if (typed(data, "add_custom", "picture") == technique.id) body.tag(" selected");
    body.tag(">").text(technique.name).tag("</option>");
  }
  body.tag("</select></p>");
  if (web::field(data.form, "action").value_or("") == "add_custom") error_beside(body, data.error, "picture", "add_custom");
  text_field(body, data, "add_custom", "note", "Note for the patient", false, false);
  refusal_block(body, data, "add_custom");
  body.tag("<p><button type=\"submit\">Create and prescribe</button></p></form></section>\n");

  // Take a technique out of the person's own plan.
  body.tag("<section aria-labelledby=\"remove-h\"><h2 id=\"remove-h\">Take a technique out of their own plan</h2>");
  form_start(body, data, "remove_technique", "Take a technique out");
  body.tag("<p><label for=\"remove_technique-technique\">Technique</label><select id=\"remove_technique-technique\" "
           "name=\"technique\" required>");
  technique_options(body, catalogue, "");
  body.tag("</select></p>");
  if (web::field(data.form, "action").value_or("") == "remove_technique") {
    error_beside(body, data.error, "remove", "remove_technique");
  }
  body.tag("<p><button type=\"submit\">Take it out</button></p></form></section>\n");

  if (!data.overrides.empty()) {
    body.tag("<section aria-labelledby=\"overrides-h\"><h2 id=\"overrides-h\">Overrides on record</h2><ul>");
    for (const OverrideRecord& record : data.overrides) {
      body.tag("<li>").text(name_in(current, record.technique, catalogue)).tag(", although the patient ")
          .text(rule_words(record.rule)).tag(": confirmed by ").text(record.by).tag(" on ").text(when_utc(record.at))
          .tag("</li>");
    }
    body.tag("</ul></section>");
  }
  return page_frame("Prescription for " + data.patient_name, body, data.csrf);
}

}  // namespace unknot::clinic
