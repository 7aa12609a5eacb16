// Rate limits as Discord has them: every answer says how much of its bucket is left and when the bucket
// fills again, so a bot library can pace itself; a request over the limit gets a 429 saying how long to
// wait; an address that keeps getting refused is shut out for a while. Each server here is started
// with one limit turned low and everything else generous, so a story meets only the limit it is about.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { call, registerUser, startAccord } from '../support/accord.js';
import { communityWithBot, createGuild } from '../support/community.js';

const MESSAGE_LIMIT = 2;
const MESSAGE_WINDOW_MS = 2000;

const say = (server, user, channel, content) =>
  call(server, 'POST', `/channels/${channel.id}/messages`, { token: user.token, body: { content } });

// The newest `count` messages of a channel, oldest first, as a reader scrolling down sees them.
async function history(server, user, channel, count) {
  const response = await call(server, 'GET', `/channels/${channel.id}/messages?limit=${count}`, { token: user.token });
  assert.equal(response.status, 200);
  return response.body.map((message) => message.content).reverse();
}

function rateLimitHeaders(response) {
  const read = (name) => response.headers.get(name);
  return {
    limit: read('x-ratelimit-limit'),
    remaining: read('x-ratelimit-remaining'),
    reset: read('x-ratelimit-reset'),
    resetAfter: read('x-ratelimit-reset-after'),
    bucket: read('x-ratelimit-bucket'),
  };
}

describe('a channel takes a few messages per window from each user', () => {
  let server;
  let operator;
  before(async () => {
    server = await startAccord({
      env: {
        ACCORD_RATE_LIMITS_MESSAGE_LIMIT: String(MESSAGE_LIMIT),
        ACCORD_RATE_LIMITS_MESSAGE_WINDOW_MS: String(MESSAGE_WINDOW_MS),
      },
    });
    operator = await registerUser(server, 'operator'); // the first person on an instance runs it
  });
  after(async () => { await server.stop(); });

  test('a discord.js bot posting eight messages at once is paced by the headers, and every message lands in order', async (t) => {
    const { owner, general, botToken } = await communityWithBot(server, { botName: 'Chatty Bot' });
    const rest = new REST({ api: server.api, version: '10' }).setToken(botToken);
    const statuses = [];
    const waits = [];
    rest.on('response', (_request, response) => statuses.push(response.status));
    rest.on('rateLimited', (info) => waits.push(info));

    const contents = Array.from({ length: 8 }, (_, i) => `weather report ${i + 1}`);
    const started = Date.now();
    const sent = await Promise.all(contents.map((content) =>
      rest.post(Routes.channelMessages(general.id), { body: { content } })));
    const elapsed = Date.now() - started;

    assert.deepEqual(sent.map((message) => message.content), contents, 'every send resolved with its own message');
    const refused = statuses.filter((status) => status === 429).length;
    t.diagnostic(`${elapsed} ms, ${statuses.length} requests, ${refused} refused, ${waits.length} waits on the headers`);
    assert.ok(refused > 0 || waits.length > 0,
      `the bot was neither refused nor told to wait: statuses ${statuses.join(',')}`);
    assert.ok(elapsed >= MESSAGE_WINDOW_MS * 2,
      `eight messages at ${MESSAGE_LIMIT} per ${MESSAGE_WINDOW_MS} ms went through in ${elapsed} ms`);
    for (const wait of waits) {
      assert.ok(wait.timeToReset <= MESSAGE_WINDOW_MS + 100, `told to wait ${wait.timeToReset} ms`);
    }
    assert.deepEqual(await history(server, owner, general, 20), contents, 'the channel holds each message once, in order');
  });

  test('each answer tells how much of the bucket is left and when it resets', async () => {
    const poster = await registerUser(server, 'poster');
    const { general } = await createGuild(server, poster, 'Headers Guild');

    const first = await say(server, poster, general, 'one');
    const second = await say(server, poster, general, 'two');
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    const [a, b] = [rateLimitHeaders(first), rateLimitHeaders(second)];
    for (const headers of [a, b]) {
      assert.equal(headers.limit, String(MESSAGE_LIMIT));
      assert.match(headers.reset, /^\d+\.\d{3}$/, 'reset is epoch seconds with milliseconds');
      assert.match(headers.resetAfter, /^\d+\.\d{3}$/, 'reset-after is seconds with milliseconds');
      assert.ok(Number(headers.resetAfter) > 0 && Number(headers.resetAfter) <= MESSAGE_WINDOW_MS / 1000);
      const resetsIn = Number(headers.reset) - Date.now() / 1000;
      assert.ok(Math.abs(resetsIn - Number(headers.resetAfter)) < 1,
        `reset (${headers.reset}) and reset-after (${headers.resetAfter}) disagree`);
      assert.match(headers.bucket, /^[0-9a-f]+$/);
    }
    assert.deepEqual([a.remaining, b.remaining], [String(MESSAGE_LIMIT - 1), String(MESSAGE_LIMIT - 2)]);
    assert.equal(a.bucket, b.bucket);
    assert.equal(a.reset, b.reset, 'both messages fall in one window');

    const read = await call(server, 'GET', `/channels/${general.id}`, { token: poster.token });
    const readHeaders = rateLimitHeaders(read);
    assert.equal(read.status, 200);
    assert.equal(readHeaders.limit, '100000', 'other routes have the route bucket');
    assert.notEqual(readHeaders.bucket, a.bucket, 'reading a channel is not sending to it');

    const missing = await call(server, 'GET', `/channels/${general.id}/messages/1234567890123456789`, { token: poster.token });
    assert.equal(missing.status, 404);
    assert.equal(rateLimitHeaders(missing).limit, '100000', 'an error answer carries the headers too');
  });

  test('two channels share the bucket id but each has its own count', async () => {
    const poster = await registerUser(server, 'twochannels');
    const { guild, general } = await createGuild(server, poster, 'Two Channels');
    const random = await call(server, 'POST', `/guilds/${guild.id}/channels`, { token: poster.token, body: { name: 'random' } });
    assert.equal(random.status, 201);

    const inGeneral = [await say(server, poster, general, 'g1'), await say(server, poster, general, 'g2')];
    const inRandom = await say(server, poster, random.body, 'r1');
    assert.deepEqual(inGeneral.map((r) => r.status), [200, 200]);
    assert.equal(inRandom.status, 200, 'a full #general does not hold back #random');
    assert.equal(rateLimitHeaders(inRandom).bucket, rateLimitHeaders(inGeneral[0]).bucket);
    assert.equal(rateLimitHeaders(inRandom).remaining, String(MESSAGE_LIMIT - 1));
    assert.equal(rateLimitHeaders(inGeneral[1]).remaining, '0');

    const stranger = await registerUser(server, 'neighbour');
    const invite = await call(server, 'POST', `/channels/${general.id}/invites`, { token: poster.token, body: {} });
    assert.equal((await call(server, 'POST', `/invites/${invite.body.code}`, { token: stranger.token })).status, 200);
    const theirs = await say(server, stranger, general, 'n1');
    assert.equal(theirs.status, 200, 'one user filling the bucket does not hold back another');
    assert.equal(rateLimitHeaders(theirs).remaining, String(MESSAGE_LIMIT - 1));
  });

  test('a message over the limit gets a 429 saying how long to wait, and waiting that long is enough', async () => {
    const poster = await registerUser(server, 'hasty');
    const { general } = await createGuild(server, poster, 'Hasty Guild');
    for (let i = 1; i <= MESSAGE_LIMIT; i++) assert.equal((await say(server, poster, general, `ok ${i}`)).status, 200);

    const refused = await say(server, poster, general, 'too soon');
    assert.equal(refused.status, 429);
    assert.equal(refused.contentType, 'application/json');
    assert.deepEqual(Object.keys(refused.body).sort(), ['code', 'global', 'message', 'retry_after']);
    assert.equal(refused.body.message, 'You are being rate limited.');
    assert.equal(refused.body.code, 0);
    assert.equal(refused.body.global, false);
    assert.equal(typeof refused.body.retry_after, 'number');
    assert.ok(refused.body.retry_after > 0 && refused.body.retry_after <= MESSAGE_WINDOW_MS / 1000,
      `retry_after ${refused.body.retry_after}`);
    const headers = refused.headers;
    assert.equal(headers.get('retry-after'), String(Math.ceil(refused.body.retry_after)));
    assert.equal(headers.get('x-ratelimit-scope'), 'user');
    assert.equal(headers.get('x-ratelimit-global'), null);
    assert.equal(headers.get('via'), '1.1 accord', 'discord.py treats a 429 without Via as a Cloudflare ban');
    assert.equal(headers.get('x-ratelimit-remaining'), '0');
    assert.equal(headers.get('x-ratelimit-limit'), String(MESSAGE_LIMIT));

    await delay(refused.body.retry_after * 1000);
    assert.equal((await say(server, poster, general, 'patient')).status, 200);
    assert.deepEqual(await history(server, poster, general, 10), ['ok 1', 'ok 2', 'patient'],
      'the refused message was not stored');
  });

  test('a user the operator lets bypass rate limits is never limited, where an ordinary user is', async () => {
    const ordinary = await registerUser(server, 'ordinary');
    const relay = await registerUser(server, 'relay');
    const own = await createGuild(server, ordinary, 'Ordinary Guild');
    const statuses = [];
    for (let i = 0; i <= MESSAGE_LIMIT; i++) statuses.push((await say(server, ordinary, own.general, `plain ${i}`)).status);
    assert.equal(statuses.at(-1), 429, 'without the right the same burst is refused');

    const granted = await call(server, 'PATCH', `/admin/users/${relay.id}`, { token: operator.token, body: { rights: 8 } });
    assert.equal(granted.status, 200, JSON.stringify(granted.body));
    assert.equal(granted.body.rights, 8);

    const { general } = await createGuild(server, relay, 'Relay Guild');
    const contents = Array.from({ length: MESSAGE_LIMIT * 3 }, (_, i) => `relayed ${i + 1}`);
    for (const content of contents) {
      const sent = await say(server, relay, general, content);
      assert.equal(sent.status, 200, `${content}: ${JSON.stringify(sent.body)}`);
    }
    assert.deepEqual(await history(server, relay, general, 20), contents);
  });

  test('a user the operator lists in exempt_user_ids is not limited from the very next request', async () => {
    const bridge = await registerUser(server, 'bridge');
    const { general } = await createGuild(server, bridge, 'Bridge Guild');
    for (let i = 1; i <= MESSAGE_LIMIT; i++) assert.equal((await say(server, bridge, general, `before ${i}`)).status, 200);
    assert.equal((await say(server, bridge, general, 'limited')).status, 429);

    const exempted = await call(server, 'PATCH', '/admin/config', {
      token: operator.token, body: { 'rate_limits.exempt_user_ids': `1, ${bridge.id}` },
    });
    assert.equal(exempted.status, 200, JSON.stringify(exempted.body));
    for (let i = 1; i <= MESSAGE_LIMIT * 2; i++) {
      const sent = await say(server, bridge, general, `after ${i}`);
      assert.equal(sent.status, 200, `after ${i}: ${JSON.stringify(sent.body)}`);
    }
    await call(server, 'PATCH', '/admin/config', { token: operator.token, body: { 'rate_limits.exempt_user_ids': '' } });
  });
});

describe('one user may make only so many requests per second over every route', () => {
  let server;
  before(async () => { server = await startAccord({ env: { ACCORD_RATE_LIMITS_GLOBAL_PER_SECOND: '5' } }); });
  after(async () => { await server.stop(); });

  test('a burst over the global limit gets 429s marked global, and another user is untouched', async () => {
    const eager = await registerUser(server, 'eager');
    const calm = await registerUser(server, 'calm');
    // Different routes, so no route bucket is what stops them.
    const paths = ['/users/@me', '/users/@me/guilds', '/applications', '/gateway', `/users/${calm.id}`, `/users/${eager.id}`];
    const answers = await Promise.all([...paths, ...paths].map((path) => call(server, 'GET', path, { token: eager.token })));
    const refused = answers.filter((response) => response.status === 429);
    assert.ok(refused.length >= answers.length - 5, `${refused.length} of ${answers.length} refused`);
    for (const response of refused) {
      assert.equal(response.body.global, true);
      assert.equal(response.body.message, 'You are being rate limited.');
      assert.ok(response.body.retry_after > 0 && response.body.retry_after <= 1, `retry_after ${response.body.retry_after}`);
      assert.equal(response.headers.get('x-ratelimit-global'), 'true');
      assert.equal(response.headers.get('x-ratelimit-scope'), 'global');
      assert.equal(response.headers.get('retry-after'), '1');
      assert.equal(response.headers.get('via'), '1.1 accord');
    }
    assert.equal((await call(server, 'GET', '/users/@me', { token: calm.token })).status, 200);

    await delay(Math.max(...refused.map((response) => response.body.retry_after)) * 1000);
    assert.equal((await call(server, 'GET', '/users/@me', { token: eager.token })).status, 200, 'the next second is open again');
  });
});

describe('an address that keeps sending bad tokens is shut out', () => {
  const INVALID_LIMIT = 5;
  let server;
  before(async () => {
    server = await startAccord({
      env: { ACCORD_RATE_LIMITS_INVALID_LIMIT: String(INVALID_LIMIT), ACCORD_RATE_LIMITS_INVALID_WINDOW_SECONDS: '60' },
    });
  });
  after(async () => { await server.stop(); });

  test('after enough 401s every request from that address is refused, a good token included', async () => {
    const honest = await registerUser(server, 'honest');
    assert.equal((await call(server, 'GET', '/users/@me', { token: honest.token })).status, 200);

    for (let i = 0; i < INVALID_LIMIT; i++) {
      const guess = await call(server, 'GET', '/users/@me', { token: `guessed.token.${i}` });
      assert.equal(guess.status, 401, `guess ${i + 1} is answered as usual`);
    }
    for (const token of ['guessed.token.again', honest.token]) {
      const blocked = await call(server, 'GET', '/users/@me', { token });
      assert.equal(blocked.status, 429);
      assert.equal(blocked.body.global, true);
      assert.ok(blocked.body.retry_after > 1 && blocked.body.retry_after <= 60, `retry_after ${blocked.body.retry_after}`);
      assert.equal(blocked.headers.get('x-ratelimit-scope'), 'shared');
      assert.equal(blocked.headers.get('x-ratelimit-global'), 'true');
      assert.equal(blocked.headers.get('via'), '1.1 accord');
    }
    const login = await call(server, 'POST', '/auth/login', { body: { login: honest.username, password: honest.password } });
    assert.equal(login.status, 429, 'logging in again does not get round the block');
  });
});

describe('reactions, other routes, and signing in have buckets of their own', () => {
  let server;
  before(async () => {
    server = await startAccord({
      env: {
        ACCORD_RATE_LIMITS_REACTION_LIMIT: '1', ACCORD_RATE_LIMITS_REACTION_WINDOW_MS: '5000',
        ACCORD_RATE_LIMITS_ROUTE_LIMIT: '3', ACCORD_RATE_LIMITS_ROUTE_WINDOW_MS: '5000',
        // Registering and signing in share one count: two registrations below, then four sign-ins.
        ACCORD_RATE_LIMITS_AUTH_LIMIT: '6', ACCORD_RATE_LIMITS_AUTH_WINDOW_MS: '60000',
      },
    });
  });
  after(async () => { await server.stop(); });

  let fan;
  let general;
  let message;
  test('one reaction per window: the second emoji waits, though reading the message does not', async () => {
    fan = await registerUser(server, 'fan');
    ({ general } = await createGuild(server, fan, 'Fan Club'));
    message = (await say(server, fan, general, 'react to me')).body;
    const react = (emoji) => call(server, 'PUT',
      `/channels/${general.id}/messages/${message.id}/reactions/${encodeURIComponent(emoji)}/@me`, { token: fan.token });

    const first = await react('👍');
    assert.equal(first.status, 204);
    assert.equal(first.headers.get('x-ratelimit-limit'), '1');
    const second = await react('🎉');
    assert.equal(second.status, 429);
    assert.equal(second.body.global, false);
    assert.equal((await call(server, 'GET', `/channels/${general.id}/messages/${message.id}`, { token: fan.token })).status, 200);

    const unreact = (emoji) => call(server, 'DELETE',
      `/channels/${general.id}/messages/${message.id}/reactions/${encodeURIComponent(emoji)}/@me`, { token: fan.token });
    assert.equal((await unreact('👍')).status, 204);
    assert.equal((await unreact('🎉')).status, 429, 'taking reactions back is limited the same way');
  });

  test('any other route takes a few requests per window for each channel', async () => {
    const look = (channelId) => call(server, 'GET', `/channels/${channelId}`, { token: fan.token });
    const answers = [await look(general.id), await look(general.id), await look(general.id), await look(general.id)];
    assert.deepEqual(answers.map((r) => r.status), [200, 200, 200, 429]);
    assert.deepEqual(answers.slice(0, 3).map((r) => r.headers.get('x-ratelimit-remaining')), ['2', '1', '0']);
    assert.equal(answers[0].headers.get('x-ratelimit-limit'), '3');
    assert.equal(answers[3].headers.get('x-ratelimit-scope'), 'user');

    const { general: elsewhere } = await createGuild(server, fan, 'Second Club');
    assert.equal((await look(elsewhere.id)).status, 200, 'another channel has its own count');
  });

  test('an address may try to sign in only so often, whoever it signs in as', async () => {
    const people = [fan, await registerUser(server, 'second')];
    const logIn = (user) => call(server, 'POST', '/auth/login', { body: { login: user.username, password: user.password } });
    for (let i = 0; i < 4; i++) {
      const login = await logIn(people[i % 2]);
      assert.equal(login.status, 200, `sign-in ${i + 1}`);
      assert.equal(login.headers.get('x-ratelimit-remaining'), String(3 - i));
    }
    const refused = await logIn(people[1]);
    assert.equal(refused.status, 429, 'the fifth, with the right password');
    assert.equal(refused.body.message, 'You are being rate limited.');
    assert.ok(refused.body.retry_after > 1 && refused.body.retry_after <= 60, `retry_after ${refused.body.retry_after}`);
    assert.equal((await call(server, 'GET', '/users/@me', { token: fan.token })).status, 200, 'signed-in people carry on');
  });
});

describe('requests without an account are limited per address', () => {
  let server;
  before(async () => { server = await startAccord({ env: { ACCORD_RATE_LIMITS_IP_PER_SECOND: '4' } }); });
  after(async () => { await server.stop(); });

  test('a burst of anonymous requests gets global 429s, while a signed-in user goes on', async () => {
    const member = await registerUser(server, 'member');
    await delay(1000); // registering was an anonymous request too
    const answers = await Promise.all(Array.from({ length: 10 }, () => call(server, 'GET', '/gateway')));
    const refused = answers.filter((response) => response.status === 429);
    assert.ok(refused.length >= 6, `${refused.length} of 10 refused`);
    for (const response of refused) {
      assert.equal(response.body.global, true);
      assert.equal(response.headers.get('x-ratelimit-global'), 'true');
    }
    assert.equal((await call(server, 'GET', '/users/@me', { token: member.token })).status, 200);
  });
});
