// The operator at the console: `accord admin`, `accord config` and `accord stats` work on the data
// directory itself, before the server ever ran and while it runs, and the server sees what they did.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { binary, call, databaseEnv, makeDataDir, registerUser, removeDataDir, startAccord } from '../support/accord.js';
import { createGuild } from '../support/community.js';

const dataDir = makeDataDir();
const founder = { username: 'founder', password: 'the founder secret' };
const helper = { username: 'helper', password: 'the helper secret' };
let server;

after(async () => {
  await server?.stop();
  removeDataDir(dataDir);
});

// Runs `accord <command...> --data-dir <dataDir> <rest...>` to the end.
function accord(command, rest = [], dir = dataDir) {
  const run = spawnSync(binary, [...command, '--data-dir', dir, ...rest], {
    encoding: 'utf8',
    timeout: 10_000,
    env: { ...process.env, ...databaseEnv(dir) },
  });
  return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr };
}

function succeed(command, rest, dir) {
  const run = accord(command, rest, dir);
  assert.equal(run.status, 0, `accord ${command.join(' ')} failed:\n${run.stderr}`);
  return run.stdout;
}

async function logIn(user) {
  const response = await call(server, 'POST', '/auth/login', { body: { login: user.username, password: user.password } });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.token;
}

before(async () => {
  // Before any server: the console makes the first accounts.
  founder.id = succeed(['admin', 'create-user'],
    ['--username', founder.username, '--password', founder.password, '--email', 'founder@example.com', '--operator']);
  helper.id = succeed(['admin', 'create-user'], ['--username', helper.username, '--password', helper.password]);
  server = await startAccord({ dataDir });
  founder.token = await logIn(founder);
  helper.token = await logIn(helper);
});

test('create-user prints the new account\'s id, and that account signs in to the server', async () => {
  assert.match(founder.id, /^\d{17,20}$/);
  assert.match(helper.id, /^\d{17,20}$/);
  const me = await call(server, 'GET', '/users/@me', { token: founder.token });
  assert.equal(me.body.id, founder.id);
  assert.equal(me.body.username, founder.username);
  assert.equal(me.body.email, 'founder@example.com');
});

test('an account made with --operator runs the instance, one made without does not', async () => {
  assert.equal((await call(server, 'GET', '/admin/config', { token: founder.token })).status, 200);
  const refused = await call(server, 'GET', '/admin/config', { token: helper.token });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.code, 50013);
  // The console made the first person, so the first one to register on the web is nobody special.
  const visitor = await registerUser(server, 'visitor');
  assert.equal((await call(server, 'GET', '/admin/users', { token: visitor.token })).status, 403);
});

test('set-rights gives a running server\'s user a right', async () => {
  assert.equal((await call(server, 'GET', '/admin/users', { token: helper.token })).status, 403);
  succeed(['admin', 'set-rights'], [helper.id, '2']);
  const listed = await call(server, 'GET', `/admin/users?query=${helper.username}`, { token: helper.token });
  assert.equal(listed.status, 200, 'manage_users lets the helper list users');
  assert.equal(listed.body[0].rights, 2);
  assert.equal((await call(server, 'GET', '/admin/config', { token: helper.token })).status, 403, 'but not run the instance');
});

test('config set stores a value that config get reads and the running server picks up within seconds', async () => {
  assert.equal(succeed(['config', 'get'], ['rate_limits.message_limit']), '5', 'the default until set');
  succeed(['config', 'set'], ['rate_limits.message_limit', '7']);
  assert.equal(succeed(['config', 'get'], ['rate_limits.message_limit']), '7');

  let seen;
  for (const started = Date.now(); Date.now() - started < 8000; await delay(250)) {
    seen = (await call(server, 'GET', '/admin/config', { token: founder.token })).body['rate_limits.message_limit'];
    if (seen === 7) break;
  }
  assert.equal(seen, 7, 'the running server did not pick the value up');
  const { general } = await createGuild(server, { token: founder.token }, 'Console Guild');
  const sent = await call(server, 'POST', `/channels/${general.id}/messages`, { token: founder.token, body: { content: 'hello' } });
  assert.equal(sent.status, 200);
  assert.equal(sent.headers.get('x-ratelimit-limit'), '7');
});

test('config set refuses unknown settings, wrong values and startup-only settings, and keeps the old value', () => {
  for (const [key, value] of [
    ['rate_limits.messages_per_hour', '3'],
    ['rate_limits.message_limit', 'lots'],
    ['registration.open', 'maybe'],
    ['http.listen', '0.0.0.0:80'],
  ]) {
    const run = accord(['config', 'set'], [key, value]);
    assert.notEqual(run.status, 0, `config set ${key} ${value} succeeded`);
    assert.ok(`${run.stdout}${run.stderr}`.trim().length > 0, `config set ${key} ${value} failed without a word`);
  }
  assert.notEqual(accord(['config', 'get'], ['rate_limits.messages_per_hour']).status, 0);
  assert.equal(succeed(['config', 'get'], ['rate_limits.message_limit']), '7');
  assert.equal(succeed(['config', 'get'], ['registration.open']), 'true');
});

test('stats prints the instance\'s counts as JSON', async () => {
  const { general } = await createGuild(server, { token: helper.token }, 'Counted Guild');
  await call(server, 'POST', `/channels/${general.id}/messages`, { token: helper.token, body: { content: 'counted' } });
  const online = await call(server, 'GET', '/admin/stats', { token: founder.token });

  const stats = JSON.parse(succeed(['stats']));
  for (const field of ['users', 'bots', 'guilds', 'channels', 'messages', 'sessions_online', 'events_dispatched', 'uptime_seconds']) {
    assert.equal(typeof stats[field], 'number', `${field} is ${JSON.stringify(stats[field])}`);
  }
  assert.equal(stats.users, 3, 'founder, helper and the visitor');
  assert.equal(stats.users, online.body.users);
  assert.equal(stats.bots, 0);
  assert.equal(stats.guilds, online.body.guilds);
  assert.equal(stats.guilds, 2);
  assert.equal(stats.channels, online.body.channels);
  assert.equal(stats.messages, 2);
  assert.equal(stats.sessions_online, 0, 'the console holds no gateway sessions');
});

test('stats on a data directory no server has opened prints JSON and nothing else', () => {
  const fresh = makeDataDir();
  try {
    const printed = succeed(['stats'], [], fresh);
    let stats;
    try {
      stats = JSON.parse(printed);
    } catch {
      assert.fail(`stats printed more than JSON:\n${printed}`);
    }
    assert.equal(stats.users, 0);
    assert.equal(stats.guilds, 0);
  } finally {
    removeDataDir(fresh);
  }
});
