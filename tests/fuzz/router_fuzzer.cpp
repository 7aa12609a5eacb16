// Paths and methods as clients send them: the router answers every one with a route's response or
// Discord's 404/405 body, and the parameters it hands on come from the path itself.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "http/router.hpp"

namespace {

accord::Router& router() {
  static accord::Router instance = [] {
    accord::Router made;
    for (const char* pattern :
         {"/channels/:channel_id/messages/:message_id", "/guilds/:guild_id", "/users/@me",
          "/channels/:channel_id/messages/:message_id/reactions/:emoji/@me"}) {
      made.add("GET", pattern, [](accord::Request& request) {
        for (const auto& [name, value] : request.params) {
          if (value.empty() || value.find('/') != std::string::npos) std::abort();
        }
        return accord::Response::no_content();
      });
    }
    made.add_root("GET", "/avatars/:user_id/:file",
                  [](accord::Request&) { return accord::Response::no_content(); });
    return made;
  }();
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  accord::Request request;
  static const char* methods[] = {"GET", "POST", "PATCH", "DELETE"};
  request.method = methods[data[0] % 4];
  request.path.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto response = router().handle(request);
  if (response.status != 204 && response.status != 400 && response.status != 404 && response.status != 405)
    std::abort();
  return 0;
}
