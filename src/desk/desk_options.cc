#include "desk/desk_options.h"

namespace unknot::desk {

Result<ParsedOptions> parse_options(const DeskOptions& options) {
  ParsedOptions parsed;
  auto every = parse_duration(options.every, "--every", 1, 8 * 3600);
  if (!every) return every.error();
  auto natural = parse_duration(options.natural_break, "--natural-break", 1, 4 * 3600);
  if (!natural) return natural.error();
  auto snooze = parse_duration(options.snooze, "--snooze", 1, 4 * 3600);
  if (!snooze) return snooze.error();
  parsed.settings.work_seconds = *every;
  parsed.settings.natural_break_seconds = *natural;
  parsed.settings.snooze_seconds = *snooze;
  if (!options.hours.empty()) {
    auto hours = parse_working_hours(options.hours, "--hours");
    if (!hours) return hours.error();
    parsed.settings.hours = *hours;
  }
  const std::string& source = options.idle_source;
  if (source != "auto" && source != "x11" && source != "gnome" && source != "wayland" && source != "timer") {
    return Error::bad_input("--idle-source: '" + source + "' is not one of auto, x11, gnome, wayland, timer");
  }
  parsed.idle_source = source;
  return parsed;
}

}  // namespace unknot::desk
