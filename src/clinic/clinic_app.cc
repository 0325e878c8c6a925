#include "clinic/clinic_app.h"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

#include "clinic/clinic_pages.h"
#include "clinic/prescriptions.h"
#include "contract/prescription_json.h"
#include "clinic/secrets.h"
#include "content/embedded.h"
#include "contract/contract_json.h"
#include "contract/diary_json.h"
#include "contract/intake_json.h"
#include "core/attention.h"
#include "core/plan.h"
#include "core/review.h"
#include "core/triage.h"
#include "export/fhir.h"
#include "report/report.h"
#include "report/report_html.h"
#include "web/assets.h"

namespace unknot::clinic {

using Json = nlohmann::json;
using contract::OrderedJson;
using web::Request;
using web::Response;
using web::attachment;

struct ClinicApp::Call {
  const Request& request;
  std::string id;                             // the {id} of the path, when the route has one
  std::optional<ClinicianSession> clinician;  // kClinician routes
  std::string patient_id;                     // kDevice routes: the device's patient
  std::string device_token;
  SummaryStore* summaries = nullptr;          // judged patients (clinic/patient_summary.h)
  SummaryStore::ViewCache* views = nullptr;
  PatientPageCache* pages = nullptr;
  AuditLog* audit = nullptr;
  SummaryRefresher* refresher = nullptr;      // null: judge within the request
  // A read of patient data let through by its route itself (Route::reads_with_session): the
  // session is found and the read recorded together with the route's first statement, in one
  // round trip; `clinician` is set then (or stays empty: not signed in).
  std::optional<RecordedRead> pending;
};

namespace {

// Status of a failed store call: busy or unreachable database -> 503, else 500; bad input 400.
struct Failure {
  int status;
  std::string message;
};

Failure failure_of(const Error& error) {
  if (error.kind == ErrorKind::kBadInput) return {400, error.message};
  if (error.message.find("busy") != std::string::npos || error.message.find("cannot connect") != std::string::npos) {
    return {503, "the clinic database is not answering; try again in a moment"};
  }
  return {500, "the clinic server hit a problem with its database"};
}

bool is_api(std::string_view path) { return path.rfind("/api/", 0) == 0; }

Response json_response(int status, const OrderedJson& json) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = json.dump(2) + "\n";
  return response;
}

Response html_response(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
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

Response problem(std::string_view path, int status, const std::string& message) {
  Response response = is_api(path) ? json_response(status, {{"error", message}})
                                   : html_response(status, problem_page(status, message));
  if (status == 503 || status == 429) response.headers.emplace_back("Retry-After", status == 429 ? "900" : "5");
  return response;
}

Response problem(std::string_view path, const Error& error) {
  const Failure failure = failure_of(error);
  return problem(path, failure.status, failure.message);
}

// The answer to a clinician route without a valid session.
Response signed_out(std::string_view path) {
  return is_api(path) ? problem(path, 401, "sign in first") : redirect("/login");
}

// The value of cookie `name` in a Cookie header, or "".
std::string cookie(const Request& request, std::string_view name) {
  const std::string header = request.header("cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    const auto end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) return std::string(pair.substr(equals + 1));
  }
  return "";
}

std::string bearer_token(const Request& request) {
  const std::string header = request.header("authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (header.size() <= kPrefix.size() || header.compare(0, kPrefix.size(), kPrefix) != 0) return "";
  return header.substr(kPrefix.size());
}

std::string session_cookie(const std::string& value, bool secure, bool clear) {
  std::string text = std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) text += "; Secure";
  text += clear ? "; Max-Age=0" : "; Max-Age=" + std::to_string(std::chrono::seconds(kSessionLifetime).count());
  return text;
}

// A JSON object body, or a 400 naming what was wrong.
std::optional<Json> json_body(const Request& request, std::string& error) {
  if (request.header("content-type").rfind("application/json", 0) != 0) {
    error = "the body must be JSON (Content-Type: application/json)";
    return std::nullopt;
  }
  Json parsed = Json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    error = "the body is not a JSON object";
    return std::nullopt;
  }
  return parsed;
}

std::optional<std::string> string_member(const Json& body, const char* key) {
  const auto found = body.find(key);
  if (found == body.end() || !found->is_string()) return std::nullopt;
  return found->get<std::string>();
}

// Whether a change comes from this server's own pages: the Origin (or, without it, the
// Referer) must name the Host. Requests without either (scripts, curl) pass: they carry no
// ambient cookie from a browser tab, and the CSRF token still applies.
bool same_origin(const Request& request) {
  const std::string host = request.header("host");
  std::string origin = request.header("origin");
  if (origin.empty()) {
    const std::string referer = request.header("referer");
    if (referer.empty()) return true;
    const auto scheme_end = referer.find("://");
    if (scheme_end == std::string::npos) return false;
    const auto path_start = referer.find('/', scheme_end + 3);
    origin = referer.substr(0, path_start);
  }
  if (origin == "null") return false;
  const auto scheme_end = origin.find("://");
  return scheme_end != std::string::npos && origin.substr(scheme_end + 3) == host;
}

bool path_matches(std::string_view pattern, std::string_view path, std::string& id) {
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    const auto pattern_end = std::min(pattern.find('/'), pattern.size());
    const auto path_end = std::min(path.find('/'), path.size());
    const std::string_view want = pattern.substr(0, pattern_end);
    const std::string_view got = path.substr(0, path_end);
    if (want == "{id}" || want == "{name}") {
      if (got.empty()) return false;
      id = std::string(got);
    } else if (want != got) {
      return false;
    }
    pattern.remove_prefix(pattern_end);
    path.remove_prefix(path_end);
  }
  return true;
}

OrderedJson attention_json(const std::vector<Attention>& attention) {
  OrderedJson codes = OrderedJson::array();
  for (Attention reason : attention) codes.push_back(std::string(to_string(reason)));
  return codes;
}

std::string base_url(const Request& request, bool secure) {
  return std::string(secure ? "https://" : "http://") + request.header("host") + "/";
}

}  // namespace

std::string_view to_string(Access access) {
  switch (access) {
    case Access::kPublic: return "public";
    case Access::kClinician: return "clinician";
    case Access::kDevice: return "device";
  }
  return "unknown";
}

namespace {

using Handler = Response (*)(ClinicApp::Call&, ClinicStore&, const Catalogue&, const ClinicAppOptions&, int today);

struct Route {
  RouteInfo info;
  Handler handler;
  // A read of patient data whose handler finds the session and records the read in the same
  // round trip as its own first statement (Call::pending), and answers signed_out() itself.
  bool reads_with_session = false;
};

// ---- clinician API ----

Response login_with(const Request& request, ClinicStore& store, const std::string& email, const std::string& password,
                    bool html, bool secure) {
  const std::string address = request.remote_address.empty() ? "unknown" : request.remote_address;
  auto throttled = store.login_throttled(email, address);
  if (!throttled) return problem(request.path(), throttled.error());
  const std::string wait = "Too many failed sign-ins. Wait 15 minutes and try again.";
  if (*throttled) {
    Response response = html ? html_response(429, login_page(wait, email)) : json_response(429, {{"error", wait}});
    response.headers.emplace_back("Retry-After", "900");
    return response;
  }
  auto session = store.login(email, password, address);
  if (!session) return problem(request.path(), session.error());
  const std::string wrong = "The email or the password is wrong.";
  if (!*session) return html ? html_response(401, login_page(wrong, email)) : json_response(401, {{"error", wrong}});
  Response response = html ? redirect("/patients") : json_response(200, {{"csrf_token", (*session)->csrf_token}});
  response.headers.emplace_back("Set-Cookie", session_cookie((*session)->token, secure, false));
  return response;
}

Response api_login(ClinicApp::Call& call, ClinicStore& store, const Catalogue&, const ClinicAppOptions& options, int) {
  std::string error;
  auto body = json_body(call.request, error);
  if (!body) return problem(call.request.path(), 400, error);
  auto email = string_member(*body, "email");
  auto password = string_member(*body, "password");
  if (!email || !password) return problem(call.request.path(), 400, "the body needs \"email\" and \"password\" strings");
  return login_with(call.request, store, *email, *password, false, options.secure_cookies);
}

Response logout(ClinicApp::Call& call, ClinicStore& store, const Catalogue&, const ClinicAppOptions& options, int) {
  if (auto ended = store.logout_everywhere(call.clinician->clinician.id); !ended) {
    return problem(call.request.path(), ended.error());
  }
  Response response = is_api(call.request.path()) ? json_response(200, {{"signed_out", true}}) : redirect("/login");
  response.headers.emplace_back("Set-Cookie", session_cookie("", options.secure_cookies, true));
  return response;
}

// The `attention` filter of a list's query string: nullopt for none, an error for a code
// that is not one of the reasons.
Result<std::optional<Attention>> attention_filter(const Request& request) {
  auto query = web::parse_form(request.query());
  if (!query) return Error::bad_input("the query string could not be read");
  const std::string code = web::field(*query, "attention").value_or("");
  if (code.empty()) return std::optional<Attention>{};
  if (auto reason = attention_from_code(code)) return std::optional<Attention>(*reason);
  return Error::bad_input("attention=" + code +
                          " is not a reason; use warning_sign, see_professional, pain_worse, painful_session,"
                          " no_recent_entry or review_due");
}

// The clinician's list; for a pending read, the session found and the read recorded with it
// (an empty list and no clinician: not signed in).
Result<std::vector<ListedPatient>> listed_patients(ClinicApp::Call& call, int today) {
  auto only = attention_filter(call.request);
  if (call.pending) {
    const RecordedRead read = std::move(*call.pending);
    call.pending.reset();
    if (!only) {
      // Nothing to read: the session and the record alone, as for any other read.
      auto session = call.audit->session_recording(read.token, read.action, read.patient_id, read.request);
      if (!session) return session.error();
      call.clinician = std::move(*session);
      if (!call.clinician) return std::vector<ListedPatient>{};
      return only.error();
    }
    auto found = call.summaries->list(read, *only, today);
    if (!found) return found.error();
    call.clinician = std::move(found->session);
    return std::move(found->patients);
  }
  if (!only) return only.error();
  return call.summaries->list(call.clinician->clinician.id, *only, today);
}

Response api_patients(ClinicApp::Call& call, ClinicStore&, const Catalogue&, const ClinicAppOptions&, int today) {
  auto listed = listed_patients(call, today);
  if (!listed) return problem(call.request.path(), listed.error());
  if (!call.clinician) return signed_out(call.request.path());
  OrderedJson patients = OrderedJson::array();
  for (const ListedPatient& patient : *listed) {
    OrderedJson item;
    item["id"] = patient.summary.id;
    item["display_name"] = patient.summary.display_name;
    item["attention"] = attention_json(patient.need.attention);
    item["last_entry_at"] = patient.summary.last_entry_at ? OrderedJson(*patient.summary.last_entry_at) : OrderedJson(nullptr);
    item["linked"] = patient.summary.linked;
    item["entries"] = patient.summary.entries;
    item["warning_sign_on"] = patient.need.warning_sign_on ? OrderedJson(*patient.need.warning_sign_on) : OrderedJson(nullptr);
    item["screen_level"] = patient.need.screen_level ? OrderedJson(std::string(to_string(*patient.need.screen_level)))
                                                     : OrderedJson(nullptr);
    item["days_with_data_last_30"] = patient.need.days_with_data_last_30;
    item["week_pain"] = patient.need.week_pain ? OrderedJson(*patient.need.week_pain) : OrderedJson(nullptr);
    item["verdict"] = patient.need.verdict;
    patients.push_back(std::move(item));
  }
  OrderedJson out;
  out["patients"] = std::move(patients);
  return json_response(200, out);
}

Response api_add_patient(ClinicApp::Call& call, ClinicStore& store, const Catalogue&, const ClinicAppOptions&, int) {
  std::string error;
  auto body = json_body(call.request, error);
  if (!body) return problem(call.request.path(), 400, error);
  auto name = string_member(*body, "display_name");
  if (!name) return problem(call.request.path(), 400, "the body needs a \"display_name\" string");
  auto made = store.add_patient(call.clinician->clinician.id, *name);
  if (!made) return problem(call.request.path(), made.error());
  OrderedJson out;
  out["id"] = made->id;
  out["link_code"] = made->link_code;
  out["expires_at"] = made->expires_at;
  return json_response(201, out);
}

// One patient of the clinician; for a pending read, the session found and the read recorded
// with it (nullopt and no clinician: not signed in).
Result<std::optional<SummaryStore::Read>> one_patient(ClinicApp::Call& call, int today) {
  if (call.pending) {
    const RecordedRead read = std::move(*call.pending);
    call.pending.reset();
    auto found = call.summaries->patient(read, call.id, today, *call.views);
    if (!found) return found.error();
    call.clinician = std::move(found->session);
    return std::move(found->read);
  }
  return call.summaries->patient(call.clinician->clinician.id, call.id, today, *call.views);
}

// The same answer for another clinician's patient as for an id that does not exist.
constexpr const char* kNoSuchPatient = "no such patient";

Response api_patient(ClinicApp::Call& call, ClinicStore&, const Catalogue&, const ClinicAppOptions&, int today) {
  auto read = one_patient(call, today);
  if (!read) return problem(call.request.path(), read.error());
  if (!call.clinician) return signed_out(call.request.path());
  if (!*read) return problem(call.request.path(), 404, kNoSuchPatient);
  const PatientSummary& summary = (*read)->summary;
  const PatientView& patient = *(*read)->judged;
  OrderedJson out;
  out["id"] = summary.id;
  out["display_name"] = summary.display_name;
  out["review"] = contract::review_to_json(patient.review);
  out["safety"] = patient.screen ? contract::triage_to_json(*patient.screen) : OrderedJson(nullptr);
  out["entries"] = summary.entries;
  out["attention"] = attention_json(patient.attention);
  out["linked"] = summary.linked;
  out["last_entry_at"] = summary.last_entry_at ? OrderedJson(*summary.last_entry_at) : OrderedJson(nullptr);
  out["days_with_data_last_30"] = days_with_data(patient.entries, today);
  return json_response(200, out);
}

Response api_patient_diary(ClinicApp::Call& call, ClinicStore& store, const Catalogue&, const ClinicAppOptions&, int) {
  auto data = store.patient(call.clinician->clinician.id, call.id);
  if (!data) return problem(call.request.path(), data.error());
  if (!*data) return problem(call.request.path(), 404, kNoSuchPatient);
  OrderedJson entries = OrderedJson::array();
  for (const std::string& line : (*data)->entry_lines) entries.push_back(OrderedJson::parse(line));
  OrderedJson out;
  out["entries"] = std::move(entries);
  return json_response(200, out);
}

Response api_renew_code(ClinicApp::Call& call, ClinicStore& store, const Catalogue&, const ClinicAppOptions&, int) {
  auto made = store.renew_link_code(call.clinician->clinician.id, call.id);
  if (!made) return problem(call.request.path(), made.error());
  if (!*made) return problem(call.request.path(), 404, kNoSuchPatient);
  OrderedJson out;
  out["id"] = (*made)->id;
  out["link_code"] = (*made)->link_code;
  out["expires_at"] = (*made)->expires_at;
  return json_response(201, out);
}

// ---- device API ----

Response api_link(ClinicApp::Call& call, ClinicStore& store, const Catalogue&, const ClinicAppOptions&, int) {
  std::string error;
  auto body = json_body(call.request, error);
  if (!body) return problem(call.request.path(), 400, error);
  auto code = string_member(*body, "code");
  if (!code) return problem(call.request.path(), 400, "the body needs a \"code\" string");
  auto token = store.link(*code);
  if (!token) return problem(call.request.path(), token.error());
  if (!*token) {
    return problem(call.request.path(), 400,
                   "that link code is not valid: it may be mistyped, used already, or expired; ask your clinician for a new one");
  }
  return json_response(200, {{"token", **token}});
}

// The most entries one sync may carry; the client sends larger backlogs in batches.
constexpr std::size_t kMaxEntriesPerSync = 500;

Response api_sync(ClinicApp::Call& call, ClinicStore& store, const Catalogue&, const ClinicAppOptions&, int today) {
  std::string error;
  auto body = json_body(call.request, error);
  if (!body) return problem(call.request.path(), 400, error);
  std::vector<std::pair<std::string, std::string>> lines;
  if (const auto entries = body->find("entries"); entries != body->end()) {
    if (!entries->is_array()) return problem(call.request.path(), 400, "\"entries\" must be an array");
    if (entries->size() > kMaxEntriesPerSync) {
      return problem(call.request.path(), 400,
                     "\"entries\" has more than " + std::to_string(kMaxEntriesPerSync) + " entries; send them in batches");
    }
    for (std::size_t i = 0; i < entries->size(); ++i) {
      auto entry = contract::parse_diary_entry((*entries)[i].dump(), "entries[" + std::to_string(i) + "]");
      if (!entry) return problem(call.request.path(), 400, entry.error().message);
      lines.emplace_back(entry->at, contract::diary_entry_to_json_text(*entry));
    }
  }
  std::optional<std::string> intake;
  if (const auto found = body->find("intake"); found != body->end() && !found->is_null()) {
    auto parsed = contract::parse_intake(found->dump(), "intake");
    if (!parsed) return problem(call.request.path(), 400, parsed.error().message);
    intake = contract::intake_to_json_text(*parsed);
  }
  auto outcome = store.sync(call.patient_id, lines, intake);
  if (!outcome) return problem(call.request.path(), outcome.error());
  if (outcome->stored > 0 || outcome->intake_changed) {
    // The patient's summary for the clinician's list, judged now or just after the answer.
    // The sync is stored either way: a summary that could not be written stays stale and
    // the next list judges it.
    if (call.refresher != nullptr) {
      call.refresher->request(call.patient_id, today);
    } else {
      (void)call.summaries->refresh(call.patient_id, today);
    }
  }
  OrderedJson out;
  out["stored"] = outcome->stored;
  out["duplicates"] = outcome->duplicates;
  return json_response(200, out);
}

Response api_prescription(ClinicApp::Call& call, ClinicStore& store, const Catalogue&, const ClinicAppOptions&, int) {
  auto body = store.device_prescription(call.patient_id);
  if (!body) return problem(call.request.path(), body.error());
  OrderedJson out;
  // Stored canonical by the clinician's save (contract/prescription_json.h).
  out["prescription"] = *body ? OrderedJson::parse(**body) : OrderedJson(nullptr);
  return json_response(200, out);
}

Response api_unlink(ClinicApp::Call& call, ClinicStore& store, const Catalogue&, const ClinicAppOptions&, int) {
  bool delete_copy = false;
  if (!call.request.body.empty()) {
    std::string error;
    auto body = json_body(call.request, error);
    if (!body) return problem(call.request.path(), 400, error);
    if (const auto found = body->find("delete_clinic_copy"); found != body->end()) {
      if (!found->is_boolean()) return problem(call.request.path(), 400, "\"delete_clinic_copy\" must be true or false");
      delete_copy = found->get<bool>();
    }
  }
  if (auto done = store.unlink(call.device_token, delete_copy); !done) return problem(call.request.path(), done.error());
  OrderedJson out;
  out["unlinked"] = true;
  out["deleted_clinic_copy"] = delete_copy;
  return json_response(200, out);
}

// ---- prescriptions (clinician) ----

OrderedJson overrides_json(const std::vector<OverrideRecord>& records) {
  OrderedJson list = OrderedJson::array();
  for (const OverrideRecord& record : records) {
    list.push_back({{"technique", record.technique}, {"rule", record.rule}, {"by", record.by}, {"at", record.at}});
  }
  return list;
}

Response api_patient_prescription(ClinicApp::Call& call, ClinicStore& store, const Catalogue& catalogue,
                                  const ClinicAppOptions&, int) {
  auto loaded = load_prescription(store, call.clinician->clinician.id, call.id, catalogue);
  if (!loaded) return problem(call.request.path(), loaded.error());
  if (!*loaded) return problem(call.request.path(), 404, kNoSuchPatient);
  auto records = store.overrides(call.clinician->clinician.id, call.id);
  if (!records) return problem(call.request.path(), records.error());
  OrderedJson out;
  out["prescription"] = (*loaded)->prescription ? contract::prescription_to_json(*(*loaded)->prescription)
                                                : OrderedJson(nullptr);
  out["version"] = (*loaded)->version;
  out["overrides"] = overrides_json(records->value_or(std::vector<OverrideRecord>{}));
  return json_response(200, out);
}

Response api_save_prescription(ClinicApp::Call& call, ClinicStore& store, const Catalogue& catalogue,
                               const ClinicAppOptions&, int) {
  // Another clinician's patient answers 404 whatever the body, exactly as an unknown id.
  auto owned = store.prescription(call.clinician->clinician.id, call.id);
  if (!owned) return problem(call.request.path(), owned.error());
  if (!*owned) return problem(call.request.path(), 404, kNoSuchPatient);
  std::string error;
  auto body = json_body(call.request, error);
  if (!body) return problem(call.request.path(), 400, error);
  auto wanted = contract::prescription_from_json(*body, "request body", catalogue);
  if (!wanted) return problem(call.request.path(), 400, wanted.error().message);
  const int based_on = wanted->version;  // the version the change was made to
  auto outcome = save_checked(store, call.clinician->clinician, call.id, based_on, std::move(*wanted), catalogue, utc_now());
  if (!outcome) return problem(call.request.path(), outcome.error());
  if (outcome->no_patient) return problem(call.request.path(), 404, kNoSuchPatient);
  if (!outcome->refusals.empty()) {
    Response response;
    response.status = 400;
    response.content_type = "application/json";
    response.body = refusals_json(outcome->refusals);
    return response;
  }
  OrderedJson out;
  out["prescription"] = contract::prescription_to_json(*outcome->saved);
  return json_response(200, out);
}

Result<std::optional<PrescriptionPageData>> prescription_page_data(ClinicApp::Call& call, ClinicStore& store,
                                                                   const Catalogue& catalogue) {
  auto data = store.patient(call.clinician->clinician.id, call.id);
  if (!data) return data.error();
  if (!*data) return std::optional<PrescriptionPageData>();
  auto loaded = load_prescription(store, call.clinician->clinician.id, call.id, catalogue);
  if (!loaded) return loaded.error();
  if (!*loaded) return std::optional<PrescriptionPageData>();
  auto records = store.overrides(call.clinician->clinician.id, call.id);
  if (!records) return records.error();
  PrescriptionPageData page;
  page.csrf = call.clinician->csrf_token;
  page.patient_id = call.id;
  page.patient_name = (*data)->summary.display_name;
  page.loaded = std::move(**loaded);
  page.overrides = records->value_or(std::vector<OverrideRecord>{});
  return std::optional<PrescriptionPageData>(std::move(page));
}

Response prescription_page_get(ClinicApp::Call& call, ClinicStore& store, const Catalogue& catalogue,
                               const ClinicAppOptions&, int) {
  auto page = prescription_page_data(call, store, catalogue);
  if (!page) return problem(call.request.path(), page.error());
  if (!*page) return problem(call.request.path(), 404, kNoSuchPatient);
  return html_response(200, prescription_page(**page, catalogue));
}

// One change from the page's forms; on a mistake the page comes back (400) with the error
// beside its field and what was typed kept, or with the rules to confirm an override of.
Response prescription_post(ClinicApp::Call& call, ClinicStore& store, const Catalogue& catalogue,
                           const ClinicAppOptions&, int) {
  auto fields = web::parse_form(call.request.body);
  if (!fields) return problem(call.request.path(), 400, "the form could not be read");
  auto page = prescription_page_data(call, store, catalogue);
  if (!page) return problem(call.request.path(), page.error());
  if (!*page) return problem(call.request.path(), 404, kNoSuchPatient);
  PrescriptionPageData& data = **page;
  data.form = *fields;
  const std::string version = web::field(*fields, "version").value_or("");
  if (version != std::to_string(data.loaded.version)) {
    data.error = FormError{"version", "The prescription was changed in another window meanwhile; this page now shows it. "
                                      "Make the change again."};
    data.form.clear();
    return html_response(400, prescription_page(data, catalogue));
  }
  FormError error;
  auto next = apply_form_change(data.loaded.prescription.value_or(Prescription{}), *fields, catalogue, error);
  if (!next) {
    data.error = error;
    return html_response(400, prescription_page(data, catalogue));
  }
  auto outcome = save_checked(store, call.clinician->clinician, call.id, data.loaded.version, std::move(*next), catalogue,
                              utc_now());
  if (!outcome) {
    if (outcome.error().kind != ErrorKind::kBadInput) return problem(call.request.path(), outcome.error());
    data.error = FormError{"version", outcome.error().message};
    return html_response(400, prescription_page(data, catalogue));
  }
  if (outcome->no_patient) return problem(call.request.path(), 404, kNoSuchPatient);
  if (!outcome->refusals.empty()) {
    data.refusals = outcome->refusals;
    return html_response(400, prescription_page(data, catalogue));
  }
  return redirect("/patients/" + call.id + "/prescription");
}

// ---- clinician pages ----

Response home(ClinicApp::Call&, ClinicStore&, const Catalogue&, const ClinicAppOptions&, int) {
  return redirect("/patients");
}

Response login_form(ClinicApp::Call&, ClinicStore&, const Catalogue&, const ClinicAppOptions&, int) {
  return html_response(200, login_page("", ""));
}

Response login_post(ClinicApp::Call& call, ClinicStore& store, const Catalogue&, const ClinicAppOptions& options, int) {
  auto fields = web::parse_form(call.request.body);
  if (!fields) return problem(call.request.path(), 400, "the form could not be read");
  return login_with(call.request, store, web::field(*fields, "email").value_or(""),
                    web::field(*fields, "password").value_or(""), true, options.secure_cookies);
}

Response patients_page_get(ClinicApp::Call& call, ClinicStore&, const Catalogue&, const ClinicAppOptions&, int today) {
  auto listed = listed_patients(call, today);
  if (!listed) return problem(call.request.path(), listed.error());
  if (!call.clinician) return signed_out(call.request.path());
  std::vector<PatientRow> rows;
  rows.reserve(listed->size());
  for (ListedPatient& patient : *listed) rows.push_back({std::move(patient.summary), std::move(patient.need)});
  auto only = attention_filter(call.request);
  return html_response(200, patients_page(call.clinician->clinician, call.clinician->csrf_token, rows,
                                          only && *only ? std::string(to_string(**only)) : ""));
}

Response add_patient_post(ClinicApp::Call& call, ClinicStore& store, const Catalogue&, const ClinicAppOptions& options,
                          int) {
  auto fields = web::parse_form(call.request.body);
  if (!fields) return problem(call.request.path(), 400, "the form could not be read");
  const std::string name = web::field(*fields, "display_name").value_or("");
  auto made = store.add_patient(call.clinician->clinician.id, name);
  if (!made) return problem(call.request.path(), made.error());
  return html_response(201, link_code_page(call.clinician->csrf_token, name, *made,
                                           base_url(call.request, options.secure_cookies)));
}

Response patient_page_get(ClinicApp::Call& call, ClinicStore&, const Catalogue& catalogue, const ClinicAppOptions&,
                          int today) {
  auto read = one_patient(call, today);
  if (!read) return problem(call.request.path(), read.error());
  if (!call.clinician) return signed_out(call.request.path());
  if (!*read) return problem(call.request.path(), 404, kNoSuchPatient);
  const PatientView& patient = *(*read)->judged;
  const PatientSummary& summary = (*read)->summary;
  // The content once per judged patient and day; only the forms' token is this session's.
  const PatientPageCache::Key key{patient.data_version, today, summary.last_entry_at, summary.entries};
  std::shared_ptr<const std::string> body = call.pages->find(summary.id, key);
  if (!body) {
    const std::optional<Plan> plan = patient_plan(patient, catalogue, today);
    body = std::make_shared<const std::string>(
        patient_page_body({summary, patient.entries, patient.screen, patient.review, patient.attention,
                           plan ? plan->triage.level : std::optional<Level>{}, days_with_data(patient.entries, today),
                           today}));
    call.pages->put(summary.id, key, body);
  }
  return html_response(200, patient_page(call.clinician->csrf_token, summary, *body));
}

// The patient's FHIR bundle, from the person's own app's code (export/fhir.h). Diary times are
// the patient's local times and the server does not know their time zone, so timed readings
// are exported as their date with the local time in the note, never with a guessed offset.
Response patient_fhir(ClinicApp::Call& call, ClinicStore&, const Catalogue& catalogue, const ClinicAppOptions&,
                      int today) {
  auto read = one_patient(call, today);
  if (!read) return problem(call.request.path(), read.error());
  if (!call.clinician) return signed_out(call.request.path());
  if (!*read) return problem(call.request.path(), 404, kNoSuchPatient);
  const PatientView& patient = *(*read)->judged;
  const std::optional<Plan> plan = patient_plan(patient, catalogue, today);
  const auto bundle = exporting::to_fhir_bundle(plan ? &*plan : nullptr, patient.entries, "unknot-" + call.id,
                                                [](const std::string&) { return std::string(); });
  return attachment(bundle.dump(2) + "\n", "application/fhir+json", "unknot-fhir-" + call.id + ".json");
}

// The patient's report, from the person's own app's code (report/report_html.h), as one
// stand-alone HTML document.
Response patient_report(ClinicApp::Call& call, ClinicStore&, const Catalogue& catalogue, const ClinicAppOptions&,
                        int today) {
  auto read = one_patient(call, today);
  if (!read) return problem(call.request.path(), read.error());
  if (!call.clinician) return signed_out(call.request.path());
  if (!*read) return problem(call.request.path(), 404, kNoSuchPatient);
  const PatientView& patient = *(*read)->judged;
  const std::optional<Plan> plan = patient_plan(patient, catalogue, today);
  const report::Report made = report::build_report(
      {patient.intake ? &*patient.intake : nullptr, plan ? &*plan : nullptr, &patient.entries, &patient.review, today});
  return attachment(report::report_document(made, web::embedded_asset("assets/style.css")), "text/html; charset=utf-8",
                  "unknot-report-" + call.id + ".html");
}

// ---- the clinician's own audit log ----

std::optional<long long> before_of(const Request& request, std::string& error) {
  auto query = web::parse_form(request.query());
  if (!query) {
    error = "the query string could not be read";
    return std::nullopt;
  }
  const std::string text = web::field(*query, "before").value_or("");
  if (text.empty()) return std::nullopt;
  if (text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) {
    error = "before=" + text + " is not an entry number";
    return std::nullopt;
  }
  return std::stoll(text);
}

Result<std::vector<AuditEntry>> audit_entries(ClinicApp::Call& call) {
  std::string error;
  const auto before = before_of(call.request, error);
  if (!error.empty()) return Error::bad_input(error);
  return call.audit->entries(call.clinician->clinician.id, before);
}

Response api_audit(ClinicApp::Call& call, ClinicStore&, const Catalogue&, const ClinicAppOptions&, int) {
  auto entries = audit_entries(call);
  if (!entries) return problem(call.request.path(), entries.error());
  OrderedJson list = OrderedJson::array();
  for (const AuditEntry& entry : *entries) {
    OrderedJson item;
    item["id"] = entry.id;
    item["at"] = entry.at;
    item["action"] = std::string(to_string(entry.action));
    item["patient_id"] = entry.patient_id ? OrderedJson(*entry.patient_id) : OrderedJson(nullptr);
    item["request"] = entry.request;
    list.push_back(std::move(item));
  }
  OrderedJson out;
  out["entries"] = std::move(list);
  return json_response(200, out);
}

Response audit_page_get(ClinicApp::Call& call, ClinicStore&, const Catalogue&, const ClinicAppOptions&, int) {
  auto entries = audit_entries(call);
  if (!entries) return problem(call.request.path(), entries.error());
  return html_response(200, audit_page(call.clinician->clinician, call.clinician->csrf_token, *entries));
}

Response renew_code_post(ClinicApp::Call& call, ClinicStore& store, const Catalogue&, const ClinicAppOptions& options,
                         int) {
  auto made = store.renew_link_code(call.clinician->clinician.id, call.id);
  if (!made) return problem(call.request.path(), made.error());
  if (!*made) return problem(call.request.path(), 404, kNoSuchPatient);
  auto data = store.patient(call.clinician->clinician.id, call.id);
  const std::string name = data && *data ? (*data)->summary.display_name : "";
  return html_response(201, link_code_page(call.clinician->csrf_token, name, **made,
                                           base_url(call.request, options.secure_cookies)));
}

Response asset(ClinicApp::Call& call, ClinicStore&, const Catalogue&, const ClinicAppOptions&, int) {
  if (call.id != "clinic.css" && call.id != "style.css" && call.id != "icon.svg") return problem(call.request.path(), 404, "no such file");
  Response response;
  response.body = std::string(web::embedded_asset("assets/" + call.id));
  if (response.body.empty()) return problem(call.request.path(), 404, "no such file");
  response.content_type = call.id == "icon.svg" ? "image/svg+xml" : "text/css; charset=utf-8";
  return response;
}

const std::array kRoutes = {
    // Clinician API (contract section 7).
    Route{{"POST", "/api/clinic/login", Access::kPublic, false}, api_login},
    Route{{"POST", "/api/clinic/logout", Access::kClinician, true}, logout},
    Route{{"GET", "/api/clinic/patients", Access::kClinician, false}, api_patients, true},
    Route{{"POST", "/api/clinic/patients", Access::kClinician, true}, api_add_patient},
    Route{{"GET", "/api/clinic/patients/{id}", Access::kClinician, false}, api_patient, true},
    Route{{"GET", "/api/clinic/patients/{id}/diary", Access::kClinician, false}, api_patient_diary},
    Route{{"POST", "/api/clinic/patients/{id}/link-code", Access::kClinician, true}, api_renew_code},
    Route{{"GET", "/api/clinic/patients/{id}/prescription", Access::kClinician, false}, api_patient_prescription},
    Route{{"POST", "/api/clinic/patients/{id}/prescription", Access::kClinician, true}, api_save_prescription},
    // Device API.
    Route{{"POST", "/api/clinic/link", Access::kPublic, false}, api_link},
    Route{{"POST", "/api/clinic/sync", Access::kDevice, true}, api_sync},
    Route{{"GET", "/api/clinic/prescription", Access::kDevice, false}, api_prescription},
    Route{{"POST", "/api/clinic/unlink", Access::kDevice, true}, api_unlink},
    // Clinician pages.
    Route{{"GET", "/", Access::kClinician, false}, home},
    Route{{"GET", "/login", Access::kPublic, false}, login_form},
    Route{{"POST", "/login", Access::kPublic, false}, login_post},
    Route{{"POST", "/logout", Access::kClinician, true}, logout},
    Route{{"GET", "/patients", Access::kClinician, false}, patients_page_get, true},
    Route{{"POST", "/patients", Access::kClinician, true}, add_patient_post},
    Route{{"GET", "/patients/{id}", Access::kClinician, false}, patient_page_get, true},
    Route{{"POST", "/patients/{id}/link-code", Access::kClinician, true}, renew_code_post},
    Route{{"GET", "/patients/{id}/prescription", Access::kClinician, false}, prescription_page_get},
    Route{{"POST", "/patients/{id}/prescription", Access::kClinician, true}, prescription_post},
    Route{{"GET", "/patients/{id}/fhir.json", Access::kClinician, false}, patient_fhir, true},
    Route{{"GET", "/patients/{id}/report.html", Access::kClinician, false}, patient_report, true},
    Route{{"GET", "/audit", Access::kClinician, false}, audit_page_get},
    Route{{"GET", "/api/clinic/audit", Access::kClinician, false}, api_audit},
    Route{{"GET", "/assets/{name}", Access::kPublic, false}, asset},
};

const std::array<RouteInfo, kRoutes.size()> kRouteInfos = [] {
  std::array<RouteInfo, kRoutes.size()> infos{};
  for (std::size_t i = 0; i < kRoutes.size(); ++i) infos[i] = kRoutes[i].info;
  return infos;
}();

int day_of(const std::string& date) {
  const auto day = day_number(date);
  return day ? *day : 0;
}

}  // namespace

ClinicApp::ClinicApp(ClinicStore& store, const Catalogue& catalogue, ClinicAppOptions options, Today today)
    : store_(store),
      catalogue_(catalogue),
      options_(options),
      today_(std::move(today)),
      summaries_(store.pool(), catalogue),
      audit_(store.pool()) {
  if (options_.judge_after_sync_answered) refresher_ = std::make_unique<SummaryRefresher>(summaries_);
}

std::span<const RouteInfo> ClinicApp::routes() { return kRouteInfos; }

Response ClinicApp::dispatch(const Request& request) {
  const std::string path = request.path();
  const Route* route = nullptr;
  bool path_known = false;
  std::string id;
  for (const Route& candidate : kRoutes) {
    std::string candidate_id;
    if (!path_matches(candidate.info.pattern, path, candidate_id)) continue;
    path_known = true;
    if (candidate.info.method == request.method) {
      route = &candidate;
      id = std::move(candidate_id);
      break;
    }
  }
  if (!route) return problem(path, path_known ? 405 : 404, path_known ? "method not allowed" : "no such page");

  Call call{request, id, std::nullopt, "", "", &summaries_, &views_, &pages_, &audit_, refresher_.get()};
  const bool api = is_api(path);
  if (request.method == "POST" && !same_origin(request)) {
    return problem(path, 403, "this change did not come from the clinic's own pages");
  }
  switch (route->info.access) {
    case Access::kPublic:
      break;
    case Access::kClinician: {
      const std::string token = cookie(request, kSessionCookie);
      const auto action = audit_action(route->info.method, route->info.pattern);
      const bool names_patient = route->info.pattern.find("{id}") != std::string_view::npos;
      const std::optional<std::string> audited_patient = names_patient ? std::optional<std::string>(call.id) : std::nullopt;
      // A read of patient data: the session found and the read recorded in one statement
      // (nothing to check in between). A change checks its CSRF token before it is recorded.
      const bool recorded_with_session = action && !route->info.changes;
      if (recorded_with_session && route->reads_with_session && !token.empty()) {
        // The route finds the session, records the read and reads in one round trip.
        call.pending = RecordedRead{token, *action, audited_patient, request.method + " " + request.target};
        break;
      }
      std::optional<ClinicianSession> session;
      if (!token.empty()) {
        auto found = recorded_with_session
                         ? audit_.session_recording(token, *action, audited_patient, request.method + " " + request.target)
                         : store_.session(token);
        if (!found) return problem(path, found.error());
        session = std::move(*found);
      }
      if (!session) return signed_out(path);
      if (route->info.changes) {
        std::string sent = request.header("x-csrf-token");
        if (sent.empty() && !api) {
          if (auto fields = web::parse_form(request.body); fields) sent = web::field(*fields, "csrf").value_or("");
        }
        if (!same_secret(sent, session->csrf_token)) {
          return problem(path, 403, api ? "missing or wrong X-CSRF-Token header" : "the form is out of date; reload the page");
        }
      }
      call.clinician = std::move(session);
      // Recorded before the route runs: nothing is read or changed without its record.
      if (action && !recorded_with_session) {
        if (auto noted = audit_.record(call.clinician->clinician.id, *action, audited_patient,
                                       request.method + " " + request.target);
            !noted) {
          return problem(path, noted.error());
        }
      }
      break;
    }
    case Access::kDevice: {
      call.device_token = bearer_token(request);
      std::optional<std::string> patient;
      if (!call.device_token.empty()) {
        auto found = store_.device_patient(call.device_token);
        if (!found) return problem(path, found.error());
        patient = std::move(*found);
      }
      if (!patient) return problem(path, 401, "this device is not linked (or was unlinked); run `unknot clinic link URL CODE`");
      call.patient_id = *patient;
      break;
    }
  }
  return route->handler(call, store_, catalogue_, options_, day_of(today_()));
}

Response ClinicApp::handle(const Request& request) {
  Response response;
  try {
    response = dispatch(request);
  } catch (const std::exception& error) {
    response = problem(request.path(), 500, "the clinic server hit an internal error");
  }
  auto add = [&](const char* name, const char* value) {
    if (response.header(name).empty()) response.headers.emplace_back(name, value);
  };
  add("Content-Security-Policy",
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  add("X-Content-Type-Options", "nosniff");
  add("Referrer-Policy", "same-origin");
  add("X-Frame-Options", "DENY");
  add("Cross-Origin-Opener-Policy", "same-origin");
  add("Cross-Origin-Resource-Policy", "same-origin");
  add("Cache-Control", "no-store");
  if (options_.secure_cookies) add("Strict-Transport-Security", "max-age=31536000");
  return response;
}

}  // namespace unknot::clinic
