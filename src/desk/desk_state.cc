#include "desk/desk_state.h"

#include <nlohmann/json.hpp>

namespace unknot::desk {
namespace {

std::string clock_time(const std::string& iso) { return iso.size() >= 16 ? iso.substr(11, 5) : iso; }

std::string source_words(const std::string& source) {
  if (source == "x11") return "X11 idle time";
  if (source == "gnome") return "GNOME idle time";
  if (source == "wayland") return "Wayland idle notifications";
  return "a plain timer, no idle time";
}

}  // namespace

std::string status_path(const std::string& data_dir) { return data_dir + "/desk-status.json"; }

std::string status_to_json_text(const DeskStatus& status, bool running) {
  nlohmann::ordered_json json;
  json["schema"] = "unknot.desk-status/1";
  json["running"] = running;
  json["pid"] = status.pid;
  json["state"] = status.state;
  json["idle_source"] = status.idle_source;
  json["next_break_due"] = status.next_break_due.empty() ? nlohmann::ordered_json(nullptr)
                                                         : nlohmann::ordered_json(status.next_break_due);
  json["worked_minutes"] = status.worked_minutes;
  json["next_technique"] = status.next_technique;
  json["every_seconds"] = status.every_seconds;
  json["hours"] = status.hours.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(status.hours);
  json["updated_at"] = status.updated_at;
  return json.dump();
}

Result<DeskStatus> parse_status(const std::string& text, const std::string& where) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error&) {
    return Error::bad_input(where + ": not valid JSON");
  }
  if (!json.is_object() || json.value("schema", "") != "unknot.desk-status/1") {
    return Error::bad_input(where + ": schema: expected unknot.desk-status/1");
  }
  DeskStatus status;
  auto text_of = [&](const char* key, std::string& into) -> bool {
    if (!json.contains(key) || json[key].is_null()) return true;
    if (!json[key].is_string()) return false;
    into = json[key].get<std::string>();
    return true;
  };
  auto number_of = [&](const char* key, int& into) -> bool {
    if (!json.contains(key)) return true;
    if (!json[key].is_number_integer()) return false;
    into = json[key].get<int>();
    return true;
  };
  for (const auto& [key, into] : {std::pair<const char*, std::string*>{"state", &status.state},
                                  {"idle_source", &status.idle_source},
                                  {"next_break_due", &status.next_break_due},
                                  {"next_technique", &status.next_technique},
                                  {"hours", &status.hours},
                                  {"updated_at", &status.updated_at}}) {
    if (!text_of(key, *into)) return Error::bad_input(where + ": " + key + ": must be text");
  }
  for (const auto& [key, into] : {std::pair<const char*, int*>{"pid", &status.pid},
                                  {"worked_minutes", &status.worked_minutes},
                                  {"every_seconds", &status.every_seconds}}) {
    if (!number_of(key, *into)) return Error::bad_input(where + ": " + key + ": must be a whole number");
  }
  return status;
}

std::string describe_status(const DeskStatus& status, bool running) {
  if (!running) {
    return "unknot desk is not running" +
           (status.updated_at.empty() ? std::string(".") : " (last seen " + status.updated_at + ").") +
           " Start it with `unknot desk`, or `unknot desk install` to start it with your desktop.\n";
  }
  std::string out = "unknot desk is running (pid " + std::to_string(status.pid) + ", counting with " +
                    source_words(status.idle_source) + ").\n";
  const std::string& state = status.state;
  if (state == "working" || state == "reminding" || state == "held_back") {
    out += "Desk time since your last break: " + std::to_string(status.worked_minutes) + " min.\n";
  }
  if (state == "reminding") {
    out += "A break reminder is on screen now.\n";
  } else if (state == "held_back") {
    out += "A break is due; it waits until do-not-disturb is off.\n";
  } else if (state == "away") {
    out += "You are away from the keyboard: that counts as a break.\n";
  } else if (state == "locked") {
    out += "The screen is locked: paused.\n";
  } else if (state == "outside_hours") {
    out += "Outside your working hours (" + status.hours + "): paused.\n";
  }
  if (!status.next_break_due.empty() && state == "working") {
    out += "Next break due at " + clock_time(status.next_break_due) + " if you keep working";
    if (!status.next_technique.empty()) out += ": " + status.next_technique;
    out += ".\n";
  }
  return out;
}

}  // namespace unknot::desk
