// The only translation unit with Boost.Beast and Asio: accepts connections and moves bytes
// between sockets and a Handler. One I/O thread runs a C++20 coroutine per connection
// (after Beast's coroutine HTTP server example: accept loop, then read request / write
// response / keep-alive); the handler runs on a small pool of worker threads, so the I/O
// thread never waits for SQLite or anything slow, and a full pool answers 503 at once.
// With TLS the same request loop runs over beast::ssl_stream (OpenSSL), after Beast's
// "flex" example: the first bytes tell a TLS handshake from plain HTTP, so someone who
// typed http:// is sent to https:// instead of getting garbage back.
#include "web/server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>

#include <malloc.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <list>
#include <memory>
#include <optional>

namespace unknot::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
// How long a finished TLS connection waits for the client's close_notify.
constexpr int kTlsCloseSeconds = 2;
// TLS 1.2 suites with forward secrecy and authenticated encryption only (TLS 1.3 has
// nothing else); every browser of the last ten years offers them.
constexpr const char* kTls12Ciphers = "ECDHE+AESGCM:ECDHE+CHACHA20";

Request to_request(const http::request<http::string_body>& message) {
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  for (const auto& header : message) {
    std::string name(header.name_string());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    request.headers[name] = std::string(header.value());
  }
  request.body = message.body();
  return request;
}

// Whether `text` can go into a header as it is: no CR, LF or NUL that would end it early.
bool header_safe(std::string_view text) { return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos; }

// A plain-text answer from the server core itself (the handler never saw the request).
http::response<http::string_body> refusal(http::status status, const std::string& text, unsigned version = 11) {
  http::response<http::string_body> message{status, version};
  message.set(http::field::content_type, "text/plain; charset=utf-8");
  message.set(http::field::server, "unknot");
  message.keep_alive(false);
  message.body() = text + "\n";
  message.prepare_payload();
  return message;
}

http::response<http::string_body> busy(unsigned version = 11) {
  auto message = refusal(http::status::service_unavailable, "unknot is busy; try again in a moment", version);
  message.set(http::field::retry_after, std::to_string(kRetryAfterSeconds));
  return message;
}

http::response<http::string_body> to_message(const Response& response, unsigned version, bool keep_alive,
                                             bool head) {
  // A header with CR or LF would split the response: refuse it here, whatever the handler did.
  bool safe = header_safe(response.content_type);
  for (const auto& [name, value] : response.headers) safe = safe && header_safe(name) && header_safe(value);
  if (!safe) {
    return refusal(http::status::internal_server_error,
                   "unknot hit an internal error: a response header held a line break", version);
  }
  http::response<http::string_body> message{static_cast<http::status>(response.status), version};
  message.set(http::field::server, "unknot");
  if (!response.content_type.empty()) message.set(http::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) message.set(name, value);
  message.keep_alive(keep_alive);
  message.body() = response.body;
  message.prepare_payload();
  if (head) message.body().clear();  // keeps Content-Length of the GET
  return message;
}

// One open connection as the accept loop sees it.
struct Slot {
  beast::tcp_stream* stream;      // the TCP layer, also under TLS (closing it ends either)
  bool waiting = true;            // for a request's headers (first, or the next on keep-alive)
  Clock::time_point since;        // when it began to wait
  bool evicted = false;           // closed to make room for a newer connection
};

// Everything the I/O thread keeps between connections. Touched only on the I/O thread.
struct State {
  Handler& handler;
  asio::thread_pool& workers;
  asio::ssl::context* tls;  // null: plain HTTP
  std::list<std::shared_ptr<Slot>> open;
  int queued = 0;           // requests handed to the workers and not answered yet
  long served_since_trim = 0;

  // At the connection limit, closes the connection that has waited longest for a request
  // (slow or idle clients, never one whose request is being answered) so a new one fits.
  bool make_room() {
    std::shared_ptr<Slot> oldest;
    for (const auto& slot : open) {
      if (slot->waiting && (!oldest || slot->since < oldest->since)) oldest = slot;
    }
    if (!oldest) return false;
    oldest->evicted = true;
    beast::error_code ignored;
    oldest->stream->socket().close(ignored);  // its pending read ends with operation_aborted
    open.remove(oldest);
    return true;
  }
};

// Runs the handler on a worker thread and resumes on the I/O thread with its response.
asio::awaitable<Response> on_worker(State& state, Request request) {
  auto io = co_await asio::this_coro::executor;
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Response)>(
      [&state, io](auto resume, Request request) {
        asio::post(state.workers, [&state, io, resume = std::move(resume), request = std::move(request)]() mutable {
          Response response;
          try {
            response = state.handler.handle(request);
          } catch (const std::exception& error) {
            response = Response{500, "text/plain; charset=utf-8",
                                std::string("unknot hit an internal error: ") + error.what() + "\n", {}};
          }
          asio::post(io, [resume = std::move(resume), response = std::move(response)]() mutable {
            std::move(resume)(std::move(response));
          });
        });
      },
      asio::use_awaitable, std::move(request));
}

// The request/response loop of one connection, plain or TLS alike, until it closes or is
// evicted. `buffer` may already hold bytes of the first request. The caller set the deadline
// for the first request's headers (under TLS it covers the handshake too).
template <typename Stream>
asio::awaitable<void> serve_requests(Stream& stream, beast::flat_buffer& buffer, Slot& slot, State& state) {
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  bool first = true;
  while (true) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(kMaxHeaderBytes);
    parser.body_limit(kMaxBodyBytes);
    slot.waiting = true;
    if (!first) {
      // A kept-alive connection may idle longer (and is the first to go when the server is full).
      slot.since = Clock::now();
      tcp.expires_after(std::chrono::seconds(kIdleTimeoutSeconds));
    }
    first = false;
    auto [header_error, header_bytes] = co_await http::async_read_header(stream, buffer, parser, kUseTuple);
    (void)header_bytes;
    beast::error_code read_error = header_error;
    if (!read_error) {
      slot.waiting = false;
      // The rest of a request must arrive promptly once it started.
      tcp.expires_after(std::chrono::seconds(kRequestTimeoutSeconds));
      auto [body_error, body_bytes] = co_await http::async_read(stream, buffer, parser, kUseTuple);
      (void)body_bytes;
      read_error = body_error;
    }
    if (slot.evicted) co_return;
    if (read_error == http::error::header_limit || read_error == http::error::body_limit) {
      // In the app's own form (Handler::refusal: unknot's is a page in its frame with the
      // usual security headers), since a person who pasted too much should see a page.
      const bool header = read_error == http::error::header_limit;
      auto message = to_message(
          state.handler.refusal(header ? 431 : 413,
                                header ? "The request's headers are larger than 8 KB, more than unknot accepts."
                                       : "What was sent is larger than 64 KB, more than any unknot form needs. If you "
                                         "pasted a long text into a note, please shorten it (a note holds up to 2000 "
                                         "characters) and go back to try again."),
          11, false, false);
      co_await http::async_write(stream, message, kUseTuple);
      co_return;
    }
    if (read_error == http::error::end_of_stream || read_error == beast::error::timeout) co_return;
    if (read_error) {
      if (read_error.category() == beast::error_code(http::error::bad_target).category()) {
        auto message =
            refusal(http::status::bad_request, "unknot: malformed HTTP request: " + read_error.message());
        co_await http::async_write(stream, message, kUseTuple);
      }
      co_return;
    }
    const auto& request = parser.get();
    // A page the app kept whole goes out from here in one write: no worker, no copy.
    if (request.method() == http::verb::get && request.version() == 11 && request.keep_alive() &&
        request.body().empty() && request.count(http::field::host) == 1 && request.count(http::field::cookie) <= 1) {
      const RequestHead head{"GET", request.target(), request[http::field::host], request[http::field::cookie]};
      if (auto kept = state.handler.kept_response(head)) {
        tcp.expires_after(std::chrono::seconds(kRequestTimeoutSeconds));
        auto [write_error, written] = co_await asio::async_write(stream, asio::buffer(*kept), kUseTuple);
        (void)written;
        if (write_error) co_return;
        continue;
      }
    }
    http::response<http::string_body> message;
    if (state.queued >= kMaxQueuedRequests) {
      message = busy(request.version());
    } else {
      ++state.queued;
      Request call = to_request(request);
      beast::error_code peer_error;
      const auto peer = tcp.socket().remote_endpoint(peer_error);
      if (!peer_error) call.remote_address = peer.address().to_string();
      const Response response = co_await on_worker(state, std::move(call));
      --state.queued;
      ++state.served_since_trim;
      message = to_message(response, request.version(), request.keep_alive(), request.method() == http::verb::head);
    }
    if (slot.evicted) co_return;
    tcp.expires_after(std::chrono::seconds(kRequestTimeoutSeconds));
    auto [write_error, written] = co_await http::async_write(stream, message, kUseTuple);
    (void)written;
    if (write_error || !message.keep_alive()) co_return;
  }
}

// Whether `host` (a Host header) can go into a Location header as it is.
bool plain_host(std::string_view host) {
  return !host.empty() &&
         host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
             std::string_view::npos;
}

// Plain HTTP on the HTTPS port (someone typed the address without https://): a GET or HEAD
// is sent to the same address over https://, anything else gets a sentence saying so. The
// handler never sees the request: nothing travels unencrypted beyond this answer.
asio::awaitable<void> send_to_https(beast::tcp_stream& stream, beast::flat_buffer& buffer) {
  http::request_parser<http::empty_body> parser;
  parser.header_limit(kMaxHeaderBytes);
  auto [error, bytes] = co_await http::async_read_header(stream, buffer, parser, kUseTuple);
  (void)bytes;
  if (error) co_return;
  const auto& request = parser.get();
  const std::string host(request[http::field::host]);
  const std::string target(request.target());
  http::response<http::string_body> message;
  if ((request.method() == http::verb::get || request.method() == http::verb::head) && plain_host(host) &&
      target.starts_with('/')) {
    const std::string location = "https://" + host + target;
    // 302, not 301: a browser must not remember it, in case this port serves plain HTTP later.
    message = refusal(http::status::found, "unknot answers over HTTPS: " + location, request.version());
    message.set(http::field::location, location);
  } else {
    message = refusal(http::status::bad_request,
                      "unknot answers over HTTPS on this port: use https:// with the same address",
                      request.version());
  }
  stream.expires_after(std::chrono::seconds(kRequestTimeoutSeconds));
  co_await http::async_write(stream, message, kUseTuple);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> serve_connection(tcp::socket socket, State& state) {
  beast::tcp_stream plain(std::move(socket));
  auto slot = std::make_shared<Slot>(Slot{&plain, true, Clock::now(), false});
  state.open.push_back(slot);
  struct Leave {
    State& state;
    std::shared_ptr<Slot> slot;
    ~Leave() {
      if (!slot->evicted) state.open.remove(slot);
    }
  } leave{state, slot};
  beast::flat_buffer buffer;
  // A new connection must send its headers promptly, and under TLS finish its handshake
  // within the same time: a slow handshake is a slow client like any other (and, waiting,
  // it is among the first to go when the server is full).
  plain.expires_after(std::chrono::seconds(kHeaderTimeoutSeconds));
  if (!state.tls) {
    co_await serve_requests(plain, buffer, *slot, state);
    if (slot->evicted) co_return;
    beast::error_code ignored;
    plain.socket().shutdown(tcp::socket::shutdown_send, ignored);
    co_return;
  }
  auto [detect_error, is_tls] = co_await beast::async_detect_ssl(plain, buffer, kUseTuple);
  if (detect_error || slot->evicted) co_return;
  if (!is_tls) {
    co_await send_to_https(plain, buffer);
    co_return;
  }
  TlsStream stream(std::move(plain), *state.tls);
  slot->stream = &beast::get_lowest_layer(stream);  // where eviction closes it from now on
  auto [handshake_error, used] =
      co_await stream.async_handshake(asio::ssl::stream_base::server, buffer.data(), kUseTuple);
  if (handshake_error || slot->evicted) co_return;
  buffer.consume(used);
  co_await serve_requests(stream, buffer, *slot, state);
  if (slot->evicted) co_return;
  // Say close_notify, so the client knows the response was whole; a client that never
  // answers it holds its place only briefly and may be evicted meanwhile.
  slot->waiting = true;
  slot->since = Clock::now();
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(kTlsCloseSeconds));
  co_await stream.async_shutdown(kUseTuple);
}

// Says 503 on a connection that found the server full, without holding up the accept loop.
asio::awaitable<void> refuse_connection(tcp::socket socket, asio::ssl::context* tls) {
  beast::tcp_stream plain(std::move(socket));
  plain.expires_after(std::chrono::seconds(2));
  auto message = busy();
  if (!tls) {
    co_await http::async_write(plain, message, kUseTuple);
    co_return;
  }
  TlsStream stream(std::move(plain), *tls);
  auto [handshake_error] = co_await stream.async_handshake(asio::ssl::stream_base::server, kUseTuple);
  if (!handshake_error) co_await http::async_write(stream, message, kUseTuple);
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, State& state) {
  while (true) {
    auto [error, socket] = co_await acceptor.async_accept(kUseTuple);
    if (error == asio::error::operation_aborted) co_return;
    if (error) continue;
    if (static_cast<int>(state.open.size()) >= kMaxConnections && !state.make_room()) {
      asio::co_spawn(acceptor.get_executor(), refuse_connection(std::move(socket), state.tls), asio::detached);
      continue;
    }
    asio::co_spawn(acceptor.get_executor(), serve_connection(std::move(socket), state), asio::detached);
  }
}

// After a burst, hands the memory the allocator keeps back to the system once the server
// is idle again (glibc keeps freed pages of its arenas otherwise: RSS would stay at the peak).
asio::awaitable<void> trim_when_idle(State& state) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (true) {
    timer.expires_after(std::chrono::seconds(2));
    auto [error] = co_await timer.async_wait(kUseTuple);
    if (error) co_return;
    if (state.served_since_trim > 0 && state.queued == 0) {
      state.served_since_trim = 0;
      asio::post(state.workers, [] { malloc_trim(0); });
    }
  }
}

// The TLS side of a server: TLS 1.2 or newer only, with `files`. Their contents were checked
// already (check_tls_files), so a failure here is unexpected, but still a sentence, never an
// exception out of listen().
Result<asio::ssl::context> tls_context(const TlsFiles& files) {
  asio::ssl::context context(asio::ssl::context::tls_server);
  SSL_CTX* native = context.native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_cipher_list(native, kTls12Ciphers);
  // No compression (CRIME), no renegotiation a client could start over and over.
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  beast::error_code error;
  // An encrypted key must fail, not wait for a passphrase on the terminal.
  context.set_password_callback([](std::size_t, asio::ssl::context::password_purpose) { return std::string(); },
                                error);
  context.use_certificate_chain_file(files.certificate_chain, error);
  if (error) return Error::bad_input("--tls-cert: " + files.certificate_chain + ": " + error.message());
  context.use_private_key_file(files.private_key, asio::ssl::context::pem, error);
  if (error) return Error::bad_input("--tls-key: " + files.private_key + ": " + error.message());
  return context;
}

}  // namespace

Result<bool> is_loopback_address(const std::string& bind) {
  beast::error_code error;
  const auto address = asio::ip::make_address(bind, error);
  if (error) {
    return Error::bad_input("--bind: '" + bind + "' is not an IP address (e.g. 127.0.0.1, or 0.0.0.0 for every network)");
  }
  return address.is_loopback();
}

struct Server::Impl {
  // Declared in the order they must be destroyed in reverse: the sessions the context
  // destroys refer to the state and to the TLS context, the state to the workers.
  asio::thread_pool workers{kWorkerThreads};
  std::optional<asio::ssl::context> tls;
  std::optional<State> state;
  asio::io_context context{1};
  tcp::acceptor acceptor{context};
  bool loopback = false;
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::listen(const std::string& bind, int port, const std::optional<TlsFiles>& tls) {
  auto loopback = is_loopback_address(bind);
  if (!loopback) return loopback.error();
  if (port < 0 || port > 65535) {
    return Error::bad_input("--port: " + std::to_string(port) + " is not a port number (0 to 65535)");
  }
  auto impl = std::make_unique<Impl>();
  impl->loopback = *loopback;
  if (tls) {
    if (auto checked = check_tls_files(*tls); !checked) return checked.error();
    auto context = tls_context(*tls);
    if (!context) return context.error();
    impl->tls.emplace(std::move(*context));
  }
  beast::error_code error;
  const auto address = asio::ip::make_address(bind, error);
  tcp::acceptor& acceptor = impl->acceptor;
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    return Error::failure("cannot listen on " + bind + ":" + std::to_string(port) + ": " + error.message());
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

std::string Server::url_host() const {
  const auto address = impl_->acceptor.local_endpoint().address();
  return address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
}

int Server::port() const { return impl_->acceptor.local_endpoint().port(); }

bool Server::loopback() const { return impl_->loopback; }

void Server::run(Handler& handler) {
  asio::io_context& context = impl_->context;
  asio::ssl::context* tls = impl_->tls ? &*impl_->tls : nullptr;
  State& state = impl_->state.emplace(State{handler, impl_->workers, tls, {}, 0, 0});
  asio::signal_set signals(context, SIGINT, SIGTERM);
  signals.async_wait([this](const beast::error_code& error, int) {
    if (error != asio::error::operation_aborted) stop();
  });
  asio::co_spawn(context, accept_loop(impl_->acceptor, state), asio::detached);
  asio::co_spawn(context, trim_when_idle(state), asio::detached);
  context.run();
  impl_->workers.join();  // the handlers still running finish before the app goes away
}

void Server::stop() {
  asio::post(impl_->context, [impl = impl_.get()] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
    impl->context.stop();
  });
}

}  // namespace unknot::web
