#include "clinic/clinic_client.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "clinic/secrets.h"
#include "contract/prescription_json.h"
#include "storage/data_dir.h"

namespace unknot::clinic {
namespace {

using Json = nlohmann::json;

// A short digest that names a pushed line (64 bits of SHA-256 is plenty for one diary).
std::string line_key(const std::string& line) { return token_digest(line).substr(0, 16); }

std::string reply_error(const HttpReply& reply) {
  Json body = Json::parse(reply.body, nullptr, false);
  if (body.is_object() && body.contains("error") && body["error"].is_string()) return body["error"].get<std::string>();
  return "the clinic answered HTTP " + std::to_string(reply.status);
}

Status append_keys(const std::string& path, const std::vector<std::string>& keys) {
  std::string text;
  for (const std::string& key : keys) text += key + "\n";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return Error::failure("cannot write " + path + ": " + std::strerror(errno));
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t wrote = ::write(fd, data, left);
    if (wrote < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return Error::failure("cannot write " + path + ": " + std::strerror(errno));
    }
    data += wrote;
    left -= static_cast<std::size_t>(wrote);
  }
  ::fsync(fd);
  ::close(fd);
  return Ok{};
}

}  // namespace

std::string ClinicClient::state_path() const { return data_dir_ + "/clinic.json"; }
std::string ClinicClient::pushed_path() const { return data_dir_ + "/clinic-pushed.txt"; }

Result<std::optional<LinkState>> ClinicClient::state() const {
  if (!storage::file_exists(state_path())) return std::optional<LinkState>{};
  auto text = storage::read_file(state_path());
  if (!text) return text.error();
  Json json = Json::parse(*text, nullptr, false);
  if (!json.is_object() || !json.contains("server") || !json["server"].is_string() || !json.contains("token") ||
      !json["token"].is_string()) {
    return Error::failure(state_path() + " is damaged; run `unknot clinic link URL CODE` again with a new code");
  }
  LinkState state;
  state.server = json["server"].get<std::string>();
  state.token = json["token"].get<std::string>();
  state.linked_at = json.value("linked_at", "");
  if (json.contains("ca_file") && json["ca_file"].is_string()) state.ca_file = json["ca_file"].get<std::string>();
  state.intake_digest = json.value("intake_digest", "");
  state.last_sync_at = json.value("last_sync_at", "");
  state.last_sync_ok = json.value("last_sync_ok", true);
  state.last_error = json.value("last_error", "");
  state.last_success_at = json.value("last_success_at", "");
  return std::optional<LinkState>(std::move(state));
}

Status ClinicClient::save(const LinkState& state) const {
  Json json;
  json["server"] = state.server;
  json["token"] = state.token;
  json["linked_at"] = state.linked_at;
  json["ca_file"] = state.ca_file ? Json(*state.ca_file) : Json(nullptr);
  json["intake_digest"] = state.intake_digest;
  json["last_sync_at"] = state.last_sync_at;
  json["last_sync_ok"] = state.last_sync_ok;
  json["last_error"] = state.last_error;
  json["last_success_at"] = state.last_success_at;
  return storage::write_file_durably(state_path(), json.dump(2) + "\n");
}

Status ClinicClient::link(const std::string& url, const std::string& code, const std::optional<std::string>& ca_file,
                          const std::string& now) {
  auto root = server_root(url);
  if (!root) return root.error();
  auto existing = state();
  if (!existing) return existing.error();
  if (*existing) {
    return Error::bad_input("this unknot is linked to " + (*existing)->server +
                            " already; run `unknot clinic unlink` first");
  }
  Json body;
  body["code"] = code;
  HttpOptions options;
  options.ca_file = ca_file;
  auto reply = transport_({"POST", *root + "api/clinic/link", body.dump(), {{"Content-Type", "application/json"}}}, options);
  if (!reply) return reply.error();
  if (reply->status == 400) return Error::bad_input(reply_error(*reply));
  if (reply->status != 200) return Error::failure(reply_error(*reply));
  Json answer = Json::parse(reply->body, nullptr, false);
  if (!answer.is_object() || !answer.contains("token") || !answer["token"].is_string()) {
    return Error::failure("the clinic's answer had no device token");
  }
  LinkState state;
  state.server = *root;
  state.token = answer["token"].get<std::string>();
  state.linked_at = now;
  state.ca_file = ca_file;
  // A new link starts a new record of what was pushed.
  ::unlink(pushed_path().c_str());
  return save(state);
}

Result<std::vector<std::string>> ClinicClient::pushed_keys() const {
  std::vector<std::string> keys;
  if (!storage::file_exists(pushed_path())) return keys;
  auto text = storage::read_file(pushed_path());
  if (!text) return text.error();
  std::size_t start = 0;
  while (start < text->size()) {
    auto end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    if (end > start) keys.push_back(text->substr(start, end - start));
    start = end + 1;
  }
  return keys;
}

Result<int> ClinicClient::pending(const std::vector<std::string>& diary_lines) const {
  auto keys = pushed_keys();
  if (!keys) return keys.error();
  const std::unordered_set<std::string> pushed(keys->begin(), keys->end());
  int count = 0;
  for (const std::string& line : diary_lines) count += pushed.count(line_key(line)) ? 0 : 1;
  return count;
}

Result<SyncReport> ClinicClient::sync(const std::vector<std::string>& diary_lines,
                                      const std::optional<std::string>& intake_json, const std::string& now) {
  auto loaded = state();
  if (!loaded) return loaded.error();
  if (!*loaded) return Error::bad_input("this unknot is not linked to a clinic; run `unknot clinic link URL CODE`");
  LinkState link = **loaded;

  auto keys = pushed_keys();
  if (!keys) return keys.error();
  const std::unordered_set<std::string> pushed(keys->begin(), keys->end());
  std::vector<const std::string*> fresh;
  for (const std::string& line : diary_lines) {
    if (!pushed.count(line_key(line))) fresh.push_back(&line);
  }
  const std::string intake_digest = intake_json ? token_digest(*intake_json) : "";
  const bool send_intake = intake_json && intake_digest != link.intake_digest;

  HttpOptions options;
  options.ca_file = link.ca_file;
  const std::vector<std::pair<std::string, std::string>> headers = {{"Content-Type", "application/json"},
                                                                     {"Authorization", "Bearer " + link.token}};
  SyncReport report;
  auto record_failure = [&](const Error& error) -> Error {
    link.last_sync_at = now;
    link.last_sync_ok = false;
    link.last_error = error.message;
    (void)save(link);
    return error;
  };

  std::size_t next = 0;
  bool first = true;
  while (first || next < fresh.size()) {
    Json body;
    body["entries"] = Json::array();
    std::vector<std::string> batch_keys;
    for (std::size_t i = 0; i < kSyncBatch && next < fresh.size(); ++i, ++next) {
      body["entries"].push_back(Json::parse(*fresh[next]));
      batch_keys.push_back(line_key(*fresh[next]));
    }
    if (first && send_intake) body["intake"] = Json::parse(*intake_json);
    auto reply = transport_({"POST", link.server + "api/clinic/sync", body.dump(), headers}, options);
    if (!reply) return record_failure(reply.error());
    if (reply->status == 401) {
      return record_failure(Error::failure("the clinic no longer knows this device (it was unlinked there); "
                                           "run `unknot clinic unlink` and link again with a new code"));
    }
    if (reply->status != 200) return record_failure(Error::failure(reply_error(*reply)));
    Json answer = Json::parse(reply->body, nullptr, false);
    if (!answer.is_object()) return record_failure(Error::failure("the clinic's answer was not JSON"));
    report.pushed += answer.value("stored", 0);
    report.already_there += answer.value("duplicates", 0);
    if (auto appended = append_keys(pushed_path(), batch_keys); !appended) return record_failure(appended.error());
    if (first && send_intake) {
      report.intake_sent = true;
      link.intake_digest = intake_digest;
    }
    first = false;
  }

  auto prescription = transport_({"GET", link.server + "api/clinic/prescription", "", headers}, options);
  if (!prescription) return record_failure(prescription.error());
  if (prescription->status != 200) return record_failure(Error::failure(reply_error(*prescription)));
  auto updated = store_prescription(prescription->body);
  if (!updated) return record_failure(updated.error());
  report.prescription_updated = *updated;

  link.last_sync_at = now;
  link.last_success_at = now;
  link.last_sync_ok = true;
  link.last_error.clear();
  if (auto saved = save(link); !saved) return saved.error();
  return report;
}

Result<bool> ClinicClient::store_prescription(const std::string& reply_body) const {
  if (!catalogue_) return Error::failure("the prescription cannot be checked: no knowledge base was given");
  auto parsed = contract::parse_prescription_reply(reply_body, "the clinic's prescription", *catalogue_);
  if (!parsed) {
    return Error::failure(parsed.error().message + "; your plan is unchanged (ask your clinic to check the prescription)");
  }
  const std::string path = storage::prescription_path(data_dir_);
  auto there = storage::probe_file(path);
  if (!there) return there.error();
  std::string before;
  if (*there) {
    auto text = storage::read_file(path);
    if (!text) return text.error();
    before = std::move(*text);
  }
  if (!*parsed) {
    if (!*there) return false;
    if (std::remove(path.c_str()) != 0) return Error::failure("cannot remove " + path + " (the clinic withdrew the prescription)");
    return true;
  }
  contract::OrderedJson document;
  document["prescription"] = contract::prescription_to_json(**parsed);
  const std::string text = document.dump(2) + "\n";
  if (text == before) return false;
  if (auto written = storage::write_file_durably(path, text); !written) return written.error();
  return true;
}

Status ClinicClient::unlink(bool delete_copy) {
  auto loaded = state();
  if (!loaded) return loaded.error();
  if (!*loaded) return Error::bad_input("this unknot is not linked to a clinic");
  const LinkState& link = **loaded;
  HttpOptions options;
  options.ca_file = link.ca_file;
  Json body;
  body["delete_clinic_copy"] = delete_copy;
  auto reply = transport_({"POST", link.server + "api/clinic/unlink", body.dump(),
                           {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + link.token}}},
                           options);
  if (!reply) return Error::failure(reply.error().message + "; nothing was changed, try again later");
  // 401: the clinic had forgotten the device already; forgetting it here is then right too.
  if (reply->status != 200 && reply->status != 401) return Error::failure(reply_error(*reply));
  if (::unlink(state_path().c_str()) != 0 && errno != ENOENT) {
    return Error::failure("cannot remove " + state_path() + ": " + std::strerror(errno));
  }
  ::unlink(pushed_path().c_str());
  return Ok{};
}

}  // namespace unknot::clinic
