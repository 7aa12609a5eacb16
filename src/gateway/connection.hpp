#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "core/live_config.hpp"
#include "gateway/gateway.hpp"

namespace accord::gateway {

// One gateway WebSocket, from the upgrade request to the close: framing, compression, heartbeats,
// limits. Everything about users and guilds is the Gateway's and the Session's. `slot` is held for
// as long as the WebSocket lives (the transport counts connections per address with it). Starts the
// connection on the stream's executor and returns.
void serve_connection(const LiveConfig& config, Gateway& gateway, boost::asio::thread_pool& blocking,
                      boost::beast::tcp_stream stream,
                      boost::beast::http::request<boost::beast::http::string_body> request,
                      std::shared_ptr<void> slot);

}  // namespace accord::gateway
