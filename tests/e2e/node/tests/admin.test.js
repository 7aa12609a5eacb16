// The operator runs the instance through /admin: reads and changes live configuration, finds people
// and guilds, disables accounts, removes guilds, and watches the counts. Nobody else gets in, and a
// refused admin request changes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { binary, call, createBot, makeDataDir, registerUser, removeDataDir, startAccord } from '../support/accord.js';
import { createGuild } from '../support/community.js';
import { connect, gatewayUrl } from '../support/gateway_client.js';

const OPERATOR = 1;
const MANAGE_USERS = 2;
const MANAGE_GUILDS = 4;
const GUILDS = 1 << 0;
const GUILD_MESSAGES = 1 << 9;

const UNAUTHORIZED = { message: '401: Unauthorized', code: 0 };

// Every admin route the server has, from `accord routes`, so a new one is covered the day it is added.
const adminRoutes = execFileSync(binary, ['routes'], { encoding: 'utf8' })
  .trim().split('\n').map((line) => line.split(' '))
  .filter(([, pattern]) => pattern.startsWith('/admin'))
  .map(([method, pattern]) => ({ method, pattern }));

// Every setting and its default, from `accord config-docs`.
const documentedDefaults = new Map(execFileSync(binary, ['config-docs'], { encoding: 'utf8' })
  .split('\n').map((line) => line.match(/^\| `([a-z_.]+)` \| `\w+` \| `([^`]*)` \|/))
  .filter(Boolean).map((match) => [match[1], match[2]]));

let server;
let operator;
before(async () => {
  server = await startAccord();
  operator = await registerUser(server, 'operator'); // the first person on an instance runs it
});
after(async () => {
  assert.ok(server.alive(), 'no admin request crashed the server');
  await server.stop();
});

const as = (user) => ({ token: user.token });
const me = (user) => call(server, 'GET', '/users/@me', as(user));
const say = (user, channel, content) =>
  call(server, 'POST', `/channels/${channel.id}/messages`, { ...as(user), body: { content } });
const readConfig = async () => {
  const response = await call(server, 'GET', '/admin/config', as(operator));
  assert.equal(response.status, 200);
  return response.body;
};
const changeConfig = (body, user = operator) => call(server, 'PATCH', '/admin/config', { ...as(user), body });
const adminUser = async (id) => {
  const listed = await call(server, 'GET', `/admin/users?query=&limit=1000`, as(operator));
  return listed.body.find((user) => user.id === id);
};

// Connects to the gateway and identifies; the caller waits for READY, or for the socket to close.
async function identify(token, intents = GUILDS) {
  const gateway = await connect(gatewayUrl(server));
  await gateway.next((payload) => payload.op === 10);
  gateway.send(2, { token, intents, properties: { os: 'linux', browser: 'accord-e2e', device: 'accord-e2e' } });
  return gateway;
}

async function grant(user, rights) {
  const response = await call(server, 'PATCH', `/admin/users/${user.id}`, { ...as(operator), body: { rights } });
  assert.equal(response.status, 200, JSON.stringify(response.body));
}

describe('only holders of instance rights get into /admin', () => {
  let victim;
  let guild;
  // What each route would do if it let the caller through; every refusal must leave it undone.
  const bodies = () => ({
    'PATCH /admin/config': { 'registration.open': false, 'rate_limits.message_limit': 1 },
    'PATCH /admin/users/:user_id': { rights: OPERATOR, disabled: true },
    'POST /admin/gateway/reconnect': { user_id: victim.id },
  });
  const fill = (pattern) => pattern.replace(':user_id', victim.id).replace(':guild_id', guild.id);

  before(async () => {
    victim = await registerUser(server, 'victim');
    ({ guild } = await createGuild(server, victim, 'Victim Guild'));
  });

  async function assertNothingChanged(configBefore) {
    assert.deepEqual(await readConfig(), configBefore, 'the configuration changed');
    assert.equal((await me(victim)).status, 200, 'the victim was disabled or deleted');
    const stored = await adminUser(victim.id);
    assert.equal(stored.rights, 0);
    assert.equal(stored.disabled, false);
    assert.equal((await call(server, 'GET', `/guilds/${guild.id}`, as(victim))).status, 200, 'the guild was deleted');
  }

  test('the server lists the admin routes', () => {
    const names = adminRoutes.map((r) => `${r.method} ${r.pattern}`);
    for (const name of ['GET /admin/config', 'PATCH /admin/config', 'GET /admin/users', 'PATCH /admin/users/:user_id',
      'DELETE /admin/users/:user_id', 'GET /admin/guilds', 'DELETE /admin/guilds/:guild_id', 'GET /admin/stats',
      'POST /admin/gateway/reconnect']) {
      assert.ok(names.includes(name), `${name} is missing`);
    }
  });

  test('without a token every admin route is 401 and changes nothing', async () => {
    const configBefore = await readConfig();
    for (const { method, pattern } of adminRoutes) {
      const body = bodies()[`${method} ${pattern}`] ?? (['GET', 'DELETE'].includes(method) ? undefined : {});
      const response = await call(server, method, fill(pattern), { body });
      assert.equal(response.status, 401, `${method} ${pattern}`);
      assert.deepEqual(response.body, UNAUTHORIZED, `${method} ${pattern}`);
    }
    await assertNothingChanged(configBefore);
  });

  test('a user without instance rights gets 403 Missing Permissions on every admin route and changes nothing', async () => {
    const configBefore = await readConfig();
    const ordinary = await registerUser(server, 'ordinary');
    for (const { method, pattern } of adminRoutes) {
      const body = bodies()[`${method} ${pattern}`] ?? (['GET', 'DELETE'].includes(method) ? undefined : {});
      const response = await call(server, method, fill(pattern), { ...as(ordinary), body });
      assert.equal(response.status, 403, `${method} ${pattern}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.code, 50013, `${method} ${pattern}`);
    }
    // The victim's own guild is theirs, not the instance's: owning it opens no admin route either.
    for (const { method, pattern } of adminRoutes) {
      const body = bodies()[`${method} ${pattern}`] ?? (['GET', 'DELETE'].includes(method) ? undefined : {});
      const response = await call(server, method, fill(pattern), { ...as(victim), body });
      assert.equal(response.status, 403, `victim: ${method} ${pattern}: ${JSON.stringify(response.body)}`);
    }
    await assertNothingChanged(configBefore);
  });

  test('a user manager manages users only, and cannot hand out rights', async () => {
    const moderator = await registerUser(server, 'moderator');
    await grant(moderator, MANAGE_USERS);
    const configBefore = await readConfig();

    assert.equal((await call(server, 'GET', '/admin/users', as(moderator))).status, 200);
    for (const [method, path, body] of [
      ['GET', '/admin/config'],
      ['PATCH', '/admin/config', { 'registration.open': false }],
      ['GET', '/admin/stats'],
      ['GET', '/admin/guilds'],
      ['DELETE', `/admin/guilds/${guild.id}`],
      ['PATCH', `/admin/users/${victim.id}`, { rights: OPERATOR }],
      ['PATCH', `/admin/users/${moderator.id}`, { rights: OPERATOR }],
    ]) {
      const response = await call(server, method, path, { ...as(moderator), body });
      assert.equal(response.status, 403, `${method} ${path}`);
      assert.equal(response.body.code, 50013, `${method} ${path}`);
    }
    assert.equal((await adminUser(moderator.id)).rights, MANAGE_USERS, 'the moderator did not make themself operator');
    await assertNothingChanged(configBefore);
  });

  test('a guild manager lists guilds but not users', async () => {
    const curator = await registerUser(server, 'curator');
    await grant(curator, MANAGE_GUILDS);
    assert.equal((await call(server, 'GET', '/admin/guilds', as(curator))).status, 200);
    for (const [method, path, body] of [
      ['GET', '/admin/users'],
      ['PATCH', `/admin/users/${victim.id}`, { disabled: true }],
      ['DELETE', `/admin/users/${victim.id}`],
    ]) {
      const response = await call(server, method, path, { ...as(curator), body });
      assert.equal(response.status, 403, `${method} ${path}`);
      assert.equal(response.body.code, 50013, `${method} ${path}`);
    }
    assert.equal((await me(victim)).status, 200);
  });
});

describe('live configuration', () => {
  test('the operator reads every setting, each as its own JSON type', async () => {
    const config = await readConfig();
    assert.deepEqual(Object.keys(config).sort(), [...documentedDefaults.keys()].sort(), 'the settings are those documented');
    for (const [key, fallback] of documentedDefaults) {
      const wanted = ['true', 'false'].includes(fallback) ? 'boolean' : /^-?\d+$/.test(fallback) ? 'number' : 'string';
      assert.equal(typeof config[key], wanted, `${key} is ${JSON.stringify(config[key])}`);
    }
    assert.equal(config['registration.open'], true);
    assert.equal(config['rate_limits.message_limit'], 100000, 'the environment the server started with shows');
    assert.equal(config['rate_limits.message_window_ms'], 5000);
    assert.equal(config['database.synchronous'], 'normal');
  });

  test('lowering the message limit holds back the very next messages', async () => {
    const chatter = await registerUser(server, 'chatter');
    const { general } = await createGuild(server, chatter, 'Chatter Guild');
    try {
      const changed = await changeConfig({ 'rate_limits.message_limit': 1 });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal(changed.body['rate_limits.message_limit'], 1);
      assert.deepEqual(changed.body, await readConfig(), 'PATCH answers with every effective setting');

      const first = await say(chatter, general, 'first');
      const second = await say(chatter, general, 'second');
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('x-ratelimit-limit'), '1');
      assert.equal(second.status, 429);
      assert.equal(second.body.global, false);
    } finally {
      await changeConfig({ 'rate_limits.message_limit': 100000 });
    }
    assert.equal((await readConfig())['rate_limits.message_limit'], 100000);
  });

  describe('a bad change is refused whole and changes nothing', () => {
    for (const [name, body, badKey] of [
      ['an unknown setting', { 'rate_limits.messages_per_hour': 3 }, 'rate_limits.messages_per_hour'],
      ['a string for a number', { 'rate_limits.message_limit': 'lots' }, 'rate_limits.message_limit'],
      ['a fraction for a whole number', { 'rate_limits.message_limit': 1.5 }, 'rate_limits.message_limit'],
      ['a number for a boolean', { 'registration.open': 0 }, 'registration.open'],
      ['a number for a string', { 'rate_limits.exempt_user_ids': 42 }, 'rate_limits.exempt_user_ids'],
      ['a setting read only at startup', { 'http.listen': '0.0.0.0:80' }, 'http.listen'],
      ['a node setting', { 'node.worker_id': 3 }, 'node.worker_id'],
      ['a database setting', { 'database.synchronous': 'full' }, 'database.synchronous'],
      ['a good change beside a bad one', { 'registration.open': false, 'no.such_setting': true }, 'no.such_setting'],
    ]) {
      test(name, async () => {
        const before = await readConfig();
        const response = await changeConfig(body);
        assert.equal(response.status, 400, JSON.stringify(response.body));
        assert.equal(response.body.code, 50035);
        const errors = response.body.errors?.[badKey]?._errors;
        assert.ok(Array.isArray(errors) && errors.length > 0, `no error for ${badKey}: ${JSON.stringify(response.body)}`);
        assert.equal(typeof errors[0].code, 'string');
        assert.deepEqual(await readConfig(), before);
      });
    }
  });

  test('changes survive a restart and win over the environment', async () => {
    const dataDir = makeDataDir();
    let instance = await startAccord({ dataDir });
    try {
      const owner = await registerUser(instance, 'owner');
      const changed = await call(instance, 'PATCH', '/admin/config', {
        token: owner.token, body: { 'rate_limits.message_limit': 3, 'registration.open': false },
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      await instance.stop();

      instance = await startAccord({ dataDir }); // started with ACCORD_RATE_LIMITS_MESSAGE_LIMIT=100000 again
      const config = await call(instance, 'GET', '/admin/config', { token: owner.token });
      assert.equal(config.body['rate_limits.message_limit'], 3);
      assert.equal(config.body['registration.open'], false);
      const latecomer = await call(instance, 'POST', '/auth/register', {
        body: { username: `latecomer${process.pid}`, password: 'a long enough secret', consent: true },
      });
      assert.equal(latecomer.status, 400, 'registration stayed closed');
      const { general } = await createGuild(instance, owner, 'After Restart');
      const sent = await call(instance, 'POST', `/channels/${general.id}/messages`, { token: owner.token, body: { content: 'hi' } });
      assert.equal(sent.headers.get('x-ratelimit-limit'), '3');
    } finally {
      await instance.stop();
      removeDataDir(dataDir);
    }
  });
});

describe('people', () => {
  test('instance rights are never shown to clients', async () => {
    const self = await me(operator);
    assert.equal(self.status, 200);
    assert.ok(!('rights' in self.body));
    const seen = await call(server, 'GET', `/users/${operator.id}`, as(await registerUser(server, 'onlooker')));
    assert.ok(!('rights' in seen.body));
    assert.equal((await adminUser(operator.id)).rights, OPERATOR, 'the first person registered is the operator');
  });

  test('the operator finds people by name, page by page', async () => {
    const herons = [];
    for (let i = 0; i < 3; i++) herons.push(await registerUser(server, 'heron'));
    await registerUser(server, 'egret');

    const found = await call(server, 'GET', '/admin/users?query=heron', as(operator));
    assert.equal(found.status, 200);
    assert.deepEqual(found.body.map((user) => user.username).sort(), herons.map((h) => h.username).sort());
    const [first] = found.body;
    for (const field of ['id', 'username', 'discriminator', 'global_name', 'bot', 'rights', 'disabled', 'created_at']) {
      assert.ok(field in first, `${field} is missing`);
    }
    assert.equal(first.bot, false);
    assert.equal(first.rights, 0);
    assert.equal(first.disabled, false);
    assert.ok(!Number.isNaN(Date.parse(first.created_at)), first.created_at);
    assert.ok(!('password' in first) && !('password_hash' in first));

    const ids = found.body.map((user) => user.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)), 'listed oldest first');
    const page = await call(server, 'GET', '/admin/users?query=heron&limit=2', as(operator));
    assert.deepEqual(page.body.map((user) => user.id), ids.slice(0, 2));
    const next = await call(server, 'GET', `/admin/users?query=heron&limit=2&after=${ids[1]}`, as(operator));
    assert.deepEqual(next.body.map((user) => user.id), ids.slice(2));

    const owner = await registerUser(server, 'botowner');
    const { application } = await createBot(server, owner, 'Heron Bot');
    const bots = await call(server, 'GET', '/admin/users?query=Heron Bot', as(operator));
    assert.deepEqual(bots.body.map((user) => [user.id, user.bot]), [[application.id, true]]);
  });

  test('a disabled account is signed out at once and cannot sign in until enabled again', async () => {
    const troll = await registerUser(server, 'troll');
    assert.equal((await me(troll)).status, 200);

    const disabled = await call(server, 'PATCH', `/admin/users/${troll.id}`, { ...as(operator), body: { disabled: true } });
    assert.equal(disabled.status, 200);
    assert.equal(disabled.body.id, troll.id);
    assert.equal(disabled.body.disabled, true);
    assert.equal((await me(troll)).status, 401, 'the old token is revoked');
    const gateway = await identify(troll.token);
    assert.equal((await gateway.waitForClose()).code, 4004, 'the gateway does not take the old token either');
    const login = await call(server, 'POST', '/auth/login', { body: { login: troll.username, password: troll.password } });
    assert.equal(login.status, 400);
    assert.equal(login.body.code, 20013);

    const enabled = await call(server, 'PATCH', `/admin/users/${troll.id}`, { ...as(operator), body: { disabled: false } });
    assert.equal(enabled.body.disabled, false);
    const again = await call(server, 'POST', '/auth/login', { body: { login: troll.username, password: troll.password } });
    assert.equal(again.status, 200);
    assert.equal((await me({ token: again.body.token })).status, 200);
    assert.equal((await me(troll)).status, 401, 'the token from before stays revoked');
  });

  test('the operator cannot disable themself', async () => {
    const response = await call(server, 'PATCH', `/admin/users/${operator.id}`, { ...as(operator), body: { disabled: true } });
    assert.equal(response.status, 400);
    assert.equal(response.body.code, 50035);
    assert.equal((await me(operator)).status, 200);
  });

  test('a deleted account keeps its id, loses its name, and cannot come back', async () => {
    const leaver = await registerUser(server, 'leaver');
    const witness = await registerUser(server, 'witness');
    const deleted = await call(server, 'DELETE', `/admin/users/${leaver.id}`, as(operator));
    assert.equal(deleted.status, 204);
    assert.equal((await me(leaver)).status, 401);
    const login = await call(server, 'POST', '/auth/login', { body: { login: leaver.username, password: leaver.password } });
    assert.ok(login.status >= 400 && login.status < 500, `login answered ${login.status}`);
    const seen = await call(server, 'GET', `/users/${leaver.id}`, as(witness));
    assert.equal(seen.body.username, `deleted_user_${leaver.id}`);
    const stored = await adminUser(leaver.id);
    assert.equal(stored.disabled, true);
    assert.equal(stored.username, `deleted_user_${leaver.id}`);
    assert.equal((await call(server, 'DELETE', '/admin/users/1234567890123456789', as(operator))).body.code, 10013);
  });
});

describe('guilds', () => {
  test('the operator finds guilds by name with their member counts', async () => {
    const owner = await registerUser(server, 'clubowner');
    const member = await registerUser(server, 'clubmember');
    const { guild, general } = await createGuild(server, owner, 'Kestrel Club');
    await createGuild(server, owner, 'Sparrow Club');
    const invite = await call(server, 'POST', `/channels/${general.id}/invites`, { ...as(owner), body: {} });
    assert.equal((await call(server, 'POST', `/invites/${invite.body.code}`, as(member))).status, 200);

    const found = await call(server, 'GET', '/admin/guilds?query=Kestrel', as(operator));
    assert.equal(found.status, 200);
    assert.deepEqual(found.body, [{ id: guild.id, name: 'Kestrel Club', owner_id: owner.id, member_count: 2 }]);
    const all = await call(server, 'GET', '/admin/guilds?query=Club', as(operator));
    assert.deepEqual(all.body.map((g) => g.name).sort(), ['Kestrel Club', 'Sparrow Club']);
    const page = await call(server, 'GET', '/admin/guilds?query=Club&limit=1', as(operator));
    assert.equal(page.body.length, 1);
  });

  test('deleting a guild tells its members at once, on the gateway', async () => {
    const owner = await registerUser(server, 'doomedowner');
    const member = await registerUser(server, 'doomedmember');
    const { guild, general } = await createGuild(server, owner, 'Doomed Guild');
    const invite = await call(server, 'POST', `/channels/${general.id}/invites`, { ...as(owner), body: {} });
    assert.equal((await call(server, 'POST', `/invites/${invite.body.code}`, as(member))).status, 200);

    const gateway = await identify(member.token);
    try {
      await gateway.dispatch('READY');

      const deleted = await call(server, 'DELETE', `/admin/guilds/${guild.id}`, as(operator));
      assert.equal(deleted.status, 204);
      const event = await gateway.dispatch('GUILD_DELETE');
      assert.equal(event.d.id, guild.id);
    } finally {
      await gateway.terminate();
    }
    assert.equal((await call(server, 'GET', `/guilds/${guild.id}`, as(owner))).status, 404);
    const mine = await call(server, 'GET', '/users/@me/guilds', as(member));
    assert.ok(!mine.body.some((g) => g.id === guild.id));
    const listed = await call(server, 'GET', '/admin/guilds?query=Doomed', as(operator));
    assert.deepEqual(listed.body, []);
    assert.equal((await call(server, 'DELETE', `/admin/guilds/${guild.id}`, as(operator))).body.code, 10004);
  });
});

test('the statistics count what people do', async () => {
  const read = async () => {
    const response = await call(server, 'GET', '/admin/stats', as(operator));
    assert.equal(response.status, 200);
    return response.body;
  };
  const before = await read();
  for (const field of ['users', 'bots', 'guilds', 'channels', 'messages', 'sessions_online', 'events_dispatched', 'uptime_seconds']) {
    assert.equal(typeof before[field], 'number', `${field} is ${JSON.stringify(before[field])}`);
  }

  const newcomer = await registerUser(server, 'newcomer');
  const { guild, general } = await createGuild(server, newcomer, 'Counted Guild');
  await createBot(server, newcomer, 'Counted Bot');
  assert.equal((await say(newcomer, general, 'count me')).status, 200);
  const gateway = await identify(newcomer.token, GUILDS | GUILD_MESSAGES);
  try {
    await gateway.dispatch('READY');
    assert.equal((await say(newcomer, general, 'and me, live')).status, 200);
    await gateway.dispatch('MESSAGE_CREATE');

    const during = await read();
    assert.equal(during.users, before.users + 1, 'people, bots apart');
    assert.equal(during.bots, before.bots + 1);
    assert.equal(during.guilds, before.guilds + 1);
    assert.equal(during.channels, before.channels + guild.channels.length);
    assert.equal(during.messages, before.messages + 2);
    assert.equal(during.sessions_online, before.sessions_online + 1);
    assert.ok(during.events_dispatched > before.events_dispatched);
    assert.ok(during.uptime_seconds >= before.uptime_seconds);
  } finally {
    await gateway.terminate();
  }
});
