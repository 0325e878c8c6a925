#include "desk/notifier.h"

#include <systemd/sd-bus.h>

#include <memory>

namespace unknot::desk {
namespace {

struct MessageUnref {
  void operator()(sd_bus_message* message) const { sd_bus_message_unref(message); }
};
using Message = std::unique_ptr<sd_bus_message, MessageUnref>;

struct BusError {
  sd_bus_error error = SD_BUS_ERROR_NULL;
  ~BusError() { sd_bus_error_free(&error); }
  std::string text(int code) const {
    if (error.message) return error.message;
    return std::string("error ") + std::to_string(-code);
  }
};

constexpr uint64_t kCallTimeoutMicroseconds = 5'000'000;

}  // namespace

Result<uint32_t> Notifier::show(const Notification& notification) {
  if (!bus_) return Error::failure("no D-Bus session bus");
  sd_bus_message* raw = nullptr;
  int code = sd_bus_message_new_method_call(bus_, &raw, kNotificationsService, kNotificationsPath,
                                            kNotificationsService, "Notify");
  Message call(raw);
  const Error cannot_build = Error::failure("cannot build a notification message");
  if (code < 0) return cannot_build;
  code = sd_bus_message_append(call.get(), "susss", "unknot", notification.replaces, "",
                               notification.summary.c_str(), notification.body.c_str());
  if (code >= 0) code = sd_bus_message_open_container(call.get(), 'a', "s");
  for (const auto& [key, label] : notification.actions) {
    if (code >= 0) code = sd_bus_message_append(call.get(), "ss", key.c_str(), label.c_str());
  }
  if (code >= 0) code = sd_bus_message_close_container(call.get());
  // Hints: normal urgency. Expiry 0: stays until answered (the schedule asks again later).
  if (code >= 0) code = sd_bus_message_append(call.get(), "a{sv}", 1, "urgency", "y", uint8_t{1});
  if (code >= 0) code = sd_bus_message_append(call.get(), "i", int32_t{0});
  if (code < 0) return cannot_build;
  BusError error;
  sd_bus_message* reply_raw = nullptr;
  code = sd_bus_call(bus_, call.get(), kCallTimeoutMicroseconds, &error.error, &reply_raw);
  Message reply(reply_raw);
  if (code < 0) return Error::failure("the notification service did not answer (" + error.text(code) + ")");
  uint32_t id = 0;
  if (sd_bus_message_read(reply.get(), "u", &id) < 0) return Error::failure("the notification service sent no id");
  return id;
}

void Notifier::close(uint32_t id) {
  if (!bus_ || id == 0) return;
  BusError error;
  sd_bus_message* reply = nullptr;
  sd_bus_call_method(bus_, kNotificationsService, kNotificationsPath, kNotificationsService, "CloseNotification",
                     &error.error, &reply, "u", id);
  sd_bus_message_unref(reply);
}

bool Notifier::do_not_disturb() {
  if (!bus_) return false;
  for (const char* interface_and_property : {"org.dunstproject.cmd0/paused", "org.freedesktop.Notifications/Inhibited"}) {
    const std::string both = interface_and_property;
    const std::size_t slash = both.find('/');
    sd_bus_message* raw = nullptr;
    if (sd_bus_message_new_method_call(bus_, &raw, kNotificationsService, kNotificationsPath,
                                       "org.freedesktop.DBus.Properties", "Get") < 0) {
      return false;
    }
    Message call(raw);
    // Asking whether it is paused must not start a notification server that is not running.
    sd_bus_message_set_auto_start(call.get(), 0);
    if (sd_bus_message_append(call.get(), "ss", both.substr(0, slash).c_str(), both.substr(slash + 1).c_str()) < 0) {
      return false;
    }
    BusError error;
    sd_bus_message* reply_raw = nullptr;
    if (sd_bus_call(bus_, call.get(), kCallTimeoutMicroseconds, &error.error, &reply_raw) < 0) continue;
    Message reply(reply_raw);
    int on = 0;
    if (sd_bus_message_read(reply.get(), "v", "b", &on) >= 0 && on) return true;
  }
  return false;
}

}  // namespace unknot::desk
