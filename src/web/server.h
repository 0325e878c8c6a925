// The HTTP/1.1 server core: listens on one address and serves any web::Handler (unknot's
// WebApp, or another app on the same core). It only moves bytes and enforces the limits
// below; what a request means is the handler's business. Boost.Beast and Asio stay inside
// web/server.cc, so nothing else pays for their headers.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "core/result.h"
#include "web/http.h"

namespace unknot::web {

// Limits that keep a local server safe from a misbehaving client.
inline constexpr std::size_t kMaxHeaderBytes = 8 * 1024;
inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;
inline constexpr int kRequestTimeoutSeconds = 15;  // to read one whole request
inline constexpr int kIdleTimeoutSeconds = 60;     // between requests on a kept-alive connection
inline constexpr int kMaxConnections = 64;

class Server {
 public:
  // Opens a listening socket on `bind` (an IP address) and `port` (0: any free port).
  // kBadInput names --bind or --port when they are not an address or port; kFailure when
  // the system refuses (the port is taken, ...).
  static Result<std::unique_ptr<Server>> listen(const std::string& bind, int port);
  ~Server();

  // The address as it goes into a URL ("127.0.0.1", "[::1]") and the port listened on.
  std::string url_host() const;
  int port() const;
  // Whether only this computer can reach the address (127.0.0.0/8, ::1).
  bool loopback() const;

  // Serves `handler` until SIGINT or SIGTERM.
  void run(Handler& handler);

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace unknot::web
