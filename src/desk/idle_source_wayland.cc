// Idle time on Wayland compositors that offer ext-idle-notify-v1 (KDE Plasma 5.27+, wlroots
// 0.16+ compositors such as Sway 1.8, labwc, ...), with libwayland-client. Built only with
// UNKNOT_DESK_WAYLAND (CMake turns it on when libwayland-client, wayland-protocols and
// wayland-scanner are there); the protocol's client code is generated at build time.
//
// The protocol does not say how long the person has been idle. It says "idled" once no input
// has come for a timeout we choose, and "resumed" at the next input. unknot asks for a
// timeout of one natural break, which is exactly the question the schedule asks
// (core/desk_schedule.h): has there been a pause of a natural break or more? So:
// - after "idled" at time t, the last input was one timeout before t: idle = now - t + timeout;
// - otherwise the person has touched keyboard or mouse within the last timeout, and a pause
//   shorter than a natural break counts as desk time anyway: idle = 0.
// Both events also wake the service at once (the `changed` callback), so a natural break is
// seen when it happens and the next work spell starts at the input that ended it.
//
// The wl_display's fd sits in the service's sd-event loop as one more io source: no thread,
// no polling.
#include <sys/epoll.h>
#include <systemd/sd-event.h>
#include <time.h>
#include <wayland-client.h>

#include <cstdlib>
#include <cstring>

#include "desk/idle_source.h"
#include "ext-idle-notify-v1-client-protocol.h"

namespace unknot::desk {
namespace {

double boottime_seconds() {
  timespec now{};
  clock_gettime(CLOCK_BOOTTIME, &now);
  return static_cast<double>(now.tv_sec) + now.tv_nsec / 1e9;
}

// What the registry offers; filled during the first roundtrip.
struct Globals {
  ext_idle_notifier_v1* notifier = nullptr;
  wl_seat* seat = nullptr;
};

void on_global(void* data, wl_registry* registry, uint32_t name, const char* interface, uint32_t) {
  auto* globals = static_cast<Globals*>(data);
  if (!globals->notifier && std::strcmp(interface, ext_idle_notifier_v1_interface.name) == 0) {
    globals->notifier =
        static_cast<ext_idle_notifier_v1*>(wl_registry_bind(registry, name, &ext_idle_notifier_v1_interface, 1));
  } else if (!globals->seat && std::strcmp(interface, wl_seat_interface.name) == 0) {
    // Version 1 is enough: the seat is only named in the request, never listened to.
    globals->seat = static_cast<wl_seat*>(wl_registry_bind(registry, name, &wl_seat_interface, 1));
  }
}

void on_global_remove(void*, wl_registry*, uint32_t) {}

const wl_registry_listener kRegistryListener = {on_global, on_global_remove};

class WaylandIdle : public IdleSource {
 public:
  WaylandIdle(wl_display* display, wl_registry* registry, Globals globals, double timeout_seconds)
      : display_(display), registry_(registry), globals_(globals), timeout_seconds_(timeout_seconds) {}

  ~WaylandIdle() override {
    sd_event_source_unref(io_);
    if (notification_) ext_idle_notification_v1_destroy(notification_);
    ext_idle_notifier_v1_destroy(globals_.notifier);
    wl_seat_destroy(globals_.seat);
    wl_registry_destroy(registry_);
    wl_display_disconnect(display_);
  }
  WaylandIdle(const WaylandIdle&) = delete;
  WaylandIdle& operator=(const WaylandIdle&) = delete;

  // Asks for the notification and waits for the compositor to take the request.
  bool start(std::string& why_not) {
    const auto timeout_ms = static_cast<uint32_t>(timeout_seconds_ * 1000);
    notification_ = ext_idle_notifier_v1_get_idle_notification(globals_.notifier, timeout_ms, globals_.seat);
    ext_idle_notification_v1_add_listener(notification_, &kListener, this);
    if (wl_display_roundtrip(display_) < 0) {
      why_not = "the Wayland compositor refused the idle notification";
      return false;
    }
    return true;
  }

  std::string name() const override { return "wayland"; }

  std::optional<double> idle_seconds() override {
    if (lost_) return std::nullopt;
    if (!idled_at_) return 0.0;
    return boottime_seconds() - *idled_at_ + timeout_seconds_;
  }

  bool attach(sd_event* event, std::string& why_not) {
    if (sd_event_add_io(event, &io_, wl_display_get_fd(display_), EPOLLIN, &WaylandIdle::on_readable, this) < 0) {
      why_not = "cannot watch the Wayland connection";
      return false;
    }
    return true;
  }

  void on_change(std::function<void()> changed) override { changed_ = std::move(changed); }

 private:
  static int on_readable(sd_event_source* source, int, uint32_t revents, void* self) {
    auto* idle = static_cast<WaylandIdle*>(self);
    // The fd is readable, so this reads what is there and dispatches it without blocking.
    if ((revents & (EPOLLHUP | EPOLLERR)) || wl_display_dispatch(idle->display_) < 0) {
      // The compositor went away: from now on this source cannot tell (the schedule then
      // counts plainly), and the loop stops watching a dead fd.
      idle->lost_ = true;
      sd_event_source_set_enabled(source, SD_EVENT_OFF);
      if (idle->changed_) idle->changed_();
      return 0;
    }
    wl_display_flush(idle->display_);
    return 0;
  }

  static void on_idled(void* self, ext_idle_notification_v1*) {
    auto* idle = static_cast<WaylandIdle*>(self);
    idle->idled_at_ = boottime_seconds();
    if (idle->changed_) idle->changed_();
  }

  static void on_resumed(void* self, ext_idle_notification_v1*) {
    auto* idle = static_cast<WaylandIdle*>(self);
    idle->idled_at_.reset();
    if (idle->changed_) idle->changed_();
  }

  static constexpr ext_idle_notification_v1_listener kListener = {on_idled, on_resumed};

  wl_display* display_;
  wl_registry* registry_;
  Globals globals_;
  double timeout_seconds_;
  ext_idle_notification_v1* notification_ = nullptr;
  sd_event_source* io_ = nullptr;
  std::optional<double> idled_at_;
  bool lost_ = false;
  std::function<void()> changed_;
};

}  // namespace

std::unique_ptr<IdleSource> open_wayland_idle(sd_event* event, int natural_break_seconds, std::string& why_not) {
  const char* name = std::getenv("WAYLAND_DISPLAY");
  if (!name || !*name) {
    why_not = "WAYLAND_DISPLAY is not set";
    return nullptr;
  }
  wl_display* display = wl_display_connect(nullptr);
  if (!display) {
    why_not = std::string("cannot connect to the Wayland display ") + name;
    return nullptr;
  }
  Globals globals;
  wl_registry* registry = wl_display_get_registry(display);
  wl_registry_add_listener(registry, &kRegistryListener, &globals);
  const bool answered = wl_display_roundtrip(display) >= 0;
  if (!answered || !globals.notifier || !globals.seat) {
    why_not = !answered          ? std::string("the Wayland compositor on ") + name + " did not answer"
              : !globals.notifier ? std::string("the Wayland compositor on ") + name +
                                        " does not offer ext-idle-notify-v1"
                                  : std::string("the Wayland compositor on ") + name + " has no seat";
    if (globals.notifier) ext_idle_notifier_v1_destroy(globals.notifier);
    if (globals.seat) wl_seat_destroy(globals.seat);
    wl_registry_destroy(registry);
    wl_display_disconnect(display);
    return nullptr;
  }
  auto idle = std::make_unique<WaylandIdle>(display, registry, globals, natural_break_seconds);
  if (!idle->start(why_not) || !idle->attach(event, why_not)) return nullptr;
  return idle;
}

}  // namespace unknot::desk
