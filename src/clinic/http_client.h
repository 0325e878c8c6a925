// A small blocking HTTP/1.1 client for the patient's side of clinic mode (`unknot clinic
// link|sync|unlink`): one request per connection, http or https (OpenSSL, the system's CAs
// or a CA file, host name checked), bounded by a timeout. Boost.Beast stays in the .cc.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace unknot::clinic {

struct HttpReply {
  int status = 0;
  std::string body;
};

struct HttpCall {
  std::string method = "GET";
  std::string url;  // "http://host:port/path" or "https://..."
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// What the client needs to reach a server: how long to wait, which CAs to trust.
struct HttpOptions {
  std::chrono::seconds timeout{15};
  std::optional<std::string> ca_file;  // https: trust this CA (a clinic's own) instead of the system's
};

// The reply, or kFailure when the server cannot be reached; kBadInput for a malformed URL.
Result<HttpReply> http_request(const HttpCall& call, const HttpOptions& options);

// The server part of a URL: "https://clinic.example:8443/" from "https://clinic.example:8443/x".
// kBadInput names what is wrong with it.
Result<std::string> server_root(const std::string& url);

}  // namespace unknot::clinic
