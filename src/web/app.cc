#include "web/app.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <random>

#include <nlohmann/json.hpp>

#include "content/embedded.h"
#include "content/illustrations.h"
#include "contract/contract_json.h"
#include "contract/diary_json.h"
#include "contract/intake_json.h"
#include "contract/json_input.h"
#include "contract/session_json.h"
#include "core/diary.h"
#include "core/insights.h"
#include "core/intake_questions.h"
#include "core/session_script.h"
#include "core/triage.h"
#include "export/calendar.h"
#include "export/fhir.h"
#include "storage/data_dir.h"
#include "storage/diary_store.h"
#include "web/assets.h"
#include "web/charts.h"
#include "web/html.h"
#include "web/intake_form.h"
#include "web/pages.h"
#include "web/today.h"
#include "report/report_html.h"
#include "web/pairing.h"
#include "web/server.h"

namespace unknot::web {

const char* const kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "manifest-src 'self'; worker-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

namespace {

using Json = nlohmann::json;
using contract::OrderedJson;

// Days of morning pain the progress chart shows, ending today.
constexpr int kTrendDays = 12 * 7;
// Diary entries the diary page lists.
constexpr std::size_t kDiaryPageEntries = 50;

bool is_api(const std::string& path) { return path.rfind("/api/", 0) == 0; }

Response html_response(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

Response json_response(int status, const OrderedJson& json) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = json.dump(2) + "\n";
  return response;
}

Response redirect(const std::string& location) {
  Response response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.body = "See " + location + "\n";
  response.headers.emplace_back("Location", location);
  return response;
}

// Every intake option of the questions, by its form answer "name=value".
const IntakeOption* find_option(const std::string& name, const std::string& value) {
  static const std::vector<const std::vector<IntakeOption>*> kLists = all_option_lists();
  for (const auto* options : kLists) {
    for (const IntakeOption& option : *options) {
      if (name + "=" + value == option_field_value(option)) return &option;
    }
  }
  return nullptr;
}

// The words of the warning signs ticked on a form (emergency and urgent signs), for the
// safety page's "you told us".
std::vector<std::string> ticked_signs(const FormFields& form) {
  std::vector<std::string> said;
  for (const auto* options : {&emergency_sign_options(), &urgent_sign_options()}) {
    for (const IntakeOption& option : *options) {
      for (const auto& [name, value] : form) {
        if (name + "=" + value == option_field_value(option)) said.push_back(option.label);
      }
    }
  }
  return said;
}

// The intake document the form's answers make. Every field must be a known answer: an
// unknown one is bad input, not something to drop silently.
Result<Json> intake_document(const FormFields& fields, bool answers_only) {
  Json document = {{"schema", "unknot.intake/1"}};
  for (const auto& [name, value] : fields) {
    if (name == "csrf") continue;
    if (const IntakeOption* option = find_option(name, value)) {
      contract::apply_intake_answer(document, *option);
      continue;
    }
    const auto& numbers = intake_numbers();
    const auto number = std::find_if(numbers.begin(), numbers.end(),
                                     [&](const IntakeNumber& candidate) { return name == candidate.name; });
    if (answers_only || number == numbers.end()) {
      return Error::bad_input(fmt::format("the form: unknown answer '{}={}'", name, value));
    }
    if (value.empty()) continue;  // an optional number left blank
    if (number->whole) {
      const auto parsed = parse_whole_number(value);
      if (!parsed) {
        return Error::bad_input(fmt::format("the form: {}: expected a number (whole), got '{}'", name, value));
      }
      document[Json::json_pointer(number->pointer)] = *parsed;
    } else {
      const auto parsed = parse_decimal_number(value);
      if (!parsed) return Error::bad_input(fmt::format("the form: {}: expected a number, got '{}'", name, value));
      document[Json::json_pointer(number->pointer)] = *parsed;
    }
  }
  return document;
}

// The step-1 answers with placeholder pain details, to see whether they alone mean an emergency.
std::optional<Triage> emergency_only(const Json& answers, const Catalogue& catalogue) {
  Json probe = answers;
  probe["age"] = 40;
  probe["pain"]["now"] = 0;
  probe["pain"]["weeks_since_onset"] = 0;
  auto intake = contract::intake_from_json(probe, "the form");
  if (!intake) return std::nullopt;
  Triage result = triage(*intake, catalogue.safety);
  if (result.level != Level::kEmergency) return std::nullopt;
  return result;
}

std::string_view asset_type(std::string_view path) {
  auto ends = [&](std::string_view suffix) {
    return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
  };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".webmanifest")) return "application/manifest+json";
  return "application/octet-stream";
}

// A static file with an ETag: browsers revalidate and get 304 when nothing changed.
Response static_file(const Request& request, std::string_view bytes, std::string_view type) {
  const std::string etag = fmt::format("\"{:x}\"", std::hash<std::string_view>{}(bytes));
  Response response;
  response.headers.emplace_back("ETag", etag);
  response.headers.emplace_back("Cache-Control", "no-cache");
  if (request.header("if-none-match") == etag) {
    response.status = 304;
    response.content_type.clear();
    return response;
  }
  response.content_type = std::string(type);
  response.body = std::string(bytes);
  return response;
}

// The session player's speed-up as sent ("2", "0.5"), or "" when it is not a plain number
// above 0 and at most 1000.
std::string valid_speed(const std::string& text) {
  const auto value = parse_decimal_number(text);
  return value && *value > 0 && *value <= 1000 ? text : "";
}

// The person's day from the clock: "YYYY-MM-DD".
int day_of(const std::string& local_time) { return day_number(local_time).value_or(0); }

}  // namespace

std::string make_csrf_token() {
  std::random_device device;
  std::string token;
  for (int i = 0; i < 8; ++i) token += fmt::format("{:08x}", device());
  return token;
}

bool is_allowed_host(std::string_view host) {
  if (host.empty()) return true;  // HTTP/1.0 clients send none; browsers always do
  std::string_view name = host;
  if (name.front() == '[') {  // IPv6 literal, "[::1]:8080"
    const auto close = name.find(']');
    if (close == std::string_view::npos) return false;
    name = name.substr(1, close - 1);
    return !name.empty() && name.find_first_not_of("0123456789abcdefABCDEF:.") == std::string_view::npos;
  }
  const auto colon = name.rfind(':');
  if (colon != std::string_view::npos) {
    const std::string_view port = name.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string_view::npos) return false;
    name = name.substr(0, colon);
  }
  if (name == "localhost") return true;
  // An IPv4 literal: four dot-separated numbers 0-255.
  int parts = 0;
  std::size_t start = 0;
  while (start <= name.size()) {
    const auto dot = name.find('.', start);
    const std::string_view part =
        name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (part.empty() || part.size() > 3 || part.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoi(std::string(part)) > 255) {
      return false;
    }
    ++parts;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

// The headers every response carries (a handler may have set its own version of one).
static void add_security_headers(Response& response) {
  auto add = [&](const char* name, const char* value) {
    if (response.header(name).empty()) response.headers.emplace_back(name, value);
  };
  // same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` with every
  // form post, and the Router refuses a change whose Origin is not this server.
  add("Content-Security-Policy", kContentSecurityPolicy);
  add("X-Content-Type-Options", "nosniff");
  add("Referrer-Policy", "same-origin");
  add("X-Frame-Options", "DENY");
  add("Cross-Origin-Opener-Policy", "same-origin");
  add("Cross-Origin-Resource-Policy", "same-origin");
  add("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  add("Cache-Control", "no-store");
}

struct WebApp::Turn {
  const Catalogue& kb;
  std::string now;  // "YYYY-MM-DDTHH:MM:SS", local
  int today;        // day number of `now`
};

WebApp::WebApp(service::Workspace& workspace, std::string csrf_token, Clock now, WebAppOptions options)
    : workspace_(workspace),
      csrf_token_(std::move(csrf_token)),
      now_(std::move(now)),
      options_(std::move(options)),
      watch_([&] {
        auto dir = workspace.data_dir();
        const std::string diary = storage::diary_path(dir ? *dir : "");
        const std::string intake = storage::intake_path(dir ? *dir : "");
        const std::string prescription = storage::prescription_path(dir ? *dir : "");
        auto name = [](const std::string& path) { return path.substr(path.rfind('/') + 1); };
        // The diary's writers change the database or its write-ahead log; the intake
        // and the physiotherapist's prescription (written by a clinic sync) are replaced whole
        // (a new file renamed over the old).
        return std::make_unique<DataWatch>(
            dir ? *dir : "",
            std::vector<std::string>{name(diary), name(diary) + "-wal", name(intake), name(prescription)});
      }()),
      router_(route_table(),
              Gate{[this](Access access, const Request& request) { return grants(access, request); }, csrf_token_,
                   [this](const Request& request, int status, const std::string& message) {
                     return fail(request, status, message);
                   },
                   [this](const Request& request) { return not_paired(request); }},
              Access::kPaired) {}

bool WebApp::grants(Access access, const Request& request) const {
  if (access == Access::kPairing || !options_.pairing) return true;
  return options_.pairing->recognises(cookie_value(request.header("cookie"), kDeviceCookie));
}

Response WebApp::not_paired(const Request& request) const {
  const std::string message =
      "This device is not paired with unknot yet. unknot is open to your network, so it answers only the "
      "devices you paired. On the computer where unknot runs, the terminal shows a pairing link and the same "
      "link as a QR code: open the link on this device (or scan the code with your phone's camera) and press "
      "\"Pair this device\". Each link works once; after each pairing the terminal shows a new one.";
  if (is_api(request.path())) return json_response(401, {{"error", message}});
  return html_response(401, page({"Pair this device", "", "", {}}, error_html(401, message)));
}

std::vector<Route> WebApp::route_table() {
  using enum Method;
  using enum Effect;
  constexpr Access kOwn = Access::kPaired;
  auto row = [this](Method method, const char* pattern, Access access, Effect effect, Body body, Page page) {
    return Route{method, pattern, access, effect, body, bind(page)};
  };
  // A page that depends only on its target, the data and the day: kept once drawn.
  auto kept = [this](const char* pattern, Page page) {
    return Route{Method::kGet, pattern, Access::kPaired, Effect::kReads, Body::kNone,
                 bind(page, Keep::kUntilDataChanges)};
  };
  return {
      // Files and pictures.
      row(kGet, "/assets/{file...}", kOwn, kReads, Body::kNone, &WebApp::asset),
      row(kGet, "/manifest.webmanifest", kOwn, kReads, Body::kNone, &WebApp::manifest),
      row(kGet, "/sw.js", kOwn, kReads, Body::kNone, &WebApp::service_worker),
      row(kGet, "/illustrations/{name}", kOwn, kReads, Body::kNone, &WebApp::illustration),
      // The JSON API (the contract's shapes). Triage and plan only compute: they change nothing.
      row(kPost, "/api/triage", kOwn, kReads, Body::kJson, &WebApp::api_compute),
      row(kPost, "/api/plan", kOwn, kReads, Body::kJson, &WebApp::api_compute),
      row(kPost, "/api/diary", kOwn, kChanges, Body::kJson, &WebApp::api_diary_add),
      kept("/api/techniques", &WebApp::api_techniques),
      kept("/api/techniques/{id}", &WebApp::api_technique),
      kept("/api/review", &WebApp::api_review),
      kept("/api/plan", &WebApp::api_plan),
      row(kGet, "/api/session", kOwn, kReads, Body::kNone, &WebApp::api_session),
      row(kGet, "/api/session/{id}", kOwn, kReads, Body::kNone, &WebApp::api_session),
      row(kGet, "/api/csrf", kOwn, kReads, Body::kNone, &WebApp::api_csrf),
      // The pages.
      kept("/", &WebApp::welcome),
      kept("/start", &WebApp::start_page),
      row(kPost, "/start/safety", kOwn, kChanges, Body::kForm, &WebApp::start_safety),
      row(kPost, "/start/step", kOwn, kChanges, Body::kForm, &WebApp::start_step),
      row(kPost, "/start", kOwn, kChanges, Body::kForm, &WebApp::start_save),
      kept("/plan", &WebApp::plan_page),
      kept("/techniques", &WebApp::techniques_page),
      kept("/techniques/{id}", &WebApp::technique_page),
      kept("/learn", &WebApp::topics_page),
      kept("/learn/{id}", &WebApp::topic_page),
      row(kGet, "/session", kOwn, kReads, Body::kNone, &WebApp::session_page),
      row(kGet, "/session/{id}", kOwn, kReads, Body::kNone, &WebApp::session_page),
      row(kPost, "/session/{id}", kOwn, kChanges, Body::kForm, &WebApp::session_check),
      kept("/checkin", &WebApp::checkin_page),
      row(kPost, "/checkin", kOwn, kChanges, Body::kForm, &WebApp::checkin_save),
      kept("/diary", &WebApp::diary_page),
      row(kPost, "/diary/pain", kOwn, kChanges, Body::kForm, &WebApp::diary_pain),
      kept("/progress", &WebApp::progress_page),
      kept("/report", &WebApp::report_page),
      kept("/review", &WebApp::review_page),
      kept("/export", &WebApp::export_page),
      row(kGet, "/export/plan.ics", kOwn, kReads, Body::kNone, &WebApp::export_plan),
      row(kGet, "/export/fhir.json", kOwn, kReads, Body::kNone, &WebApp::export_plan),
      row(kGet, "/export/diary.csv", kOwn, kReads, Body::kNone, &WebApp::export_diary),
      row(kGet, "/export/diary.jsonl", kOwn, kReads, Body::kNone, &WebApp::export_diary),
      // Pairing a device while the server listens beyond this computer: the only rows an
      // unpaired device may call.
      row(kGet, "/pair", Access::kPairing, kReads, Body::kNone, &WebApp::pair_page),
      row(kPost, "/pair", Access::kPairing, kPairs, Body::kForm, &WebApp::pair_device),
  };
}

RouteHandler WebApp::bind(Page page, Keep keep) {
  return [this, page, keep](const Call& call) {
    auto kb = workspace_.catalogue();
    if (!kb) return problem(call.request, kb.error());
    // Counted before anything is read: a change while the page is drawn makes it stale at once.
    const std::uint64_t generation = watch_->generation();
    std::string now = now_();
    const int today = day_of(now);
    Response response = (this->*page)(call, Turn{**kb, std::move(now), today});
    if (keep == Keep::kUntilDataChanges && response.status == 200 && call.request.method == "GET") {
      this->keep(call.request, generation, today, response);
    }
    return response;
  };
}

std::shared_ptr<const WebApp::Kept> WebApp::find_kept(std::string_view target) {
  const std::uint64_t generation = watch_->generation();
  const int today = day_of(now_());
  std::lock_guard lock(kept_mutex_);
  if (kept_.generation != generation || kept_.day != today) return nullptr;
  const auto found = kept_.pages.find(target);
  return found == kept_.pages.end() ? nullptr : found->second;
}

void WebApp::keep(const Request& request, std::uint64_t generation, int day, Response response) {
  add_security_headers(response);
  auto kept = std::make_shared<Kept>();
  kept->wire = wire_bytes(response);
  if (kept->wire.empty()) return;
  kept->response = std::move(response);
  std::lock_guard lock(kept_mutex_);
  if (generation < kept_.generation) return;  // drawn from data older than what is kept
  if (generation != kept_.generation || day != kept_.day) {
    kept_.pages.clear();
    kept_.generation = generation;
    kept_.day = day;
  }
  if (kept_.pages.size() >= kMaxKeptPages) return;
  kept_.pages.insert_or_assign(request.target, std::move(kept));
}

std::shared_ptr<const std::string> WebApp::kept_response(const RequestHead& head) {
  if (options_.pairing || head.method != "GET" || !is_allowed_host(std::string(head.host))) return nullptr;
  auto kept = find_kept(head.target);
  if (!kept) return nullptr;
  return std::shared_ptr<const std::string>(kept, &kept->wire);
}

Response WebApp::handle(const Request& request) {
  Response response;
  try {
    // A page kept since it was drawn, for a caller who may see it.
    if (request.method == "GET" && is_allowed_host(request.header("host")) && grants(Access::kPaired, request)) {
      if (auto kept = find_kept(request.target)) return kept->response;
    }
    if (!is_allowed_host(request.header("host"))) {
      response = fail(request, 421, "this server answers only to localhost or an IP address, not to '" +
                                        request.header("host") + "'");
    } else {
      response = router_.dispatch(request);
    }
  } catch (const std::exception& error) {
    response = fail(request, 500, std::string("unknot hit an internal error: ") + error.what());
  }
  add_security_headers(response);
  return response;
}

Response WebApp::refusal(int status, const std::string& message) const {
  Response response = html_response(status, page({"Problem", "", "", {}}, error_html(status, message)));
  add_security_headers(response);
  return response;
}

std::string WebApp::issue_session_pass(const std::string& session) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> hold(session_passes_lock_);
  std::erase_if(session_passes_, [&](const auto& pass) { return pass.second.expires < now; });
  std::string pass = make_csrf_token().substr(0, 32);
  session_passes_[pass] = {session, now + std::chrono::minutes(kSessionPassMinutes)};
  return pass;
}

bool WebApp::session_pass_valid(const std::string& pass, const std::string& session) const {
  std::lock_guard<std::mutex> hold(session_passes_lock_);
  auto found = session_passes_.find(pass);
  return found != session_passes_.end() && found->second.session == session &&
         found->second.expires >= std::chrono::steady_clock::now();
}

Response WebApp::fail(const Request& request, int status, const std::string& message) const {
  if (is_api(request.path())) return json_response(status, {{"error", message}});
  // The page frame carries the CSRF token: only for callers who may change things.
  const std::string token = grants(Access::kPaired, request) ? csrf_token_ : "";
  return html_response(status, page({"Problem", "", token, {}}, error_html(status, message)));
}

Response WebApp::problem(const Request& request, const Error& error) const {
  // Another writer holds the diary (a long import in a terminal): busy, not broken, and the
  // same request will work in a moment.
  if (error.kind == ErrorKind::kBusy) {
    Response busy = fail(request, 503,
                         "the diary is busy: another program is writing to it (an import?); nothing was "
                         "changed, try again in a moment");
    busy.headers.emplace_back("Retry-After", std::to_string(kRetryAfterSeconds));
    return busy;
  }
  return fail(request, error.kind == ErrorKind::kBadInput ? 400 : 500, error.message);
}

Response WebApp::show(const std::string& title, const std::string& nav, const std::string& main_html, int status,
                      std::vector<std::string> scripts) const {
  return html_response(status, page({title, nav, csrf_token_, std::move(scripts)}, main_html));
}

Result<std::shared_ptr<WebApp::Snapshot>> WebApp::snapshot(int today) {
  // The count is taken before reading: a change made while we read makes the next request
  // read again rather than keep what we read.
  const std::uint64_t generation = watch_->generation();
  {
    std::lock_guard lock(snapshot_mutex_);
    if (snapshot_ && snapshot_->day == today && snapshot_->generation == generation) return snapshot_;
  }
  auto fresh = std::make_shared<Snapshot>();
  fresh->generation = generation;
  fresh->day = today;
  auto entries = workspace_.diary();
  if (!entries) return entries.error();
  fresh->entries = std::move(*entries);
  if (workspace_.has_saved_intake()) {
    auto person = workspace_.saved_intake();
    if (!person) return person.error();
    fresh->intake = std::move(*person);
  }
  auto review = workspace_.review(today);
  if (!review) return review.error();
  fresh->review = std::move(*review);
  if (fresh->intake) {
    auto kb = workspace_.catalogue();
    if (!kb) return kb.error();
    fresh->plan = workspace_.plan_for(*fresh->intake, **kb, today);
  }
  std::lock_guard lock(snapshot_mutex_);
  snapshot_ = fresh;
  return fresh;
}

// A write through the app counts as a change at once (kept pages and the snapshot go),
// without waiting for the watch to see it; also what another thread read while we wrote.
void WebApp::forget_snapshot() {
  watch_->changed();
  std::lock_guard lock(snapshot_mutex_);
  snapshot_.reset();
}

Result<int> WebApp::store(const std::vector<DiaryEntry>& entries) {
  forget_snapshot();
  auto added = workspace_.store(entries);
  forget_snapshot();
  return added;
}

Result<Intake> WebApp::save_intake(const Intake& person) {
  auto saved = workspace_.save_intake(person);
  forget_snapshot();
  if (!saved) return saved.error();
  return person;
}

Result<std::shared_ptr<const Plan>> WebApp::current_plan(const Turn& turn) {
  auto snap = snapshot(turn.today);
  if (!snap) return snap.error();
  if (!(*snap)->plan) return Error::bad_input("no intake yet: answer the questions at /start first");
  return std::shared_ptr<const Plan>(*snap, &*(*snap)->plan);
}

Result<Review> WebApp::review_as_of(const Turn& turn, int day) {
  if (day != turn.today) return workspace_.review(day);
  auto snap = snapshot(turn.today);
  if (!snap) return snap.error();
  return *(*snap)->review;
}

Result<std::shared_ptr<const std::vector<DiaryEntry>>> WebApp::diary(const Turn& turn) {
  auto snap = snapshot(turn.today);
  if (!snap) return snap.error();
  return std::shared_ptr<const std::vector<DiaryEntry>>(*snap, &(*snap)->entries);
}

// What a reported warning sign is screened together with: the saved intake (core/intake.h)
// and the signs logged lately (core/safety_status), as in the one safety status.
Intake WebApp::saved_intake_for_screening(const Turn& turn) {
  auto saved = workspace_.saved_intake();
  Intake person = intake_for_screening(saved ? std::optional<Intake>(*saved) : std::nullopt);
  if (auto snap = snapshot(turn.today)) person = with_logged_signs(person, warning_signs_logged((*snap)->entries, turn.today));
  return person;
}

// Today's session of the current plan, or the one named by `id`.
const PlanSession* WebApp::session_of(const Turn& turn, const Plan& plan, const std::string& id) {
  if (!id.empty()) return find_session(plan, id);
  double weeks = 0;
  if (auto review = review_as_of(turn, turn.today)) weeks = review->weeks_in_program;
  const PlanPhase* phase = phase_for_week(plan, weeks);
  return phase ? session_for_day(*phase, turn.today) : nullptr;
}

// ---- assets and illustrations

Response WebApp::asset(const Call& call, const Turn&) {
  const std::string path = call.request.path();
  const std::string_view bytes = embedded_asset(path.substr(1));
  if (bytes.empty()) return fail(call.request, 404, "no such file: " + path);
  return static_file(call.request, bytes, asset_type(path));
}

Response WebApp::manifest(const Call& call, const Turn&) {
  return static_file(call.request, embedded_asset("assets/manifest.webmanifest"), asset_type(".webmanifest"));
}

Response WebApp::service_worker(const Call& call, const Turn&) {
  // The service worker sits at the root so that its scope is the whole app; its cache is
  // named after this build (see assets_build_id), so each new build replaces the old one.
  std::string script(embedded_asset("assets/sw.js"));
  const std::string marker = "@UNKNOT_BUILD_ID@";
  if (const auto at = script.find(marker); at != std::string::npos) script.replace(at, marker.size(), assets_build_id());
  return static_file(call.request, script, asset_type(".js"));
}

Response WebApp::illustration(const Call& call, const Turn&) {
  // "/illustrations/ID-start.svg" or "ID--VARIANT-end.svg"; a variant without pictures of its
  // own gets the technique's (content::illustration_svg).
  const std::string name = call.param("name");
  std::string_view bytes;
  for (content::Pose pose : {content::Pose::start, content::Pose::end, content::Pose::move}) {
    const std::string suffix(content::pose_suffix(pose));
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    const std::string id = name.substr(0, name.size() - suffix.size());
    const auto split = id.find("--");
    bytes = content::illustration_svg(id.substr(0, split), split == std::string::npos ? "" : id.substr(split + 2),
                                      pose);
  }
  if (bytes.empty()) return fail(call.request, 404, "no such illustration: " + name);
  Response picture = static_file(call.request, bytes, asset_type(name));
  // The drawings style themselves (a <style> with the palette and the loop, style attributes);
  // as images they can run nothing.
  picture.headers.emplace_back("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  return picture;
}

// ---- JSON API (the contract's shapes)

Response WebApp::api_compute(const Call& call, const Turn& turn) {
  auto person = contract::parse_intake(call.request.body, "request body");
  if (!person) return problem(call.request, person.error());
  if (call.request.path() == "/api/triage")
    return json_response(200, contract::triage_to_json(triage(*person, turn.kb.safety)));
  return json_response(200, contract::plan_to_json(build_plan(*person, turn.kb)));
}

Response WebApp::api_diary_add(const Call& call, const Turn& turn) {
  auto parsed = contract::parse_json_input(call.request.body, "request body", contract::kDiaryLineLimits);
  if (!parsed) {
    // The API has always said "not JSON" for a body that does not parse; keep its wording.
    std::string message = parsed.error().message;
    if (auto at = message.find("invalid JSON"); at != std::string::npos) message.replace(at, 12, "not JSON");
    return fail(call.request, 400, message);
  }
  Json& body = *parsed;
  if (!body.is_object()) return fail(call.request, 400, "request body: expected one diary entry as a JSON object");
  if (!body.contains("at")) body["at"] = turn.now;  // as `unknot log` does
  auto entry = contract::diary_entry_from_json(body, "request body");
  if (!entry) return problem(call.request, entry.error());
  auto added = store({*entry});
  if (!added) return problem(call.request, added.error());
  OrderedJson reply = {{"stored", *added > 0},
                       {"entry", OrderedJson::parse(contract::diary_entry_to_json_text(*entry))}};
  if (entry->type == EntryType::kSymptom) {
    // A warning symptom runs the safety screen at once, as `unknot log symptom` does: the
    // one safety status as of the day it was logged, this sign included.
    auto status = workspace_.safety_status(*day_number(entry->at));
    if (!status) return problem(call.request, status.error());
    reply["triage"] = contract::triage_to_json(status->triage);
  }
  return json_response(*added > 0 ? 201 : 200, reply);
}

Response WebApp::api_techniques(const Call&, const Turn& turn) {
  return json_response(200, {{"schema", "unknot.techniques/1"},
                             {"techniques", contract::techniques_to_json(turn.kb.techniques)}});
}

Response WebApp::api_technique(const Call& call, const Turn& turn) {
  const std::string id = call.param("id");
  const Technique* technique = turn.kb.find_technique(id);
  if (!technique) return fail(call.request, 404, "unknown technique '" + id + "'");
  return json_response(200, contract::technique_to_json(*technique));
}

Response WebApp::api_review(const Call& call, const Turn& turn) {
  auto day = service::parse_day(field(call.query, "as_of").value_or(turn.now.substr(0, 10)), "as_of");
  if (!day) return problem(call.request, day.error());
  auto review = review_as_of(turn, *day);
  if (!review) return problem(call.request, review.error());
  return json_response(200, contract::review_to_json(*review));
}

Response WebApp::api_plan(const Call& call, const Turn& turn) {
  auto plan = current_plan(turn);
  if (!plan) return problem(call.request, plan.error());
  return json_response(200, contract::plan_to_json(**plan));
}

Response WebApp::api_session(const Call& call, const Turn& turn) {
  auto plan = current_plan(turn);
  if (!plan) return problem(call.request, plan.error());
  const std::string id = call.param("id");
  const PlanSession* session = session_of(turn, **plan, id);
  if (!session) {
    return fail(call.request, 404,
                id.empty() ? "no session today: your plan has none (see /plan)" : "no session '" + id + "' in your plan");
  }
  return json_response(200, contract::session_script_to_json(build_session_script(*session, turn.kb)));
}

Response WebApp::api_csrf(const Call&, const Turn&) { return json_response(200, {{"csrf_token", csrf_token_}}); }

// ---- pages

Response WebApp::welcome(const Call& call, const Turn& turn) {
  // Before the intake, the welcome; after it, Today (web/today.h). Without a self-care plan
  // (refer), the welcome with the one safety status first.
  if (!workspace_.has_saved_intake()) return show("Welcome", "home", welcome_html(false));
  auto plan = current_plan(turn);
  if (!plan) return problem(call.request, plan.error());
  if ((*plan)->status == PlanStatus::kRefer) {
    return show("Welcome", "home", welcome_html(true, safety_status_html(**plan, turn.kb, "")));
  }
  auto review = review_as_of(turn, turn.today);
  if (!review) return problem(call.request, review.error());
  auto entries = diary(turn);
  if (!entries) return problem(call.request, entries.error());
  const PlanPhase* phase = phase_for_week(**plan, review->weeks_in_program);
  TodayView view = build_today(**plan, phase, session_of(turn, **plan, ""), **entries, *review, turn.today);
  view.safety_html = safety_status_html(**plan, turn.kb, "");
  return show("Today", "home", today_html(view));
}

Response WebApp::start_page(const Call&, const Turn&) {
  return show("Safety questions", "start", intake_safety_html(csrf_token_));
}

Response WebApp::start_safety(const Call& call, const Turn& turn) {
  auto answers = intake_document(call.form, true);
  if (!answers) return problem(call.request, answers.error());
  if (auto emergency = emergency_only(*answers, turn.kb)) {
    return show("Get help now", "start",
                triage_html(*emergency, turn.kb, "unknot has stopped here and saved nothing. Please get help now.",
                            ticked_signs(call.form)));
  }
  return show("Other warning signs", "start", intake_step_html(csrf_token_, 2, call.form, {}));
}

Response WebApp::start_step(const Call& call, const Turn& turn) {
  // The intake in steps: each step checks its own answers (all problems at once, beside
  // their fields, answers kept); the last one makes the plan as POST /start does.
  const std::string step_text = field(call.form, "step").value_or("");
  const int step = step_text.size() == 1 ? step_text[0] - '0' : 0;
  if (step < 2 || step > kIntakeSteps) return fail(call.request, 400, "the intake form: no such step '" + step_text + "'");
  FormFields answers;
  for (const auto& [name, value] : call.form) {
    if (name != "csrf" && name != "step" && name != "go") answers.emplace_back(name, value);
  }
  auto shown = [&](int number, const FieldErrors& errors, const std::string& message = "") {
    return show("About you", "start", intake_step_html(csrf_token_, number, answers, errors, message),
                errors.empty() && message.empty() ? 200 : 400);
  };
  if (field(call.form, "go") == "back") {
    if (step == 2) return show("Safety questions", "start", intake_safety_html(csrf_token_));
    return shown(step - 1, {});
  }
  const FieldErrors errors = check_intake_step(step, answers);
  if (!errors.empty()) return shown(step, errors);
  if (step < kIntakeSteps) return shown(step + 1, {});
  auto document = intake_document(answers, false);
  if (!document) return shown(step, {}, in_plain_words(document.error().message));
  if (!document->contains("profile")) (*document)["profile"] = Json::object();
  auto person = contract::intake_from_json(*document, "the form");
  if (!person) return shown(step, {}, in_plain_words(person.error().message));
  Triage screen = triage(*person, turn.kb.safety);
  if (screen.level == Level::kEmergency) {
    return show("Get help now", "start",
                triage_html(screen, turn.kb, "unknot has stopped here and saved nothing. Please get help now.",
                            ticked_signs(call.form)));
  }
  auto saved = save_intake(*person);
  if (!saved) return problem(call.request, saved.error());
  return redirect("/plan");
}

Response WebApp::start_save(const Call& call, const Turn& turn) {
  auto document = intake_document(call.form, false);
  if (!document) return problem(call.request, document.error());
  if (!document->contains("profile")) (*document)["profile"] = Json::object();
  if (auto emergency = emergency_only(*document, turn.kb)) {
    return show("Get help now", "start",
                triage_html(*emergency, turn.kb, "unknot has stopped here and saved nothing. Please get help now.",
                            ticked_signs(call.form)));
  }
  auto person = contract::intake_from_json(*document, "the form");
  if (!person) return problem(call.request, person.error());
  Triage screen = triage(*person, turn.kb.safety);
  if (screen.level == Level::kEmergency) {
    return show("Get help now", "start",
                triage_html(screen, turn.kb, "unknot has stopped here and saved nothing. Please get help now.",
                            ticked_signs(call.form)));
  }
  auto saved = save_intake(*person);
  if (!saved) return problem(call.request, saved.error());
  return redirect("/plan");
}

Response WebApp::plan_page(const Call& call, const Turn& turn) {
  if (!workspace_.has_saved_intake()) return show("My plan", "plan", no_intake_html());
  auto plan = current_plan(turn);
  if (!plan) return problem(call.request, plan.error());
  double weeks = 0;
  if (auto review = review_as_of(turn, turn.today)) weeks = review->weeks_in_program;
  const PlanPhase* phase = phase_for_week(**plan, weeks);
  return show("My plan", "plan", plan_html(**plan, turn.kb, session_of(turn, **plan, ""), phase ? phase->id : ""));
}

Response WebApp::techniques_page(const Call&, const Turn& turn) {
  return show("Techniques", "techniques", techniques_html(turn.kb));
}

Response WebApp::technique_page(const Call& call, const Turn& turn) {
  const std::string id = call.param("id");
  const Technique* technique = turn.kb.find_technique(id);
  if (!technique) return fail(call.request, 404, "unknown technique '" + id + "'");
  // ?variant=V shows that form; without it, the form the person's plan uses. The plan's
  // dose fills the steps when the plan uses this very form.
  const std::optional<std::string> asked = field(call.query, "variant");
  if (asked && !asked->empty() && !technique->find_variant(*asked))
    return fail(call.request, 404, "technique '" + id + "' has no variant '" + *asked + "'");
  std::optional<PlanItem> planned;
  if (workspace_.has_saved_intake()) {
    if (auto plan = current_plan(turn)) {
      for (const PlanPhase& phase : (*plan)->phases)
        for (const PlanSession& session : phase.sessions)
          for (const PlanItem& item : session.items)
            if (!planned && item.technique == id) planned = item;
    }
  }
  const std::string form = asked ? *asked : planned ? planned->variant : "";
  std::optional<Dose> prescribed;
  if (planned && planned->variant == form) prescribed = planned->dose;
  return show(technique->form(form).name, "techniques", technique_html(*technique, form, prescribed, turn.kb));
}

Response WebApp::topics_page(const Call&, const Turn& turn) {
  return show("Short reads", "learn", topics_html(turn.kb));
}

Response WebApp::topic_page(const Call& call, const Turn& turn) {
  const std::string id = call.param("id");
  const Topic* topic = turn.kb.find_topic(id);
  if (!topic) return fail(call.request, 404, "unknown topic '" + id + "'");
  return show(topic->title, "learn", topic_html(*topic, turn.kb));
}

Response WebApp::session_page(const Call& call, const Turn& turn) {
  if (!workspace_.has_saved_intake()) return show("Today's session", "session", no_intake_html());
  auto plan = current_plan(turn);
  if (!plan) return problem(call.request, plan.error());
  if ((*plan)->status == PlanStatus::kRefer)
    return show("Today's session", "session", plan_html(**plan, turn.kb, nullptr));
  const std::string id = call.param("id");
  const PlanSession* session = session_of(turn, **plan, id);
  if (!session)
    return fail(call.request, 404, id.empty() ? "no session today in your plan" : "no session '" + id + "' in your plan");
  // The player opens only after the short safety re-check (POST below) sends the person here
  // with a pass for this session.
  if (!session_pass_valid(field(call.query, "pass").value_or(""), session->id)) {
    return show(session->title, "session",
                session_check_html(*session, csrf_token_, valid_speed(field(call.query, "speed").value_or(""))));
  }
  return show(session->title, "session", session_html(*session), 200, {"/assets/player.js"});
}

Response WebApp::session_check(const Call& call, const Turn& turn) {
  // The safety re-check before a session, as in `unknot session`: any sign stops it.
  auto plan = current_plan(turn);
  if (!plan) return problem(call.request, plan.error());
  const std::string id = call.param("id");
  const PlanSession* session = session_of(turn, **plan, id);
  if (!session) return fail(call.request, 404, "no session '" + id + "' in your plan");
  Intake screened = saved_intake_for_screening(turn);
  std::vector<DiaryEntry> reported;
  std::string speed;
  for (const auto& [name, value] : call.form) {
    if (name == "csrf") continue;
    if (name == "speed") {
      speed = value;
      continue;
    }
    const IntakeOption* option = find_option(name, value);
    const auto& asked = session_check_symptoms();
    if (!option || !option->value || std::find(asked.begin(), asked.end(), option->value) == asked.end()) {
      return fail(call.request, 400, fmt::format("the safety check: unknown answer '{}={}'", name, value));
    }
    screened.symptoms.insert(option->value);
    DiaryEntry entry;
    entry.at = turn.now;
    entry.type = EntryType::kSymptom;
    entry.symptom = option->value;
    reported.push_back(entry);
  }
  if (reported.empty()) {
    std::string target = "/session/" + session->id + "?pass=" + issue_session_pass(session->id);
    if (!speed.empty()) {
      // Only digits and a point go on into the Location header.
      if (valid_speed(speed).empty()) {
        return fail(call.request, 400, "the safety check: speed: expected a number above 0 and at most 1000");
      }
      target += "&speed=" + speed;
    }
    return redirect(target);
  }
  if (auto added = store(reported); !added) return problem(call.request, added.error());
  return show("No session today", "session",
              triage_html(triage(screened, turn.kb.safety), turn.kb,
                          "No session today: these signs need checking before any exercise. Your answers "
                          "are in the diary."));
}

Response WebApp::checkin_page(const Call& call, const Turn& turn) {
  auto entries = diary(turn);
  if (!entries) return problem(call.request, entries.error());
  const bool session_yesterday = std::any_of((*entries)->begin(), (*entries)->end(), [&](const DiaryEntry& entry) {
    return entry.type == EntryType::kSession && day_number(entry.at) == turn.today - 1;
  });
  // The one safety status first; the pregnancy signs only from 20 weeks, as in `unknot checkin`.
  std::string status;
  if (workspace_.has_saved_intake()) {
    if (auto plan = current_plan(turn)) status = safety_status_html(**plan, turn.kb, "");
  }
  const bool late_pregnancy = saved_intake_for_screening(turn).has_history("pregnant_20_weeks_or_more");
  return show("Daily check-in", "checkin", checkin_html(csrf_token_, session_yesterday, status, late_pregnancy));
}

Response WebApp::checkin_save(const Call& call, const Turn& turn) {
  // As `unknot checkin`: red flags first (an emergency stops it, keeping what was reported),
  // then morning pain, yesterday's triggers and a note, stored in one transaction.
  Intake screened = saved_intake_for_screening(turn);
  std::vector<OrderedJson> entries;
  std::optional<std::string> pain, context, note;
  // The time of the check-in: the page's script sends when the person pressed Save, so that
  // the phone's offline copy of the same check-in (web/assets/sw.js) is the same entries and
  // the diary keeps them once, even when this reply never reached the phone.
  std::string at = turn.now;
  if (auto sent = field(call.form, "at")) {
    if (sent->size() != 19 || !is_valid_timestamp(*sent))
      return fail(call.request, 400,
                  "the check-in form: at: expected a local date and time like 2026-03-02T07:30:00, got '" + *sent + "'");
    at = *sent;
  }
  const int checkin_day = day_of(at);
  for (const auto& [name, value] : call.form) {
    if (name == "csrf" || name == "at") continue;
    if (name == "nprs") {
      pain = value;
    } else if (name == "context") {
      context = value;
    } else if (name == "note") {
      note = value;
    } else if (name == "worry" && (value == "yes" || value == "no")) {
      // "Anything new or worrying?" only opens the list of signs; the ticked signs count.
    } else if (const IntakeOption* option = find_option(name, value);
               option && (std::string_view(option->pointer) == "/symptoms" ||
                          std::string_view(option->pointer) == "/pain/tearing_or_ripping" ||
                          std::string_view(option->pointer) == "/pain/started_after" ||
                          std::string_view(option->pointer) == "/profile/triggers")) {
      const std::string_view pointer = option->pointer;
      if (pointer == "/symptoms") {
        screened.symptoms.insert(option->value);
        entries.push_back({{"at", at}, {"type", "symptom"}, {"symptom", option->value}});
      } else if (pointer == "/pain/tearing_or_ripping") {
        screened.pain.tearing_or_ripping = true;
      } else if (pointer == "/pain/started_after") {
        screened.pain.started_after = option->value;
      } else {
        entries.push_back({{"at", iso_date(checkin_day - 1)}, {"type", "trigger"}, {"trigger", option->value}});
      }
    } else {
      return fail(call.request, 400, fmt::format("the check-in form: unknown answer '{}={}'", name, value));
    }
  }
  Triage screen = triage(screened, turn.kb.safety);
  const bool emergency = screen.level == Level::kEmergency;
  if (!emergency) {
    if (!pain || pain->empty())
      return fail(call.request, 400, "the check-in form: nprs: choose this morning's pain, 0 to 10");
    const auto value = parse_whole_number(*pain);
    if (!value)
      return fail(call.request, 400, "the check-in form: nprs: expected a whole number, got '" + *pain + "'");
    entries.push_back(
        {{"at", at}, {"type", "pain"}, {"nprs", *value}, {"context", context.value_or("morning")}});
    if (note && character_count(*note) > kNoteMaxCharacters) {
      return fail(call.request, 400,
                  fmt::format("The note is {} characters long; it can hold up to {}. Please shorten it.",
                              character_count(*note), kNoteMaxCharacters));
    }
    if (note && !note->empty()) entries.push_back({{"at", at}, {"type", "note"}, {"text", *note}});
  } else {
    // Only what was reported before the emergency stop is kept: the symptoms.
    entries.erase(std::remove_if(entries.begin(), entries.end(),
                                 [](const OrderedJson& entry) { return entry["type"] != "symptom"; }),
                  entries.end());
  }
  std::vector<DiaryEntry> parsed;
  for (const OrderedJson& json : entries) {
    auto entry = contract::diary_entry_from_json(Json(json), "the check-in form");
    if (!entry) return problem(call.request, entry.error());
    parsed.push_back(std::move(*entry));
  }
  if (!parsed.empty()) {
    if (auto added = store(parsed); !added) return problem(call.request, added.error());
  }
  if (emergency) {
    return show("Get help now", "checkin",
                triage_html(screen, turn.kb, "The check-in has stopped here. Please get help now.",
                            ticked_signs(call.form)));
  }
  if (!screened.symptoms.empty()) {
    return show("Check-in saved", "checkin",
                triage_html(screen, turn.kb,
                            fmt::format("Saved {} diary entries. You reported a warning sign, so here is "
                                        "the safety screen again.",
                                        parsed.size())));
  }
  return redirect(fmt::format("/diary?saved={}", parsed.size()));
}

Response WebApp::diary_page(const Call& call, const Turn& turn) {
  auto entries = diary(turn);
  if (!entries) return problem(call.request, entries.error());
  const std::vector<DiaryEntry>& all = **entries;
  std::vector<DiaryEntry> newest(all.rbegin(),
                                 all.rbegin() + static_cast<std::ptrdiff_t>(std::min(all.size(), kDiaryPageEntries)));
  std::string notice;
  if (auto saved = parse_whole_number(field(call.query, "saved").value_or(""))) {
    notice = fmt::format("Saved {} diary {}. Thank you.", *saved, *saved == 1 ? "entry" : "entries");
  }
  return show("Diary", "diary", diary_html(newest, csrf_token_, notice));
}

Response WebApp::diary_pain(const Call& call, const Turn& turn) {
  OrderedJson json = {{"at", turn.now}, {"type", "pain"}};
  const std::string nprs = field(call.form, "nprs").value_or("");
  const auto value = parse_whole_number(nprs);
  if (!value) return fail(call.request, 400, "the pain form: nprs: choose a number from 0 to 10");
  json["nprs"] = *value;
  json["context"] = field(call.form, "context").value_or("other");
  auto entry = contract::diary_entry_from_json(Json(json), "the pain form");
  if (!entry) return problem(call.request, entry.error());
  if (auto added = store({*entry}); !added) return problem(call.request, added.error());
  return redirect("/diary?saved=1");
}

Response WebApp::progress_page(const Call& call, const Turn& turn) {
  // Kept once drawn, like every page (route_table): a year of diary takes a few hundred
  // microseconds to summarise.
  auto as_of = service::parse_day(field(call.query, "as_of").value_or(turn.now.substr(0, 10)), "as_of");
  if (!as_of) return problem(call.request, as_of.error());
  auto entries = diary(turn);
  if (!entries) return problem(call.request, entries.error());
  auto review = review_as_of(turn, *as_of);
  if (!review) return problem(call.request, review.error());
  // The last 12 weeks, or from the person's first diary entry when that is later.
  const int from = std::max(*as_of - kTrendDays + 1, review->first_day.value_or(*as_of));
  const PainTrend trend = pain_trend(**entries, from, *as_of, *review);
  const Insights insights = build_insights(**entries, *as_of);
  return show("Progress", "progress", progress_html(trend, insights, *review, false));
}

Response WebApp::review_page(const Call& call, const Turn& turn) {
  auto as_of = service::parse_day(field(call.query, "as_of").value_or(turn.now.substr(0, 10)), "as_of");
  if (!as_of) return problem(call.request, as_of.error());
  auto review = review_as_of(turn, *as_of);
  if (!review) return problem(call.request, review.error());
  return show("Progress review", "review", review_html(*review));
}

Response WebApp::report_page(const Call& call, const Turn& turn) {
  // The physiotherapist's report: the same values as `unknot report` (report/report.h).
  auto as_of = service::parse_day(field(call.query, "as_of").value_or(turn.now.substr(0, 10)), "as_of");
  if (!as_of) return problem(call.request, as_of.error());
  auto made = workspace_.report(*as_of);
  if (!made) return problem(call.request, made.error());
  return show("Report", "progress", unknot::report::report_main_html(*made), 200, {"/assets/print.js"});
}

Response WebApp::export_page(const Call&, const Turn&) {
  return show("Exports", "export", export_html(workspace_.has_saved_intake()));
}

Response WebApp::export_plan(const Call& call, const Turn& turn) {
  auto plan = current_plan(turn);
  if (!plan) return problem(call.request, plan.error());
  if (call.request.path() == "/export/plan.ics") {
    // The same events as `unknot calendar export`: week 1 from the first diary entry, from today on.
    auto review = review_as_of(turn, turn.today);
    const int first = review && review->first_day ? *review->first_day : turn.today;
    auto data_dir = workspace_.data_dir();
    auto ics = exporting::plan_to_ics(
        **plan, exporting::CalendarOptions{iso_date(first), turn.now.substr(0, 10), 18 * 60, service::utc_stamp_now(),
                                           exporting::calendar_person_key(data_dir ? *data_dir : "")});
    if (!ics) return problem(call.request, ics.error());
    return attachment(*ics, "text/calendar; charset=utf-8", "unknot-plan.ics");
  }
  auto entries = diary(turn);
  if (!entries) return problem(call.request, entries.error());
  return attachment(
      exporting::to_fhir_bundle(&**plan, **entries, "unknot-user", service::utc_offset_at).dump(2) + "\n",
      "application/fhir+json", "unknot-fhir.json");
}

Response WebApp::export_diary(const Call& call, const Turn& turn) {
  auto entries = diary(turn);
  if (!entries) return problem(call.request, entries.error());
  const bool csv = call.request.path() == "/export/diary.csv";
  std::string text = csv ? contract::diary_csv_header() : "";
  for (const DiaryEntry& entry : **entries) {
    text += csv ? contract::diary_entry_to_csv_row(entry) : contract::diary_entry_to_json_text(entry) + "\n";
  }
  return csv ? attachment(text, "text/csv; charset=utf-8", "unknot-diary.csv")
             : attachment(text, "application/jsonl; charset=utf-8", "unknot-diary.jsonl");
}

// ---- pairing a device

Response WebApp::pair_page(const Call& call, const Turn&) {
  // A page with a button rather than pairing on GET: link previews and prefetching must not
  // use up the one-time code.
  const std::string code = field(call.query, "code").value_or("");
  std::string main = "<h1>Pair this device</h1>";
  if (!options_.pairing) {
    main += "<p>unknot answers only this computer, so there is nothing to pair.</p><p><a href=\"/\">Go on</a></p>";
  } else if (code.empty() || code.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return not_paired(call.request);
  } else {
    main += "<p>Pair this device with unknot so it can see and change your plan and diary.</p>"
            "<form method=\"post\" action=\"/pair\"><input type=\"hidden\" name=\"code\" value=\"" +
            escape(code) + "\"><button type=\"submit\">Pair this device</button></form>";
  }
  return html_response(200, page({"Pair this device", "", "", {}}, main));
}

Response WebApp::pair_device(const Call& call, const Turn&) {
  if (!options_.pairing) return redirect("/");
  auto token = options_.pairing->pair(field(call.form, "code").value_or(""), call.request.header("user-agent"));
  if (!token) return problem(call.request, token.error());
  if (!*token) {
    return fail(call.request, 403,
                "this pairing link was used already or is out of date; the terminal where unknot runs shows a "
                "new link");
  }
  Response paired = redirect("/");
  paired.headers.emplace_back("Set-Cookie", fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}",
                                                        kDeviceCookie, **token, 400 * 24 * 60 * 60,
                                                        options_.secure_cookie ? "; Secure" : ""));
  if (options_.on_paired) options_.on_paired();
  return paired;
}

}  // namespace unknot::web
