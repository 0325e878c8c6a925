#include "desk/idle_source.h"

#include <systemd/sd-bus.h>

#include <cstdlib>

// Xlib defines macros such as Status, Bool and None: keep it last, and this file free of
// unknot's own Status.
#include <X11/Xlib.h>
#include <X11/extensions/scrnsaver.h>

namespace unknot::desk {
namespace {

class X11Idle : public IdleSource {
 public:
  X11Idle(Display* display, XScreenSaverInfo* info) : display_(display), info_(info) {}
  ~X11Idle() override {
    XFree(info_);
    XCloseDisplay(display_);
  }
  X11Idle(const X11Idle&) = delete;
  X11Idle& operator=(const X11Idle&) = delete;

  std::string name() const override { return "x11"; }

  std::optional<double> idle_seconds() override {
    if (!XScreenSaverQueryInfo(display_, DefaultRootWindow(display_), info_)) return std::nullopt;
    return info_->idle / 1000.0;
  }

 private:
  Display* display_;
  XScreenSaverInfo* info_;
};

constexpr const char* kMutterService = "org.gnome.Mutter.IdleMonitor";
constexpr const char* kMutterPath = "/org/gnome/Mutter/IdleMonitor/Core";

std::optional<double> mutter_idle(sd_bus* bus, std::string* why_not) {
  sd_bus_error error = SD_BUS_ERROR_NULL;
  sd_bus_message* reply = nullptr;
  std::optional<double> idle;
  if (sd_bus_call_method(bus, kMutterService, kMutterPath, kMutterService, "GetIdletime", &error, &reply, "") >= 0) {
    uint64_t milliseconds = 0;
    if (sd_bus_message_read(reply, "t", &milliseconds) >= 0) idle = milliseconds / 1000.0;
  } else if (why_not) {
    *why_not = std::string("GNOME's IdleMonitor did not answer (") + (error.message ? error.message : "no reply") + ")";
  }
  sd_bus_error_free(&error);
  sd_bus_message_unref(reply);
  return idle;
}

class GnomeIdle : public IdleSource {
 public:
  explicit GnomeIdle(sd_bus* bus) : bus_(sd_bus_ref(bus)) {}
  ~GnomeIdle() override { sd_bus_unref(bus_); }
  GnomeIdle(const GnomeIdle&) = delete;
  GnomeIdle& operator=(const GnomeIdle&) = delete;

  std::string name() const override { return "gnome"; }
  std::optional<double> idle_seconds() override { return mutter_idle(bus_, nullptr); }

 private:
  sd_bus* bus_;
};

class PlainTimer : public IdleSource {
 public:
  std::string name() const override { return "timer"; }
  std::optional<double> idle_seconds() override { return std::nullopt; }
};

}  // namespace

std::unique_ptr<IdleSource> open_x11_idle(std::string& why_not) {
  const char* name = std::getenv("DISPLAY");
  if (!name || !*name) {
    why_not = "DISPLAY is not set";
    return nullptr;
  }
  Display* display = XOpenDisplay(nullptr);
  if (!display) {
    why_not = std::string("cannot open the X display ") + name;
    return nullptr;
  }
  int event_base = 0, error_base = 0;
  XScreenSaverInfo* info = nullptr;
  if (!XScreenSaverQueryExtension(display, &event_base, &error_base) || !(info = XScreenSaverAllocInfo())) {
    why_not = std::string("the X server on ") + name + " has no XScreenSaver extension";
    XCloseDisplay(display);
    return nullptr;
  }
  return std::make_unique<X11Idle>(display, info);
}

std::unique_ptr<IdleSource> open_gnome_idle(sd_bus* session_bus, std::string& why_not) {
  if (!session_bus) {
    why_not = "there is no D-Bus session bus";
    return nullptr;
  }
  if (!mutter_idle(session_bus, &why_not)) return nullptr;
  return std::make_unique<GnomeIdle>(session_bus);
}

std::unique_ptr<IdleSource> plain_timer() { return std::make_unique<PlainTimer>(); }

#if !UNKNOT_DESK_WAYLAND
std::unique_ptr<IdleSource> open_wayland_idle(sd_event*, int, std::string& why_not) {
  why_not = "this unknot was built without Wayland support (ext-idle-notify-v1)";
  return nullptr;
}
#endif

}  // namespace unknot::desk
