// The web app as a function from request to response: routing, the pages, the JSON API
// under /api/ (the contract's shapes), CSRF checks and the security headers. It reads and
// writes one person's data through service::Workspace, like the CLI. No sockets here: the
// server (web/server.cc) only moves bytes, so everything below is unit-tested directly.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/plan.h"
#include "core/review.h"
#include "service/workspace.h"
#include "web/http.h"

namespace unknot::web {

// A fresh random token (64 hex digits) for one run of the server.
std::string make_csrf_token();

// Whether a Host header may reach the app: "localhost" or an IP address (with or without a
// port). Names are refused so a DNS-rebinding page cannot talk to the server.
bool is_allowed_host(std::string_view host);

// The Content-Security-Policy every response carries: same-origin scripts and styles only.
extern const char* const kContentSecurityPolicy;

// A whole HTML error page for `status` with `message` in words, carrying the same security
// headers as every response of WebApp::handle: for requests refused before the app sees them
// (web/server.cc: a body over 64 KB, headers over 8 KB, too many connections).
Response refusal_page(int status, const std::string& message);

class WebApp {
 public:
  // `now` gives local time as "YYYY-MM-DDTHH:MM:SS" (tests pass a fixed clock).
  using Clock = std::function<std::string()>;

  WebApp(service::Workspace& workspace, std::string csrf_token, Clock now = service::local_now);

  // Never throws: a failure inside becomes a 500 with its message.
  Response handle(const Request& request);

  const std::string& csrf_token() const { return csrf_token_; }

 private:
  // What the pages read on every request, kept between requests: the diary, the saved
  // intake, the current plan and today's review. Rebuilt when the day changes, when this
  // app stores something, or when the files change under it (`unknot log` in a terminal):
  // their sizes and modification times are the stamp.
  struct Snapshot {
    std::vector<long long> stamp;
    int day = 0;
    std::vector<DiaryEntry> entries;
    std::optional<Intake> intake;  // absent: no intake saved yet
    std::optional<Plan> plan;      // the current plan when there is an intake
    std::optional<Review> review;  // as of `day`
    std::string progress_page;     // /progress as of `day`, once drawn
  };

  Response route(const Request& request);
  Result<Snapshot*> snapshot(int today);
  std::vector<long long> data_stamp() const;
  Result<int> store(const std::vector<DiaryEntry>& entries);
  Result<Intake> save_intake(const Intake& person);

  // Passes of the short safety re-check before a session: a random value handed out when the
  // check is answered with no warning sign, good for that session for kSessionPassMinutes.
  // The player opens only with one, so the check cannot be skipped by editing the address.
  struct SessionPass {
    std::string session;
    std::chrono::steady_clock::time_point expires;
  };
  static constexpr int kSessionPassMinutes = 120;
  std::string issue_session_pass(const std::string& session);
  bool session_pass_valid(const std::string& pass, const std::string& session);

  service::Workspace& workspace_;
  std::string csrf_token_;
  std::map<std::string, SessionPass> session_passes_;
  Clock now_;
  std::optional<Snapshot> snapshot_;
};

}  // namespace unknot::web
