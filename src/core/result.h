// The one error type at unknot's boundaries: a value that is either a T or an Error.
// Errors say what was wrong and where, in one line a person can act on. kBadInput maps
// to exit code 2 (the contract's "bad input"); kFailure to exit code 1.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace unknot {

// kBadInput: the caller's input is wrong (exit 2, HTTP 400). kBusy: another writer holds the
// diary for now; nothing changed and trying again later works (exit 1, HTTP 503 with
// Retry-After). kFailure: anything else that went wrong (exit 1, HTTP 500).
enum class ErrorKind { kBadInput, kFailure, kBusy };

struct Error {
  ErrorKind kind = ErrorKind::kFailure;
  std::string message;

  static Error bad_input(std::string message) { return {ErrorKind::kBadInput, std::move(message)}; }
  static Error failure(std::string message) { return {ErrorKind::kFailure, std::move(message)}; }
  static Error busy(std::string message) { return {ErrorKind::kBusy, std::move(message)}; }

  int exit_code() const { return kind == ErrorKind::kBadInput ? 2 : 1; }
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok().
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // REQUIRES: !ok().
  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// For operations that return nothing on success.
struct Ok {};
using Status = Result<Ok>;

}  // namespace unknot
