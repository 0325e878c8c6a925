// Plain HTTP values for the web app: a request as the server read it and the response a
// handler returns. No sockets and no Beast here, so every handler is a function from one
// value to another and is unit-tested without a network (web/*_test.cc).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace unknot::web {

struct Request {
  std::string method;                          // "GET", "POST", ...
  std::string target;                          // as sent: "/review?as_of=2026-03-30"
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string remote_address;  // the client's IP address as the server saw it ("" in tests)

  // The target before any '?', percent-decoded; the query after it.
  std::string path() const;
  std::string query() const;
  // A header's value, or "" when absent (`name` in lower case).
  std::string header(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, in order

  // The value of an extra header, or "" (case-sensitive name as set).
  std::string header(const std::string& name) const;
};

// A file the browser saves rather than shows (Content-Disposition: attachment) as `file_name`.
Response attachment(std::string body, std::string content_type, const std::string& file_name);

// The parts of a request that decide whether a kept response fits it, as the server core
// read them (views into its buffers, valid during the call).
struct RequestHead {
  std::string_view method;  // "GET"
  std::string_view target;  // as sent, query included
  std::string_view host;    // the Host header
  std::string_view cookie;  // the Cookie header, "" when absent
};

// `response` as the bytes of an HTTP/1.1 response on a kept-alive connection: status line,
// "Server: unknot", Content-Type, the extra headers, Content-Length, then the body; what the
// server core sends for it. "" when a header holds CR, LF or NUL (it would split the response).
std::string wire_bytes(const Response& response);

// Anything the server core (web/server.h) can serve: a function from request to response.
// unknot's WebApp is one; a second app (the clinic server) is another, on the same core.
// handle() may be called from several worker threads at once and must never throw.
class Handler {
 public:
  virtual ~Handler() = default;
  virtual Response handle(const Request& request) = 0;
  // The response for a request the server core refuses before handle() sees it (headers over
  // 8 KB, a body over 64 KB, too many connections). By default one line of plain text.
  virtual Response refusal(int status, const std::string& message) const;
  // A response the app kept whole (wire_bytes) for an HTTP/1.1 keep-alive GET without a body,
  // or null. The server core asks this on its I/O thread before handing the request to a
  // worker, so it must never block: no disk, no waiting for a lock held during slow work.
  // The same request given to handle() would answer the same bytes.
  virtual std::shared_ptr<const std::string> kept_response(const RequestHead& head);
};

// Name-value pairs of an application/x-www-form-urlencoded body or a query string, in
// order (a name may repeat, as checkboxes do). nullopt when a %-escape is broken.
using FormFields = std::vector<std::pair<std::string, std::string>>;
std::optional<FormFields> parse_form(std::string_view text);

// Decodes %XX escapes (and '+' as space when `plus_is_space`); nullopt when broken.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// The first value of `name` in `fields`, or nullopt.
std::optional<std::string> field(const FormFields& fields, std::string_view name);
// Every value of `name` in `fields`, in order.
std::vector<std::string> fields_named(const FormFields& fields, std::string_view name);

// Strict numbers from form and query values: an optional '-', digits and (for decimals) one
// '.' with digits after it; nothing else: no spaces, '+', exponents, hex, "inf" or line
// breaks, at most 20 characters. nullopt otherwise, so the caller answers 400.
std::optional<long long> parse_whole_number(std::string_view text);
std::optional<double> parse_decimal_number(std::string_view text);

// The standard reason phrase for a status code ("Not Found").
std::string_view reason_phrase(int status);

}  // namespace unknot::web
