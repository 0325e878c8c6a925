// The HTTP/1.1 server core: listens on one address and serves any web::Handler (unknot's
// WebApp, or another app on the same core), over plain HTTP or over TLS (HTTPS). It only
// moves bytes, runs the handler on worker threads and enforces the limits below; what a
// request means is the handler's business. Boost.Beast, Asio and their OpenSSL wrappers stay
// inside web/server.cc, so nothing else pays for their headers.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "web/http.h"
#include "web/tls.h"

namespace unknot::web {

// Limits that keep a local server safe from a misbehaving client.
inline constexpr std::size_t kMaxHeaderBytes = 8 * 1024;
inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;
inline constexpr int kHeaderTimeoutSeconds = 10;   // for a new connection's TLS handshake and headers
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

// Whether `bind` is an address only this computer can reach (127.0.0.0/8, ::1); kBadInput
// naming --bind when it is not an IP address.
Result<bool> is_loopback_address(const std::string& bind);

class Server {
 public:
  // Opens a listening socket on `bind` (an IP address) and `port` (0: any free port). With
  // `tls`, every connection speaks TLS 1.2 or 1.3 with that certificate and key (a plain
  // HTTP request on that port is sent to the https:// address, never to the handler).
  // kBadInput names --bind, --port, --tls-cert or --tls-key (and the file) when one is not
  // usable; kFailure when the system refuses (the port is taken, ...).
  static Result<std::unique_ptr<Server>> listen(const std::string& bind, int port,
                                                const std::optional<TlsFiles>& tls = std::nullopt);
  ~Server();

  // The address as it goes into a URL ("127.0.0.1", "[::1]") and the port listened on.
  std::string url_host() const;
  int port() const;
  // Whether only this computer can reach the address (127.0.0.0/8, ::1).
  bool loopback() const;

  // Serves `handler` until SIGINT or SIGTERM, or stop(). `handler` is called from several
  // worker threads at once.
  void run(Handler& handler);
  // Makes run() return, as SIGTERM does; callable from any thread, also before run() (tests
  // that run a server on a thread of their own).
  void stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace unknot::web
