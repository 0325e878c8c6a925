// The only translation unit with Boost.Beast and Asio: accepts connections and moves bytes
// between sockets and a Handler, one C++20 coroutine per connection on a single thread.
// Structure after Beast's coroutine HTTP server example: an accept loop spawning a session
// loop of read request / write response / keep-alive.
#include "web/server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>

namespace unknot::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

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

http::response<http::string_body> to_message(const Response& response, unsigned version, bool keep_alive,
                                             bool head) {
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

// A refusal for requests the parser rejected before the app saw them, in the app's own form
// (Handler::refusal: unknot's is a page in its frame with the usual security headers).
http::response<http::string_body> refusal(const Handler& app, http::status status, const std::string& text) {
  return to_message(app.refusal(static_cast<int>(status), text), 11, false, false);
}

asio::awaitable<void> serve_connection(beast::tcp_stream stream, Handler& app, int& open_connections) {
  struct Count {
    int& open;
    ~Count() { --open; }
  } count{open_connections};
  beast::flat_buffer buffer;
  bool first = true;
  while (true) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(kMaxHeaderBytes);
    parser.body_limit(kMaxBodyBytes);
    stream.expires_after(std::chrono::seconds(first ? kRequestTimeoutSeconds : kIdleTimeoutSeconds));
    first = false;
    auto [read_error, read_bytes] = co_await http::async_read(stream, buffer, parser, kUseTuple);
    (void)read_bytes;
    if (read_error == http::error::header_limit || read_error == http::error::body_limit) {
      const bool header = read_error == http::error::header_limit;
      auto message =
          refusal(app, header ? http::status::request_header_fields_too_large : http::status::payload_too_large,
                  header ? "The request's headers are larger than 8 KB, more than unknot accepts."
                         : "What was sent is larger than 64 KB, more than any unknot form needs. If you "
                           "pasted a long text into a note, please shorten it (a note holds up to 2000 "
                           "characters) and go back to try again.");
      co_await http::async_write(stream, message, kUseTuple);
      break;
    }
    if (read_error == http::error::end_of_stream || read_error == beast::error::timeout) break;
    if (read_error) {
      if (read_error.category() == beast::error_code(http::error::bad_target).category()) {
        auto message =
            refusal(app, http::status::bad_request, "unknot: malformed HTTP request: " + read_error.message());
        co_await http::async_write(stream, message, kUseTuple);
      }
      break;
    }
    const auto& request = parser.get();
    // The rest of a request must arrive promptly once it started.
    stream.expires_after(std::chrono::seconds(kRequestTimeoutSeconds));
    const Response response = app.handle(to_request(request));
    auto message =
        to_message(response, request.version(), request.keep_alive(), request.method() == http::verb::head);
    auto [write_error, written] = co_await http::async_write(stream, message, kUseTuple);
    (void)written;
    if (write_error || !message.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, Handler& app, int& open_connections) {
  while (true) {
    auto [error, socket] = co_await acceptor.async_accept(kUseTuple);
    if (error == asio::error::operation_aborted) co_return;
    if (error) continue;
    if (open_connections >= kMaxConnections) {
      // Over the limit: say so and close, rather than queue without end.
      beast::tcp_stream stream(std::move(socket));
      stream.expires_after(std::chrono::seconds(2));
      auto message =
          refusal(app, http::status::service_unavailable, "unknot: too many open connections; try again");
      co_await http::async_write(stream, message, kUseTuple);
      continue;
    }
    ++open_connections;
    asio::co_spawn(acceptor.get_executor(),
                   serve_connection(beast::tcp_stream(std::move(socket)), app, open_connections),
                   asio::detached);
  }
}

}  // namespace

struct Server::Impl {
  int open_connections = 0;  // declared first: outlives the sessions the context destroys
  asio::io_context context{1};
  tcp::acceptor acceptor{context};
  bool loopback = false;
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::listen(const std::string& bind, int port) {
  beast::error_code error;
  const auto address = asio::ip::make_address(bind, error);
  if (error) {
    return Error::bad_input("--bind: '" + bind + "' is not an IP address (e.g. 127.0.0.1, or 0.0.0.0 for every network)");
  }
  if (port < 0 || port > 65535) {
    return Error::bad_input("--port: " + std::to_string(port) + " is not a port number (0 to 65535)");
  }
  auto impl = std::make_unique<Impl>();
  impl->loopback = address.is_loopback();
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
  asio::signal_set signals(context, SIGINT, SIGTERM);
  signals.async_wait([&](const beast::error_code&, int) {
    impl_->acceptor.close();
    context.stop();
  });
  asio::co_spawn(context, accept_loop(impl_->acceptor, handler, impl_->open_connections), asio::detached);
  context.run();
}

}  // namespace unknot::web
