// Desktop notifications for `unknot desk` over D-Bus (the freedesktop Desktop Notifications
// specification, org.freedesktop.Notifications), with sd-bus: single-threaded, on the same
// event loop as everything else, no helper processes. The answers come back as the
// ActionInvoked and NotificationClosed signals, which desk_service.cc subscribes to.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

struct sd_bus;

namespace unknot::desk {

inline constexpr const char* kNotificationsService = "org.freedesktop.Notifications";
inline constexpr const char* kNotificationsPath = "/org/freedesktop/Notifications";

struct Notification {
  std::string summary;
  std::string body;
  std::vector<std::pair<std::string, std::string>> actions;  // (key, label)
  uint32_t replaces = 0;  // the id of the one on screen to replace, 0: none
};

class Notifier {
 public:
  explicit Notifier(sd_bus* session_bus) : bus_(session_bus) {}

  // Shows `notification` until it is answered (no expiry); returns its id.
  Result<uint32_t> show(const Notification& notification);
  void close(uint32_t id);

  // Whether the notification server says do-not-disturb is on: dunst's `paused` property or
  // the `Inhibited` property some servers (KDE Plasma) offer. False when neither answers.
  bool do_not_disturb();

 private:
  sd_bus* bus_;
};

}  // namespace unknot::desk
