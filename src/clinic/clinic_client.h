// The patient's side of clinic mode: link this unknot to a clinician's clinic server, push new
// diary entries and the intake, and unlink. What was linked and pushed is kept in the data
// directory (clinic.json, mode 0600, holding the device token; clinic-pushed.txt, digests of
// the lines already sent), so a sync sends only what is new and a retry is harmless: the
// server stores an identical line once.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "clinic/http_client.h"
#include "core/catalogue.h"
#include "core/result.h"

namespace unknot::clinic {

struct LinkState {
  std::string server;  // "https://clinic.example:443/"
  std::string token;
  std::string linked_at;
  std::optional<std::string> ca_file;
  std::string intake_digest;  // of the intake last pushed ("" none)
  std::string last_sync_at;   // local time of the last attempt
  bool last_sync_ok = true;
  std::string last_error;     // why the last attempt failed
  std::string last_success_at;
};

struct SyncReport {
  int pushed = 0;          // stored by the clinic now
  int already_there = 0;   // the clinic had them
  bool prescription_updated = false;
  bool intake_sent = false;
};

// Sends one HTTP call (tests pass a fake; the CLI passes http_request).
using Transport = std::function<Result<HttpReply>(const HttpCall&, const HttpOptions&)>;

class ClinicClient {
 public:
  ClinicClient(std::string data_dir, Transport transport) : data_dir_(std::move(data_dir)), transport_(std::move(transport)) {}

  // The saved link, or nullopt when this unknot is not linked.
  Result<std::optional<LinkState>> state() const;

  // Exchanges the one-use code for a device token and saves it. kBadInput for a refused code.
  Status link(const std::string& url, const std::string& code, const std::optional<std::string>& ca_file,
              const std::string& now);

  // Pushes diary lines (canonical JSON, as the diary keeps them) the clinic has not had from
  // here, in batches, and the intake when it changed; pulls the prescription. Records the
  // outcome (success or why not) in clinic.json either way.
  Result<SyncReport> sync(const std::vector<std::string>& diary_lines, const std::optional<std::string>& intake_json,
                          const std::string& now);

  // Tells the clinic to forget this device (and with `delete_copy` to delete its copy of the
  // diary and intake), then forgets the link here. When the clinic cannot be reached, nothing
  // is forgotten: the person can try again.
  Status unlink(bool delete_copy);

  // The knowledge base (without custom exercises) the clinic's prescription is checked
  // against before it is stored; sync() refuses to pull one without it.
  void check_prescriptions_against(const Catalogue& catalogue) { catalogue_ = &catalogue; }

  // Lines in `diary_lines` that were not pushed yet.
  Result<int> pending(const std::vector<std::string>& diary_lines) const;

 private:
  Status save(const LinkState& state) const;
  Result<std::vector<std::string>> pushed_keys() const;
  std::string state_path() const;
  std::string pushed_path() const;

  // Checks the clinic's answer to GET /api/clinic/prescription and stores it durably in
  // prescription.json (none: the file goes). Whether the stored prescription changed.
  Result<bool> store_prescription(const std::string& reply_body) const;

  std::string data_dir_;
  Transport transport_;
  const Catalogue* catalogue_ = nullptr;
};

// The most entries one sync request carries (the server takes up to 500).
inline constexpr std::size_t kSyncBatch = 200;

}  // namespace unknot::clinic
