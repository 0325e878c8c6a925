// `unknot serve`: the web app (web/app.h) on the server core (web/server.h). This header is
// all the CLI sees; Boost.Beast and Asio stay inside web/server.cc.
#pragma once

#include <iosfwd>
#include <string>

#include "service/workspace.h"

namespace unknot::web {

struct ServeOptions {
  int port = 8080;                 // 0: any free port (printed)
  std::string bind = "127.0.0.1";  // an IP address; beyond loopback only paired devices are answered
  // The person's own certificate chain and key (PEM), for HTTPS anywhere, loopback included.
  // Without them, beyond loopback unknot makes its own (web/tls.h) in the data directory.
  std::string tls_cert, tls_key;
  // Beyond loopback, plain HTTP instead of HTTPS (the network can read everything, and the
  // phone's browser keeps the screen awake and works offline only over HTTPS).
  bool insecure_http = false;
};

// Serves until SIGINT or SIGTERM. Prints "unknot is running at http://ADDR:PORT/" (https://
// with TLS) to `out` once listening. Returns the exit code: 0 after a clean stop, 2 for a bad
// --bind, --port, --tls-cert or --tls-key, 1 when it cannot listen (the port is taken, ...),
// each with one line on `err`. Beyond loopback it speaks HTTPS (unless --insecure-http) and
// prints a one-time pairing link, its QR code (web/pairing.h) and the certificate's SHA-256
// fingerprint, for the person to compare with the one the phone shows.
// How long a web request's write waits for another process's write lock (a long `unknot diary
// import`) before it answers 503 with Retry-After. Ordinary writes hold the lock for
// milliseconds; this bounds the worst answer time instead of the minute a terminal waits.
inline constexpr int kWriteWaitMs = 500;

int serve(const ServeOptions& options, service::Workspace& workspace, std::ostream& out, std::ostream& err);

// `unknot serve devices [--revoke ID]`: lists the paired devices, or ends one's pairing
// (exit 2 for an unknown ID).
int devices(service::Workspace& workspace, const std::string& revoke, std::ostream& out, std::ostream& err);

}  // namespace unknot::web
