// What the per-request machinery costs: the rate limiter's admit (a map lookup under a mutex per
// request), the router's match, and the CDN's resize of an avatar. Run: scripts/bench-cpp
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "auth/token.hpp"
#include "cdn/images.hpp"
#include "core/clock.hpp"
#include "http/rate_limiter.hpp"
#include "http/router.hpp"

namespace {

using namespace accord;

Config generous() {
  Config config;
  config.rate_limits.route_limit = 1'000'000'000;
  config.rate_limits.global_per_second = 1'000'000'000;
  return config;
}

void RateLimiterAdmit(benchmark::State& state) {
  LiveConfig config(generous());
  SystemClock clock;
  TokenSigner tokens(TokenSigner::generate_secret());
  RateLimiter limiter(config, clock, tokens, nullptr);
  // As many users as the argument, each in their own channel: the map grows like a busy instance's.
  std::vector<Request> requests(static_cast<std::size_t>(state.range(0)));
  for (std::size_t i = 0; i < requests.size(); ++i) {
    requests[i].remote_address = "10.0.0.1";
    requests[i].params["channel_id"] = std::to_string(1000 + i);
    requests[i].headers.emplace_back("authorization", tokens.mint({i + 1, 1}));
  }
  std::size_t next = 0;
  for (auto _ : state) {
    auto verdict = limiter.admit("GET", "/channels/:channel_id/messages", requests[next]);
    benchmark::DoNotOptimize(verdict);
    next = (next + 1) % requests.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(RateLimiterAdmit)->Arg(1)->Arg(10'000);

void RouterMatch(benchmark::State& state) {
  Router router;
  for (int i = 0; i < 150; ++i) {
    router.add("GET", "/guilds/:guild_id/route" + std::to_string(i),
               [](Request&) { return Response::no_content(); });
  }
  router.add("GET", "/channels/:channel_id/messages/:message_id",
             [](Request&) { return Response::no_content(); });
  for (auto _ : state) {
    Request request;
    request.method = "GET";
    request.path = "/api/v10/channels/123456789012345678/messages/223456789012345678";
    auto response = router.handle(request);
    benchmark::DoNotOptimize(response);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(RouterMatch);

void AvatarResize(benchmark::State& state) {
  const auto side = static_cast<int>(state.range(0));
  // A flat-colour PNG: decoding cost follows the pixel count, which is what the argument sets.
  const auto source = cdn::solid_png(side, 40, 120, 200);
  for (auto _ : state) {
    auto webp = cdn::render_image(source, cdn::ImageFormat::webp, 64, true);
    benchmark::DoNotOptimize(webp);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(AvatarResize)->Arg(512)->Arg(2048)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  accord::cdn::start_images(argv[0]);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
