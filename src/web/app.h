// The web app as a function from request to response: its route table (web/routes.h does
// the routing, access and CSRF checks), the pages, the JSON API under /api/ (the contract's
// shapes) and the security headers. It reads and
// writes one person's data through service::Workspace, like the CLI. No sockets here: the
// server (web/server.cc) only moves bytes, so everything below is unit-tested directly.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/plan.h"
#include "core/review.h"
#include "service/workspace.h"
#include "web/data_watch.h"
#include "web/http.h"
#include "web/routes.h"

namespace unknot::web {

// A fresh random token (64 hex digits) for one run of the server.
std::string make_csrf_token();

// Whether a Host header may reach the app: "localhost" or an IP address (with or without a
// port). Names are refused so a DNS-rebinding page cannot talk to the server.
bool is_allowed_host(std::string_view host);

// The Content-Security-Policy every response carries: same-origin scripts and styles only.
extern const char* const kContentSecurityPolicy;

class Pairing;

struct WebAppOptions {
  // Set while the server listens beyond this computer: then only paired devices, and the
  // pairing page, get answers (401 for the rest). Null: every local client, as before.
  Pairing* pairing = nullptr;
  bool secure_cookie = true;        // the device cookie is sent over HTTPS only
  std::function<void()> on_paired;  // after a device paired (the server prints a new link)
};

class WebApp : public Handler {
 public:
  // `now` gives local time as "YYYY-MM-DDTHH:MM:SS" (tests pass a fixed clock).
  using Clock = std::function<std::string()>;

  WebApp(service::Workspace& workspace, std::string csrf_token, Clock now = service::local_now,
         WebAppOptions options = {});

  // Never throws: a failure inside becomes a 500 with its message. Safe to call from
  // several threads at once (the server's workers).
  Response handle(const Request& request) override;
  // A whole HTML error page in words, with the same security headers as every response: for
  // requests the server refuses before handle() (a body over 64 KB, headers over 8 KB, ...).
  Response refusal(int status, const std::string& message) const override;
  // A page kept since it was drawn, as whole response bytes, when the data and the day are
  // what they were then. Null for a server open to the network (checking a paired device's
  // cookie reads the device list from disk: that is left to the workers).
  std::shared_ptr<const std::string> kept_response(const RequestHead& head) override;

  const std::string& csrf_token() const { return csrf_token_; }

  // Every route the app answers (tests walk it: web/app_test.cc).
  const std::vector<Route>& routes() const { return router_.routes(); }

 private:
  // What the pages read on every request, kept between requests: the diary, the saved
  // intake, the current plan and today's review. Rebuilt when the day changes, when this
  // app stores something, or when the files change under it (`unknot log` in a terminal):
  // watch_ counts those changes. Shared, never changed once built, so worker threads read it
  // without waiting for each other.
  struct Snapshot {
    std::uint64_t generation = 0;  // watch_'s count before the files were read
    int day = 0;
    std::vector<DiaryEntry> entries;
    std::optional<Intake> intake;  // absent: no intake saved yet
    std::optional<Plan> plan;      // the current plan when there is an intake
    std::optional<Review> review;  // as of `day`
  };
  // A page as drawn: the response with its security headers, and the same as bytes to send.
  struct Kept {
    Response response;
    std::string wire;
  };
  // Every page drawn since the data or the day last changed, by request target (path and
  // query as sent: /progress?as_of=... is its own page). Only pages that depend on nothing
  // but the target, the data and the day are kept (see route_table()); the CSRF token in them
  // is the app's one token, which every caller who may see a page gets, and a caller who may
  // not is turned away before any lookup.
  struct KeptPages {
    std::uint64_t generation = 0;
    int day = 0;
    std::map<std::string, std::shared_ptr<const Kept>, std::less<>> pages;
  };
  // Targets with other queries are pages of their own: a bound on how many, so a client
  // asking /plan?1, /plan?2, ... cannot fill the memory (beyond it pages are drawn each time).
  static constexpr std::size_t kMaxKeptPages = 256;
  // One request's fixed context: the knowledge base and the clock read once.
  struct Turn;
  using Page = Response (WebApp::*)(const Call&, const Turn&);
  // Whether a route's 200 answers are kept until the data or the day changes.
  enum class Keep { kNo, kUntilDataChanges };

  std::vector<Route> route_table();
  RouteHandler bind(Page page, Keep keep = Keep::kNo);
  std::shared_ptr<const Kept> find_kept(std::string_view target);
  void keep(const Request& request, std::uint64_t generation, int day, Response response);

  // Helpers the pages share.
  Response fail(const Request& request, int status, const std::string& message) const;
  Response problem(const Request& request, const Error& error) const;
  Response show(const std::string& title, const std::string& nav, const std::string& main_html, int status = 200,
                std::vector<std::string> scripts = {}) const;
  Result<std::shared_ptr<Snapshot>> snapshot(int today);
  void forget_snapshot();
  Result<std::shared_ptr<const Plan>> current_plan(const Turn& turn);
  Result<Review> review_as_of(const Turn& turn, int day);
  Result<std::shared_ptr<const std::vector<DiaryEntry>>> diary(const Turn& turn);
  Intake saved_intake_for_screening(const Turn& turn);
  const PlanSession* session_of(const Turn& turn, const Plan& plan, const std::string& id);
  Result<int> store(const std::vector<DiaryEntry>& entries);
  Result<Intake> save_intake(const Intake& person);

  // The pages and API calls, one per row (or a few rows) of route_table().
  Response asset(const Call& call, const Turn& turn);
  Response manifest(const Call& call, const Turn& turn);
  Response service_worker(const Call& call, const Turn& turn);
  Response illustration(const Call& call, const Turn& turn);
  Response api_compute(const Call& call, const Turn& turn);
  Response api_diary_add(const Call& call, const Turn& turn);
  Response api_techniques(const Call& call, const Turn& turn);
  Response api_technique(const Call& call, const Turn& turn);
  Response api_review(const Call& call, const Turn& turn);
  Response api_plan(const Call& call, const Turn& turn);
  Response api_session(const Call& call, const Turn& turn);
  Response api_csrf(const Call& call, const Turn& turn);
  Response welcome(const Call& call, const Turn& turn);
  Response start_page(const Call& call, const Turn& turn);
  Response start_safety(const Call& call, const Turn& turn);
  Response start_step(const Call& call, const Turn& turn);
  Response start_save(const Call& call, const Turn& turn);
  Response plan_page(const Call& call, const Turn& turn);
  Response techniques_page(const Call& call, const Turn& turn);
  Response technique_page(const Call& call, const Turn& turn);
  Response topics_page(const Call& call, const Turn& turn);
  Response topic_page(const Call& call, const Turn& turn);
  Response session_page(const Call& call, const Turn& turn);
  Response session_check(const Call& call, const Turn& turn);
  Response checkin_page(const Call& call, const Turn& turn);
  Response checkin_save(const Call& call, const Turn& turn);
  Response diary_page(const Call& call, const Turn& turn);
  Response diary_pain(const Call& call, const Turn& turn);
  Response progress_page(const Call& call, const Turn& turn);
  Response review_page(const Call& call, const Turn& turn);
  Response report_page(const Call& call, const Turn& turn);
  Response export_page(const Call& call, const Turn& turn);
  Response export_plan(const Call& call, const Turn& turn);
  Response export_diary(const Call& call, const Turn& turn);
  Response pair_page(const Call& call, const Turn& turn);
  Response pair_device(const Call& call, const Turn& turn);
  bool grants(Access access, const Request& request) const;
  Response not_paired(const Request& request) const;

  // Passes of the short safety re-check before a session: a random value handed out when the
  // check is answered with no warning sign, good for that session for kSessionPassMinutes.
  // The player opens only with one, so the check cannot be skipped by editing the address.
  struct SessionPass {
    std::string session;
    std::chrono::steady_clock::time_point expires;
  };
  static constexpr int kSessionPassMinutes = 120;
  std::string issue_session_pass(const std::string& session);
  bool session_pass_valid(const std::string& pass, const std::string& session) const;

  service::Workspace& workspace_;
  std::string csrf_token_;
  std::map<std::string, SessionPass> session_passes_;
  mutable std::mutex session_passes_lock_;
  Clock now_;
  WebAppOptions options_;
  std::unique_ptr<DataWatch> watch_;  // the data directory's diary, its WAL and the intake
  std::mutex snapshot_mutex_;
  std::shared_ptr<Snapshot> snapshot_;  // under snapshot_mutex_
  std::mutex kept_mutex_;
  KeptPages kept_;  // under kept_mutex_
  Router router_;
};

}  // namespace unknot::web
