#include "web/routes.h"

#include <algorithm>
#include <cctype>

namespace unknot::web {
namespace {

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

// "host:port" of an absolute http(s) URL, lower case; "" when it is not one.
std::string authority_of(std::string_view url) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (!starts_with(url, scheme)) continue;
    std::string_view rest = url.substr(scheme.size());
    rest = rest.substr(0, rest.find_first_of("/?#"));
    std::string authority(rest);
    std::transform(authority.begin(), authority.end(), authority.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return authority;
  }
  return "";
}

bool matches_method(Method method, const std::string& sent) {
  if (method == Method::kGet) return sent == "GET" || sent == "HEAD";
  return sent == method_name(method);
}

}  // namespace

std::string_view method_name(Method method) { return method == Method::kGet ? "GET" : "POST"; }

std::string_view access_name(Access access) {
  switch (access) {
    case Access::kPairing:
      return "pairing";
    case Access::kPaired:
      return "paired";
  }
  return "unknown";
}

std::string Call::param(const std::string& name) const {
  auto found = params.find(name);
  return found == params.end() ? std::string() : found->second;
}

std::optional<std::map<std::string, std::string>> match_path(std::string_view pattern, std::string_view path) {
  std::map<std::string, std::string> params;
  std::size_t p = 0, q = 0;
  while (p < pattern.size()) {
    if (pattern[p] != '{') {
      if (q >= path.size() || pattern[p] != path[q]) return std::nullopt;
      ++p, ++q;
      continue;
    }
    const auto close = pattern.find('}', p);
    std::string name(pattern.substr(p + 1, close - p - 1));
    p = close + 1;
    const bool rest = name.size() > 3 && name.compare(name.size() - 3, 3, "...") == 0;
    const std::size_t end = rest ? path.size() : std::min(path.find('/', q), path.size());
    if (end == q) return std::nullopt;  // an empty parameter matches nothing
    if (rest) name.resize(name.size() - 3);
    params[name] = std::string(path.substr(q, end - q));
    q = end;
  }
  if (q != path.size()) return std::nullopt;
  return params;
}

bool is_same_origin(const Request& request) {
  std::string host = request.header("host");
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  const std::string origin = request.header("origin");
  if (!origin.empty()) return !host.empty() && authority_of(origin) == host;  // "null" never matches
  const std::string referer = request.header("referer");
  if (!referer.empty()) return !host.empty() && authority_of(referer) == host;
  return true;
}

Router::Router(std::vector<Route> routes, Gate gate, Access unmatched)
    : routes_(std::move(routes)), gate_(std::move(gate)), unmatched_(unmatched) {}

Response Router::dispatch(const Request& request) const {
  const std::string path = request.path();
  const Route* chosen = nullptr;
  std::map<std::string, std::string> params;
  std::vector<const Route*> same_path;
  for (const Route& route : routes_) {
    auto matched = match_path(route.pattern, path);
    if (!matched) continue;
    same_path.push_back(&route);
    if (!chosen && matches_method(route.method, request.method)) {
      chosen = &route;
      params = std::move(*matched);
    }
  }
  if (same_path.empty()) {
    if (!gate_.grants(unmatched_, request)) return gate_.unauthorized(request);
    return gate_.fail(request, 404, "no page at " + path);
  }
  // The access of the row for this method, or, for a method nothing answers, the least any
  // row of this path needs: a caller without it learns nothing about the path.
  const Route& guarding = chosen ? *chosen : *same_path.front();
  if (!gate_.grants(guarding.access, request)) return gate_.unauthorized(request);
  if (!chosen) {
    std::string allow;
    for (const Route* route : same_path) {
      const std::string name(route->method == Method::kGet ? "GET, HEAD" : method_name(route->method));
      if (allow.find(name) == std::string::npos) allow += (allow.empty() ? "" : ", ") + name;
    }
    Response refused = gate_.fail(request, 405, "method " + request.method + " is not allowed here");
    refused.headers.emplace_back("Allow", allow);
    return refused;
  }
  const Route& route = *chosen;
  Call call{request, std::move(params), {}, {}};
  auto query = parse_form(request.query());
  if (!query) return gate_.fail(request, 400, "the query string has a broken %-escape");
  call.query = std::move(*query);
  if (route.effect != Effect::kReads && !is_same_origin(request)) {
    return gate_.fail(request, 403, "this change came from another site's page; open unknot's own page and try again");
  }
  const std::string type = request.header("content-type");
  if (route.body == Body::kJson && !starts_with(type, "application/json")) {
    return gate_.fail(request, 415, "send the request body as JSON (Content-Type: application/json)");
  }
  if (route.body == Body::kForm) {
    if (!starts_with(type, "application/x-www-form-urlencoded")) {
      return gate_.fail(request, 415, "send the form as application/x-www-form-urlencoded");
    }
    auto form = parse_form(request.body);
    if (!form) return gate_.fail(request, 400, "the form: a %-escape in the body is broken");
    call.form = std::move(*form);
  }
  if (route.effect == Effect::kChanges) {
    // Scripts send the token in the X-CSRF-Token header, forms in their csrf field.
    std::string token = request.header("x-csrf-token");
    if (token.empty()) token = field(call.form, "csrf").value_or("");
    if (!same_token(token, gate_.csrf_token)) {
      return gate_.fail(
          request, 403,
          token.empty()
              ? "this change needs the page's CSRF token; reload the page and try again"
              : "the CSRF token is out of date (the server restarted?); reload the page and try again");
    }
  }
  return route.handler(call);
}

}  // namespace unknot::web
