#include "web/http.h"

#include <charconv>

namespace unknot::web {

std::string Request::path() const {
  const std::string raw = target.substr(0, target.find('?'));
  return percent_decode(raw, false).value_or(raw);
}

std::string Request::query() const {
  const auto mark = target.find('?');
  return mark == std::string::npos ? std::string() : target.substr(mark + 1);
}

std::string Request::header(const std::string& name) const {
  auto found = headers.find(name);
  return found == headers.end() ? std::string() : found->second;
}

std::string Response::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return "";
}

Response attachment(std::string body, std::string content_type, const std::string& file_name) {
  Response response;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
  return response;
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex(text[i + 1]);
      const int low = hex(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<FormFields> parse_form(std::string_view text) {
  FormFields fields;
  while (!text.empty()) {
    const auto amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (pair.empty()) continue;
    const auto equals = pair.find('=');
    auto name = percent_decode(pair.substr(0, equals), true);
    auto value =
        percent_decode(equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1), true);
    if (!name || !value) return std::nullopt;
    fields.emplace_back(std::move(*name), std::move(*value));
  }
  return fields;
}

std::optional<std::string> field(const FormFields& fields, std::string_view name) {
  for (const auto& [key, value] : fields) {
    if (key == name) return value;
  }
  return std::nullopt;
}

namespace {

// The shape parse_whole_number and parse_decimal_number accept.
bool plain_number(std::string_view text, bool decimal) {
  if (text.empty() || text.size() > 20) return false;
  std::size_t i = text.front() == '-' ? 1 : 0;
  const std::size_t digits_start = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  if (i == digits_start) return false;
  if (i < text.size() && decimal && text[i] == '.') {
    const std::size_t fraction_start = ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    if (i == fraction_start) return false;
  }
  return i == text.size();
}

}  // namespace

std::optional<long long> parse_whole_number(std::string_view text) {
  if (!plain_number(text, false)) return std::nullopt;
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> parse_decimal_number(std::string_view text) {
  if (!plain_number(text, true)) return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::vector<std::string> fields_named(const FormFields& fields, std::string_view name) {
  std::vector<std::string> values;
  for (const auto& [key, value] : fields) {
    if (key == name) values.push_back(value);
  }
  return values;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 421:
      return "Misdirected Request";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "";
  }
}

std::shared_ptr<const std::string> Handler::kept_response(const RequestHead&) { return nullptr; }

std::string wire_bytes(const Response& response) {
  auto safe = [](std::string_view text) {
    return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
  };
  std::size_t size = response.body.size() + 128 + response.content_type.size();
  bool all_safe = safe(response.content_type);
  for (const auto& [name, value] : response.headers) {
    all_safe = all_safe && safe(name) && safe(value);
    size += name.size() + value.size() + 4;
  }
  if (!all_safe) return "";
  std::string bytes;
  bytes.reserve(size);
  bytes += "HTTP/1.1 ";
  bytes += std::to_string(response.status);
  bytes += ' ';
  bytes += reason_phrase(response.status);
  bytes += "\r\nServer: unknot\r\n";
  if (!response.content_type.empty()) {
    bytes += "Content-Type: ";
    bytes += response.content_type;
    bytes += "\r\n";
  }
  for (const auto& [name, value] : response.headers) {
    bytes += name;
    bytes += ": ";
    bytes += value;
    bytes += "\r\n";
  }
  bytes += "Content-Length: ";
  bytes += std::to_string(response.body.size());
  bytes += "\r\n\r\n";
  bytes += response.body;
  return bytes;
}

Response Handler::refusal(int status, const std::string& message) const {
  Response response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = message + "\n";
  return response;
}

}  // namespace unknot::web
