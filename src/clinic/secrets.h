// Secrets for the clinic: password hashes (argon2id, libsodium) and random tokens that are
// stored only as their SHA-256 (sessions, device tokens, link codes), so a copy of the
// database lets nobody log in or sync as anyone.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace unknot::clinic {

// Passwords shorter than this are refused (contract section 7).
inline constexpr std::size_t kMinPasswordLength = 12;

// An argon2id hash in libsodium's self-describing string form.
Result<std::string> hash_password(std::string_view password);

// Whether `password` matches `hash` (constant time inside libsodium).
bool verify_password(std::string_view password, const std::string& hash);

// A new random token of `bytes` random bytes, as lower-case hex.
std::string random_token(std::size_t bytes = 32);

// A one-use link code a person can type: 12 characters from an alphabet without look-alikes
// (no 0/O, 1/I/L), shown in groups of four ("K7QP-3MXD-9TRA").
std::string random_link_code();

// Normalises a typed link code: upper case, dashes and spaces removed.
std::string normalize_link_code(std::string_view code);

// SHA-256 of `secret` as lower-case hex: what the database keeps instead of the secret.
std::string token_digest(std::string_view secret);

// Whether two strings are equal, in time that depends only on their length.
bool same_secret(std::string_view a, std::string_view b);

}  // namespace unknot::clinic
