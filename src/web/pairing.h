// Paired devices: who may use the web app while it listens beyond this computer. `unknot
// serve` prints a one-time pairing link; opening it trades the link's code for a long-lived
// random token in a cookie. Only the token's SHA-256 is kept, in devices.json in the data
// directory (0600), so a copy of that file pairs nothing. `unknot serve devices` lists and
// revokes them; a running server sees the change on its next request.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace unknot::web {

// The name of the cookie that carries a device's token.
inline constexpr const char* kDeviceCookie = "unknot_device";

struct Device {
  std::string id;            // short, for `unknot serve devices --revoke ID`
  std::string name;          // the browser's User-Agent when it paired
  std::string token_sha256;  // hex SHA-256 of the token in its cookie
  std::string paired_at;     // local time, "YYYY-MM-DDTHH:MM:SS"
  std::string last_seen;     // local time of the last request (to the minute)
};

std::string devices_path(const std::string& data_dir);
// The paired devices (none when the file does not exist); kFailure when it cannot be read.
Result<std::vector<Device>> load_devices(const std::string& data_dir);
Status save_devices(const std::string& data_dir, const std::vector<Device>& devices);

// Hex of `bytes` random bytes from the system's cryptographic generator.
std::string random_hex(int bytes);
std::string sha256_hex(std::string_view text);

// The value of cookie `name` in a Cookie header, or "".
std::string cookie_value(std::string_view cookie_header, std::string_view name);

// The pairing state of one running server. Thread-safe: handlers on several worker threads
// share it.
class Pairing {
 public:
  using Clock = std::function<std::string()>;
  Pairing(std::string data_dir, Clock now);

  // A fresh one-time code for the pairing link; the previous one stops working.
  std::string new_code();

  // Trades `code` for a new device's token (to be set as its cookie): nullopt when the
  // code is not the current one (wrong, or used already). Each use makes a new code.
  Result<std::optional<std::string>> pair(std::string_view code, std::string_view user_agent);

  // Whether `token` (from the cookie) belongs to a paired device; notes when it was seen.
  bool recognises(std::string_view token);

  // The one-time code now (for the link printed after a device paired).
  std::string current_code() const;

 private:
  // Rereads devices.json when it changed under us (`unknot serve devices --revoke`).
  void refresh();

  std::string data_dir_;
  Clock now_;
  mutable std::mutex mutex_;
  std::string code_;
  std::vector<Device> devices_;
  std::string stamp_;  // size and modification time of devices.json when read
};

}  // namespace unknot::web
