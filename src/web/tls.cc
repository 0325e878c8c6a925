#include "web/tls.h"

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <utility>

#include "storage/data_dir.h"

namespace unknot::web {
namespace {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* pointer) const {
    Free(pointer);
  }
};
using Certificate = std::unique_ptr<X509, Deleter<X509_free>>;
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free>>;
using Extension = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using Number = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using Octets = std::unique_ptr<ASN1_OCTET_STRING, Deleter<ASN1_OCTET_STRING_free>>;

// The reason OpenSSL gave last, in words ("" when it gave none); clears its error queue, so
// one failure's reasons never end up in the next one's message.
std::string openssl_reason() {
  std::string reason;
  if (const unsigned long code = ERR_peek_last_error(); code != 0) {
    if (const char* text = ERR_reason_error_string(code)) reason = text;
  }
  ERR_clear_error();
  return reason;
}

// The whole file, or a sentence saying why not ("No such file or directory", ...).
Result<std::string> read_whole_file(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return Error::bad_input(path + ": " + std::strerror(errno));
  std::string text;
  char chunk[4096];
  while (const std::size_t got = std::fread(chunk, 1, sizeof chunk, file)) text.append(chunk, got);
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) return Error::bad_input(path + ": cannot be read");
  return text;
}

Bio memory_bio(const std::string& text) { return Bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size()))); }

// A key file must never make OpenSSL ask for a passphrase on the terminal.
int no_passphrase(char*, int, int, void*) { return -1; }

Result<Certificate> parse_certificate(const std::string& text, const std::string& path, const std::string& flag) {
  Bio bio = memory_bio(text);
  Certificate certificate(PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr));
  if (!certificate) {
    const std::string reason = openssl_reason();
    return Error::bad_input(flag + ": " + path +
                            ": holds no PEM certificate (it should begin with -----BEGIN CERTIFICATE-----" +
                            (reason.empty() ? ")" : "; OpenSSL: " + reason + ")"));
  }
  return certificate;
}

Result<Key> parse_key(const std::string& text, const std::string& path, const std::string& flag) {
  if (text.find("ENCRYPTED") != std::string::npos) {
    return Error::bad_input(flag + ": " + path +
                            ": the key is protected by a passphrase, which a server cannot type; give it a copy "
                            "without one (`openssl pkey -in " + path + " -out key.pem` asks for the passphrase once)");
  }
  Bio bio = memory_bio(text);
  Key key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  if (!key) {
    const std::string reason = openssl_reason();
    return Error::bad_input(flag + ": " + path +
                            ": holds no PEM private key (it should begin with -----BEGIN PRIVATE KEY----- or "
                            "similar" + (reason.empty() ? ")" : "; OpenSSL: " + reason + ")"));
  }
  return key;
}

std::string fingerprint_of(X509* certificate) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  X509_digest(certificate, EVP_sha256(), digest, &size);
  std::string text;
  for (unsigned int i = 0; i < size; ++i) text += fmt::format("{}{:02X}", i == 0 ? "" : ":", digest[i]);
  return text;
}

std::string day_of(const ASN1_TIME* time) {
  std::tm parts{};
  if (ASN1_TIME_to_tm(time, &parts) != 1) return "";
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
  return text;
}

// Days from now until `time` (negative when it has passed).
int days_until(const ASN1_TIME* time) {
  int days = 0, seconds = 0;
  if (ASN1_TIME_diff(&days, &seconds, nullptr, time) != 1) return -1;
  return days;
}

// Whether the certificate and key already in the data directory can serve `addresses` for a
// while yet. Any problem (missing, unreadable, a key from an interrupted earlier attempt that
// does not match, an address it does not name, near its end) just means "make a new one".
bool still_good(const TlsFiles& files, const std::vector<std::string>& addresses) {
  auto certificate_text = read_whole_file(files.certificate_chain);
  auto key_text = read_whole_file(files.private_key);
  if (!certificate_text || !key_text) return false;
  auto certificate = parse_certificate(*certificate_text, files.certificate_chain, "");
  auto key = parse_key(*key_text, files.private_key, "");
  OPENSSL_cleanse(key_text->data(), key_text->size());
  if (!certificate || !key) return false;
  X509* x509 = certificate->get();
  bool good = X509_check_private_key(x509, key->get()) == 1 &&
              days_until(X509_get0_notAfter(x509)) >= kSelfSignedRenewDays &&
              X509_cmp_current_time(X509_get0_notBefore(x509)) < 0;
  for (const std::string& address : addresses) good = good && X509_check_ip_asc(x509, address.c_str(), 0) == 1;
  ERR_clear_error();
  return good;
}

Status add_extension(X509* certificate, X509V3_CTX& context, int nid, const std::string& value) {
  Extension extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
  if (!extension || X509_add_ext(certificate, extension.get(), -1) != 1) {
    return Error::failure("cannot make the HTTPS certificate: extension " + value + ": " + openssl_reason());
  }
  return Ok{};
}

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "this computer";
  return name;
}

// A new self-signed certificate and its key, as PEM text.
Result<std::pair<std::string, std::string>> make_self_signed(const std::vector<std::string>& addresses) {
  Key key(EVP_EC_gen("P-256"));
  Certificate certificate(X509_new());
  if (!key || !certificate) return Error::failure("cannot make the HTTPS certificate's key: " + openssl_reason());
  X509* x509 = certificate.get();
  X509_set_version(x509, 2);  // v3, for the extensions
  // A random 127-bit serial: positive, and different for every certificate made, as RFC 5280 asks.
  Number serial(BN_new());
  if (!serial || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(x509))) {
    return Error::failure("cannot make the HTTPS certificate's serial number: " + openssl_reason());
  }
  // An hour back, so a phone whose clock runs a little behind does not see it as not valid yet.
  X509_gmtime_adj(X509_getm_notBefore(x509), -60L * 60);
  X509_time_adj_ex(X509_getm_notAfter(x509), kSelfSignedValidDays, 0, nullptr);
  X509_set_pubkey(x509, key.get());
  // The name the phone shows when it asks whether to trust the certificate.
  X509_NAME* name = X509_get_subject_name(x509);
  const std::string common_name = ("unknot on " + host_name()).substr(0, 64);  // CN holds at most 64
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("unknot"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(common_name.c_str()),
                             -1, -1, 0);
  X509_set_issuer_name(x509, name);

  // Browsers check only subjectAltName (not the CN) against the address in the link.
  std::string alt_names;
  for (const std::string& address : addresses) alt_names += "IP:" + address + ",";
  alt_names += "IP:127.0.0.1,DNS:localhost";
  X509V3_CTX context;
  X509V3_set_ctx(&context, x509, x509, nullptr, nullptr, 0);
  for (const auto& [nid, value] : std::vector<std::pair<int, std::string>>{
           {NID_basic_constraints, "critical,CA:FALSE"},
           {NID_key_usage, "critical,digitalSignature"},
           {NID_ext_key_usage, "serverAuth"},
           {NID_subject_key_identifier, "hash"},
           {NID_subject_alt_name, alt_names}}) {
    if (auto added = add_extension(x509, context, nid, value); !added) return added.error();
  }
  if (X509_sign(x509, key.get(), EVP_sha256()) == 0) {
    return Error::failure("cannot sign the HTTPS certificate: " + openssl_reason());
  }

  Bio certificate_out(BIO_new(BIO_s_mem()));
  Bio key_out(BIO_new(BIO_s_mem()));
  if (!certificate_out || !key_out || PEM_write_bio_X509(certificate_out.get(), x509) != 1 ||
      PEM_write_bio_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Error::failure("cannot write the HTTPS certificate as PEM: " + openssl_reason());
  }
  auto text_of = [](BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
  };
  return std::make_pair(text_of(certificate_out.get()), text_of(key_out.get()));
}

}  // namespace

Status check_tls_files(const TlsFiles& files) {
  auto certificate_text = read_whole_file(files.certificate_chain);
  if (!certificate_text) return Error::bad_input("--tls-cert: " + certificate_text.error().message);
  auto certificate = parse_certificate(*certificate_text, files.certificate_chain, "--tls-cert");
  if (!certificate) return certificate.error();
  auto key_text = read_whole_file(files.private_key);
  if (!key_text) return Error::bad_input("--tls-key: " + key_text.error().message);
  auto key = parse_key(*key_text, files.private_key, "--tls-key");
  OPENSSL_cleanse(key_text->data(), key_text->size());
  if (!key) return key.error();
  if (X509_check_private_key(certificate->get(), key->get()) != 1) {
    ERR_clear_error();
    return Error::bad_input("--tls-key: " + files.private_key + ": this key does not belong to the certificate in " +
                            files.certificate_chain + " (--tls-cert)");
  }
  return Ok{};
}

Result<std::string> certificate_fingerprint(const std::string& certificate_file) {
  auto text = read_whole_file(certificate_file);
  if (!text) return Error::bad_input("--tls-cert: " + text.error().message);
  auto certificate = parse_certificate(*text, certificate_file, "--tls-cert");
  if (!certificate) return certificate.error();
  return fingerprint_of(certificate->get());
}

std::string self_signed_certificate_path(const std::string& data_dir) { return data_dir + "/tls-cert.pem"; }
std::string self_signed_key_path(const std::string& data_dir) { return data_dir + "/tls-key.pem"; }

Result<SelfSignedCertificate> ensure_self_signed_certificate(const std::string& data_dir,
                                                             const std::vector<std::string>& addresses) {
  for (const std::string& address : addresses) {
    Octets parsed(a2i_IPADDRESS(address.c_str()));
    ERR_clear_error();
    if (!parsed) return Error::bad_input("'" + address + "' is not an IP address for the HTTPS certificate");
  }
  SelfSignedCertificate result;
  result.files = {self_signed_certificate_path(data_dir), self_signed_key_path(data_dir)};
  if (!still_good(result.files, addresses)) {
    auto made = make_self_signed(addresses);
    if (!made) return made.error();
    auto& [certificate_text, key_text] = *made;
    // The key first: until the certificate is replaced too, the old certificate and the new
    // key do not match, and the next start makes a new pair rather than serving a broken one.
    const Status key_written = storage::write_file_durably(result.files.private_key, key_text);
    OPENSSL_cleanse(key_text.data(), key_text.size());
    if (!key_written) return key_written.error();
    if (auto written = storage::write_file_durably(result.files.certificate_chain, certificate_text); !written) {
      return written.error();
    }
    result.made_now = true;
  }
  auto text = read_whole_file(result.files.certificate_chain);
  if (!text) return Error::failure(text.error().message);
  auto certificate = parse_certificate(*text, result.files.certificate_chain, "the HTTPS certificate");
  if (!certificate) return Error::failure(certificate.error().message);
  result.fingerprint = fingerprint_of(certificate->get());
  result.expires = day_of(X509_get0_notAfter(certificate->get()));
  return result;
}

}  // namespace unknot::web
