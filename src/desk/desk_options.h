// `unknot desk`'s options as typed (DeskOptions, desk.h) checked into the schedule's settings:
// shared by `unknot desk install` (which checks before writing files) and the reminder itself.
#pragma once

#include <string>

#include "core/desk_schedule.h"
#include "core/result.h"
#include "desk/desk.h"

namespace unknot::desk {

struct ParsedOptions {
  DeskSettings settings;
  std::string idle_source;  // auto | x11 | gnome | wayland | timer
};

// One message naming the option at fault (exit 2) when a value is not understood.
Result<ParsedOptions> parse_options(const DeskOptions& options);

}  // namespace unknot::desk
