#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>
#include <optional>

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
#include "storage/data_dir.h"
#include "storage/diary_store.h"
#include "service/workspace.h"
#include "desk/desk.h"
#include "web/serve.h"


#ifndef UNKNOT_VERSION
#define UNKNOT_VERSION "0.0.0"
#endif

namespace unknot::cli {
namespace {

using service::local_now;

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
    if (!workspace_) workspace_.emplace(service::WorkspaceOptions{global_.data_dir, global_.content_dir});
    return *workspace_;
  }

  int report(const Error& error) {
    io_.err << "unknot: " << error.message << "\n";
    return error.exit_code();
  }

  // The knowledge base; nullptr (and load_error_ set) when it does not load.
  const Catalogue* catalogue() {
    auto loaded = workspace().catalogue();
    if (!loaded) {
      load_error_ = loaded.error();
      return nullptr;
    }
    return *loaded;
  }

  void print_json(const contract::OrderedJson& json) { io_.out << json.dump(2) << "\n"; }

  int welcome() {
    const Catalogue* kb = catalogue();
    if (!kb) return report(*load_error_);
    io_.out << render_welcome(io_.style) << "\n";
    return techniques_list(std::nullopt);
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

  int techniques_show(const std::string& id) {
    const Catalogue* kb = catalogue();
    if (!kb) return report(*load_error_);
    const Technique* technique = kb->find_technique(id);
    if (!technique) {
      return report(Error::bad_input(fmt::format("unknown technique '{}'; `unknot techniques list` shows them all", id)));
    }
    if (global_.json) {
      print_json(contract::technique_to_json(*technique));
    } else {
      io_.out << render_technique_card(*technique, *kb, io_.style);
    }
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
      io_.out << render_plan(plan, *kb, io_.style);
    }
    return 0;
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
    if (path) {
      io_.out << wrap(fmt::format("Saved your intake to {}. `unknot plan` shows your plan.", saved), io_.style.width);
    } else {
      io_.out << "\n" << render_plan(plan, *kb, io_.style) << "\n";
      io_.out << wrap(fmt::format("Saved your answers to {}. `unknot plan` shows this plan again.", saved),
                      io_.style.width);
    }
    return 0;
  }


  Result<std::unique_ptr<storage::DiaryStore>> open_diary() {
    auto data_dir = workspace().data_dir();
    if (!data_dir) return data_dir.error();
    return storage::DiaryStore::open(storage::diary_path(*data_dir));
  }

  Result<std::vector<DiaryEntry>> read_diary() { return workspace().diary(); }

  // Stores `entries` durably (one transaction) and returns how many were new.
  Result<int> store_entries(const std::vector<DiaryEntry>& entries) { return workspace().store(entries); }

  // Validates a hand-made entry exactly as an imported line would be, then stores it.
  int log_entry(nlohmann::ordered_json json, const std::string& at) {
    json["at"] = at.empty() ? local_now() : at;
    auto entry = contract::parse_diary_entry(json.dump(), "log");
    if (!entry) return report(entry.error());
    auto added = store_entries({*entry});
    if (!added) return report(added.error());
    if (global_.json) {
      print_json({{"stored", true}, {"entry", nlohmann::ordered_json::parse(contract::diary_entry_to_json_text(*entry))}});
    } else {
      io_.out << wrap(*added ? "Logged." : "Already in the diary; nothing added.", io_.style.width);
    }
    return 0;
  }

  int log_symptom(const std::string& symptom, const std::string& at) {
    const Catalogue* kb = catalogue();
    if (!kb) return report(*load_error_);
    int code = log_entry({{"type", "symptom"}, {"symptom", symptom}}, at);
    if (code != 0) return code;
    // A red-flag symptom runs the safety screen at once, on the saved intake when there is one.
    auto saved = intake(std::nullopt);
    Intake person = intake_for_screening(saved ? std::optional<Intake>(*saved) : std::nullopt);
    person.symptoms.insert(symptom);
    Triage result = triage(person, kb->safety);
    if (!global_.json) io_.out << "\n" << render_triage(result, *kb, io_.style);
    return 0;
  }

  int diary_import(const std::string& path) {
    auto text = storage::read_file(path);
    if (!text) return report(text.error());
    auto entries = contract::parse_diary_lines(*text, path);
    if (!entries) return report(entries.error());
    auto added = store_entries(*entries);
    if (!added) return report(added.error());
    io_.out << wrap(fmt::format("Imported {} new entries ({} lines read; {} already there).", *added, entries->size(),
                                entries->size() - static_cast<std::size_t>(*added)),
                    io_.style.width);
    return 0;
  }

  int diary_export(const std::string& format) {
    if (format != "jsonl" && format != "csv") {
      return report(Error::bad_input("--format: expected jsonl or csv (got '" + format + "')"));
    }
    auto entries = read_diary();
    if (!entries) return report(entries.error());
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
      return fmt::format("{} ({} to {}): {} from {} readings", name, iso_date(w.from), iso_date(w.to),
                         w.mean_nprs ? fmt::format("average pain {:.1f}/10", *w.mean_nprs) : std::string("no readings"),
                         w.entries);
    };
    io_.out << wrap(window("First week", r.baseline), io_.style.width, "  ", "  ");
    io_.out << wrap(window("Last 7 days", r.current), io_.style.width, "  ", "  ");
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
    return 0;
  }

  int checkin() {
    const Catalogue* kb = catalogue();
    if (!kb) return report(*load_error_);
    if (!io_.interactive) {
      return report(Error::bad_input(
          "unknot checkin asks its questions in a terminal; without one, use `unknot log pain N --context morning`"));
    }
    auto entries = read_diary();
    if (!entries) return report(entries.error());
    const std::string now = local_now();
    const int today = *day_number(now);
    bool session_yesterday = std::any_of(entries->begin(), entries->end(), [&](const DiaryEntry& entry) {
      return entry.type == EntryType::kSession && *day_number(entry.at) == today - 1;
    });
    std::optional<Intake> person;
    if (auto saved = intake(std::nullopt)) person = *saved;
    auto answers = run_checkin(io_.in, io_.out, *kb, io_.style, person, now, session_yesterday);
    if (!answers) return report(answers.error());
    if (!answers->entries.empty()) {
      auto added = store_entries(answers->entries);
      if (!added) return report(added.error());
    }
    if (answers->end == WizardEnd::kEmergency) return 0;
    io_.out << "\n" << wrap(fmt::format("Saved {} diary entries. `unknot review` shows how it is going.",
                                         answers->entries.size()),
                             io_.style.width);
    return 0;
  }

  Result<Plan> current_plan() { return workspace().current_plan(); }

  int calendar_export(const std::string& path, const std::string& start) {
    auto plan = current_plan();
    if (!plan) return report(plan.error());
    const std::string first_day = start.empty() ? local_now().substr(0, 10) : start;
    if (!day_number(first_day) || first_day.size() != 10) {
      return report(Error::bad_input("--start: '" + first_day + "' is not a date like 2026-03-02"));
    }
    auto ics = exporting::plan_to_ics(*plan, first_day, service::utc_stamp_now());
    if (!ics) return report(ics.error());
    if (auto written = storage::write_file_durably(path, *ics); !written) return report(written.error());
    io_.out << wrap(fmt::format("Wrote your plan's sessions to {}, starting {}. Open it with your calendar app.", path,
                                first_day),
                    io_.style.width);
    return 0;
  }

  int export_fhir(const std::string& path) {
    auto plan = current_plan();
    if (!plan) return report(plan.error());
    auto entries = read_diary();
    if (!entries) return report(entries.error());
    // Diary times are local: pass this machine's UTC offset so FHIR date-times are exact.
    auto bundle = exporting::to_fhir_bundle(*plan, *entries, "unknot-user", service::local_utc_offset());
    if (auto written = storage::write_file_durably(path, bundle.dump(2) + "\n"); !written) return report(written.error());
    io_.out << wrap(fmt::format("Wrote a FHIR R4 bundle ({} pain readings and your plan) to {}.",
                                std::count_if(entries->begin(), entries->end(),
                                              [](const DiaryEntry& entry) { return entry.type == EntryType::kPain; }),
                                path),
                    io_.style.width);
    return 0;
  }

  int export_csv(const std::string& path) {
    auto entries = read_diary();
    if (!entries) return report(entries.error());
    std::string csv = contract::diary_csv_header();
    for (const DiaryEntry& entry : *entries) csv += contract::diary_entry_to_csv_row(entry);
    if (path.empty() || path == "-") {
      io_.out << csv;
      return 0;
    }
    if (auto written = storage::write_file_durably(path, csv); !written) return report(written.error());
    io_.out << wrap(fmt::format("Wrote {} diary entries to {}.", entries->size(), path), io_.style.width);
    return 0;
  }

  int insights(const std::string& as_of) {
    auto day = service::parse_day(as_of, "--as-of");
    if (!day) return report(day.error());
    auto entries = read_diary();
    if (!entries) return report(entries.error());
    Insights found = build_insights(*entries, *day);
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
      io_.out << render_triage(plan->triage, *kb, io_.style);
      io_.out << "\n" << wrap("No exercise sessions until a professional has checked this.", io_.style.width);
      return 0;
    }
    auto today = service::parse_day("", "today");
    if (!today) return report(today.error());
    auto review = workspace().review(*today);
    const PlanPhase* phase = phase_for_week(*plan, review ? review->weeks_in_program : 0);
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
    }
    if (!chosen || chosen->items.empty()) {
      return report(Error::failure("your plan has no session to guide today; `unknot plan` shows it"));
    }
    SessionScript script = build_session_script(*chosen, *kb);
    if (global_.json) {
      print_json(contract::session_script_to_json(script));
      return 0;
    }
    std::optional<Intake> person;
    if (auto saved = workspace().saved_intake()) person = *saved;
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

  int backup(const std::string& path) {
    auto store = open_diary();
    if (!store) return report(store.error());
    if (auto status = (*store)->backup_to(path); !status) return report(status.error());
    io_.out << wrap("Backed up the diary to " + path + ".", io_.style.width);
    return 0;
  }

  std::optional<Error> load_error_;

 private:
  Io& io_;
  const GlobalOptions& global_;
  std::optional<service::Workspace> workspace_;
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
  CLI::App app{"unknot: ease the knot between your shoulder blades, and keep it gone", "unknot"};
  app.set_version_flag("--version", std::string("unknot ") + UNKNOT_VERSION);
  app.fallthrough();
  GlobalOptions global;
  app.add_option("--data-dir", global.data_dir, "Where your data lives (default: $UNKNOT_DATA_DIR, "
                                                "$XDG_DATA_HOME/unknot, ~/.local/share/unknot)");
  app.add_option("--content-dir", global.content_dir, "Load the knowledge base from DIR (for content authors)");
  app.add_flag("--json", global.json, "Print the result as JSON (the contract's shapes)");

  Commands commands(io, global);
  int exit_code = 0;
  auto runs = [&](auto function) { return [&, function] { exit_code = function(); }; };

  auto* techniques = app.add_subcommand("techniques", "Browse the technique knowledge base");
  techniques->require_subcommand(1);
  std::optional<std::string> kind;
  auto* list = techniques->add_subcommand("list", "List techniques");
  list->add_option("--kind", kind, "Only this kind (heat, strength, ...)");
  list->callback(runs([&] { return commands.techniques_list(kind); }));
  std::string technique_id;
  auto* show = techniques->add_subcommand("show", "Show one technique as a card");
  show->add_option("ID", technique_id, "Technique id, from `unknot techniques list`")->required();
  show->callback(runs([&] { return commands.techniques_show(technique_id); }));

  std::optional<std::string> topic;
  auto* learn = app.add_subcommand("learn", "Short reads: what a knot is, why sources disagree, when to get help");
  learn->add_option("TOPIC", topic, "Topic id; without it, the list");
  learn->callback(runs([&] { return commands.learn(topic); }));

  std::optional<std::string> triage_intake;
  auto* triage = app.add_subcommand("triage", "Run the safety screen on an intake");
  triage->add_option("--intake", triage_intake, "Intake JSON file (default: the one `unknot start` saved)");
  triage->callback(runs([&] { return commands.triage_command(triage_intake); }));

  std::optional<std::string> plan_intake;
  auto* plan = app.add_subcommand("plan", "Show your personal, phased plan");
  plan->add_option("--intake", plan_intake, "Intake JSON file (default: the one `unknot start` saved)");
  plan->callback(runs([&] { return commands.plan_command(plan_intake); }));

  std::optional<std::string> start_intake;
  auto* start = app.add_subcommand("start", "Answer the intake questions and get your plan");
  start->add_option("--intake", start_intake, "Save this prepared intake without asking anything");
  start->callback(runs([&] { return commands.start(start_intake); }));

  auto* log = app.add_subcommand("log", "Add to your diary: pain, a session, a trigger, a symptom, a note");
  log->require_subcommand(1);
  std::string at;
  int pain_value = 0;
  std::string pain_context;
  auto* log_pain = log->add_subcommand("pain", "Pain now, 0 (none) to 10 (worst)");
  log_pain->add_option("N", pain_value, "0-10")->required();
  log_pain->add_option("--context", pain_context, "morning, next_morning, evening, during_exercise, after_session, other");
  log_pain->add_option("--at", at, "When (2026-03-02 or 2026-03-02T07:30:00; default now)");
  log_pain->callback(runs([&] {
    nlohmann::ordered_json entry = {{"type", "pain"}, {"nprs", pain_value}};
    if (!pain_context.empty()) entry["context"] = pain_context;
    return commands.log_entry(entry, at);
  }));
  std::string session_name = "strength";
  bool not_completed = false;
  std::optional<int> pain_during;
  std::vector<std::string> items_done;
  auto* log_session = log->add_subcommand("session", "A session you did");
  log_session->add_option("SESSION", session_name, "Which session: strength, daily-relief, ... (default strength)");
  log_session->add_flag("--not-completed", not_completed, "You stopped before the end");
  log_session->add_option("--pain-during", pain_during, "Worst pain during it, 0-10");
  log_session->add_option("--item", items_done, "A technique done, as ID or ID:REPS (repeatable)");
  log_session->add_option("--at", at, "When (default now)");
  log_session->callback(runs([&] {
    nlohmann::ordered_json entry = {{"type", "session"}, {"session", session_name}, {"completed", !not_completed}};
    if (pain_during) entry["pain_during"] = *pain_during;
    for (const std::string& item : items_done) {
      auto colon = item.find(':');
      nlohmann::ordered_json done = {{"technique", item.substr(0, colon)}};
      if (colon != std::string::npos) {
        try {
          done["reps"] = std::stoi(item.substr(colon + 1));
        } catch (const std::exception&) {
          return commands.report(Error::bad_input("--item: '" + item + "' should be ID or ID:REPS"));
        }
      }
      entry["items"].push_back(done);
    }
    return commands.log_entry(entry, at);
  }));
  std::string trigger_name;
  std::optional<double> trigger_hours;
  auto* log_trigger = log->add_subcommand("trigger", "Something that set the knot off (be a detective)");
  log_trigger->add_option("NAME", trigger_name, "desk_work, phone_use, driving, heavy_bag, stress, ...")->required();
  log_trigger->add_option("--hours", trigger_hours, "For how long");
  log_trigger->add_option("--at", at, "When (default now)");
  log_trigger->callback(runs([&] {
    nlohmann::ordered_json entry = {{"type", "trigger"}, {"trigger", trigger_name}};
    if (trigger_hours) entry["hours"] = *trigger_hours;
    return commands.log_entry(entry, at);
  }));
  std::string symptom_name;
  auto* log_symptom = log->add_subcommand("symptom", "A warning symptom; runs the safety screen at once");
  log_symptom->add_option("NAME", symptom_name, "A symptom name from the intake, e.g. fever")->required();
  log_symptom->add_option("--at", at, "When (default now)");
  log_symptom->callback(runs([&] { return commands.log_symptom(symptom_name, at); }));
  std::string note_text;
  auto* log_note = log->add_subcommand("note", "A free note");
  log_note->add_option("TEXT", note_text, "The note")->required();
  log_note->add_option("--at", at, "When (default now)");
  log_note->callback(runs([&] { return commands.log_entry({{"type", "note"}, {"text", note_text}}, at); }));

  auto* diary = app.add_subcommand("diary", "Import or export the diary (JSON Lines or CSV)");
  diary->require_subcommand(1);
  std::string import_path;
  auto* diary_import = diary->add_subcommand("import", "Add entries from a JSON Lines file (all or nothing)");
  diary_import->add_option("FILE", import_path, "JSON Lines file")->required();
  diary_import->callback(runs([&] { return commands.diary_import(import_path); }));
  std::string export_format = "jsonl";
  auto* diary_export = diary->add_subcommand("export", "Print every entry");
  diary_export->add_option("--format", export_format, "jsonl (default) or csv");
  diary_export->callback(runs([&] { return commands.diary_export(export_format); }));

  std::string as_of;
  auto* review = app.add_subcommand("review", "How it is going: weekly pain, sessions, next step");
  review->add_option("--as-of", as_of, "Review as of this date (default today)");
  review->callback(runs([&] { return commands.review_command(as_of); }));

  auto* checkin = app.add_subcommand("checkin", "The short daily check-in: safety questions, morning pain, triggers");
  checkin->callback(runs([&] { return commands.checkin(); }));

  auto* calendar = app.add_subcommand("calendar", "Put your plan's sessions in your calendar");
  calendar->require_subcommand(1);
  std::string ics_path, calendar_start;
  auto* calendar_export = calendar->add_subcommand("export", "Write the sessions as recurring events (.ics)");
  calendar_export->add_option("FILE", ics_path, "The .ics file to write")->required();
  calendar_export->add_option("--start", calendar_start, "First day of week 1 (default today)");
  calendar_export->callback(runs([&] { return commands.calendar_export(ics_path, calendar_start); }));

  auto* exports = app.add_subcommand("export", "Share your data: FHIR R4 for clinicians, CSV for spreadsheets");
  exports->require_subcommand(1);
  std::string fhir_path, csv_path;
  auto* export_fhir = exports->add_subcommand("fhir", "A FHIR R4 Bundle: pain Observations, CarePlan, ServiceRequests");
  export_fhir->add_option("FILE", fhir_path, "The .json file to write")->required();
  export_fhir->callback(runs([&] { return commands.export_fhir(fhir_path); }));
  auto* export_csv = exports->add_subcommand("csv", "The diary as CSV");
  export_csv->add_option("FILE", csv_path, "The .csv file to write (default: standard output)");
  export_csv->callback(runs([&] { return commands.export_csv(csv_path); }));

  std::string insights_as_of;
  auto* insights = app.add_subcommand("insights", "Be a detective: what goes with worse pain, what brings relief");
  insights->add_option("--as-of", insights_as_of, "As of this date (default today)");
  insights->callback(runs([&] { return commands.insights(insights_as_of); }));

  std::optional<std::string> session_id;
  double session_speed = 1.0;
  bool session_speak = false, session_quiet = false;
  auto* session = app.add_subcommand("session", "A guided session: timers, rep counts and stop rules");
  session->add_option("ID", session_id, "Which session (daily-relief, strength, ...; default: today's)");
  session->add_option("--speed", session_speed, "Run the clocks N times faster (demonstrations and tests)");
  session->add_flag("--speak", session_speak, "Speak the cues aloud (needs espeak-ng)");
  session->add_flag("--quiet", session_quiet, "No terminal bell between steps");
  session->callback(runs([&] { return commands.session(session_id, session_speed, session_speak, session_quiet); }));

  web::ServeOptions serve_options;
  auto* serve = app.add_subcommand("serve", "The web app on this computer: plan, guided sessions, diary, progress charts");
  serve->add_option("--port", serve_options.port, "Port to listen on (default 8080; 0 picks a free one)");
  serve->add_option("--bind", serve_options.bind, "Address to listen on (default 127.0.0.1: this computer only)");
  std::string revoke_device;
  auto* serve_devices = serve->add_subcommand("devices", "Devices paired with the web app: when each paired and was last seen");
  serve_devices->add_option("--revoke", revoke_device, "End the pairing of device ID (see the list)");
  serve_devices->callback(runs([&] { return web::devices(commands.workspace(), revoke_device, io.out, io.err); }));
  serve->callback([&] {
    if (!serve_devices->parsed()) exit_code = web::serve(serve_options, commands.workspace(), io.out, io.err);
  });

  // desk: micro-break reminders (src/desk/desk.h).
  desk::DeskOptions desk_options;
  desk::InstallOptions desk_install;
  auto* desk_command = app.add_subcommand("desk", "Micro-break reminders from your plan, counted from real desk activity");
  desk_command->add_option("--every", desk_options.every, "Desk time before a break (default 40m; e.g. 30m, 1h)");
  desk_command->add_option("--natural-break", desk_options.natural_break,
                           "Time away from the keyboard that counts as a break (default 5m)");
  desk_command->add_option("--snooze", desk_options.snooze, "How long Snooze waits (default 5m)");
  desk_command->add_option("--hours", desk_options.hours, "Working hours, e.g. 09:00-17:30 (default: any time)");
  desk_command->add_option("--idle-source", desk_options.idle_source, "auto (default), x11, gnome, wayland or timer");
  auto workspace_options = [&] { return service::WorkspaceOptions{global.data_dir, global.content_dir}; };
  auto desk_result = [&](const Status& status) { return status ? 0 : commands.report(status.error()); };
  auto* desk_status = desk_command->add_subcommand("status", "What unknot desk is doing, and when the next break is due");
  desk_status->callback(runs([&] { return desk_result(desk::status(workspace_options(), global.json, io.out)); }));
  auto* desk_install_command = desk_command->add_subcommand(
      "install", "Start unknot desk with your desktop (systemd user unit and XDG autostart entry)");
  desk_install_command->add_flag("--dry-run", desk_install.dry_run, "Print the files instead of writing them");
  desk_install_command->add_option("--config-home", desk_install.config_home,
                                   "Write under DIR instead of $XDG_CONFIG_HOME or ~/.config");
  desk_command->callback(runs([&] {
    if (!desk_command->get_subcommands().empty()) return exit_code;  // status or install ran
    return desk_result(desk::run(workspace_options(), desk_options, io.out));
  }));
  desk_install_command->callback(runs([&] {
    return desk_result(desk::install(workspace_options(), desk_options, desk_install, io.out));
  }));

  std::string backup_path;
  auto* backup = app.add_subcommand("backup", "Copy the diary database to FILE");
  backup->add_option("FILE", backup_path, "Where to write the copy")->required();
  backup->callback(runs([&] { return commands.backup(backup_path); }));

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    io.out << deepest_parsed(app)->help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    io.out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion&) {
    io.out << app.version() << "\n";
    return 0;
  } catch (const CLI::ParseError& error) {
    io.err << "unknot: " << error.what() << "\n";
    return 2;
  }
  if (app.get_subcommands().empty()) return commands.welcome();
  return exit_code;
}

}  // namespace unknot::cli
