#include "clinic/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace unknot::clinic {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct Url {
  bool tls = false;
  std::string host;
  std::string port;
  std::string target;
};

Result<Url> parse_url(const std::string& text) {
  Url url;
  std::string rest;
  if (text.rfind("https://", 0) == 0) {
    url.tls = true;
    rest = text.substr(8);
  } else if (text.rfind("http://", 0) == 0) {
    rest = text.substr(7);
  } else {
    return Error::bad_input("the clinic address '" + text + "' must start with https:// (or http://)");
  }
  const auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  url.target = slash == std::string::npos ? "/" : rest.substr(slash);
  if (authority.empty() || authority.find('@') != std::string::npos) {
    return Error::bad_input("the clinic address '" + text + "' has no host name");
  }
  std::string host = authority;
  std::string port = url.tls ? "443" : "80";
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string::npos) return Error::bad_input("the clinic address '" + text + "' has a broken IPv6 address");
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return Error::bad_input("the clinic address '" + text + "' is not valid");
      port = authority.substr(close + 2);
    }
  } else if (const auto colon = authority.rfind(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) == 0 || std::stoi(port) > 65535) {
    return Error::bad_input("the clinic address '" + text + "' has a bad port");
  }
  for (unsigned char c : url.target) {
    if (c < 0x21 || c == 0x7f) return Error::bad_input("the clinic address '" + text + "' has a space or control character");
  }
  url.host = host;
  url.port = port;
  return url;
}

template <typename Stream>
Result<HttpReply> exchange(Stream& stream, const Url& url, const HttpCall& call) {
  http::request<http::string_body> request{http::string_to_verb(call.method), url.target, 11};
  request.set(http::field::host, url.host + ":" + url.port);
  request.set(http::field::user_agent, "unknot");
  for (const auto& [name, value] : call.headers) request.set(name, value);
  request.body() = call.body;
  request.prepare_payload();
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(8 * 1024 * 1024);
  http::read(stream, buffer, parser);
  return HttpReply{static_cast<int>(parser.get().result_int()), parser.get().body()};
}

}  // namespace

Result<std::string> server_root(const std::string& text) {
  auto url = parse_url(text);
  if (!url) return url.error();
  std::string host = url->host.find(':') != std::string::npos ? "[" + url->host + "]" : url->host;
  return std::string(url->tls ? "https://" : "http://") + host + ":" + url->port + "/";
}

Result<HttpReply> http_request(const HttpCall& call, const HttpOptions& options) {
  auto url = parse_url(call.url);
  if (!url) return url.error();
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    const auto endpoints = resolver.resolve(url->host, url->port);
    if (!url->tls) {
      beast::tcp_stream stream(io);
      stream.expires_after(options.timeout);
      stream.connect(endpoints);
      auto reply = exchange(stream, *url, call);
      beast::error_code ignored;
      stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      return reply;
    }
    asio::ssl::context context(asio::ssl::context::tls_client);
    context.set_options(asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    if (options.ca_file) {
      context.load_verify_file(*options.ca_file);
    } else {
      context.set_default_verify_paths();
    }
    context.set_verify_mode(asio::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(io, context);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), url->host.c_str())) {
      return Error::failure("could not set the TLS server name for " + url->host);
    }
    stream.set_verify_callback(asio::ssl::host_name_verification(url->host));
    beast::get_lowest_layer(stream).expires_after(options.timeout);
    beast::get_lowest_layer(stream).connect(endpoints);
    stream.handshake(asio::ssl::stream_base::client);
    auto reply = exchange(stream, *url, call);
    beast::error_code ignored;
    stream.shutdown(ignored);
    return reply;
  } catch (const std::exception& error) {
    return Error::failure("could not reach the clinic at " + call.url + ": " + error.what());
  }
}

}  // namespace unknot::clinic
