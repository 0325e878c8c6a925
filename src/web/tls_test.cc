// HTTPS: the certificate unknot makes for itself (private files, reused, the fingerprint as
// `openssl x509 -fingerprint -sha256` prints it, the addresses in subjectAltName), the checks
// on a person's own certificate, and the real server core on 127.0.0.1 speaking TLS to a
// client made of plain OpenSSL that trusts exactly that certificate.
#include "web/tls.h"

#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <thread>
#include <vector>

#include "testing/test_util.h"
#include "web/server.h"

namespace unknot::web {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/unknot-tls-test-XXXXXX";
    path_ = mkdtemp(pattern) ? pattern : "";
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

unsigned file_mode(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return 0;
  return info.st_mode & 07777;
}

std::string read_text(const std::string& path) {
  std::string text;
  test_util::read_text_file(path, text);
  return text;
}

void write_text(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// Standard output of a shell command, and whether it exited 0.
std::pair<bool, std::string> shell(const std::string& command) {
  std::string out;
  std::FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return {false, ""};
  char chunk[4096];
  while (const std::size_t got = std::fread(chunk, 1, sizeof chunk, pipe)) out.append(chunk, got);
  return {::pclose(pipe) == 0, out};
}

bool have_openssl_tool() { return shell("openssl version").first; }

// The certificate in `path`, parsed.
std::unique_ptr<X509, decltype(&X509_free)> load_certificate(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "r");
  X509* certificate = file ? PEM_read_X509(file, nullptr, nullptr, nullptr) : nullptr;
  if (file) std::fclose(file);
  return {certificate, &X509_free};
}

TEST(SelfSignedCertificate, IsMadeOncePrivateAndThenReused) {
  TempDir dir;
  auto first = ensure_self_signed_certificate(dir.path(), {"192.0.2.7"});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->made_now);
  EXPECT_EQ(first->files.certificate_chain, dir.path() + "/tls-cert.pem");
  EXPECT_EQ(first->files.private_key, dir.path() + "/tls-key.pem");
  EXPECT_EQ(file_mode(first->files.certificate_chain), 0600u);
  EXPECT_EQ(file_mode(first->files.private_key), 0600u);
  EXPECT_NE(read_text(first->files.private_key).find("-----BEGIN PRIVATE KEY-----"), std::string::npos);
  const std::string certificate_text = read_text(first->files.certificate_chain);
  // No temporary files left beside them.
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir.path())) files += entry.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, 2);

  auto second = ensure_self_signed_certificate(dir.path(), {"192.0.2.7"});
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_FALSE(second->made_now);
  EXPECT_EQ(second->fingerprint, first->fingerprint);
  EXPECT_EQ(read_text(second->files.certificate_chain), certificate_text);
  EXPECT_TRUE(check_tls_files(second->files)) << "the key belongs to the certificate";
}

TEST(SelfSignedCertificate, IsP256WithSha256ForTwoYearsNamingItsAddresses) {
  TempDir dir;
  auto made = ensure_self_signed_certificate(dir.path(), {"192.0.2.7", "fd00::2"});
  ASSERT_TRUE(made) << made.error().message;
  auto certificate = load_certificate(made->files.certificate_chain);
  ASSERT_TRUE(certificate);
  EXPECT_EQ(X509_get_signature_nid(certificate.get()), NID_ecdsa_with_SHA256);
  EVP_PKEY* key = X509_get0_pubkey(certificate.get());
  ASSERT_NE(key, nullptr);
  EXPECT_TRUE(EVP_PKEY_is_a(key, "EC"));
  char curve[64] = {};
  size_t length = 0;
  EXPECT_EQ(EVP_PKEY_get_utf8_string_param(key, "group", curve, sizeof curve, &length), 1);
  EXPECT_STREQ(curve, "prime256v1");
  int days = 0, seconds = 0;
  ASSERT_EQ(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(certificate.get()),
                           X509_get0_notAfter(certificate.get())),
            1);
  EXPECT_GE(days, 729);
  EXPECT_LE(days, 731);
  for (const char* address : {"192.0.2.7", "fd00::2", "127.0.0.1"}) {
    EXPECT_EQ(X509_check_ip_asc(certificate.get(), address, 0), 1) << address;
  }
  EXPECT_EQ(X509_check_host(certificate.get(), "localhost", 0, 0, nullptr), 1);
  EXPECT_NE(X509_check_ip_asc(certificate.get(), "192.0.2.8", 0), 1);
  // A server certificate, not a certificate authority.
  EXPECT_EQ(X509_check_ca(certificate.get()), 0);
  EXPECT_TRUE(X509_get_extended_key_usage(certificate.get()) & XKU_SSL_SERVER);
}

TEST(SelfSignedCertificate, FingerprintAndAddressesAreWhatOpensslShows) {
  if (!have_openssl_tool()) UNKNOT_MISSING_PREREQUISITE("the openssl command is missing");
  TempDir dir;
  auto made = ensure_self_signed_certificate(dir.path(), {"192.0.2.7"});
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_TRUE(std::regex_match(made->fingerprint, std::regex("([0-9A-F]{2}:){31}[0-9A-F]{2}"))) << made->fingerprint;
  const auto [ok, printed] = shell("openssl x509 -noout -fingerprint -sha256 -in " + made->files.certificate_chain);
  ASSERT_TRUE(ok) << printed;
  // "sha256 Fingerprint=AB:CD:..." (the prefix's case differs between OpenSSL versions).
  EXPECT_EQ(printed.substr(printed.find('=') + 1), made->fingerprint + "\n");
  auto again = certificate_fingerprint(made->files.certificate_chain);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, made->fingerprint);
  const auto [san_ok, san] = shell("openssl x509 -noout -ext subjectAltName -in " + made->files.certificate_chain);
  ASSERT_TRUE(san_ok) << san;
  for (const char* name : {"IP Address:192.0.2.7", "IP Address:127.0.0.1", "DNS:localhost"}) {
    EXPECT_NE(san.find(name), std::string::npos) << name << " in " << san;
  }
  // The certificate verifies against itself, as a phone that trusts it would check it.
  const auto [verified, verify_output] =
      shell("openssl verify -CAfile " + made->files.certificate_chain + " " + made->files.certificate_chain);
  EXPECT_TRUE(verified) << verify_output;
}

TEST(SelfSignedCertificate, IsMadeAgainForANewAddressOrABrokenPair) {
  TempDir dir;
  auto first = ensure_self_signed_certificate(dir.path(), {"192.0.2.7"});
  ASSERT_TRUE(first);
  // The computer got another address on the network: the link would name it, so must the certificate.
  auto moved = ensure_self_signed_certificate(dir.path(), {"192.0.2.9"});
  ASSERT_TRUE(moved);
  EXPECT_TRUE(moved->made_now);
  EXPECT_NE(moved->fingerprint, first->fingerprint);
  // A key that does not belong to the certificate (an interrupted earlier attempt) is replaced.
  TempDir other;
  auto foreign = ensure_self_signed_certificate(other.path(), {"192.0.2.9"});
  ASSERT_TRUE(foreign);
  fs::copy_file(foreign->files.private_key, moved->files.private_key, fs::copy_options::overwrite_existing);
  auto repaired = ensure_self_signed_certificate(dir.path(), {"192.0.2.9"});
  ASSERT_TRUE(repaired);
  EXPECT_TRUE(repaired->made_now);
  EXPECT_TRUE(check_tls_files(repaired->files));
  EXPECT_EQ(file_mode(repaired->files.private_key), 0600u);
  // A missing certificate too.
  fs::remove(repaired->files.certificate_chain);
  auto remade = ensure_self_signed_certificate(dir.path(), {"192.0.2.9"});
  ASSERT_TRUE(remade);
  EXPECT_TRUE(remade->made_now);
}

TEST(SelfSignedCertificate, RefusesAnAddressThatIsNotOne) {
  TempDir dir;
  auto made = ensure_self_signed_certificate(dir.path(), {"my-laptop"});
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().exit_code(), 2);
  EXPECT_NE(made.error().message.find("my-laptop"), std::string::npos);
}

TEST(TlsFiles, EachProblemNamesTheFlagAndTheFile) {
  TempDir dir;
  auto made = ensure_self_signed_certificate(dir.path(), {});
  ASSERT_TRUE(made);
  const TlsFiles good = made->files;
  struct Case {
    TlsFiles files;
    std::string flag, file, why;
  };
  const std::string garbage = dir.path() + "/garbage.pem";
  write_text(garbage, "not a certificate\n");
  const std::string locked = dir.path() + "/locked-key.pem";
  write_text(locked, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
  TempDir other;
  auto foreign = ensure_self_signed_certificate(other.path(), {});
  ASSERT_TRUE(foreign);
  const std::vector<Case> cases = {
      {{dir.path() + "/missing.pem", good.private_key}, "--tls-cert", dir.path() + "/missing.pem", "No such file"},
      {{garbage, good.private_key}, "--tls-cert", garbage, "no PEM certificate"},
      {{good.certificate_chain, dir.path() + "/missing-key.pem"}, "--tls-key", dir.path() + "/missing-key.pem",
       "No such file"},
      {{good.certificate_chain, garbage}, "--tls-key", garbage, "no PEM private key"},
      {{good.certificate_chain, locked}, "--tls-key", locked, "passphrase"},
      {{good.certificate_chain, foreign->files.private_key}, "--tls-key", foreign->files.private_key,
       "does not belong"},
      {{good.private_key, good.certificate_chain}, "--tls-cert", good.private_key, "no PEM certificate"},
  };
  for (const Case& test : cases) {
    const Status checked = check_tls_files(test.files);
    ASSERT_FALSE(checked) << test.why;
    EXPECT_EQ(checked.error().exit_code(), 2) << test.why;
    const std::string& message = checked.error().message;
    EXPECT_EQ(message.rfind(test.flag + ": " + test.file, 0), 0u) << message;
    EXPECT_NE(message.find(test.why), std::string::npos) << message;
    // The server refuses to start the same way: exit 2 with the sentence, never an abort.
    auto server = Server::listen("127.0.0.1", 0, test.files);
    ASSERT_FALSE(server) << test.why;
    EXPECT_EQ(server.error().exit_code(), 2);
    EXPECT_EQ(server.error().message, message);
  }
  EXPECT_TRUE(check_tls_files(good));
}

// ---- the server core over TLS

// Answers every request with 200 and the path, and counts what it saw.
class EchoHandler : public Handler {
 public:
  Response handle(const Request& request) override {
    ++calls;
    return Response{200, "text/plain", "you asked for " + request.target + "\n", {}};
  }
  std::atomic<int> calls{0};
};

// The server core on 127.0.0.1 with `tls`, run on a thread of its own while the test talks to it.
class RunningServer {
 public:
  RunningServer(std::unique_ptr<Server> server, Handler& handler)
      : server_(std::move(server)), thread_([this, &handler] { server_->run(handler); }) {}
  ~RunningServer() {
    server_->stop();
    thread_.join();
  }
  int port() const { return server_->port(); }

 private:
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

// A TCP connection to 127.0.0.1:`port` that gives up reading after 5 seconds.
int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

struct TlsResult {
  bool handshake = false;
  std::string failure;    // why not, when not
  std::string protocol;   // "TLSv1.3", ...
  std::string response;   // everything the server sent until it closed
};

// A TLS client made of plain OpenSSL that trusts only `trusted_certificate` and checks that it
// names 127.0.0.1, as a browser checks the address it was given. `highest_version`: 0 for any.
TlsResult https_get(int port, const std::string& trusted_certificate, const std::string& path,
                    int highest_version = 0) {
  TlsResult result;
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> context(SSL_CTX_new(TLS_client_method()), &SSL_CTX_free);
  SSL_CTX_load_verify_locations(context.get(), trusted_certificate.c_str(), nullptr);
  SSL_CTX_set_verify(context.get(), SSL_VERIFY_PEER, nullptr);
  if (highest_version != 0) {
    // An old client: allow what it would offer, so that refusing it is the server's doing.
    SSL_CTX_set_security_level(context.get(), 0);
    SSL_CTX_set_cipher_list(context.get(), "ALL:@SECLEVEL=0");
    SSL_CTX_set_min_proto_version(context.get(), TLS1_VERSION);
    SSL_CTX_set_max_proto_version(context.get(), highest_version);
  }
  const int fd = connect_to(port);
  if (fd < 0) return {false, "cannot connect", "", ""};
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(context.get()), &SSL_free);
  SSL_set_fd(ssl.get(), fd);
  X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl.get()), "127.0.0.1");
  if (SSL_connect(ssl.get()) != 1) {
    const long verify = SSL_get_verify_result(ssl.get());
    char reason[256] = {};
    ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
    result.failure = verify != X509_V_OK ? X509_verify_cert_error_string(verify) : reason;
    ERR_clear_error();
    ::close(fd);
    return result;
  }
  result.handshake = true;
  result.protocol = SSL_get_version(ssl.get());
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  SSL_write(ssl.get(), request.data(), static_cast<int>(request.size()));
  char chunk[4096];
  int got = 0;
  while ((got = SSL_read(ssl.get(), chunk, sizeof chunk)) > 0) result.response.append(chunk, got);
  // The server said close_notify rather than just dropping the connection.
  EXPECT_EQ(SSL_get_error(ssl.get(), got), SSL_ERROR_ZERO_RETURN);
  ERR_clear_error();
  SSL_shutdown(ssl.get());
  ::close(fd);
  return result;
}

// What a plain-HTTP client gets back from `port`.
std::string plain_get(int port, const std::string& request) {
  const int fd = connect_to(port);
  if (fd < 0) return "cannot connect";
  ::send(fd, request.data(), request.size(), 0);
  std::string response;
  char chunk[4096];
  ssize_t got = 0;
  while ((got = ::recv(fd, chunk, sizeof chunk, 0)) > 0) response.append(chunk, static_cast<std::size_t>(got));
  ::close(fd);
  return response;
}

class TlsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto made = ensure_self_signed_certificate(dir_.path(), {});
    ASSERT_TRUE(made) << made.error().message;
    certificate_ = *made;
    auto server = Server::listen("127.0.0.1", 0, certificate_.files);
    ASSERT_TRUE(server) << server.error().message;
    running_.emplace(std::move(*server), handler_);
  }
  int port() const { return running_->port(); }

  TempDir dir_;
  SelfSignedCertificate certificate_;
  EchoHandler handler_;
  std::optional<RunningServer> running_;
};

TEST_F(TlsServerTest, AClientTrustingTheCertificateGetsAnswers) {
  const TlsResult answer = https_get(port(), certificate_.files.certificate_chain, "/today");
  ASSERT_TRUE(answer.handshake) << answer.failure;
  EXPECT_TRUE(answer.protocol == "TLSv1.3" || answer.protocol == "TLSv1.2") << answer.protocol;
  EXPECT_EQ(answer.response.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << answer.response;
  EXPECT_NE(answer.response.find("you asked for /today"), std::string::npos);
  EXPECT_EQ(handler_.calls, 1);
  // Kept alive across requests, and many in a row.
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(https_get(port(), certificate_.files.certificate_chain, "/").handshake);
  EXPECT_EQ(handler_.calls, 6);
}

TEST_F(TlsServerTest, AClientTrustingAnotherCertificateRefusesTheServer) {
  TempDir other;
  auto stranger = ensure_self_signed_certificate(other.path(), {});
  ASSERT_TRUE(stranger);
  const TlsResult answer = https_get(port(), stranger->files.certificate_chain, "/");
  EXPECT_FALSE(answer.handshake);
  EXPECT_NE(answer.failure.find("self-signed"), std::string::npos) << answer.failure;
  EXPECT_EQ(handler_.calls, 0);
}

TEST_F(TlsServerTest, OnlyTls12AndNewerAreSpoken) {
  const TlsResult tls12 = https_get(port(), certificate_.files.certificate_chain, "/", TLS1_2_VERSION);
  EXPECT_TRUE(tls12.handshake) << tls12.failure;
  EXPECT_EQ(tls12.protocol, "TLSv1.2");
  for (int old : {TLS1_VERSION, TLS1_1_VERSION}) {
    const TlsResult answer = https_get(port(), certificate_.files.certificate_chain, "/", old);
    EXPECT_FALSE(answer.handshake) << old;
  }
  EXPECT_EQ(handler_.calls, 1);
}

TEST_F(TlsServerTest, PlainHttpIsSentToHttpsAndNeverReachesTheHandler) {
  const std::string port_text = std::to_string(port());
  const std::string redirected =
      plain_get(port(), "GET /today?x=1 HTTP/1.1\r\nHost: 127.0.0.1:" + port_text + "\r\n\r\n");
  EXPECT_EQ(redirected.rfind("HTTP/1.1 302 Found\r\n", 0), 0u) << redirected;
  EXPECT_NE(redirected.find("Location: https://127.0.0.1:" + port_text + "/today?x=1\r\n"), std::string::npos)
      << redirected;
  const std::string posted = plain_get(
      port(), "POST /api/diary HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}");
  EXPECT_EQ(posted.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << posted;
  EXPECT_NE(posted.find("HTTPS"), std::string::npos);
  EXPECT_EQ(handler_.calls, 0);
  // The server still speaks TLS afterwards.
  EXPECT_TRUE(https_get(port(), certificate_.files.certificate_chain, "/").handshake);
}

TEST_F(TlsServerTest, ASilentClientDoesNotKeepOthersOut) {
  // More silent connections than the server holds: the oldest are closed to make room, and a
  // real client still gets its answer.
  std::vector<int> silent;
  for (int i = 0; i < kMaxConnections + 8; ++i) silent.push_back(connect_to(port()));
  const TlsResult answer = https_get(port(), certificate_.files.certificate_chain, "/");
  EXPECT_TRUE(answer.handshake) << answer.failure;
  EXPECT_NE(answer.response.find("200 OK"), std::string::npos);
  // The first of them was closed by the server: reading it ends (0) rather than timing out.
  char byte = 0;
  EXPECT_EQ(::recv(silent.front(), &byte, 1, 0), 0);
  for (int fd : silent) ::close(fd);
}

}  // namespace
}  // namespace unknot::web
