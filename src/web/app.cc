#include "web/app.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "content/embedded.h"
#include "content/illustrations.h"
#include "contract/contract_json.h"
#include "contract/diary_json.h"
#include "contract/intake_json.h"
#include "contract/json_input.h"
#include "contract/session_json.h"
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
#include "web/pages.h"

namespace unknot::web {

const char* const kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

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

Response download(std::string body, const std::string& content_type, const std::string& file_name) {
  Response response;
  response.content_type = content_type;
  response.body = std::move(body);
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
  return response;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Constant-time comparison, so the token cannot be guessed byte by byte from timings.
bool same_token(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

bool is_json_request(const Request& request) {
  const std::string type = request.header("content-type");
  return starts_with(type, "application/json");
}

// Every intake option of the questions, by its form answer "name=value".
const IntakeOption* find_option(const std::string& name, const std::string& value) {
  static const std::vector<const std::vector<IntakeOption>*> kLists = {
      &emergency_sign_options(), &urgent_sign_options(),  &onset_options(),   &started_after_options(),
      &area_options(),           &pain_feature_options(), &history_options(), &self_care_change_options(),
      &equipment_options(),      &constraint_options(),   &caution_options(), &trigger_options()};
  for (const auto* options : kLists) {
    for (const IntakeOption& option : *options) {
      if (name + "=" + value == option_field_value(option)) return &option;
    }
  }
  return nullptr;
}

struct NumberField {
  const char* name;
  const char* pointer;
  bool whole;
};

constexpr NumberField kNumberFields[] = {
    {"age", "/age", true},
    {"pain_now", "/pain/now", true},
    {"worst_last_week", "/pain/worst_last_week", true},
    {"weeks_since_onset", "/pain/weeks_since_onset", false},
    {"weeks_tried", "/self_care/weeks_tried", false},
    {"minutes_per_day", "/profile/minutes_per_day", true},
    {"strength_days_per_week", "/profile/strength_days_per_week", true},
    {"desk_hours_per_day", "/profile/desk_hours_per_day", false},
};

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
    const auto* number = std::find_if(std::begin(kNumberFields), std::end(kNumberFields),
                                      [&](const NumberField& candidate) { return name == candidate.name; });
    if (answers_only || number == std::end(kNumberFields)) {
      return Error::bad_input(fmt::format("the form: unknown answer '{}={}'", name, value));
    }
    if (value.empty()) continue;  // an optional number left blank
    char* end = nullptr;
    const double parsed = std::strtod(value.c_str(), &end);
    if (end == value.c_str() || *end != '\0' || !std::isfinite(parsed)) {
      return Error::bad_input(fmt::format("the form: {}: expected a number, got '{}'", name, value));
    }
    if (number->whole) {
      if (parsed != std::floor(parsed)) {
        return Error::bad_input(fmt::format("the form: {}: expected a whole number, got '{}'", name, value));
      }
      document[Json::json_pointer(number->pointer)] = static_cast<long long>(parsed);
    } else {
      document[Json::json_pointer(number->pointer)] = parsed;
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

WebApp::WebApp(service::Workspace& workspace, std::string csrf_token, Clock now)
    : workspace_(workspace), csrf_token_(std::move(csrf_token)), now_(std::move(now)) {}

Response WebApp::handle(const Request& request) {
  Response response;
  const std::string path = request.path();
  auto fail = [&](int status, const std::string& message) {
    if (is_api(path)) return json_response(status, {{"error", message}});
    return html_response(status, page({"Problem", "", csrf_token_, {}}, error_html(status, message)));
  };
  try {
    if (!is_allowed_host(request.header("host"))) {
      response = fail(421, "this server answers only to localhost or an IP address, not to '" +
                               request.header("host") + "'");
    } else {
      response = route(request);
    }
  } catch (const std::exception& error) {
    response = fail(500, std::string("unknot hit an internal error: ") + error.what());
  }
  auto add = [&](const char* name, const char* value) {
    if (response.header(name).empty()) response.headers.emplace_back(name, value);
  };
  add("Content-Security-Policy", kContentSecurityPolicy);
  add("X-Content-Type-Options", "nosniff");
  add("Referrer-Policy", "no-referrer");
  add("X-Frame-Options", "DENY");
  add("Cross-Origin-Opener-Policy", "same-origin");
  add("Cross-Origin-Resource-Policy", "same-origin");
  add("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  add("Cache-Control", "no-store");
  return response;
}

std::vector<long long> WebApp::data_stamp() const {
  std::vector<long long> stamp;
  auto dir = workspace_.data_dir();
  if (!dir) return stamp;
  const std::string diary = storage::diary_path(*dir);
  for (const std::string& file : {diary, diary + "-wal", storage::intake_path(*dir)}) {
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) {
      stamp.insert(stamp.end(), {-1, -1, -1});
    } else {
      stamp.insert(stamp.end(),
                   {static_cast<long long>(info.st_size), static_cast<long long>(info.st_mtim.tv_sec),
                    static_cast<long long>(info.st_mtim.tv_nsec)});
    }
  }
  return stamp;
}

Result<WebApp::Snapshot*> WebApp::snapshot(int today) {
  std::vector<long long> stamp = data_stamp();
  if (snapshot_ && snapshot_->day == today && snapshot_->stamp == stamp) return &*snapshot_;
  snapshot_.reset();
  Snapshot fresh;
  fresh.stamp = std::move(stamp);
  fresh.day = today;
  auto entries = workspace_.diary();
  if (!entries) return entries.error();
  fresh.entries = std::move(*entries);
  if (workspace_.has_saved_intake()) {
    auto person = workspace_.saved_intake();
    if (!person) return person.error();
    fresh.intake = std::move(*person);
  }
  auto review = workspace_.review(today);
  if (!review) return review.error();
  fresh.review = std::move(*review);
  if (fresh.intake) {
    auto kb = workspace_.catalogue();
    if (!kb) return kb.error();
    fresh.plan = workspace_.plan_for(*fresh.intake, **kb);
  }
  snapshot_ = std::move(fresh);
  return &*snapshot_;
}

Result<int> WebApp::store(const std::vector<DiaryEntry>& entries) {
  snapshot_.reset();
  return workspace_.store(entries);
}

Result<Intake> WebApp::save_intake(const Intake& person) {
  snapshot_.reset();
  auto saved = workspace_.save_intake(person);
  if (!saved) return saved.error();
  return person;
}

Response WebApp::route(const Request& request) {
  const std::string path = request.path();
  const std::string& method = request.method;
  const bool api = is_api(path);

  auto fail = [&](int status, const std::string& message) {
    if (api) return json_response(status, {{"error", message}});
    return html_response(status, page({"Problem", "", csrf_token_, {}}, error_html(status, message)));
  };
  auto show = [&](const std::string& title, const std::string& nav, const std::string& main_html,
                  int status = 200, std::vector<std::string> scripts = {}) {
    return html_response(status, page({title, nav, csrf_token_, std::move(scripts)}, main_html));
  };
  auto problem = [&](const Error& error) {
    return fail(error.kind == ErrorKind::kBadInput ? 400 : 500, error.message);
  };

  if (method != "GET" && method != "HEAD" && method != "POST") {
    Response refused = fail(405, "method " + method + " is not allowed here");
    refused.headers.emplace_back("Allow", "GET, HEAD, POST");
    return refused;
  }
  const bool post = method == "POST";
  FormFields form;
  if (post) {
    // Every change needs the token: in the X-CSRF-Token header (scripts) or the form's csrf field.
    std::string token = request.header("x-csrf-token");
    if (api) {
      if (!is_json_request(request))
        return fail(415, "send the request body as JSON (Content-Type: application/json)");
    } else {
      if (!starts_with(request.header("content-type"), "application/x-www-form-urlencoded")) {
        return fail(415, "send the form as application/x-www-form-urlencoded");
      }
      auto parsed = parse_form(request.body);
      if (!parsed) return fail(400, "the form: a %-escape in the body is broken");
      form = std::move(*parsed);
      if (token.empty()) token = field(form, "csrf").value_or("");
    }
    const bool changes_nothing = path == "/api/triage" || path == "/api/plan";  // pure computations
    if (!changes_nothing && !same_token(token, csrf_token_)) {
      return fail(
          403, token.empty()
                   ? "this change needs the page's CSRF token; reload the page and try again"
                   : "the CSRF token is out of date (the server restarted?); reload the page and try again");
    }
  }
  auto kb_loaded = workspace_.catalogue();
  if (!kb_loaded) return problem(kb_loaded.error());
  const Catalogue& kb = **kb_loaded;
  const std::string now = now_();
  const int today = day_of(now);
  auto query = parse_form(request.query());
  if (!query) return fail(400, "the query string has a broken %-escape");

  // The person's data, read once and kept while it does not change (see Snapshot).
  auto data = [&]() { return snapshot(today); };
  auto current_plan = [&]() -> Result<const Plan*> {
    auto snap = data();
    if (!snap) return snap.error();
    if (!(*snap)->plan) return Error::bad_input("no intake yet: answer the questions at /start first");
    return &*(*snap)->plan;
  };
  auto review_as_of = [&](int day) -> Result<Review> {
    if (day != today) return workspace_.review(day);
    auto snap = data();
    if (!snap) return snap.error();
    return *(*snap)->review;
  };
  auto diary = [&]() -> Result<const std::vector<DiaryEntry>*> {
    auto snap = data();
    if (!snap) return snap.error();
    return &(*snap)->entries;
  };
  // Today's session of the current plan, or the one named by `id`.
  // What a reported warning sign is screened together with (core/intake.h).
  auto saved_intake_for_screening = [&]() {
    auto saved = workspace_.saved_intake();
    return intake_for_screening(saved ? std::optional<Intake>(*saved) : std::nullopt);
  };
  auto session_of = [&](const Plan& plan, const std::string& id) -> const PlanSession* {
    if (!id.empty()) return find_session(plan, id);
    double weeks = 0;
    if (auto review = review_as_of(today)) weeks = review->weeks_in_program;
    const PlanPhase* phase = phase_for_week(plan, weeks);
    return phase ? session_for_day(*phase, today) : nullptr;
  };

  // ---- assets and illustrations
  if (starts_with(path, "/assets/")) {
    const std::string_view bytes = embedded_asset(path.substr(1));
    if (bytes.empty()) return fail(404, "no such file: " + path);
    return static_file(request, bytes, asset_type(path));
  }
  if (starts_with(path, "/illustrations/")) {
    // "/illustrations/ID-start.svg" or "ID--VARIANT-end.svg"; a variant without pictures of its
    // own gets the technique's (content::illustration_svg).
    const std::string name = path.substr(std::string("/illustrations/").size());
    std::string_view bytes;
    for (const auto& [suffix, pose] : {std::pair{std::string("-start.svg"), content::Pose::start},
                                       std::pair{std::string("-end.svg"), content::Pose::end}}) {
      if (name.size() <= suffix.size() ||
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      const std::string id = name.substr(0, name.size() - suffix.size());
      const auto split = id.find("--");
      if (id.find('/') == std::string::npos) {
        bytes = content::illustration_svg(id.substr(0, split),
                                          split == std::string::npos ? "" : id.substr(split + 2), pose);
      }
    }
    if (bytes.empty()) return fail(404, "no such illustration: " + name);
    Response picture = static_file(request, bytes, asset_type(name));
    // The drawings style themselves with style attributes; as images they can run nothing.
    picture.headers.emplace_back("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    return picture;
  }

  // ---- JSON API (the contract's shapes)
  if (api) {
    if (post && (path == "/api/triage" || path == "/api/plan")) {
      auto person = contract::parse_intake(request.body, "request body");
      if (!person) return problem(person.error());
      if (path == "/api/triage")
        return json_response(200, contract::triage_to_json(triage(*person, kb.safety)));
      return json_response(200, contract::plan_to_json(build_plan(*person, kb)));
    }
    if (post && path == "/api/diary") {
      auto parsed = contract::parse_json_input(request.body, "request body", contract::kDiaryLineLimits);
      if (!parsed) {
        // The API has always said "not JSON" for a body that does not parse; keep its wording.
        std::string message = parsed.error().message;
        if (auto at = message.find("invalid JSON"); at != std::string::npos) message.replace(at, 12, "not JSON");
        return fail(400, message);
      }
      Json& body = *parsed;
      if (!body.is_object()) return fail(400, "request body: expected one diary entry as a JSON object");
      if (!body.contains("at")) body["at"] = now;  // as `unknot log` does
      auto entry = contract::diary_entry_from_json(body, "request body");
      if (!entry) return problem(entry.error());
      auto added = store({*entry});
      if (!added) return problem(added.error());
      OrderedJson reply = {{"stored", *added > 0},
                           {"entry", OrderedJson::parse(contract::diary_entry_to_json_text(*entry))}};
      if (entry->type == EntryType::kSymptom) {
        // A warning symptom runs the safety screen at once, as `unknot log symptom` does.
        Intake person = saved_intake_for_screening();
        person.symptoms.insert(entry->symptom);
        reply["triage"] = contract::triage_to_json(triage(person, kb.safety));
      }
      return json_response(*added > 0 ? 201 : 200, reply);
    }
    if (post) return fail(404, "no such API: POST " + path);
    if (path == "/api/techniques") {
      return json_response(200, {{"schema", "unknot.techniques/1"},
                                 {"techniques", contract::techniques_to_json(kb.techniques)}});
    }
    if (starts_with(path, "/api/techniques/")) {
      const Technique* technique = kb.find_technique(path.substr(std::string("/api/techniques/").size()));
      if (!technique) return fail(404, "unknown technique '" + path.substr(16) + "'");
      return json_response(200, contract::technique_to_json(*technique));
    }
    if (path == "/api/review") {
      auto day = service::parse_day(field(*query, "as_of").value_or(now.substr(0, 10)), "as_of");
      if (!day) return problem(day.error());
      auto review = review_as_of(*day);
      if (!review) return problem(review.error());
      return json_response(200, contract::review_to_json(*review));
    }
    if (path == "/api/plan") {
      auto plan = current_plan();
      if (!plan) return problem(plan.error());
      return json_response(200, contract::plan_to_json(**plan));
    }
    if (path == "/api/session" || starts_with(path, "/api/session/")) {
      auto plan = current_plan();
      if (!plan) return problem(plan.error());
      const std::string id = path.size() > 13 ? path.substr(13) : "";
      const PlanSession* session = session_of(**plan, id);
      if (!session) {
        return fail(404, id.empty() ? "no session today: your plan has none (see /plan)"
                                    : "no session '" + id + "' in your plan");
      }
      return json_response(200, contract::session_script_to_json(build_session_script(*session, kb)));
    }
    if (path == "/api/csrf") return json_response(200, {{"csrf_token", csrf_token_}});
    return fail(404, "no such API: GET " + path);
  }

  // ---- pages
  if (!post && path == "/") return show("Welcome", "home", welcome_html(workspace_.has_saved_intake()));
  if (!post && path == "/start") return show("Safety questions", "home", intake_safety_html(csrf_token_));
  if (post && path == "/start/safety") {
    auto answers = intake_document(form, true);
    if (!answers) return problem(answers.error());
    if (auto emergency = emergency_only(*answers, kb)) {
      return show(
          "Get help now", "home",
          triage_html(*emergency, kb, "unknot has stopped here and saved nothing. Please get help now."));
    }
    std::vector<std::string> carried;
    for (const auto& [name, value] : form) {
      if (name != "csrf") carried.push_back(name + "=" + value);
    }
    return show("About you", "home", intake_details_html(csrf_token_, carried));
  }
  if (post && path == "/start") {
    auto document = intake_document(form, false);
    if (!document) return problem(document.error());
    if (!document->contains("profile")) (*document)["profile"] = Json::object();
    if (auto emergency = emergency_only(*document, kb)) {
      return show(
          "Get help now", "home",
          triage_html(*emergency, kb, "unknot has stopped here and saved nothing. Please get help now."));
    }
    auto person = contract::intake_from_json(*document, "the form");
    if (!person) return problem(person.error());
    Triage screen = triage(*person, kb.safety);
    if (screen.level == Level::kEmergency) {
      return show("Get help now", "home",
                  triage_html(screen, kb, "unknot has stopped here and saved nothing. Please get help now."));
    }
    auto saved = save_intake(*person);
    if (!saved) return problem(saved.error());
    return redirect("/plan");
  }
  if (!post && path == "/plan") {
    if (!workspace_.has_saved_intake()) return show("My plan", "plan", no_intake_html());
    auto plan = current_plan();
    if (!plan) return problem(plan.error());
    double weeks = 0;
    if (auto review = review_as_of(today)) weeks = review->weeks_in_program;
    const PlanPhase* phase = phase_for_week(**plan, weeks);
    return show("My plan", "plan", plan_html(**plan, kb, session_of(**plan, ""), phase ? phase->id : ""));
  }
  if (!post && path == "/techniques") return show("Techniques", "techniques", techniques_html(kb));
  if (!post && path == "/learn") return show("Short reads", "techniques", topics_html(kb));
  if (!post && starts_with(path, "/learn/")) {
    const std::string id = path.substr(std::string("/learn/").size());
    const Topic* topic = kb.find_topic(id);
    if (!topic) return fail(404, "unknown topic '" + id + "'");
    return show(topic->title, "techniques", topic_html(*topic, kb));
  }
  if (!post && starts_with(path, "/techniques/")) {
    const std::string id = path.substr(std::string("/techniques/").size());
    const Technique* technique = kb.find_technique(id);
    if (!technique) return fail(404, "unknown technique '" + id + "'");
    return show(technique->name, "techniques", technique_html(*technique, kb));
  }
  if (!post && (path == "/session" || starts_with(path, "/session/"))) {
    if (!workspace_.has_saved_intake()) return show("Today's session", "session", no_intake_html());
    auto plan = current_plan();
    if (!plan) return problem(plan.error());
    if ((*plan)->status == PlanStatus::kRefer)
      return show("Today's session", "session", plan_html(**plan, kb, nullptr));
    const std::string id = path.size() > 9 ? path.substr(9) : "";
    const PlanSession* session = session_of(**plan, id);
    if (!session)
      return fail(404, id.empty() ? "no session today in your plan" : "no session '" + id + "' in your plan");
    // The player opens only after the short safety re-check (POST below) sends the person here.
    if (field(*query, "checked").value_or("") != "1") {
      return show(session->title, "session", session_check_html(*session, csrf_token_, field(*query, "speed").value_or("")));
    }
    return show(session->title, "session", session_html(*session), 200, {"/assets/player.js"});
  }
  if (post && starts_with(path, "/session/")) {
    // The safety re-check before a session, as in `unknot session`: any sign stops it.
    auto plan = current_plan();
    if (!plan) return problem(plan.error());
    const std::string id = path.substr(std::string("/session/").size());
    const PlanSession* session = session_of(**plan, id);
    if (!session) return fail(404, "no session '" + id + "' in your plan");
    Intake screened = saved_intake_for_screening();
    std::vector<DiaryEntry> reported;
    std::string speed;
    for (const auto& [name, value] : form) {
      if (name == "csrf") continue;
      if (name == "speed") {
        speed = value;
        continue;
      }
      const IntakeOption* option = find_option(name, value);
      const auto& asked = session_check_symptoms();
      if (!option || !option->value || std::find(asked.begin(), asked.end(), option->value) == asked.end()) {
        return fail(400, fmt::format("the safety check: unknown answer '{}={}'", name, value));
      }
      screened.symptoms.insert(option->value);
      DiaryEntry entry;
      entry.at = now;
      entry.type = EntryType::kSymptom;
      entry.symptom = option->value;
      reported.push_back(entry);
    }
    if (reported.empty()) {
      std::string target = "/session/" + session->id + "?checked=1";
      if (!speed.empty()) {
        char* end = nullptr;
        const double value = std::strtod(speed.c_str(), &end);
        if (*end != '\0' || !(value > 0 && value <= 1000)) {
          return fail(400, "the safety check: speed: expected a number above 0 and at most 1000");
        }
        target += "&speed=" + speed;
      }
      return redirect(target);
    }
    if (auto added = store(reported); !added) return problem(added.error());
    return show("No session today", "session",
                triage_html(triage(screened, kb.safety), kb,
                            "No session today: these signs need checking before any exercise. Your answers "
                            "are in the diary."));
  }
  if (!post && path == "/checkin") {
    auto entries = diary();
    if (!entries) return problem(entries.error());
    const bool session_yesterday =
        std::any_of((*entries)->begin(), (*entries)->end(), [&](const DiaryEntry& entry) {
          return entry.type == EntryType::kSession && day_number(entry.at) == today - 1;
        });
    return show("Daily check-in", "checkin", checkin_html(csrf_token_, session_yesterday));
  }
  if (post && path == "/checkin") {
    // As `unknot checkin`: red flags first (an emergency stops it, keeping what was reported),
    // then morning pain, yesterday's triggers and a note, stored in one transaction.
    Intake screened = saved_intake_for_screening();
    std::vector<OrderedJson> entries;
    std::optional<std::string> pain, context, note;
    for (const auto& [name, value] : form) {
      if (name == "csrf") continue;
      if (name == "nprs") {
        pain = value;
      } else if (name == "context") {
        context = value;
      } else if (name == "note") {
        note = value;
      } else if (const IntakeOption* option = find_option(name, value);
                 option && (std::string_view(option->pointer) == "/symptoms" ||
                            std::string_view(option->pointer) == "/pain/tearing_or_ripping" ||
                            std::string_view(option->pointer) == "/pain/started_after" ||
                            std::string_view(option->pointer) == "/profile/triggers")) {
        const std::string_view pointer = option->pointer;
        if (pointer == "/symptoms") {
          screened.symptoms.insert(option->value);
          entries.push_back({{"at", now}, {"type", "symptom"}, {"symptom", option->value}});
        } else if (pointer == "/pain/tearing_or_ripping") {
          screened.pain.tearing_or_ripping = true;
        } else if (pointer == "/pain/started_after") {
          screened.pain.started_after = option->value;
        } else {
          entries.push_back({{"at", iso_date(today - 1)}, {"type", "trigger"}, {"trigger", option->value}});
        }
      } else {
        return fail(400, fmt::format("the check-in form: unknown answer '{}={}'", name, value));
      }
    }
    Triage screen = triage(screened, kb.safety);
    const bool emergency = screen.level == Level::kEmergency;
    if (!emergency) {
      if (!pain || pain->empty())
        return fail(400, "the check-in form: nprs: choose this morning's pain, 0 to 10");
      char* end = nullptr;
      const long value = std::strtol(pain->c_str(), &end, 10);
      if (*end != '\0')
        return fail(400, "the check-in form: nprs: expected a whole number, got '" + *pain + "'");
      entries.push_back(
          {{"at", now}, {"type", "pain"}, {"nprs", value}, {"context", context.value_or("morning")}});
      if (note && !note->empty()) entries.push_back({{"at", now}, {"type", "note"}, {"text", *note}});
    } else {
      // Only what was reported before the emergency stop is kept: the symptoms.
      entries.erase(std::remove_if(entries.begin(), entries.end(),
                                   [](const OrderedJson& entry) { return entry["type"] != "symptom"; }),
                    entries.end());
    }
    std::vector<DiaryEntry> parsed;
    for (const OrderedJson& json : entries) {
      auto entry = contract::diary_entry_from_json(Json(json), "the check-in form");
      if (!entry) return problem(entry.error());
      parsed.push_back(std::move(*entry));
    }
    if (!parsed.empty()) {
      if (auto added = store(parsed); !added) return problem(added.error());
    }
    if (emergency) {
      return show("Get help now", "checkin",
                  triage_html(screen, kb, "The check-in has stopped here. Please get help now."));
    }
    if (!screened.symptoms.empty()) {
      return show("Check-in saved", "checkin",
                  triage_html(screen, kb,
                              fmt::format("Saved {} diary entries. You reported a warning sign, so here is "
                                          "the safety screen again.",
                                          parsed.size())));
    }
    return redirect(fmt::format("/diary?saved={}", parsed.size()));
  }
  if (!post && path == "/diary") {
    auto entries = diary();
    if (!entries) return problem(entries.error());
    const std::vector<DiaryEntry>& all = **entries;
    std::vector<DiaryEntry> newest(
        all.rbegin(), all.rbegin() + static_cast<std::ptrdiff_t>(std::min(all.size(), kDiaryPageEntries)));
    std::string notice;
    if (auto saved = field(*query, "saved")) notice = "Saved " + *saved + " diary entries. Thank you.";
    return show("Diary", "checkin", diary_html(newest, csrf_token_, notice));
  }
  if (post && path == "/diary/pain") {
    OrderedJson json = {{"at", now}, {"type", "pain"}};
    const std::string nprs = field(form, "nprs").value_or("");
    char* end = nullptr;
    const long value = std::strtol(nprs.c_str(), &end, 10);
    if (nprs.empty() || *end != '\0') return fail(400, "the pain form: nprs: choose a number from 0 to 10");
    json["nprs"] = value;
    json["context"] = field(form, "context").value_or("other");
    auto entry = contract::diary_entry_from_json(Json(json), "the pain form");
    if (!entry) return problem(entry.error());
    if (auto added = store({*entry}); !added) return problem(added.error());
    return redirect("/diary?saved=1");
  }
  if (!post && (path == "/progress" || path == "/report")) {
    // Today's progress page is drawn once per change of the data (a year of diary takes a
    // few hundred microseconds to summarise); other dates and the report are drawn each time.
    const bool cacheable = path == "/progress" && request.query().empty();
    if (cacheable) {
      auto snap = data();
      if (!snap) return problem(snap.error());
      if (!(*snap)->progress_page.empty()) return html_response(200, (*snap)->progress_page);
    }
    auto as_of = service::parse_day(field(*query, "as_of").value_or(now.substr(0, 10)), "as_of");
    if (!as_of) return problem(as_of.error());
    auto entries = diary();
    if (!entries) return problem(entries.error());
    auto review = review_as_of(*as_of);
    if (!review) return problem(review.error());
    // The last 12 weeks, or from the week of the first morning reading when that is later.
    int from = *as_of - kTrendDays + 1;
    int first_reading = *as_of;
    for (const DiaryEntry& entry : **entries) {
      if (is_morning_pain(entry))
        first_reading = std::min(first_reading, day_number(entry.at).value_or(*as_of));
    }
    from = std::max(from, std::min(iso_monday(first_reading), *as_of - 13));
    const PainTrend trend = pain_trend(**entries, from, *as_of, *review);
    const Insights insights = build_insights(**entries, *as_of);
    const bool printable = path == "/report";
    Response shown = show(printable ? "Progress report" : "Progress", "progress",
                          progress_html(trend, insights, *review, printable));
    if (cacheable) (*data())->progress_page = shown.body;
    return shown;
  }
  if (!post && path == "/review") {
    auto as_of = service::parse_day(field(*query, "as_of").value_or(now.substr(0, 10)), "as_of");
    if (!as_of) return problem(as_of.error());
    auto review = review_as_of(*as_of);
    if (!review) return problem(review.error());
    return show("Progress review", "progress", review_html(*review));
  }
  if (!post && path == "/export")
    return show("Exports", "export", export_html(workspace_.has_saved_intake()));
  if (!post && (path == "/export/plan.ics" || path == "/export/fhir.json")) {
    auto plan = current_plan();
    if (!plan) return problem(plan.error());
    if (path == "/export/plan.ics") {
      auto ics = exporting::plan_to_ics(**plan, now.substr(0, 10), service::utc_stamp_now());
      if (!ics) return problem(ics.error());
      return download(*ics, "text/calendar; charset=utf-8", "unknot-plan.ics");
    }
    auto entries = diary();
    if (!entries) return problem(entries.error());
    return download(exporting::to_fhir_bundle(**plan, **entries, "unknot-user", service::local_utc_offset()).dump(2) + "\n",
                    "application/fhir+json", "unknot-fhir.json");
  }
  if (!post && (path == "/export/diary.csv" || path == "/export/diary.jsonl")) {
    auto entries = diary();
    if (!entries) return problem(entries.error());
    const bool csv = path == "/export/diary.csv";
    std::string text = csv ? contract::diary_csv_header() : "";
    for (const DiaryEntry& entry : **entries) {
      text +=
          csv ? contract::diary_entry_to_csv_row(entry) : contract::diary_entry_to_json_text(entry) + "\n";
    }
    return csv ? download(text, "text/csv; charset=utf-8", "unknot-diary.csv")
               : download(text, "application/jsonl; charset=utf-8", "unknot-diary.jsonl");
  }
  return fail(404, "no page at " + path);
}

}  // namespace unknot::web
