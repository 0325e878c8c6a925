// The clinic server's app (`unknot clinic serve`): a function from request to response, like
// web::WebApp, so every route is unit-tested without sockets. One route table says, for each
// method and path, who may call it (nobody signed in, a clinician, a patient's device) and
// whether it changes data (then the CSRF token and the Origin are checked); the
// authorization tests walk that table. Data lives in PostgreSQL (clinic/clinic_store.h).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "clinic/audit.h"
#include "clinic/clinic_pages.h"
#include "clinic/clinic_store.h"
#include "clinic/patient_summary.h"
#include "core/catalogue.h"
#include "web/http.h"

namespace unknot::clinic {

// Who may call a route.
enum class Access {
  kPublic,     // anyone (login, link, static files)
  kClinician,  // a signed-in clinician (session cookie)
  kDevice,     // a linked patient's device (Authorization: Bearer TOKEN)
};

std::string_view to_string(Access access);

struct RouteInfo {
  std::string_view method;
  std::string_view pattern;  // "{id}" matches one path segment
  Access access;
  bool changes;  // a POST that changes data: CSRF token (clinicians) and Origin checked
};

struct ClinicAppOptions {
  bool secure_cookies = false;  // under TLS: cookies get Secure, links use https
  // Judge a patient after their sync has been answered (the server) rather than before (tests,
  // which then read the summary at once). See SummaryRefresher.
  bool judge_after_sync_answered = false;
};

class ClinicApp final : public web::Handler {
 public:
  // `today` gives the local date "YYYY-MM-DD" (tests pass a fixed day).
  using Today = std::function<std::string()>;

  ClinicApp(ClinicStore& store, const Catalogue& catalogue, ClinicAppOptions options, Today today);

  // Never throws: a failure inside becomes a 500 (503 when the database is busy).
  web::Response handle(const web::Request& request) override;

  // Every route, for the authorization tests.
  static std::span<const RouteInfo> routes();

  struct Call;  // one request on its way through a route (clinic_app.cc)

 private:
  web::Response dispatch(const web::Request& request);

  ClinicStore& store_;
  const Catalogue& catalogue_;
  ClinicAppOptions options_;
  Today today_;
  SummaryStore summaries_;
  SummaryStore::ViewCache views_;
  PatientPageCache pages_;
  AuditLog audit_;
  std::unique_ptr<SummaryRefresher> refresher_;  // with judge_after_sync_answered
};

// The name of the clinician session cookie.
inline constexpr std::string_view kSessionCookie = "unknot_clinic";

}  // namespace unknot::clinic
