#include "cli/app.h"

#include "cli/clinic_commands.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <charconv>
#include <functional>
#include <iostream>
#include <optional>

#include "cli/cli_docs.h"
#include "cli/cli_help.h"
#include "cli/render.h"
#include "cli/render_insights.h"
#include "cli/session_coach.h"
#include "contract/session_json.h"
#include "core/session_script.h"
#include "contract/insights_json.h"
#include "core/insights.h"
#include "cli/start_wizard.h"
#include "content/content_loader.h"
#include "contract/contract_json.h"
#include "contract/intake_json.h"
#include "core/plan.h"
#include "contract/diary_json.h"
#include "export/calendar.h"
#include "export/fhir.h"
#include "core/review.h"
#include "core/text_check.h"
#include "storage/data_dir.h"
#include "storage/diary_store.h"
#include "service/workspace.h"
#include "desk/desk.h"
#include "cli/network_commands.h"
#include "web/serve.h"
#include "web/assets.h"
#include "report/report_html.h"
#include "report/report_pdf.h"


#ifndef UNKNOT_VERSION
#define UNKNOT_VERSION "0.0.0"
#endif

namespace unknot::cli {
namespace {

using service::local_now;

// A whole number written plainly ("12"; not "12abc", " 12", "1e3" or out of int's range).
std::optional<int> parse_whole_number(const std::string& text) {
  int value = 0;
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

// "1 new entry", "3 new entries".
std::string count_of(std::size_t count, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

// Options shared by every command (the contract's global options).
struct GlobalOptions {
  std::optional<std::string> data_dir;
  std::optional<std::string> content_dir;
  bool json = false;
};

class Commands {
 public:
  Commands(Io& io, const GlobalOptions& global) : io_(io), global_(global) {}

  // Made on first use: the global options are only parsed after Commands is built.
  service::Workspace& workspace() {
    // A command waits up to a minute for another unknot's write (a long import) to finish.
    if (!workspace_) {
      workspace_.emplace(service::WorkspaceOptions{global_.data_dir, global_.content_dir, 60000});
      // Linked to a clinic: each write is sent in the background, never waited for.
      workspace_->set_after_store(sync_in_background);
    }
    return *workspace_;
  }

  int report(const Error& error) {
    io_.err << error_line(error.message) << "\n";
    return error.exit_code();
  }

  // The knowledge base; nullptr (and load_error_ set) when it does not load.
  const Catalogue* catalogue() {
    auto loaded = workspace().catalogue();
    if (!loaded) {
      load_error_ = loaded.error();
      return nullptr;
    }
    // Kept for the rest of the command: a later call may swap in a newer prescription's.
    held_catalogues_.push_back(*loaded);
    return loaded->get();
  }

  void print_json(const contract::OrderedJson& json) { io_.out << json.dump(2) << "\n"; }

  // Bare `unknot`: a short orientation; `unknot techniques list` and `unknot help` say more.
  int welcome() {
    io_.out << render_welcome(io_.style);
    return 0;
  }

  int techniques_list(const std::optional<std::string>& kind_filter) {
    const Catalogue* kb = catalogue();
    if (!kb) return report(*load_error_);
    std::optional<Kind> kind;
    if (kind_filter) {
      kind = parse_kind(*kind_filter);
      if (!kind) {
        std::string names;
        for (std::string_view name : kind_names()) names += (names.empty() ? "" : ", ") + std::string(name);
        return report(Error::bad_input(fmt::format("--kind: unknown kind '{}' (expected one of: {})", *kind_filter, names)));
      }
    }
    std::vector<const Technique*> chosen;
    for (const Technique& technique : kb->techniques) {
      if (!kind || technique.kind == *kind) chosen.push_back(&technique);
    }
    if (global_.json) {
      contract::OrderedJson list = contract::OrderedJson::array();
      for (const Technique* technique : chosen) list.push_back(contract::technique_to_json(*technique));
      print_json({{"schema", "unknot.techniques/1"}, {"techniques", list}});
    } else {
      io_.out << render_technique_list(chosen, io_.style);
    }
    return 0;
  }

  // The form of `technique` the person's current plan uses (its variant and prescribed dose),
  // when there is a saved intake and its plan has the technique.
  std::optional<PlanItem> planned_item(const Technique& technique) {
    if (!workspace().has_saved_intake()) return std::nullopt;
    auto plan = workspace().current_plan();
    if (!plan) return std::nullopt;
    for (const PlanPhase& phase : plan->phases) {
      for (const PlanSession& session : phase.sessions) {
        for (const PlanItem& item : session.items) {
          if (item.technique == technique.id) return item;
        }
      }
    }
    return std::nullopt;
  }

  int techniques_show(const std::string& id, const std::optional<std::string>& variant) {
    const Catalogue* kb = catalogue();
    if (!kb) return report(*load_error_);
    const Technique* technique = kb->find_technique(id);
    if (!technique) {
      return report(Error::bad_input(fmt::format("unknown technique '{}'; `unknot techniques list` shows them all", id)));
    }
    if (variant && !variant->empty() && !technique->find_variant(*variant)) {
      std::string ids;
      for (const Variant& known : technique->variants) ids += (ids.empty() ? "" : ", ") + known.id;
      return report(Error::bad_input(fmt::format("--variant: '{}' is not a variant of {} (it has: {})", *variant, id,
                                                 ids.empty() ? "none" : ids)));
    }
    if (global_.json) {
      print_json(contract::technique_to_json(*technique));
      return 0;
    }
    // Without --variant, the form the plan gave; with it, that form. Either way the plan's
    // dose when the plan uses that very form.
    const std::optional<PlanItem> planned = planned_item(*technique);
    const std::string form = variant ? *variant : planned ? planned->variant : "";
    std::optional<Dose> prescribed;
    if (planned && planned->variant == form) prescribed = planned->dose;
    io_.out << render_technique_card(*technique, form, prescribed, *kb, io_.style);
    return 0;
  }

  int learn(const std::optional<std::string>& topic_id) {
    const Catalogue* kb = catalogue();
    if (!kb) return report(*load_error_);
    if (!topic_id) {
      if (global_.json) {
        contract::OrderedJson list = contract::OrderedJson::array();
        for (const Topic& topic : kb->topics) list.push_back(contract::topic_to_json(topic));
        print_json({{"schema", "unknot.topics/1"}, {"topics", list}});
      } else {
        io_.out << render_topic_list(*kb, io_.style);
      }
      return 0;
    }
    const Topic* topic = kb->find_topic(*topic_id);
    if (!topic) {
      return report(Error::bad_input(fmt::format("unknown topic '{}'; `unknot learn` lists them", *topic_id)));
    }
    if (global_.json) {
      print_json(contract::topic_to_json(*topic));
    } else {
      io_.out << render_topic(*topic, *kb, io_.style);
    }
    return 0;
  }

  // The intake from --intake FILE, else the one `unknot start` saved.
  Result<Intake> intake(const std::optional<std::string>& path) {
    if (path) return contract::read_intake_file(*path);
    return workspace().saved_intake();
  }

  int triage_command(const std::optional<std::string>& path) {
    const Catalogue* kb = catalogue();
    if (!kb) return report(*load_error_);
    auto person = intake(path);
    if (!person) return report(person.error());
    Triage result = triage(*person, kb->safety);
    if (global_.json) {
      print_json(contract::triage_to_json(result));
    } else {
      io_.out << render_triage(result, *kb, io_.style);
    }
    return 0;
  }

  int plan_command(const std::optional<std::string>& path) {
    const Catalogue* kb = catalogue();
    if (!kb) return report(*load_error_);
    auto person = intake(path);
    if (!person) return report(person.error());
    Plan plan = path ? build_plan(*person, *kb) : workspace().plan_for(*person, *kb);
    if (global_.json) {
      print_json(contract::plan_to_json(plan));
    } else {
      if (plan.status == PlanStatus::kOk) {
        if (auto today = service::parse_day("", "today")) {
          if (const PlanPhase* phase = current_phase(plan, *today)) io_.out << render_today(*phase, *today, io_.style) << "\n";
        }
      }
      io_.out << render_plan(plan, *kb, io_.style);
    }
    return 0;
  }

  // The phase the person is in on day `today`, from how long they have been at it (the
  // review's weeks in the program); the first phase before any diary.
  const PlanPhase* current_phase(const Plan& plan, int today) {
    auto review = workspace().review(today);
    return phase_for_week(plan, review ? review->weeks_in_program : 0);
  }

  int start(const std::optional<std::string>& path) {
    const Catalogue* kb = catalogue();
    if (!kb) return report(*load_error_);
    if (auto data_dir = workspace().data_dir(); !data_dir) return report(data_dir.error());
    Intake person;
    if (path) {
      auto read = contract::read_intake_file(*path);
      if (!read) return report(read.error());
      person = std::move(*read);
    } else {
      if (!io_.interactive) {
        return report(Error::bad_input(
            "unknot start asks its questions in a terminal; without one, save a prepared intake "
            "with `unknot start --intake FILE`"));
      }
      auto answers = run_start_wizard(io_.in, io_.out, *kb, io_.style);
      if (!answers) return report(answers.error());
      if (answers->end == WizardEnd::kEmergency) return 0;
      person = std::move(*answers->intake);
    }
    auto written = workspace().save_intake(person);
    if (!written) return report(written.error());
    const std::string& saved = *written;
    Plan plan = build_plan(person, *kb);
    if (global_.json) {
      print_json({{"saved", saved}, {"plan", contract::plan_to_json(plan)}});
      return 0;
    }
    // An intake that screens as emergency or urgent says so at once, with what to do.
    const bool needs_doctor_first = plan.triage.level >= Level::kUrgent;
    if (path && needs_doctor_first) {
      io_.out << render_triage(plan.triage, *kb, io_.style) << "\n";
      io_.out << wrap(fmt::format("Saved your intake to {}. It shows signs that need a doctor before any "
                                  "self-care, so there is no plan for now. Please do what it says above.",
                                  saved),
                      io_.style.width);
    } else if (path) {
      io_.out << wrap(fmt::format("Saved your intake to {}. `unknot plan` shows your plan.", saved), io_.style.width);
    } else if (needs_doctor_first) {
      io_.out << "\n" << render_plan(plan, *kb, io_.style) << "\n";
      io_.out << wrap(fmt::format("Saved your answers to {}. Please do what it says above first.", saved),
                      io_.style.width);
    } else {
      io_.out << "\n" << render_plan(plan, *kb, io_.style) << "\n";
      io_.out << wrap(fmt::format("Saved your answers to {}. `unknot plan` shows this plan again.", saved),
                      io_.style.width);
    }
    return 0;
  }


  Result<std::vector<DiaryEntry>> read_diary() { return workspace().diary(); }

  // Stores `entries` durably (one transaction) and returns how many were new.
  Result<int> store_entries(const std::vector<DiaryEntry>& entries) { return workspace().store(entries); }

  // Validates a hand-made entry exactly as an imported line would be, then stores it;
  // the JSON report (`--json`) is {"stored": true, "entry": ENTRY}.
  Result<contract::OrderedJson> store_logged(nlohmann::ordered_json json, const std::string& at) {
    json["at"] = at.empty() ? local_now() : at;
    auto entry = contract::diary_entry_from_json(nlohmann::json(json), "log");
    if (!entry) return entry.error();
    auto added = store_entries({*entry});
    if (!added) return added.error();
    if (!global_.json) io_.out << wrap(*added ? "Logged." : "Already in the diary; nothing added.", io_.style.width);
    return contract::OrderedJson{{"stored", true},
                                 {"entry", nlohmann::ordered_json::parse(contract::diary_entry_to_json_text(*entry))}};
  }

  int log_entry(nlohmann::ordered_json json, const std::string& at) {
    auto logged = store_logged(std::move(json), at);
    if (!logged) return report(logged.error());
    if (global_.json) print_json(*logged);
    return 0;
  }

  int log_symptom(const std::string& symptom, const std::string& at) {
    const Catalogue* kb = catalogue();
    if (!kb) return report(*load_error_);
    auto logged = store_logged({{"type", "symptom"}, {"symptom", symptom}}, at);
    if (!logged) return report(logged.error());
    // A red-flag symptom runs the safety screen at once: the one safety status as of the day
    // it was logged (the saved intake with every sign logged lately, this one included).
    const std::string when = (*logged)["entry"]["at"].get<std::string>();
    auto day = service::parse_day(when.substr(0, std::min<std::size_t>(when.size(), 10)), "--at");
    if (!day) return report(day.error());
    auto status = workspace().safety_status(*day);
    if (!status) return report(status.error());
    if (global_.json) {
      (*logged)["triage"] = contract::triage_to_json(status->triage);
      print_json(*logged);
    } else {
      io_.out << "\n" << render_safety_status(status->triage, status->logged, *kb, io_.style);
    }
    return 0;
  }

  int diary_import(const std::string& path) {
    auto text = storage::read_file(path);
    if (!text) return report(text.error());
    auto entries = contract::parse_diary_lines(
        *text, path, [&](const DiaryEntry& entry) { return workspace().new_entry_problem(entry); });
    if (!entries) return report(entries.error());
    auto added = store_entries(*entries);
    if (!added) return report(added.error());
    const std::size_t read = entries->size(), already = read - static_cast<std::size_t>(*added);
    if (global_.json) {
      print_json({{"imported", *added}, {"read", read}, {"already_there", already}, {"file", path}});
      return 0;
    }
    io_.out << wrap(fmt::format("Imported {} ({} read; {} already there).", count_of(*added, "new entry", "new entries"),
                                count_of(read, "line", "lines"), already),
                    io_.style.width);
    return 0;
  }

  int diary_export(const std::string& format) {
    if (format != "jsonl" && format != "csv") {
      return report(Error::bad_input("--format: expected jsonl or csv (got '" + format + "')"));
    }
    auto entries = read_diary();
    if (!entries) return report(entries.error());
    if (global_.json) {  // one JSON document: {"entries": [<diary lines>]}
      contract::OrderedJson list = contract::OrderedJson::array();
      for (const DiaryEntry& entry : *entries) list.push_back(contract::OrderedJson::parse(contract::diary_entry_to_json_text(entry)));
      print_json({{"entries", list}});
      return 0;
    }
    if (format == "csv") io_.out << contract::diary_csv_header();
    for (const DiaryEntry& entry : *entries) {
      io_.out << (format == "csv" ? contract::diary_entry_to_csv_row(entry) : contract::diary_entry_to_json_text(entry) + "\n");
    }
    return 0;
  }

  Result<Review> review_as_of(const std::string& as_of) {
    auto day = service::parse_day(as_of, "--as-of");
    if (!day) return day.error();
    return workspace().review(*day);
  }

  int review_command(const std::string& as_of) {
    auto review = review_as_of(as_of);
    if (!review) return report(review.error());
    if (global_.json) {
      print_json(contract::review_to_json(*review));
      return 0;
    }
    const Review& r = *review;
    io_.out << io_.style.bold(fmt::format("Progress review, {} (week {:.1f})", iso_date(r.as_of), r.weeks_in_program)) << "\n\n";
    auto window = [&](const char* name, const PainWindow& w) {
      if (w.from > w.to) return fmt::format("{}: not yet; the first week is still running", name);
      return fmt::format("{} ({} to {}): {} from {} readings", name, iso_date(w.from), iso_date(w.to),
                         w.mean_nprs ? fmt::format("average pain {:.1f}/10", *w.mean_nprs) : std::string("no readings"),
                         w.entries);
    };
    io_.out << wrap(window("First week", r.baseline), io_.style.width, "  ", "  ");
    io_.out << wrap(window("Since then (last 7 days)", r.current), io_.style.width, "  ", "  ");
    if (r.change_points) {
      io_.out << wrap(fmt::format("Change: {:+.1f} points ({:+.1f}%)", *r.change_points, *r.change_percent),
                      io_.style.width, "  ", "  ");
    }
    io_.out << wrap(fmt::format("Strength sessions: {:.1f} a week (plan: {})", r.strength_sessions_per_week, r.target_per_week),
                    io_.style.width, "  ", "  ");
    if (r.desk_breaks_done_per_week > 0 || r.desk_breaks_skipped_per_week > 0) {
      io_.out << wrap(fmt::format("Desk micro-breaks: {:.1f} a week taken, {:.1f} skipped", r.desk_breaks_done_per_week,
                                  r.desk_breaks_skipped_per_week),
                      io_.style.width, "  ", "  ");
    }
    io_.out << "\n" << io_.style.bold("Verdict: " + spaced(r.verdict) + ". Next step: " + spaced(r.next_step) + ".")
            << "\n";
    for (const ReviewReason& reason : r.reasons) io_.out << wrap(reason.says, io_.style.width, "  - ", "    ");
    if (r.next_step == "rescreen") {
      io_.out << wrap("`unknot checkin` asks the safety questions again; `unknot session` asks them before it starts.",
                      io_.style.width, "  ", "  ");
    }
    return 0;
  }

  int checkin() {
    const Catalogue* kb = catalogue();
    if (!kb) return report(*load_error_);
    // Without a terminal (piped answers) it reads one answer a line, like `unknot session`.
    auto entries = read_diary();
    if (!entries) return report(entries.error());
    const std::string now = local_now();
    const int today = *day_number(now);
    bool session_yesterday = std::any_of(entries->begin(), entries->end(), [&](const DiaryEntry& entry) {
      return entry.type == EntryType::kSession && *day_number(entry.at) == today - 1;
    });
    // The one safety status first; the check-in screens today's answers together with it.
    auto status = workspace().safety_status(today);
    if (!status) return report(status.error());
    io_.out << render_safety_status(status->triage, status->logged, *kb, io_.style) << "\n";
    std::optional<Intake> person;
    if (auto saved = intake(std::nullopt)) {
      person = with_logged_signs(*saved, status->logged);
    } else if (!status->logged.empty()) {
      person = with_logged_signs(intake_for_screening(std::nullopt), status->logged);
    }
    auto answers = run_checkin(io_.in, io_.out, *kb, io_.style, person, now, session_yesterday, !io_.interactive);
    if (!answers) return report(answers.error());
    if (!answers->entries.empty()) {
      auto added = store_entries(answers->entries);
      if (!added) return report(added.error());
    }
    if (answers->end == WizardEnd::kEmergency) return 0;
    io_.out << "\n" << wrap(fmt::format("Saved {}. `unknot review` shows how it is going.",
                                         count_of(answers->entries.size(), "diary entry", "diary entries")),
                             io_.style.width);
    return 0;
  }

  Result<Plan> current_plan() { return workspace().current_plan(); }

  // `unknot calendar export`: the plan's week from today on (week 1 is when the diary began,
  // or --start), at --time, with UIDs that stay the same for this person's data directory.
  int calendar_export(const std::string& path, const std::string& start, const std::string& time) {
    auto plan = current_plan();
    if (!plan) return report(plan.error());
    auto today = service::parse_day("", "today");
    if (!today) return report(today.error());
    const std::optional<int> minute_of_day = exporting::parse_time_of_day(time);
    if (!minute_of_day) return report(Error::bad_input("--time: '" + time + "' is not a time like 18:00"));
    std::string first_day = start;
    if (first_day.empty()) {
      auto review = workspace().review(*today);
      first_day = iso_date(review && review->first_day ? *review->first_day : *today);
    }
    if (!day_number(first_day) || first_day.size() != 10) {
      return report(Error::bad_input("--start: '" + first_day + "' is not a date like 2026-03-02"));
    }
    const std::string from = iso_date(std::max(*today, *day_number(first_day)));
    auto data_dir = workspace().data_dir();
    auto ics = exporting::plan_to_ics(*plan, exporting::CalendarOptions{first_day, from, *minute_of_day, service::utc_stamp_now(),
                                                                        exporting::calendar_person_key(data_dir ? *data_dir : "")});
    if (!ics) return report(ics.error());
    if (auto written = storage::write_output_file(path, *ics, io_.out); !written) return report(written.error());
    if (path == "-") return 0;
    if (global_.json) {
      print_json({{"written", path}, {"start", first_day}, {"from", from}, {"time", time}});
      return 0;
    }
    io_.out << wrap(fmt::format("Wrote your plan's sessions to {}, from {} at {}. Open it with your calendar app.", path,
                                from, time),
                    io_.style.width);
    return 0;
  }

  // The pain readings, and the plan when there is an intake (without one, the readings alone).
  int export_fhir(const std::string& path) {
    std::optional<Plan> plan;
    if (workspace().has_saved_intake()) {
      auto current = current_plan();
      if (!current) return report(current.error());
      plan = std::move(*current);
    }
    auto entries = read_diary();
    if (!entries) return report(entries.error());
    // Diary times are local: each reading gets the UTC offset in force at its own time.
    auto bundle = exporting::to_fhir_bundle(plan ? &*plan : nullptr, *entries, "unknot-user", service::utc_offset_at);
    if (auto written = storage::write_output_file(path, bundle.dump(2) + "\n", io_.out); !written) {
      return report(written.error());
    }
    if (path == "-") return 0;
    const auto readings = static_cast<std::size_t>(std::count_if(
        entries->begin(), entries->end(), [](const DiaryEntry& entry) { return entry.type == EntryType::kPain; }));
    if (global_.json) {
      print_json({{"written", path}, {"pain_readings", readings}, {"plan", plan.has_value()}});
      return 0;
    }
    io_.out << wrap(fmt::format("Wrote a FHIR R4 bundle ({}{}) to {}.", count_of(readings, "pain reading", "pain readings"),
                                plan ? " and your plan" : "; no plan yet: `unknot start` makes one", path),
                    io_.style.width);
    return 0;
  }

  int export_csv(const std::string& path) {
    auto entries = read_diary();
    if (!entries) return report(entries.error());
    std::string csv = contract::diary_csv_header();
    for (const DiaryEntry& entry : *entries) csv += contract::diary_entry_to_csv_row(entry);
    const bool to_stdout = path.empty() || path == "-";
    if (to_stdout && !global_.json) {
      io_.out << csv;
      return 0;
    }
    if (to_stdout) {  // --json: the CSV text inside the report
      print_json({{"entries", entries->size()}, {"csv", csv}});
      return 0;
    }
    if (auto written = storage::write_output_file(path, csv, io_.out); !written) return report(written.error());
    if (global_.json) {
      print_json({{"written", path}, {"entries", entries->size()}});
      return 0;
    }
    io_.out << wrap(fmt::format("Wrote {} to {}.", count_of(entries->size(), "diary entry", "diary entries"), path),
                    io_.style.width);
    return 0;
  }

  int insights(const std::string& as_of) {
    auto day = service::parse_day(as_of, "--as-of");
    if (!day) return report(day.error());
    auto diary = workspace().diary_facts();
    if (!diary) return report(diary.error());
    Insights found = build_insights_from_facts(*diary, *day);
    if (global_.json) {
      print_json(contract::insights_to_json(found));
    } else {
      io_.out << render_insights(found, io_.style);
    }
    return 0;
  }

  // `unknot session [ID]`: the guided session, by default today's from the current plan.
  int session(const std::optional<std::string>& id, double speed, bool speak, bool quiet) {
    const Catalogue* kb = catalogue();
    if (!kb) return report(*load_error_);
    if (!(speed > 0 && speed <= 1000)) {
      return report(Error::bad_input(fmt::format("--speed: expected a number above 0 and at most 1000 (got {})", speed)));
    }
    auto plan = current_plan();
    if (!plan) return report(plan.error());
    if (plan->status == PlanStatus::kRefer) {
      if (global_.json) {
        print_json({{"session", nullptr},
                    {"reason", "refer"},
                    {"triage", contract::triage_to_json(plan->triage)},
                    {"message", "No exercise sessions until a professional has checked this."}});
        return 0;
      }
      io_.out << render_safety_status(plan->triage, plan->logged_signs, *kb, io_.style);
      io_.out << "\n" << wrap("No exercise sessions until a professional has checked this.", io_.style.width);
      return 0;
    }
    auto today = service::parse_day("", "today");
    if (!today) return report(today.error());
    const PlanPhase* phase = current_phase(*plan, *today);
    const PlanSession* chosen = nullptr;
    if (id) {
      chosen = find_session(*plan, *id, phase);
      if (!chosen) {
        std::string ids;
        for (const PlanPhase& each : plan->phases) {
          for (const PlanSession& s : each.sessions) {
            if (ids.find(s.id) == std::string::npos) ids += (ids.empty() ? "" : ", ") + s.id;
          }
        }
        return report(Error::bad_input(fmt::format("unknown session '{}'; your plan has: {}", *id, ids)));
      }
    } else if (phase) {
      chosen = session_for_day(*phase, *today);
      if (!chosen) {
        if (global_.json) {
          print_json({{"session", nullptr},
                      {"reason", "rest_day"},
                      {"message", "Rest counts too. To do a session anyway, name it: unknot session daily-relief."}});
          return 0;
        }
        io_.out << render_today(*phase, *today, io_.style)
                << wrap("Rest counts too. To do a session anyway, name it: `unknot session daily-relief`.", io_.style.width);
        return 0;
      }
    }
    if (!chosen || chosen->items.empty()) {
      return report(Error::failure("your plan has no session to guide today; `unknot plan` shows it"));
    }
    SessionScript script = build_session_script(*chosen, *kb);
    if (global_.json) {
      print_json(contract::session_script_to_json(script));
      return 0;
    }
    // The one safety status first, in the words `unknot plan` uses.
    io_.out << render_safety_status(plan->triage, plan->logged_signs, *kb, io_.style) << "\n";
    std::optional<Intake> person;
    if (auto saved = workspace().saved_intake()) person = with_logged_signs(*saved, plan->logged_signs);
    SteadyClock clock;
    CoachOptions options{speed, !quiet, speak};
    auto outcome = run_guided_session(io_.in, io_.out, io_.full_screen ? 0 : -1, script, *kb, person,
                                      local_now(), clock, options, io_.style);
    if (!outcome) return report(outcome.error());
    if (!outcome->entries.empty()) {
      auto added = store_entries(outcome->entries);
      if (!added) return report(added.error());
    }
    return 0;
  }

  // The report for a physiotherapist: HTML, or a PDF drawn with cairo when FILE ends in .pdf.
  int report_file(const std::string& path, const std::string& as_of) {
    auto today = service::parse_day(as_of, "--as-of");
    if (!today) return report(today.error());
    auto made = workspace().report(*today);
    if (!made) return report(made.error());
    const bool pdf = path.size() > 4 && (path.ends_with(".pdf") || path.ends_with(".PDF"));
    if (pdf) {
      if (auto written = unknot::report::write_report_pdf(*made, path); !written) return report(written.error());
    } else {
      const std::string html = unknot::report::report_document(*made, web::embedded_asset("assets/style.css"));
      if (auto written = storage::write_file_durably(path, html); !written) return report(written.error());
    }
    if (global_.json) {
      print_json({{"written", path}, {"format", pdf ? "pdf" : "html"}});
      return 0;
    }
    io_.out << wrap(fmt::format("Wrote the report for {} to {}.", made->period, path), io_.style.width);
    return 0;
  }

  int backup(const std::string& path) {
    if (auto status = workspace().backup(path, io_.out); !status) return report(status.error());
    if (global_.json && path != "-") {
      print_json({{"written", path}});
      return 0;
    }
    if (path != "-") io_.out << wrap("Backed up the diary to " + path + ".", io_.style.width);
    return 0;
  }

  int restore(const std::string& path) {
    if (auto status = workspace().restore(path); !status) return report(status.error());
    auto entries = read_diary();
    if (!entries) return report(entries.error());
    io_.out << wrap(fmt::format("Restored the diary from {}: {} entries.", path, entries->size()), io_.style.width);
    return 0;
  }

  // Problems met on the way that did not stop the command (a skipped damaged diary row).
  void print_warnings() {
    if (!workspace_) return;
    for (const std::string& warning : workspace_->take_warnings()) io_.err << "unknot: warning: " << warning << "\n";
  }

  std::optional<Error> load_error_;
  std::vector<std::shared_ptr<const Catalogue>> held_catalogues_;  // what catalogue() handed out

 private:
  Io& io_;
  const GlobalOptions& global_;
  std::optional<service::Workspace> workspace_;
};

// `unknot --generate-man DIR`: unknot.1 and unknot-GROUP.1 for the build to install.
int write_manual_pages(const CLI::App& app, const std::string& dir, Commands& commands) {
  for (const auto& [name, text] : manual_pages(app, UNKNOT_VERSION)) {
    if (auto written = storage::write_file_durably(dir + "/" + name, text); !written) return commands.report(written.error());
  }
  return 0;
}

// The tree of commands, filled in as the parser needs it. CLI11 makes an App for every
// command and an Option (with its std::functions and strings) for every option; building all
// of them cost a short command such as `unknot plan` more than the rest of its work
// (docs/performance.md). So each top-level command is declared by its name and description
// (all that the parser needs to recognise it, and `unknot --help` to list it) and its
// options, subcommands and callback are added when the parser meets its name: CLI11 calls a
// subcommand's pre-parse callback then, before it reads the words that follow. What the
// parser sees at each word is thus the same tree as if all of it had been built first.
// Help for a command, the man pages and the completions read the whole tree: fill_all().
//
// Declaring is deferred too. A command line that names a command (`unknot plan`) gets only
// the commands whose names it holds declared, since the parser can take no other word for a
// command; each declaration is a CLI::App, and the nineteen of them cost `unknot plan` an
// eighth of its instructions. A command line that names none (`unknot`, a misspelt command
// whose error suggests the nearest name), asks for help, or writes the manual or completions
// gets them all, in the order they were added.
class CommandTree {
 public:
  CommandTree(CLI::App& root, const std::vector<std::string>& args) : root_(root), args_(args) {}
  CommandTree(const CommandTree&) = delete;
  CommandTree& operator=(const CommandTree&) = delete;

  // Records `name`; declare() declares it, and `fill` adds what is under it, once, when it is
  // needed.
  void add(const std::string& name, const std::string& description, std::function<void(CLI::App&)> fill) {
    pending_.push_back({name, description, nullptr, std::move(fill)});
  }

  // Declares the recorded commands the command line needs (see above). Call once, after the
  // last add().
  void declare() {
    const bool wants_all = std::any_of(args_.begin(), args_.end(), [](const std::string& word) {
      return word == "-h" || word == "--help" || word == "help" || word.rfind("--generate-", 0) == 0;
    });
    const bool names_one = std::any_of(pending_.begin(), pending_.end(), [this](const Pending& pending) { return named(pending); });
    for (Pending& pending : pending_) {
      if (wants_all || !names_one || named(pending)) declare(pending);
    }
  }

  void fill_all() {
    for (Pending& pending : pending_) {
      declare(pending);
      fill_one(pending.command);
    }
  }

 private:
  struct Pending {
    std::string name;
    std::string description;
    CLI::App* command;                    // nullptr until declared
    std::function<void(CLI::App&)> fill;  // empty once run
  };

  bool named(const Pending& pending) const {
    return std::find(args_.begin(), args_.end(), pending.name) != args_.end();
  }

  void declare(Pending& pending) {
    if (pending.command != nullptr) return;
    CLI::App* command = root_.add_subcommand(pending.name, pending.description);
    pending.command = command;
    command->preparse_callback([this, command](std::size_t) { fill_one(command); });
  }

  void fill_one(CLI::App* command) {
    for (Pending& pending : pending_) {
      if (pending.command != command || !pending.fill) continue;
      auto fill = std::move(pending.fill);
      pending.fill = nullptr;
      fill(*command);
    }
  }

  CLI::App& root_;
  const std::vector<std::string>& args_;
  std::vector<Pending> pending_;
};

// The innermost subcommand on the command line, for `unknot plan --help` and the like.
CLI::App* deepest_parsed(CLI::App& app) {
  CLI::App* current = &app;
  while (true) {
    auto parsed = current->get_subcommands();
    if (parsed.empty()) return current;
    current = parsed.front();
  }
}

}  // namespace

int run(const std::vector<std::string>& args, Io& io) {
  const std::string version_line = std::string("unknot ") + UNKNOT_VERSION;
  // `unknot --version` alone is answered before the command tree is built: CLI11 would build it
  // and then throw to say the same (the unwinder's first throw alone costs a start-up).
  if (args.size() == 1 && (args.front() == "--version" || args.front() == "-V")) {
    io.out << version_line << "\n";
    return 0;
  }
  CLI::App app{"ease the knot between your shoulder blades, and keep it gone", "unknot"};
  app.set_help_flag("-h,--help", "Show how to use a command");
  app.set_version_flag("-V,--version", version_line, "Show the version");
  app.fallthrough();
  GlobalOptions global;
  app.add_option("--data-dir", global.data_dir, "Where your data lives (default: $UNKNOT_DATA_DIR, "
                                                "$XDG_DATA_HOME/unknot, ~/.local/share/unknot)")
      ->type_name("DIR");
  app.add_option("--content-dir", global.content_dir, "Load the knowledge base from DIR (for content authors)")
      ->type_name("DIR");
  app.add_flag("--json", global.json, "Print the result as JSON (the contract's shapes)");
  // For the build (man pages, completions); hidden: the empty group keeps them out of help.
  std::optional<std::string> generate_man, generate_completion, generate_desk_files;
  app.add_option("--generate-man", generate_man, "Write the manual pages into DIR")->group("");
  app.add_option("--generate-completion", generate_completion, "Print the completion script for bash, zsh or fish")
      ->group("");
  app.add_option("--generate-desk-files", generate_desk_files, "Write the packaged systemd unit and autostart entry into DIR")
      ->group("");

  Commands commands(io, global);
  int exit_code = 0;
  auto runs = [&](auto function) { return [&, function] { exit_code = function(); }; };
  // Each command's options, subcommands and callback are added when the parser meets it (or
  // when the whole tree is shown); see CommandTree.
  CommandTree tree(app, args);

  std::optional<std::string> kind;
  std::string technique_id;
  std::optional<std::string> technique_variant;
  tree.add("techniques", "Browse the technique knowledge base", [&](CLI::App& techniques) {
    techniques.require_subcommand(1);
    auto* list = techniques.add_subcommand("list", "List techniques");
    list->add_option("--kind", kind, "Only this kind (heat, strength, ...)")->type_name("KIND");
    list->callback(runs([&] { return commands.techniques_list(kind); }));
    auto* show = techniques.add_subcommand("show", "Show one technique as a card");
    show->add_option("ID", technique_id, "Technique id, from `unknot techniques list`")->required();
    show->add_option("--variant", technique_variant, "One variant (default: the one your plan uses)");
    show->callback(runs([&] { return commands.techniques_show(technique_id, technique_variant); }));
  });

  std::optional<std::string> topic;
  tree.add("learn", "Short reads: what a knot is, why sources disagree, when to get help", [&](CLI::App& learn) {
    learn.add_option("TOPIC", topic, "Topic id; without it, the list");
    learn.callback(runs([&] { return commands.learn(topic); }));
  });

  std::optional<std::string> triage_intake;
  tree.add("triage", "Run the safety screen on an intake", [&](CLI::App& triage) {
    triage.add_option("--intake", triage_intake, "Intake JSON file (default: the one `unknot start` saved)")
        ->type_name("FILE");
    triage.callback(runs([&] { return commands.triage_command(triage_intake); }));
  });

  std::optional<std::string> plan_intake;
  tree.add("plan", "Show your personal, phased plan", [&](CLI::App& plan) {
    plan.add_option("--intake", plan_intake, "Intake JSON file (default: the one `unknot start` saved)")->type_name("FILE");
    plan.callback(runs([&] { return commands.plan_command(plan_intake); }));
  });

  std::optional<std::string> start_intake;
  tree.add("start", "Answer the intake questions and get your plan", [&](CLI::App& start) {
    start.add_option("--intake", start_intake, "Save this prepared intake without asking anything")->type_name("FILE");
    start.callback(runs([&] { return commands.start(start_intake); }));
  });

  std::string at;
  int pain_value = 0;
  std::string pain_context;
  std::string session_name = "strength";
  bool not_completed = false;
  std::optional<int> pain_during;
  std::vector<std::string> items_done;
  std::string trigger_name;
  std::optional<double> trigger_hours;
  std::string symptom_name;
  std::string note_text;
  tree.add("log", "Add to your diary: pain, a session, a trigger, a symptom, a note", [&](CLI::App& log) {
    log.require_subcommand(1);
    auto* log_pain = log.add_subcommand("pain", "Pain now, 0 (none) to 10 (worst)");
    log_pain->add_option("N", pain_value, "0-10")->required();
    log_pain->add_option("--context", pain_context, "morning, next_morning, evening, during_exercise, after_session, other")
        ->type_name("CONTEXT");
    log_pain->add_option("--at", at, "When (2026-03-02 or 2026-03-02T07:30:00; default now)")->type_name("WHEN");
    log_pain->callback(runs([&] {
      nlohmann::ordered_json entry = {{"type", "pain"}, {"nprs", pain_value}};
      if (!pain_context.empty()) entry["context"] = pain_context;
      return commands.log_entry(entry, at);
    }));
    auto* log_session = log.add_subcommand("session", "A session you did");
    log_session->add_option("SESSION", session_name, "Which session: strength, daily-relief, ... (default strength)");
    log_session->add_flag("--not-completed", not_completed, "You stopped before the end");
    log_session->add_option("--pain-during", pain_during, "Worst pain during it, 0-10")->type_name("N");
    log_session->add_option("--item", items_done, "A technique done, as ID or ID:REPS (repeatable)")->type_name("ID[:REPS]");
    log_session->add_option("--at", at, "When (default now)")->type_name("WHEN");
    log_session->callback(runs([&] {
      nlohmann::ordered_json entry = {{"type", "session"}, {"session", session_name}, {"completed", !not_completed}};
      if (pain_during) entry["pain_during"] = *pain_during;
      for (const std::string& item : items_done) {
        auto colon = item.find(':');
        nlohmann::ordered_json done = {{"technique", item.substr(0, colon)}};
        if (colon != std::string::npos) {
          auto reps = parse_whole_number(item.substr(colon + 1));
          if (!reps) return commands.report(Error::bad_input("--item: '" + item + "' should be ID or ID:REPS (REPS a whole number)"));
          done["reps"] = *reps;
        }
        entry["items"].push_back(done);
      }
      return commands.log_entry(entry, at);
    }));
    auto* log_trigger = log.add_subcommand("trigger", "Something that set the knot off (be a detective)");
    log_trigger->add_option("NAME", trigger_name, "desk_work, phone_use, driving, heavy_bag, stress, ...")->required();
    log_trigger->add_option("--hours", trigger_hours, "For how long")->type_name("HOURS");
    log_trigger->add_option("--at", at, "When (default now)")->type_name("WHEN");
    log_trigger->callback(runs([&] {
      nlohmann::ordered_json entry = {{"type", "trigger"}, {"trigger", trigger_name}};
      if (trigger_hours) entry["hours"] = *trigger_hours;
      return commands.log_entry(entry, at);
    }));
    auto* log_symptom = log.add_subcommand("symptom", "A warning symptom; runs the safety screen at once");
    log_symptom->add_option("NAME", symptom_name, "A symptom name from the intake, e.g. fever")->required();
    log_symptom->add_option("--at", at, "When (default now)")->type_name("WHEN");
    log_symptom->callback(runs([&] { return commands.log_symptom(symptom_name, at); }));
    auto* log_note = log.add_subcommand("note", "A free note");
    log_note->add_option("TEXT", note_text, "The note")->required();
    log_note->add_option("--at", at, "When (default now)")->type_name("WHEN");
    log_note->callback(runs([&] { return commands.log_entry({{"type", "note"}, {"text", note_text}}, at); }));
  });

  std::string import_path;
  std::string export_format = "jsonl";
  tree.add("diary", "Import or export the diary (JSON Lines or CSV)", [&](CLI::App& diary) {
    diary.require_subcommand(1);
    auto* diary_import = diary.add_subcommand("import", "Add entries from a JSON Lines file (all or nothing)");
    diary_import->add_option("FILE", import_path, "JSON Lines file")->required();
    diary_import->callback(runs([&] { return commands.diary_import(import_path); }));
    auto* diary_export = diary.add_subcommand("export", "Print every entry");
    diary_export->add_option("--format", export_format, "jsonl (default) or csv")->type_name("FORMAT");
    diary_export->callback(runs([&] { return commands.diary_export(export_format); }));
  });

  std::string as_of;
  tree.add("review", "How it is going: weekly pain, sessions, next step", [&](CLI::App& review) {
    review.add_option("--as-of", as_of, "Review as of this date (default today)")->type_name("DATE");
    review.callback(runs([&] { return commands.review_command(as_of); }));
  });

  tree.add("checkin", "The short daily check-in: safety questions, morning pain, triggers", [&](CLI::App& checkin) {
    checkin.callback(runs([&] { return commands.checkin(); }));
  });

  std::string ics_path, calendar_start;
  std::string calendar_time = "18:00";
  tree.add("calendar", "Put your plan's sessions in your calendar", [&](CLI::App& calendar) {
    calendar.require_subcommand(1);
    auto* calendar_export = calendar.add_subcommand("export", "Write the sessions as recurring events (.ics)");
    calendar_export->add_option("FILE", ics_path, "The .ics file to write")->required();
    calendar_export->add_option("--start", calendar_start, "First day of week 1 (default: when your diary began, or today)")
        ->type_name("DATE");
    calendar_export->add_option("--time", calendar_time, "Time of day for the sessions, HH:MM (default 18:00)");
    calendar_export->callback(runs([&] { return commands.calendar_export(ics_path, calendar_start, calendar_time); }));
  });

  std::string fhir_path, csv_path;
  tree.add("export", "Share your data: FHIR R4 for clinicians, CSV for spreadsheets", [&](CLI::App& exports) {
    exports.require_subcommand(1);
    auto* export_fhir = exports.add_subcommand("fhir", "A FHIR R4 Bundle: pain Observations, CarePlan, ServiceRequests");
    export_fhir->add_option("FILE", fhir_path, "The .json file to write")->required();
    export_fhir->callback(runs([&] { return commands.export_fhir(fhir_path); }));
    auto* export_csv = exports.add_subcommand("csv", "The diary as CSV");
    export_csv->add_option("FILE", csv_path, "The .csv file to write (default: standard output)");
    export_csv->callback(runs([&] { return commands.export_csv(csv_path); }));
  });

  std::string insights_as_of;
  tree.add("insights", "Be a detective: what goes with worse pain, what brings relief", [&](CLI::App& insights) {
    insights.add_option("--as-of", insights_as_of, "As of this date (default today)")->type_name("DATE");
    insights.callback(runs([&] { return commands.insights(insights_as_of); }));
  });

  std::optional<std::string> session_id;
  double session_speed = 1.0;
  bool session_speak = false, session_quiet = false;
  tree.add("session", "A guided session: timers, rep counts and stop rules", [&](CLI::App& session) {
    session.add_option("ID", session_id, "Which session (daily-relief, strength, ...; default: today's)");
    session.add_option("--speed", session_speed, "Run the clocks N times faster (demonstrations and tests)")->type_name("N");
    session.add_flag("--speak", session_speak, "Speak the cues aloud (needs espeak-ng)");
    session.add_flag("--quiet", session_quiet, "No terminal bell between steps");
    session.callback(runs([&] { return commands.session(session_id, session_speed, session_speak, session_quiet); }));
  });

  web::ServeOptions serve_options;
  std::string revoke_device;
  // Both run in unknot-network (cli/network_commands.h).
  const WorkspaceSource workspace = [&]() -> service::Workspace& { return commands.workspace(); };
  tree.add("serve", "The web app on this computer: plan, guided sessions, diary, progress charts", [&](CLI::App& serve) {
    serve.add_option("--port", serve_options.port, "Port to listen on (default 8080; 0 picks a free one)")->type_name("PORT");
    serve.add_option("--bind", serve_options.bind, "Address to listen on (default 127.0.0.1: this computer only)")
        ->type_name("ADDRESS");
    serve.add_option("--tls-cert", serve_options.tls_cert,
                     "Your own certificate chain for HTTPS (PEM, with --tls-key). Without it, beyond this computer "
                     "unknot makes its own, self-signed, in the data directory")
        ->type_name("FILE");
    serve.add_option("--tls-key", serve_options.tls_key, "The private key of --tls-cert (PEM, without a passphrase)")
        ->type_name("FILE");
    serve.add_flag("--insecure-http", serve_options.insecure_http,
                   "Beyond this computer, plain HTTP instead of HTTPS: anyone on your network can read your diary as "
                   "it travels, and the phone will not keep the screen awake or work offline");
    auto* serve_devices = serve.add_subcommand("devices", "Devices paired with the web app: when each paired and was last seen");
    serve_devices->add_option("--revoke", revoke_device, "End the pairing of device ID (see the list)")->type_name("ID");
    serve_devices->callback(runs([&] { return run_serve_devices(revoke_device, workspace, io); }));
    serve.callback([&, serve_devices] {
      if (!serve_devices->parsed()) exit_code = run_serve(serve_options, workspace, io);
    });
  });

  // desk: micro-break reminders (src/desk/desk.h).
  desk::DeskOptions desk_options;
  desk::InstallOptions desk_install;
  std::optional<std::string> uninstall_config_home;
  auto workspace_options = [&] { return service::WorkspaceOptions{global.data_dir, global.content_dir}; };
  auto desk_result = [&](const Status& status) { return status ? 0 : commands.report(status.error()); };
  tree.add("desk", "Micro-break reminders from your plan, counted from real desk activity", [&](CLI::App& desk_command) {
    desk_command.add_option("--every", desk_options.every, "Desk time before a break (default 40m; e.g. 30m, 1h)")
        ->type_name("TIME");
    desk_command.add_option("--natural-break", desk_options.natural_break,
                            "Time away from the keyboard that counts as a break (default 5m)")
        ->type_name("TIME");
    desk_command.add_option("--snooze", desk_options.snooze, "How long Snooze waits (default 5m)")->type_name("TIME");
    desk_command.add_option("--hours", desk_options.hours, "Working hours, e.g. 09:00-17:30 (default: any time)")
        ->type_name("HH:MM-HH:MM");
    desk_command.add_option("--idle-source", desk_options.idle_source, "auto (default), x11, gnome, wayland or timer")
        ->type_name("SOURCE");
    auto* desk_status = desk_command.add_subcommand("status", "What unknot desk is doing, and when the next break is due");
    desk_status->callback(runs([&] { return desk_result(desk::status(workspace_options(), global.json, io.out)); }));
    auto* desk_install_command = desk_command.add_subcommand(
        "install", "Start unknot desk with your desktop (systemd user unit and XDG autostart entry)");
    desk_install_command->add_flag("--dry-run", desk_install.dry_run, "Print the files instead of writing them");
    desk_install_command->add_option("--config-home", desk_install.config_home,
                                     "Write under DIR instead of $XDG_CONFIG_HOME or ~/.config")
        ->type_name("DIR");
    auto* desk_uninstall_command = desk_command.add_subcommand(
        "uninstall", "Stop unknot desk starting with your desktop (removes what `unknot desk install` wrote)");
    desk_uninstall_command->add_option("--config-home", uninstall_config_home,
                                       "Remove from under DIR instead of $XDG_CONFIG_HOME or ~/.config")
        ->type_name("DIR");
    CLI::App* desk_app = &desk_command;
    desk_command.callback(runs([&, desk_app] {
      if (!desk_app->get_subcommands().empty()) return exit_code;  // status, install or uninstall ran
      return desk_result(desk::run(workspace_options(), desk_options, io.out));
    }));
    desk_install_command->callback(runs([&] {
      desk_install.json = global.json;
      return desk_result(desk::install(workspace_options(), desk_options, desk_install, io.out));
    }));
    desk_uninstall_command->callback(runs([&] {
      return desk_result(desk::uninstall(uninstall_config_home, global.json, io.out));
    }));
  });

  std::string report_path, report_as_of;
  tree.add("report", "A one-to-two page report for a physiotherapist (HTML, or PDF for FILE.pdf)",
           [&](CLI::App& report_command) {
             report_command.add_option("--out", report_path, "Where to write it; ending in .pdf writes a PDF")->required();
             report_command.add_option("--as-of", report_as_of, "The last day it covers (default today), YYYY-MM-DD");
             report_command.callback(runs([&] { return commands.report_file(report_path, report_as_of); }));
           });

  const ClinicCommandContext clinic_context{io, [&]() -> service::Workspace& { return commands.workspace(); },
                                            global.json, [&](const Error& error) { return commands.report(error); }};
  tree.add("clinic", "Clinic mode: a clinic server for physiotherapists, and linking to one",
           [&](CLI::App& clinic) { add_clinic_commands(clinic, clinic_context, exit_code); });

  std::string backup_path;
  tree.add("backup", "Copy the diary database to FILE", [&](CLI::App& backup) {
    backup.add_option("FILE", backup_path, "Where to write the copy (- for standard output)")->required();
    backup.callback(runs([&] { return commands.backup(backup_path); }));
  });

  std::string restore_path;
  tree.add("restore", "Replace the diary with a copy made by `unknot backup`", [&](CLI::App& restore) {
    restore.add_option("FILE", restore_path, "The backup file")->required();
    restore.callback(runs([&] { return commands.restore(restore_path); }));
  });
  tree.declare();
  // Command-line words go into the diary and into JSON: refuse invalid UTF-8 here, where the
  // message can say which word, before anything tries to print or store it.
  for (std::size_t index = 0; index < args.size(); ++index) {
    if (auto offset = invalid_utf8_at(args[index])) {
      io.err << "unknot: argument " << index + 1 << ": " << describe_invalid_utf8(args[index], *offset) << "\n";
      return 2;
    }
  }

  // `unknot help [COMMAND...]`: the same help as `unknot COMMAND... --help`. Its words are
  // looked up here rather than parsed (CLI11 would run `log` in `unknot help log`).
  auto help_for = [&](const std::vector<std::string>& words) {
    tree.fill_all();
    const CLI::App* command = &app;
    for (const std::string& word : words) {
      const CLI::App* next = nullptr;
      std::vector<std::string> names;
      for (const CLI::App* sub : visible_subcommands(*command)) {
        if (sub->get_name() == word) next = sub;
        names.push_back(sub->get_name());
      }
      if (!next) {
        std::string sentence = fmt::format("'{}' is not a command of {}.", word, command_path(*command));
        if (auto near = closest_name(word, names)) {
          // "unknot log" -> "unknot help log pain"
          sentence += fmt::format(" Did you mean `unknot help{} {}`?", command_path(*command).substr(6), *near);
        }
        return commands.report(Error::bad_input(sentence + " `unknot help` lists the commands."));
      }
      command = next;
    }
    io.out << render_help(*command, io.style.width);
    return 0;
  };
  auto* help = app.add_subcommand("help", "Show how to use unknot, or one command: unknot help log pain");
  help->prefix_command();
  help->callback(runs([&] { return help_for(help->remaining()); }));
  if (!args.empty() && args.front() == "help") return help_for({args.begin() + 1, args.end()});

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
    commands.print_warnings();
    if (generate_man || generate_completion) tree.fill_all();
    if (generate_man) return write_manual_pages(app, *generate_man, commands);
    if (generate_desk_files) {
      auto written = desk::write_packaged_files(*generate_desk_files);
      return written ? 0 : commands.report(written.error());
    }
    if (generate_completion) {
      auto shell = parse_shell(*generate_completion);
      if (!shell) return commands.report(shell.error());
      io.out << completion_script(app, *shell);
      return 0;
    }
    if (app.get_subcommands().empty()) return commands.welcome();
    return exit_code;
  } catch (const CLI::CallForHelp&) {
    io.out << render_help(*deepest_parsed(app), io.style.width);
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    tree.fill_all();
    io.out << render_help(app, io.style.width);
    return 0;
  } catch (const CLI::CallForVersion&) {
    // --json may come before or after --version: look at the words, not the parse.
    if (std::find(args.begin(), args.end(), "--json") != args.end()) {
      io.out << contract::OrderedJson{{"name", "unknot"}, {"version", UNKNOT_VERSION}}.dump(2) << "\n";
    } else {
      io.out << app.version() << "\n";
    }
    return 0;
  } catch (const CLI::ParseError& error) {
    io.err << error_line(describe_parse_error(error, *deepest_parsed(app), args)) << "\n";
    return 2;
  } catch (const std::exception& error) {
    // The last resort: every input has its own boundary, so reaching here is a bug in unknot.
    // One line and exit 1, never an abort that leaves a core dump and a broken terminal.
    io.err << "unknot: unexpected error (please report it): " << error.what() << "\n";
    return 1;
  } catch (...) {
    io.err << "unknot: unexpected error (please report it)\n";
    return 1;
  }
}

}  // namespace unknot::cli
