// The certificates behind HTTPS for `unknot serve` and `unknot clinic serve`. A person's own
// certificate and key are checked here before a server starts, so a wrong file is one
// sentence naming the flag and the file rather than an OpenSSL error code. And when `unknot
// serve` listens beyond this computer without one, it makes its own self-signed certificate
// here, once, in the data directory, and prints its fingerprint so the person can compare it
// with what the phone's browser shows. Plain OpenSSL (libcrypto) only: the TLS connections
// themselves are in web/server.cc, the one file with Boost.Beast and Asio.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace unknot::web {

// The PEM files a TLS server needs.
struct TlsFiles {
  std::string certificate_chain;  // the server's certificate first, then any intermediates
  std::string private_key;        // unencrypted (a server cannot type a passphrase)
};

// Checks that both files can be read, hold a PEM certificate and a PEM private key, and that
// the key belongs to the certificate. kBadInput naming --tls-cert or --tls-key and the file.
Status check_tls_files(const TlsFiles& files);

// The SHA-256 fingerprint of the first certificate in `certificate_file`, the way browsers
// and `openssl x509 -fingerprint -sha256` show it: 32 upper-case hex bytes joined by colons.
Result<std::string> certificate_fingerprint(const std::string& certificate_file);

// How long a certificate unknot makes is valid (about two years: under the 825 days Apple's
// systems accept for a server certificate), and how close to its end unknot makes a new one.
inline constexpr int kSelfSignedValidDays = 730;
inline constexpr int kSelfSignedRenewDays = 30;

std::string self_signed_certificate_path(const std::string& data_dir);  // DATA/tls-cert.pem
std::string self_signed_key_path(const std::string& data_dir);          // DATA/tls-key.pem

struct SelfSignedCertificate {
  TlsFiles files;
  std::string fingerprint;  // as certificate_fingerprint() gives it
  std::string expires;      // "YYYY-MM-DD" (UTC)
  bool made_now = false;    // false: the certificate made earlier was still good and is reused
};

// The certificate `unknot serve` uses beyond this computer. The one already in `data_dir` is
// reused while it is good: its key belongs to it, it names every address in `addresses`, and
// it is valid for kSelfSignedRenewDays more days. Otherwise a new one replaces it: an EC P-256
// key, signed with SHA-256, valid kSelfSignedValidDays, its subjectAltName each IP address in
// `addresses` plus 127.0.0.1 and localhost. Both files are 0600, each written durably
// (temporary file, fsync, rename). kBadInput when an address is not an IP address; kFailure
// when the files cannot be written.
Result<SelfSignedCertificate> ensure_self_signed_certificate(const std::string& data_dir,
                                                             const std::vector<std::string>& addresses);

}  // namespace unknot::web
