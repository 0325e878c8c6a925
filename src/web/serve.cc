#include "web/serve.h"

#include <fmt/format.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <ostream>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include "web/app.h"
#include "web/pairing.h"
#include "web/qr.h"
#include "web/server.h"

namespace unknot::web {
namespace {

// The first IPv4 address of this machine other than loopback, for a link a phone can open
// when the server listens on every address; "" when there is none.
std::string lan_address() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return "";
  std::string found;
  for (ifaddrs* entry = list; entry && found.empty(); entry = entry->ifa_next) {
    if (!entry->ifa_addr || entry->ifa_addr->sa_family != AF_INET) continue;
    char text[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(entry->ifa_addr)->sin_addr, text, sizeof text);
    if (std::string(text).rfind("127.", 0) != 0) found = text;
  }
  freeifaddrs(list);
  return found;
}

bool utf8_terminal() {
  for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
    const char* value = std::getenv(name);
    if (value && *value) return std::string(value).find("UTF-8") != std::string::npos ||
                                std::string(value).find("utf8") != std::string::npos;
  }
  return false;
}

}  // namespace

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
  const std::string origin = fmt::format("http://{}:{}", (*server)->url_host(), (*server)->port());
  std::unique_ptr<Pairing> pairing;
  std::mutex out_mutex;  // pairing messages come from worker threads
  std::string link_base;
  auto print_link = [&] {
    const std::string link = link_base + "/pair?code=" + pairing->current_code();
    out << "Pair a phone or another computer: open this link on it, or scan the code with its camera\n"
        << "(each link works once; a new one appears here after each pairing):\n"
        << qr_text(link, !utf8_terminal()) << "  " << link << "\n"
        << std::flush;
  };
  WebAppOptions app_options;
  if (!(*server)->loopback()) {
    auto data_dir = workspace.data_dir();
    if (!data_dir) {
      err << "unknot: " << data_dir.error().message << "\n";
      return data_dir.error().exit_code();
    }
    pairing = std::make_unique<Pairing>(*data_dir, service::local_now);
    const bool every_address = options.bind == "0.0.0.0" || options.bind == "::";
    const std::string host = every_address && !lan_address().empty() ? lan_address() : (*server)->url_host();
    link_base = fmt::format("http://{}:{}", host, (*server)->port());
    app_options.pairing = pairing.get();
    app_options.secure_cookie = false;  // plain HTTP: a Secure cookie would never be sent back
    app_options.on_paired = [&] {
      std::lock_guard lock(out_mutex);
      out << "unknot: a device paired (`unknot serve devices` lists them).\n";
      print_link();
    };
    err << "unknot: listening on " << options.bind
        << ", beyond this computer, over plain HTTP: only paired devices get answers, but anyone on your "
           "network can read what they exchange, and the phone's browser will not keep the screen awake.\n";
  }
  WebApp app(workspace, make_csrf_token(), service::local_now, app_options);
  {
    std::lock_guard lock(out_mutex);
    out << "unknot is running at " << origin << "/  (press Ctrl+C to stop)" << std::endl;
    if (pairing) print_link();
  }
  (*server)->run(app);
  out << "unknot: stopped." << std::endl;
  return 0;
}

int devices(service::Workspace& workspace, const std::string& revoke, std::ostream& out, std::ostream& err) {
  auto data_dir = workspace.data_dir();
  if (!data_dir) {
    err << "unknot: " << data_dir.error().message << "\n";
    return data_dir.error().exit_code();
  }
  auto list = load_devices(*data_dir);
  if (!list) {
    err << "unknot: " << list.error().message << "\n";
    return list.error().exit_code();
  }
  if (!revoke.empty()) {
    const auto before = list->size();
    std::erase_if(*list, [&](const Device& device) { return device.id == revoke; });
    if (list->size() == before) {
      err << "unknot: --revoke: no paired device '" << revoke << "' (`unknot serve devices` lists them)\n";
      return 2;
    }
    if (auto saved = save_devices(*data_dir, *list); !saved) {
      err << "unknot: " << saved.error().message << "\n";
      return saved.error().exit_code();
    }
    out << "Device " << revoke << " is no longer paired; a running server refuses it from its next request.\n";
    return 0;
  }
  if (list->empty()) {
    out << "No paired devices. `unknot serve --bind ADDRESS` prints a pairing link.\n";
    return 0;
  }
  out << fmt::format("{:<8} {:<20} {:<20} {}\n", "ID", "PAIRED", "LAST SEEN", "BROWSER");
  for (const Device& device : *list) {
    out << fmt::format("{:<8} {:<20} {:<20} {}\n", device.id, device.paired_at, device.last_seen, device.name);
  }
  return 0;
}

}  // namespace unknot::web
