#include "web/pairing.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "storage/data_dir.h"

namespace unknot::web {
namespace {

using Json = nlohmann::json;

std::string hex(const unsigned char* bytes, std::size_t size) {
  std::string text;
  text.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) text += fmt::format("{:02x}", bytes[i]);
  return text;
}

std::string file_stamp(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return "absent";
  return fmt::format("{}:{}:{}", info.st_size, info.st_mtim.tv_sec, info.st_mtim.tv_nsec);
}

// Constant-time comparison of two hex digests.
bool same_digest(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

}  // namespace

std::string devices_path(const std::string& data_dir) { return data_dir + "/devices.json"; }

Result<std::vector<Device>> load_devices(const std::string& data_dir) {
  const std::string path = devices_path(data_dir);
  if (!storage::file_exists(path)) return std::vector<Device>{};
  auto text = storage::read_file(path);
  if (!text) return Error::failure(text.error().message);
  std::vector<Device> devices;
  try {
    const Json document = Json::parse(*text);
    for (const Json& item : document.at("devices")) {
      devices.push_back({item.at("id").get<std::string>(), item.at("name").get<std::string>(),
                         item.at("token_sha256").get<std::string>(), item.at("paired_at").get<std::string>(),
                         item.at("last_seen").get<std::string>()});
    }
  } catch (const Json::exception& error) {
    return Error::failure(path + ": not a list of paired devices (" + error.what() +
                          "); delete the file to unpair every device");
  }
  return devices;
}

Status save_devices(const std::string& data_dir, const std::vector<Device>& devices) {
  Json list = Json::array();
  for (const Device& device : devices) {
    list.push_back({{"id", device.id},
                    {"name", device.name},
                    {"token_sha256", device.token_sha256},
                    {"paired_at", device.paired_at},
                    {"last_seen", device.last_seen}});
  }
  const Json document = {{"schema", "unknot.devices/1"}, {"devices", list}};
  return storage::write_file_durably(devices_path(data_dir), document.dump(2) + "\n");
}

std::string random_hex(int bytes) {
  std::vector<unsigned char> buffer(static_cast<std::size_t>(bytes));
  if (RAND_bytes(buffer.data(), bytes) != 1) throw std::runtime_error("no random bytes from the system");
  return hex(buffer.data(), buffer.size());
}

std::string sha256_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return hex(digest, size);
}

std::string cookie_value(std::string_view cookie_header, std::string_view name) {
  std::size_t start = 0;
  while (start < cookie_header.size()) {
    std::size_t end = cookie_header.find(';', start);
    if (end == std::string_view::npos) end = cookie_header.size();
    std::string_view pair = cookie_header.substr(start, end - start);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      return std::string(pair.substr(equals + 1));
    }
    start = end + 1;
  }
  return "";
}

Pairing::Pairing(std::string data_dir, Clock now) : data_dir_(std::move(data_dir)), now_(std::move(now)) {
  code_ = random_hex(16);
}

std::string Pairing::new_code() {
  std::lock_guard lock(mutex_);
  code_ = random_hex(16);
  return code_;
}

std::string Pairing::current_code() const {
  std::lock_guard lock(mutex_);
  return code_;
}

void Pairing::refresh() {
  const std::string stamp = file_stamp(devices_path(data_dir_));
  if (stamp == stamp_) return;
  auto devices = load_devices(data_dir_);
  devices_ = devices ? std::move(*devices) : std::vector<Device>{};  // unreadable: nobody is paired
  stamp_ = stamp;
}

Result<std::optional<std::string>> Pairing::pair(std::string_view code, std::string_view user_agent) {
  std::lock_guard lock(mutex_);
  if (code.empty() || !same_digest(code, code_)) return std::optional<std::string>{};
  refresh();
  const std::string token = random_hex(32);
  const std::string now = now_();
  Device device{random_hex(3), std::string(user_agent.substr(0, 200)), sha256_hex(token), now, now};
  if (device.name.empty()) device.name = "unknown browser";
  std::vector<Device> devices = devices_;
  devices.push_back(device);
  if (auto saved = save_devices(data_dir_, devices); !saved) return saved.error();
  devices_ = std::move(devices);
  stamp_ = file_stamp(devices_path(data_dir_));
  code_ = random_hex(16);  // one time only
  return std::optional<std::string>(token);
}

bool Pairing::recognises(std::string_view token) {
  if (token.empty()) return false;
  const std::string digest = sha256_hex(token);
  std::lock_guard lock(mutex_);
  refresh();
  for (Device& device : devices_) {
    if (!same_digest(device.token_sha256, digest)) continue;
    // Last seen to the minute: one write a minute at most per device.
    const std::string now = now_();
    if (device.last_seen.substr(0, 16) != now.substr(0, 16)) {
      device.last_seen = now;
      if (save_devices(data_dir_, devices_)) stamp_ = file_stamp(devices_path(data_dir_));
    }
    return true;
  }
  return false;
}

}  // namespace unknot::web
