#include "web/serve.h"

#include <fmt/format.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <vector>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include "web/app.h"
#include "web/pairing.h"
#include "web/qr.h"
#include "web/server.h"
#include "web/tls.h"

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

// Whether `bind` means every address of this computer rather than one of them.
bool listens_everywhere(const std::string& bind) { return bind == "0.0.0.0" || bind == "::"; }

bool utf8_terminal() {
  for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
    const char* value = std::getenv(name);
    if (value && *value) return std::string(value).find("UTF-8") != std::string::npos ||
                                std::string(value).find("utf8") != std::string::npos;
  }
  return false;
}

// The certificate a server uses, and what the person is told about it.
struct Https {
  TlsFiles files;
  std::string fingerprint;
  bool self_signed = false;  // made by unknot (the browser warns once), not the person's own
};

// Whether and how to speak HTTPS: with the person's own certificate whenever they give one;
// beyond loopback with unknot's own unless --insecure-http; else (this computer only, where
// nothing travels over the network) plain HTTP, as always. Prints a line when it made a new
// certificate. `lan`: the address the pairing link shows ("" when there is none).
Result<std::optional<Https>> choose_https(const ServeOptions& options, bool loopback, const std::string& lan,
                                          service::Workspace& workspace, std::ostream& out) {
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return Error::bad_input("--tls-cert and --tls-key go together: give both, or neither (then beyond this "
                            "computer unknot makes its own certificate)");
  }
  if (!options.tls_cert.empty()) {
    if (options.insecure_http) {
      return Error::bad_input("--insecure-http asks for plain HTTP, --tls-cert for HTTPS: give one of them");
    }
    const TlsFiles files{options.tls_cert, options.tls_key};
    if (auto checked = check_tls_files(files); !checked) return checked.error();
    auto fingerprint = certificate_fingerprint(files.certificate_chain);
    if (!fingerprint) return fingerprint.error();
    return std::optional<Https>(Https{files, *fingerprint, false});
  }
  if (loopback || options.insecure_http) return std::optional<Https>();
  auto data_dir = workspace.data_dir();
  if (!data_dir) return data_dir.error();
  // The names the phone may use: the address listened on (unless it is "every address") and
  // the one the pairing link shows.
  std::vector<std::string> addresses;
  if (!listens_everywhere(options.bind)) addresses.push_back(options.bind);
  if (!lan.empty() && lan != options.bind) addresses.push_back(lan);
  auto certificate = ensure_self_signed_certificate(*data_dir, addresses);
  if (!certificate) return certificate.error();
  if (certificate->made_now) {
    out << "unknot made its own certificate for HTTPS, valid until " << certificate->expires << ": "
        << certificate->files.certificate_chain << "\n";
  }
  return std::optional<Https>(Https{certificate->files, certificate->fingerprint, true});
}

}  // namespace

int serve(const ServeOptions& options, service::Workspace& workspace, std::ostream& out, std::ostream& err) {
  auto fail = [&err](const Error& error) {
    err << "unknot: " << error.message << "\n";
    return error.exit_code();
  };
  auto loopback = is_loopback_address(options.bind);
  if (!loopback) return fail(loopback.error());
  const std::string lan = lan_address();
  auto https = choose_https(options, *loopback, lan, workspace, out);
  if (!https) return fail(https.error());
  std::optional<TlsFiles> tls;
  if (*https) tls = (*https)->files;
  auto server = Server::listen(options.bind, options.port, tls);
  if (!server) return fail(server.error());
  if (auto catalogue = workspace.catalogue(); !catalogue) return fail(catalogue.error());
  const std::string scheme = tls ? "https" : "http";
  const std::string origin = fmt::format("{}://{}:{}", scheme, (*server)->url_host(), (*server)->port());
  // Shown beside every pairing link: the phone's browser shows the same when asked (or, for
  // unknot's own certificate, when it warns the first time).
  std::string fingerprint_lines;
  if (*https && (*https)->self_signed) {
    fingerprint_lines =
        "The first time, the phone's browser warns that the connection is not private: unknot made this\n"
        "certificate itself (no certificate authority vouches for a computer at home). Open the\n"
        "certificate from the warning, and go on only if its SHA-256 fingerprint is\n"
        "  " + (*https)->fingerprint + "\n";
  } else if (*https) {
    fingerprint_lines = "The certificate's SHA-256 fingerprint (the browser shows the same):\n  " +
                        (*https)->fingerprint + "\n";
  }
  std::unique_ptr<Pairing> pairing;
  std::mutex out_mutex;  // pairing messages come from worker threads
  std::string link_base;
  auto print_link = [&] {
    const std::string link = link_base + "/pair?code=" + pairing->current_code();
    out << "Pair a phone or another computer: open this link on it, or scan the code with its camera\n"
        << "(each link works once; a new one appears here after each pairing):\n"
        << qr_text(link, !utf8_terminal()) << "  " << link << "\n"
        << fingerprint_lines << std::flush;
  };
  WebAppOptions app_options;
  if (!*loopback) {
    auto data_dir = workspace.data_dir();
    if (!data_dir) return fail(data_dir.error());
    pairing = std::make_unique<Pairing>(*data_dir, service::local_now);
    const std::string host = listens_everywhere(options.bind) && !lan.empty() ? lan : (*server)->url_host();
    link_base = fmt::format("{}://{}:{}", scheme, host, (*server)->port());
    app_options.pairing = pairing.get();
    // Secure: the device's cookie never travels unencrypted (and over plain HTTP a Secure
    // cookie would never be sent back at all).
    app_options.secure_cookie = tls.has_value();
    app_options.on_paired = [&] {
      std::lock_guard lock(out_mutex);
      out << "unknot: a device paired (`unknot serve devices` lists them).\n";
      print_link();
    };
    if (!tls) {
      err << "unknot: WARNING: --insecure-http: listening on " << options.bind
          << " over plain HTTP. Only paired devices get answers, but anyone on your network can read your "
             "diary and plan as they travel, and take over a paired device's cookie; and the phone's browser "
             "will not keep the screen awake during a session or work offline. Leave out --insecure-http to "
             "use HTTPS.\n";
    }
  }
  WebApp app(workspace, make_csrf_token(), service::local_now, app_options);
  {
    std::lock_guard lock(out_mutex);
    out << "unknot is running at " << origin << "/  (press Ctrl+C to stop)" << std::endl;
    if (pairing) {
      print_link();
    } else {
      out << fingerprint_lines << std::flush;
    }
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
