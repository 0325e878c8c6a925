#include "web/serve.h"

#include <ostream>

#include "web/app.h"
#include "web/server.h"

namespace unknot::web {

int serve(const ServeOptions& options, service::Workspace& workspace, std::ostream& out, std::ostream& err) {
  auto server = Server::listen(options.bind, options.port);
  if (!server) {
    err << "unknot: " << server.error().message << "\n";
    return server.error().exit_code();
  }
  if (auto catalogue = workspace.catalogue(); !catalogue) {
    err << "unknot: " << catalogue.error().message << "\n";
    return catalogue.error().exit_code();
  }
  WebApp app(workspace, make_csrf_token());
  if (!(*server)->loopback()) {
    err << "unknot: WARNING: listening on " << options.bind
        << ", not only on this computer: anyone on your network who can reach this address can see your plan "
           "and diary. Use --bind 127.0.0.1 unless you mean to open it to your phone on a home network you "
           "trust.\n";
  }
  out << "unknot is running at http://" << (*server)->url_host() << ":" << (*server)->port()
      << "/  (press Ctrl+C to stop)" << std::endl;
  (*server)->run(app);
  out << "unknot: stopped." << std::endl;
  return 0;
}

}  // namespace unknot::web
