// Where `unknot desk` learns how long the person has not touched keyboard or mouse. One
// interface, three desktops: X11 (the XScreenSaver extension), GNOME on Wayland (Mutter's
// IdleMonitor over D-Bus) and a plain timer when neither answers. Each is asked only when
// the schedule wakes (core/desk_schedule.h), never polled in a loop.
//
// Not here: other Wayland compositors (ext-idle-notify-v1). See docs/desk.md.
#pragma once

#include <memory>
#include <optional>
#include <string>

struct sd_bus;

namespace unknot::desk {

class IdleSource {
 public:
  virtual ~IdleSource() = default;
  // "x11", "gnome" or "timer".
  virtual std::string name() const = 0;
  // Seconds since the last keyboard or mouse input; nullopt when this source cannot tell.
  virtual std::optional<double> idle_seconds() = 0;
};

// nullptr, with `why_not` set to a short reason, when the desktop does not offer it.
std::unique_ptr<IdleSource> open_x11_idle(std::string& why_not);
std::unique_ptr<IdleSource> open_gnome_idle(sd_bus* session_bus, std::string& why_not);
std::unique_ptr<IdleSource> plain_timer();

}  // namespace unknot::desk
