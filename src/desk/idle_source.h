// Where `unknot desk` learns how long the person has not touched keyboard or mouse. One
// interface, four desktops: X11 (the XScreenSaver extension), GNOME on Wayland (Mutter's
// IdleMonitor over D-Bus), other Wayland compositors (ext-idle-notify-v1, in
// idle_source_wayland.cc, only when built with UNKNOT_DESK_WAYLAND) and a plain timer when
// none answers. Each is asked only when the schedule wakes (core/desk_schedule.h), never
// polled in a loop; the Wayland one also wakes the service when its compositor says the
// person went idle or came back. No Wayland or X11 header is included here.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

struct sd_bus;
struct sd_event;

namespace unknot::desk {

class IdleSource {
 public:
  virtual ~IdleSource() = default;
  // "x11", "gnome", "wayland" or "timer".
  virtual std::string name() const = 0;
  // Seconds since the last keyboard or mouse input; nullopt when this source cannot tell.
  virtual std::optional<double> idle_seconds() = 0;
  // For sources told of changes rather than asked (ext-idle-notify-v1): `changed` is called
  // on the event loop when what idle_seconds() says has changed. Others never call it.
  virtual void on_change(std::function<void()> /*changed*/) {}
};

// nullptr, with `why_not` set to a short reason, when the desktop does not offer it.
std::unique_ptr<IdleSource> open_x11_idle(std::string& why_not);
std::unique_ptr<IdleSource> open_gnome_idle(sd_bus* session_bus, std::string& why_not);
// ext-idle-notify-v1 on $WAYLAND_DISPLAY, asked to say when the person has been idle for
// `natural_break_seconds`; the connection is watched on `event`. Without UNKNOT_DESK_WAYLAND
// this always says why not.
std::unique_ptr<IdleSource> open_wayland_idle(sd_event* event, int natural_break_seconds, std::string& why_not);
std::unique_ptr<IdleSource> plain_timer();

}  // namespace unknot::desk
