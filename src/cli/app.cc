#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>
#include <optional>

#include "cli/render.h"
#include "cli/start_wizard.h"
#include "content/content_loader.h"
#include "contract/contract_json.h"
#include "contract/intake_json.h"
#include "core/plan.h"
#include "storage/data_dir.h"

#ifndef UNKNOT_VERSION
#define UNKNOT_VERSION "0.0.0"
#endif

namespace unknot::cli {
namespace {

// Options shared by every command (the contract's global options).
struct GlobalOptions {
  std::optional<std::string> data_dir;
  std::optional<std::string> content_dir;
  bool json = false;
};

class Commands {
 public:
  Commands(Io& io, const GlobalOptions& global) : io_(io), global_(global) {}

  int report(const Error& error) {
    io_.err << "unknot: " << error.message << "\n";
    return error.exit_code();
  }

  // Loads the knowledge base once, on first use.
  const Catalogue* catalogue() {
    if (!catalogue_) {
      auto loaded = content::load_catalogue(global_.content_dir);
      if (!loaded) {
        load_error_ = loaded.error();
        return nullptr;
      }
      catalogue_ = std::move(*loaded);
    }
    return &*catalogue_;
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
    auto data_dir = storage::resolve_data_dir(global_.data_dir);
    if (!data_dir) return data_dir.error();
    const std::string saved = storage::intake_path(*data_dir);
    if (!storage::file_exists(saved)) {
      return Error::bad_input("no intake yet: run `unknot start` first, or pass --intake FILE");
    }
    return contract::read_intake_file(saved);
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
    Plan plan = build_plan(*person, *kb);
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
    auto data_dir = storage::resolve_data_dir(global_.data_dir);
    if (!data_dir) return report(data_dir.error());
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
    const std::string saved = storage::intake_path(*data_dir);
    if (auto written = storage::write_file_durably(saved, contract::intake_to_json_text(person)); !written) {
      return report(written.error());
    }
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

  std::optional<Error> load_error_;

 private:
  Io& io_;
  const GlobalOptions& global_;
  std::optional<Catalogue> catalogue_;
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
