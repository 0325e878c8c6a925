// The route table and the router that walks it. Each row says what one (method, path
// pattern) answers, who may call it and whether it changes anything; the Router enforces
// all of that in one place, in this order, before any handler runs:
//   no row for the path -> 404 (or 401 when the caller may not even learn that),
//   the caller lacks the row's access -> 401, no row for the method -> 405,
//   a change: Origin (or Referer) of another site -> 403, wrong body type -> 415,
//   missing or stale CSRF token -> 403; a broken query or form escape -> 400.
// Generic over apps: unknot's WebApp has one table, a clinic server would have another.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/http.h"

namespace unknot::web {

enum class Method { kGet, kPost };  // a GET row answers HEAD too
std::string_view method_name(Method method);

// Who may call a route. Which of these a request holds is the app's decision
// (Gate::grants); new roles (a clinician, a device) are new values here.
enum class Access {
  kPairing,  // anyone who reaches the server: only the pages that pair a device
  kPaired,   // the person's own devices: every local client of a loopback-only server,
             // otherwise only a paired device
};
std::string_view access_name(Access access);

// kChanges: the request must come from the app's own pages (Origin or Referer, when sent,
// names this server) and carry the CSRF token. kPairs: a change by a device that has no
// token yet (pairing): the same Origin check, and the one-time pairing code it sends stands
// in for the token (the handler checks it).
enum class Effect { kReads, kChanges, kPairs };

// What a POST must send: a form (its `csrf` field may carry the token) or JSON.
enum class Body { kNone, kForm, kJson };

// One request as a handler sees it, with what the router already parsed.
struct Call {
  const Request& request;
  std::map<std::string, std::string> params;  // from the pattern's {name}s
  FormFields query;                            // the query string's fields
  FormFields form;                             // a kForm body's fields (csrf included)

  // A path parameter ("" when the pattern has none by that name).
  std::string param(const std::string& name) const;
};

using RouteHandler = std::function<Response(const Call&)>;

struct Route {
  Method method;
  // "/session/{id}": {name} is exactly one non-empty path segment; {name...} at the end is
  // the rest of the path (one or more segments). Everything else matches literally.
  std::string pattern;
  Access access;
  Effect effect;
  Body body;
  RouteHandler handler;
};

// The parameters when `path` matches `pattern`, else nullopt.
std::optional<std::map<std::string, std::string>> match_path(std::string_view pattern, std::string_view path);

// Whether a state-changing request comes from this server's own pages: its Origin header,
// or its Referer when Origin is absent, names the same host:port as the Host header.
// Neither sent (a command-line client, which no other site can drive) is allowed; the
// CSRF token is still required.
bool is_same_origin(const Request& request);

// What the router asks the app.
struct Gate {
  std::function<bool(Access, const Request&)> grants;  // does this request hold `access`?
  std::string csrf_token;                              // the token changes must carry
  // The app's error page or JSON for `status` with `message`.
  std::function<Response(const Request&, int status, const std::string& message)> fail;
  // The 401 answer for a caller who lacks the access (e.g. the page saying how to pair).
  std::function<Response(const Request&)> unauthorized;
};

class Router {
 public:
  // `unmatched`: the access a caller needs to be told that a path does not exist (404);
  // without it the caller gets 401 like for any route it may not call.
  Router(std::vector<Route> routes, Gate gate, Access unmatched);

  Response dispatch(const Request& request) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  Gate gate_;
  Access unmatched_;
};

}  // namespace unknot::web
