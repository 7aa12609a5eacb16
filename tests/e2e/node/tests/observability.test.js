// What the operator's monitoring sees: /healthz for the load balancer, /metrics for Prometheus. Both
// live outside /api, need no token, and follow what the server is doing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, registerUser, startAccord } from '../support/accord.js';
import { createGuild } from '../support/community.js';
import { connect, gatewayUrl } from '../support/gateway_client.js';

let server;
before(async () => {
  // One message per window, so a second one is rate limited and shows in the counters.
  server = await startAccord({ env: { ACCORD_RATE_LIMITS_MESSAGE_LIMIT: '1', ACCORD_RATE_LIMITS_MESSAGE_WINDOW_MS: '60000' } });
});
after(async () => { await server.stop(); });

// The Prometheus text format: `# TYPE name kind` lines, and `name{label="value",...} number` samples.
function parseMetrics(text) {
  const types = new Map();
  const samples = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = line.match(/^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/);
    if (type) {
      types.set(type[1], type[2]);
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/);
    assert.ok(sample, `not a Prometheus sample: ${line}`);
    const labels = {};
    for (const [, name, value] of (sample[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) labels[name] = value;
    const value = Number(sample[3] === '+Inf' ? Infinity : sample[3]);
    assert.ok(!Number.isNaN(value), `not a number: ${line}`);
    samples.push({ name: sample[1], labels, value });
  }
  return { types, samples };
}

async function scrape() {
  const response = await fetch(`${server.url}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const metrics = parseMetrics(await response.text());
  // The value of one sample, 0 when it has not appeared yet (a counter that never moved).
  metrics.value = (name, labels = {}) => {
    const found = metrics.samples.filter((s) => s.name === name
      && Object.entries(labels).every(([key, value]) => s.labels[key] === value));
    assert.ok(found.length <= 1, `${name} ${JSON.stringify(labels)} names ${found.length} samples`);
    return found[0]?.value ?? 0;
  };
  return metrics;
}

test('the health check answers ok without a token', async () => {
  const response = await fetch(`${server.url}/healthz`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(await response.json(), { status: 'ok' });
});

test('/metrics declares every metric it exposes, with the documented kinds', async () => {
  const { types } = await scrape();
  const documented = [
    ['accord_http_requests_total', 'counter'],
    ['accord_http_request_duration_seconds', 'histogram'],
    ['accord_http_rate_limited_total', 'counter'],
    ['accord_gateway_sessions', 'gauge'],
    ['accord_gateway_events_dispatched_total', 'counter'],
    ['accord_db_seconds_total', 'counter'],
    ['accord_users', 'gauge'],
    ['accord_guilds', 'gauge'],
  ];
  const declared = documented.map(([name]) => [name, types.get(name) ?? 'missing']);
  assert.deepEqual(Object.fromEntries(declared), Object.fromEntries(documented));
});

test('requests are counted by method, route pattern and status, and timed by route', async () => {
  const reader = await registerUser(server, 'reader');
  const before = await scrape();
  const ok = { method: 'GET', route: '/users/@me', status: '200' };
  const missing = { method: 'GET', route: '/users/:user_id', status: '404' };
  for (let i = 0; i < 3; i++) assert.equal((await call(server, 'GET', '/users/@me', { token: reader.token })).status, 200);
  assert.equal((await call(server, 'GET', '/users/1234567890123456789', { token: reader.token })).status, 404);
  const afterwards = await scrape();

  assert.equal(afterwards.value('accord_http_requests_total', ok) - before.value('accord_http_requests_total', ok), 3);
  assert.equal(afterwards.value('accord_http_requests_total', missing) - before.value('accord_http_requests_total', missing), 1,
    'the route is the pattern, not the id asked for');
  assert.ok(!afterwards.samples.some((s) => s.labels.route?.includes('1234567890123456789')));

  const route = { route: '/users/@me' };
  const count = afterwards.value('accord_http_request_duration_seconds_count', route);
  assert.equal(count - before.value('accord_http_request_duration_seconds_count', route), 3);
  assert.equal(afterwards.value('accord_http_request_duration_seconds_bucket', { ...route, le: '+Inf' }), count);
  const buckets = afterwards.samples
    .filter((s) => s.name === 'accord_http_request_duration_seconds_bucket' && s.labels.route === '/users/@me');
  assert.ok(buckets.length > 1, 'the histogram has buckets');
  const cumulative = buckets.map((s) => s.value);
  assert.deepEqual(cumulative, [...cumulative].sort((a, b) => a - b), 'buckets are cumulative');
  const sum = afterwards.value('accord_http_request_duration_seconds_sum', route);
  assert.ok(sum > before.value('accord_http_request_duration_seconds_sum', route) && sum < count * 5, `sum ${sum}`);
  assert.ok(afterwards.value('accord_db_seconds_total') >= before.value('accord_db_seconds_total'));
});

test('a rate-limited request is counted', async () => {
  const hasty = await registerUser(server, 'hasty');
  const { general } = await createGuild(server, hasty, 'Hasty Guild');
  const before = await scrape();
  const send = () => call(server, 'POST', `/channels/${general.id}/messages`, { token: hasty.token, body: { content: 'hi' } });
  assert.equal((await send()).status, 200);
  assert.equal((await send()).status, 429);
  const afterwards = await scrape();
  assert.equal(afterwards.value('accord_http_rate_limited_total') - before.value('accord_http_rate_limited_total'), 1);
  const refused = { method: 'POST', route: '/channels/:channel_id/messages', status: '429' };
  assert.equal(afterwards.value('accord_http_requests_total', refused) - before.value('accord_http_requests_total', refused), 1);
});

test('people and guilds show in the gauges', async () => {
  const before = await scrape();
  const founder = await registerUser(server, 'founder');
  await createGuild(server, founder, 'Counted Guild');
  const afterwards = await scrape();
  assert.equal(afterwards.value('accord_users'), before.value('accord_users') + 1);
  assert.equal(afterwards.value('accord_guilds'), before.value('accord_guilds') + 1);
  assert.ok(afterwards.value('accord_users') >= 1);
});

test('a gateway session shows in the sessions gauge, and what it is sent in the dispatch counter', async () => {
  const host = await registerUser(server, 'host');
  const { general } = await createGuild(server, host, 'Gauged Guild');
  const before = await scrape();
  const gateway = await connect(gatewayUrl(server));
  try {
    await gateway.next((payload) => payload.op === 10);
    const GUILDS = 1 << 0;
    const GUILD_MESSAGES = 1 << 9;
    gateway.send(2, { token: host.token, intents: GUILDS | GUILD_MESSAGES, properties: { os: 'linux', browser: 'accord-e2e', device: 'accord-e2e' } });
    await gateway.dispatch('READY');
    await call(server, 'POST', `/channels/${general.id}/messages`, { token: host.token, body: { content: 'seen live' } });
    await gateway.dispatch('MESSAGE_CREATE');

    const during = await scrape();
    assert.equal(during.value('accord_gateway_sessions'), before.value('accord_gateway_sessions') + 1);
    assert.ok(during.value('accord_gateway_events_dispatched_total') > before.value('accord_gateway_events_dispatched_total'));
  } finally {
    await gateway.close();
  }
});

test('with JSON logs every line the server writes is one JSON object', async () => {
  const logged = await startAccord({ env: { ACCORD_OBSERVABILITY_LOG_FORMAT: 'json' } });
  try {
    await fetch(`${logged.api}/v10/gateway`);
  } finally {
    await logged.stop();
  }
  const lines = logged.output().split('\n').filter((line) => line.trim() !== '');
  assert.ok(lines.length >= 2, logged.output());
  for (const line of lines) {
    const entry = JSON.parse(line);
    assert.deepEqual(Object.keys(entry), ['time', 'level', 'logger', 'message']);
  }
  assert.ok(lines.some((line) => JSON.parse(line).message.startsWith('listening on http://127.0.0.1:')));
});
