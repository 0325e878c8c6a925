// The small state file a running `unknot desk` keeps in the data directory (desk-status.json),
// so that `unknot desk status` can say what it is doing and when the next break is due
// without talking to it. Written durably (write, fsync, rename) only when something a person
// would see changes, so a quiet desk writes nothing.
#pragma once

#include <string>

#include "core/result.h"

namespace unknot::desk {

struct DeskStatus {
  int pid = 0;
  std::string state;           // a DeskState name (core/desk_schedule.h), or "stopped"
  std::string idle_source;     // x11 | gnome | timer
  std::string next_break_due;  // local date-time; empty when no break is counting down
  int worked_minutes = 0;      // desk time counted towards the next break
  std::string next_technique;  // the micro-break the next reminder offers
  int every_seconds = 0;
  std::string hours;           // working hours as given, empty: any time
  std::string updated_at;      // local date-time of this snapshot

  bool operator==(const DeskStatus&) const = default;
};

// `data_dir`/desk-status.json
std::string status_path(const std::string& data_dir);

// The unknot.desk-status/1 object, one line.
std::string status_to_json_text(const DeskStatus& status, bool running);

// kBadInput naming `where` and the key when the file is not such an object.
Result<DeskStatus> parse_status(const std::string& text, const std::string& where);

// Plain words for people: "Running (X11 idle time): working; next break due at 10:40 ...".
std::string describe_status(const DeskStatus& status, bool running);

}  // namespace unknot::desk
