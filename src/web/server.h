// The HTTP/1.1 server core: listens on one address and serves any web::Handler (unknot's
// WebApp, or another app on the same core). It only moves bytes, runs the handler on worker
// threads and enforces the limits below; what a request means is the handler's business. Boost.Beast and Asio stay inside
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
inline constexpr int kHeaderTimeoutSeconds = 10;   // for a new connection to send its headers
inline constexpr int kRequestTimeoutSeconds = 15;  // to read the rest of a request, or write a response
inline constexpr int kIdleTimeoutSeconds = 60;     // between requests on a kept-alive connection
// Open connections. At the limit a new one takes the place of the connection that has waited
// longest for a request (a slow or idle client), so trickling clients cannot shut others out.
inline constexpr int kMaxConnections = 64;
// Handlers run on this many worker threads, never on the thread that moves bytes.
inline constexpr int kWorkerThreads = 4;
// Requests waiting for or running on a worker; more get 503 with Retry-After at once.
inline constexpr int kMaxQueuedRequests = 32;
inline constexpr int kRetryAfterSeconds = 2;

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

  // Serves `handler` until SIGINT or SIGTERM. `handler` is called from several worker
  // threads at once.
  void run(Handler& handler);

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace unknot::web
