// The gateway spoken raw, payload by payload, the way Discord documents it: what a client sends,
// what it gets back, and how the server says goodbye when the client gets it wrong.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, registerUser, startAccord } from '../support/accord.js';
import { authorizeBot, communityWithBot, createGuild } from '../support/community.js';
import { canDecodeZstd, connect, gatewayUrl } from '../support/gateway_client.js';

const GUILDS = 1 << 0;
const GUILD_MEMBERS = 1 << 1;
const GUILD_MESSAGES = 1 << 9;
const MESSAGE_CONTENT = 1 << 15;
const VIEW_CHANNEL = 1 << 10;

const properties = { os: 'linux', browser: 'accord-e2e', device: 'accord-e2e' };

let server;
before(async () => {
  server = await startAccord({ env: { ACCORD_GATEWAY_HEARTBEAT_INTERVAL_MS: '45000' } });
});
after(async () => { await server.stop(); });

const sockets = new Set();
afterEach(async () => {
  await Promise.all([...sockets].map((socket) => socket.terminate()));
  sockets.clear();
});

// Connects and reads HELLO, as every client does first.
async function open(target = server, { compress, encoding } = {}) {
  const gateway = await connect(gatewayUrl(target, { compress, encoding }), { compress });
  sockets.add(gateway);
  gateway.hello = await gateway.next((payload) => payload.op === 10);
  return gateway;
}

async function identify(token, fields = {}, target = server) {
  const gateway = await open(target);
  gateway.send(2, { token, properties, ...fields });
  const ready = await gateway.dispatch('READY');
  return { gateway, ready };
}

function postMessage(author, channel, content) {
  return call(server, 'POST', `/channels/${channel.id}/messages`, { token: author.token, body: { content } });
}

async function joinAsMember(owner, channel) {
  const invite = await call(server, 'POST', `/channels/${channel.id}/invites`, { token: owner.token, body: {} });
  assert.equal(invite.status, 200);
  const member = await registerUser(server, 'member');
  const joined = await call(server, 'POST', `/invites/${invite.body.code}`, { token: member.token });
  assert.equal(joined.status, 200);
  return member;
}

async function createChannel(owner, guild, name) {
  const channel = await call(server, 'POST', `/guilds/${guild.id}/channels`, {
    token: owner.token, body: { name, type: 0 },
  });
  assert.equal(channel.status, 201);
  return channel.body;
}

function hideFromEveryone(owner, guild, channel) {
  return call(server, 'PUT', `/channels/${channel.id}/permissions/${guild.id}`, {
    token: owner.token, body: { type: 0, deny: String(VIEW_CHANNEL) },
  });
}

function messagesIn(gateway, channel) {
  return gateway.received.filter((p) => p.t === 'MESSAGE_CREATE' && p.d.channel_id === channel.id);
}

describe('hello and heartbeats', () => {
  test('the gateway says hello with the configured heartbeat interval', async () => {
    const gateway = await connect(gatewayUrl(server), {});
    sockets.add(gateway);
    const hello = await gateway.next();
    assert.equal(hello.op, 10);
    assert.equal(hello.d.heartbeat_interval, 45000);
    assert.equal(hello.s, null);
    assert.equal(hello.t, null);
    assert.equal(gateway.frames[0].binary, false, 'uncompressed JSON travels in text frames');
  });

  test('a heartbeat before identify is acknowledged, as discord.py sends one right away', async () => {
    const gateway = await open();
    gateway.send(1, null);
    const ack = await gateway.next();
    assert.equal(ack.op, 11);
  });

  test('a heartbeat carrying the last seq is acknowledged after READY', async () => {
    const { owner } = await communityWithBot(server);
    const { gateway } = await identify(owner.token);
    const guild = await gateway.dispatch('GUILD_CREATE');
    gateway.send(1, guild.s);
    const ack = await gateway.next((payload) => payload.op === 11);
    assert.equal(ack.d ?? null, null);
  });
});

describe('identify', () => {
  test('a bot identifying as "Bot <token>" gets READY, then GUILD_CREATE for its guild', async () => {
    const { guild, general, application, botToken } = await communityWithBot(server);
    const { gateway, ready } = await identify(`Bot ${botToken}`, { intents: GUILDS | GUILD_MESSAGES, shard: [0, 1] });

    assert.equal(ready.op, 0);
    assert.equal(ready.s, 1);
    assert.equal(ready.d.user.id, application.id);
    assert.equal(ready.d.user.bot, true);
    assert.deepEqual(ready.d.guilds, [{ id: guild.id, unavailable: true }]);
    assert.match(ready.d.session_id, /^\S+$/);
    assert.equal(ready.d.resume_gateway_url, server.url.replace('http://', 'ws://'));
    assert.equal(ready.d.application.id, application.id);
    assert.equal(typeof ready.d.application.flags, 'number');
    assert.deepEqual(ready.d.shard, [0, 1]);

    const created = await gateway.next();
    assert.equal(created.t, 'GUILD_CREATE');
    assert.equal(created.s, 2);
    assert.equal(created.d.id, guild.id);
    assert.equal(created.d.name, 'Test Guild');
    assert.ok(created.d.channels.some((channel) => channel.id === general.id), '#general is in GUILD_CREATE');
  });

  test('a bot identifying with its bare token is accepted too', async () => {
    const { guild, application, botToken } = await communityWithBot(server);
    const { gateway, ready } = await identify(botToken, { intents: GUILDS });
    assert.equal(ready.d.user.id, application.id);
    const created = await gateway.dispatch('GUILD_CREATE');
    assert.equal(created.d.id, guild.id);
  });

  test('a person identifying without intents gets READY and their guild', async () => {
    const { owner, guild } = await communityWithBot(server);
    const { gateway, ready } = await identify(owner.token);
    assert.equal(ready.d.user.id, owner.id);
    assert.equal(ready.d.user.bot ?? false, false);
    assert.deepEqual(ready.d.guilds, [{ id: guild.id, unavailable: true }]);
    assert.equal(ready.d.application, undefined, 'only bots get an application in READY');
    const created = await gateway.dispatch('GUILD_CREATE');
    assert.equal(created.d.id, guild.id);
  });
});

describe('close codes', () => {
  test('an unknown opcode closes with 4001', async () => {
    const { owner } = await communityWithBot(server);
    const { gateway } = await identify(owner.token);
    gateway.send(99, null);
    const closed = await gateway.waitForClose();
    assert.equal(closed.code, 4001);
  });

  test('a payload that is not JSON closes with 4002', async () => {
    const gateway = await open();
    gateway.sendRaw('{"op": 1, "d": nul');
    const closed = await gateway.waitForClose();
    assert.equal(closed.code, 4002);
  });

  test('a payload over 16384 bytes closes with 4002, one of exactly 16384 bytes does not', async () => {
    const gateway = await open();
    const padded = (size) => {
      const bare = JSON.stringify({ op: 1, d: null, padding: '' });
      return JSON.stringify({ op: 1, d: null, padding: 'x'.repeat(size - bare.length) });
    };
    assert.equal(padded(16384).length, 16384);

    gateway.sendRaw(padded(16384));
    assert.equal((await gateway.next()).op, 11);

    gateway.sendRaw(padded(16385));
    const closed = await gateway.waitForClose();
    assert.equal(closed.code, 4002);
  });

  test('a payload over a mebibyte also closes with 4002', async () => {
      const gateway = await open();
      gateway.sendRaw(JSON.stringify({ op: 1, d: null, padding: 'x'.repeat(2 * 1024 * 1024) }));
      const closed = await gateway.waitForClose();
      assert.equal(closed.code, 4002);
    });

  // Not encoding=etf: ETF support is on its way (src/gateway/etf.cpp), and then etf is spoken.
  test('asking for an encoding the server does not speak closes with 4002', async () => {
    const gateway = await connect(gatewayUrl(server, { encoding: 'xml' }), {});
    sockets.add(gateway);
    const closed = await gateway.waitForClose();
    assert.equal(closed.code, 4002);
  });

  test('asking for a compression the server does not know closes with 4002', async () => {
    const gateway = await connect(gatewayUrl(server, { compress: 'gzip-stream' }), {});
    sockets.add(gateway);
    const closed = await gateway.waitForClose();
    assert.equal(closed.code, 4002);
  });

  test('a presence update before identify closes with 4003', async () => {
    const gateway = await open();
    gateway.send(3, { since: null, activities: [], status: 'online', afk: false });
    const closed = await gateway.waitForClose();
    assert.equal(closed.code, 4003);
  });

  test('a token nobody owns closes with 4004', async () => {
    const gateway = await open();
    gateway.send(2, { token: 'Bot MTIzNDU2Nzg5.not.real', intents: GUILDS, properties });
    const closed = await gateway.waitForClose();
    assert.equal(closed.code, 4004);
  });

  test('identifying twice closes with 4005', async () => {
    const { owner } = await communityWithBot(server);
    const { gateway } = await identify(owner.token);
    gateway.send(2, { token: owner.token, properties });
    const closed = await gateway.waitForClose();
    assert.equal(closed.code, 4005);
  });

  test('resuming from a seq the session never reached closes with 4007', async () => {
    const { botToken } = await communityWithBot(server);
    const { gateway, ready } = await identify(botToken, { intents: GUILDS });
    const created = await gateway.dispatch('GUILD_CREATE');
    await gateway.terminate();

    const again = await open(ready.d.resume_gateway_url);
    again.send(6, { token: botToken, session_id: ready.d.session_id, seq: created.s + 100 });
    const closed = await again.waitForClose();
    assert.equal(closed.code, 4007);
  });

  test('a shard outside its shard count closes with 4010', async () => {
    const { botToken } = await communityWithBot(server);
    const gateway = await open();
    gateway.send(2, { token: botToken, intents: GUILDS, properties, shard: [1, 1] });
    const closed = await gateway.waitForClose();
    assert.equal(closed.code, 4010);
  });

  test('intents with bits beyond the known ones close with 4013', async () => {
    const { botToken } = await communityWithBot(server);
    const gateway = await open();
    gateway.send(2, { token: botToken, intents: 2 ** 30, properties });
    const closed = await gateway.waitForClose();
    assert.equal(closed.code, 4013);
  });

  test('a bot identifying without intents closes with 4013', async () => {
    const { botToken } = await communityWithBot(server);
    const gateway = await open();
    gateway.send(2, { token: botToken, properties });
    const closed = await gateway.waitForClose();
    assert.equal(closed.code, 4013);
  });

  test('an API version the server does not speak closes with 4012', async () => {
      const gateway = await connect(gatewayUrl(server, { version: 3 }), {});
      sockets.add(gateway);
      const closed = await gateway.waitForClose({ timeoutMs: 1_000 });
      assert.equal(closed.code, 4012);
    });
});

describe('on a server allowing 5 payloads a minute', () => {
  let strict;
  before(async () => { strict = await startAccord({ env: { ACCORD_GATEWAY_EVENTS_PER_MINUTE: '5' } }); });
  after(async () => { await strict.stop(); });

  test('the sixth payload within a minute closes with 4008', async () => {
    const gateway = await open(strict);
    for (let sent = 1; sent <= 5; sent++) {
      gateway.send(1, null);
      assert.equal((await gateway.next()).op, 11, `heartbeat ${sent} is within the budget`);
    }
    gateway.send(1, null);
    const closed = await gateway.waitForClose();
    assert.equal(closed.code, 4008);
  });
});

describe('on a server with a 1 s heartbeat interval', () => {
  let brisk;
  before(async () => { brisk = await startAccord({ env: { ACCORD_GATEWAY_HEARTBEAT_INTERVAL_MS: '1000' } }); });
  after(async () => { await brisk.stop(); });

  test('a client that never heartbeats is closed with 4009 after about 1.5 intervals', async () => {
    const started = Date.now();
    const gateway = await open(brisk);
    assert.equal(gateway.hello.d.heartbeat_interval, 1000);
    const closed = await gateway.waitForClose({ timeoutMs: 5_000 });
    assert.equal(closed.code, 4009);
    assert.ok(Date.now() - started >= 1_400, `closed after ${Date.now() - started} ms, before 1.5 intervals`);
  });

  test('a client that heartbeats every interval stays connected', async () => {
    const gateway = await open(brisk);
    for (let beat = 0; beat < 3; beat++) {
      await new Promise((resolve) => setTimeout(resolve, 800));
      gateway.send(1, null);
      assert.equal((await gateway.next()).op, 11);
    }
    assert.equal(gateway.closed, null, 'still open after 2.4 s, well past 1.5 intervals');
  });
});

describe('on a server that grants bots no privileged intents', () => {
  let plain;
  before(async () => { plain = await startAccord({ env: { ACCORD_GATEWAY_PRIVILEGED_INTENTS_ALLOWED: 'false' } }); });
  after(async () => { await plain.stop(); });

  test('a bot asking for MESSAGE_CONTENT closes with 4014', async () => {
    const { botToken } = await communityWithBot(plain);
    const gateway = await open(plain);
    gateway.send(2, { token: botToken, intents: GUILDS | MESSAGE_CONTENT, properties });
    const closed = await gateway.waitForClose();
    assert.equal(closed.code, 4014);
  });
});

describe('resume', () => {
  test('a dropped bot resumes and gets exactly the message it missed, then RESUMED', async () => {
    const { owner, general, botToken } = await communityWithBot(server);
    const { gateway, ready } = await identify(botToken, { intents: GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT });
    await postMessage(owner, general, 'before the drop');
    const seen = await gateway.dispatch('MESSAGE_CREATE');
    assert.equal(seen.d.content, 'before the drop');
    await gateway.terminate();

    const missed = await postMessage(owner, general, 'while away');
    assert.equal(missed.status, 200);

    const again = await open(ready.d.resume_gateway_url);
    again.send(6, { token: botToken, session_id: ready.d.session_id, seq: seen.s });
    const replayed = await again.next();
    assert.equal(replayed.t, 'MESSAGE_CREATE');
    assert.equal(replayed.s, seen.s + 1);
    assert.equal(replayed.d.id, missed.body.id);
    assert.equal(replayed.d.content, 'while away');
    const resumed = await again.next();
    assert.equal(resumed.t, 'RESUMED');
    assert.equal(resumed.s, seen.s + 2);

    await postMessage(owner, general, 'welcome back');
    const live = await again.next();
    assert.equal(live.t, 'MESSAGE_CREATE');
    assert.equal(live.s, seen.s + 3, 'live dispatches carry on the same sequence');
    assert.equal(live.d.content, 'welcome back');
  });

  test('a RESUME that beats the old socket\'s close takes the session over; the old socket is closed', async () => {
    const { owner, general, botToken } = await communityWithBot(server);
    const { gateway: old, ready } = await identify(botToken, { intents: GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT });
    await postMessage(owner, general, 'seen on the old socket');
    const seen = await old.dispatch('MESSAGE_CREATE');

    const fresh = await open(ready.d.resume_gateway_url);
    fresh.send(6, { token: botToken, session_id: ready.d.session_id, seq: seen.s });
    assert.equal((await fresh.next()).t, 'RESUMED');
    assert.equal((await old.waitForClose()).code, 4000);

    await postMessage(owner, general, 'only for the new socket');
    const live = await fresh.dispatch('MESSAGE_CREATE');
    assert.equal(live.d.content, 'only for the new socket');
    assert.equal(live.s, seen.s + 2);
  });

  test('resuming a session the server does not know gets op 9 with d false', async () => {
    const { owner } = await communityWithBot(server);
    const gateway = await open();
    gateway.send(6, { token: owner.token, session_id: 'no-such-session', seq: 1 });
    const invalid = await gateway.next();
    assert.equal(invalid.op, 9);
    assert.equal(invalid.d, false);
  });

  test('after op 9 the client starts a fresh session on the same connection', async () => {
    const { owner } = await communityWithBot(server);
    const gateway = await open();
    gateway.send(6, { token: owner.token, session_id: 'no-such-session', seq: 1 });
    assert.equal((await gateway.next()).op, 9);
    gateway.send(2, { token: owner.token, properties });
    const ready = await gateway.dispatch('READY');
    assert.equal(ready.s, 1);
    assert.equal(ready.d.user.id, owner.id);
  });

  test('a client that closes with 1000 ends its session, so it cannot be resumed', async () => {
      const { botToken } = await communityWithBot(server);
      const { gateway, ready } = await identify(botToken, { intents: GUILDS });
      const created = await gateway.dispatch('GUILD_CREATE');
      await gateway.close(1000);

      const again = await open(ready.d.resume_gateway_url);
      again.send(6, { token: botToken, session_id: ready.d.session_id, seq: created.s });
      const invalid = await again.next();
      assert.equal(invalid.op, 9);
      assert.equal(invalid.d, false);
    });
});

describe('who receives what', () => {
  test('a member gets no MESSAGE_CREATE for a channel hidden from them', async () => {
    const { owner, guild, general } = await communityWithBot(server);
    const secret = await createChannel(owner, guild, 'secret');
    assert.equal((await hideFromEveryone(owner, guild, secret)).status, 204);
    const member = await joinAsMember(owner, general);
    const { gateway } = await identify(member.token);
    await gateway.dispatch('GUILD_CREATE');

    await postMessage(owner, secret, 'owners only');
    await postMessage(owner, general, 'for everyone');
    const visible = await gateway.dispatch('MESSAGE_CREATE');
    assert.equal(visible.d.content, 'for everyone');
    assert.deepEqual(messagesIn(gateway, secret), [], 'dispatches keep their order, so it would have come first');
  });

  test('a channel hidden while a member is connected stops sending them its messages', async () => {
    const { owner, guild, general } = await communityWithBot(server);
    const secret = await createChannel(owner, guild, 'soon-secret');
    const member = await joinAsMember(owner, general);
    const { gateway } = await identify(member.token);
    await gateway.dispatch('GUILD_CREATE');
    await postMessage(owner, secret, 'still open');
    assert.equal((await gateway.dispatch('MESSAGE_CREATE')).d.content, 'still open');

    assert.equal((await hideFromEveryone(owner, guild, secret)).status, 204);
    await postMessage(owner, secret, 'now hidden');
    await postMessage(owner, general, 'for everyone');
    const visible = await gateway.dispatch('MESSAGE_CREATE');
    assert.equal(visible.d.content, 'for everyone');
    assert.deepEqual(messagesIn(gateway, secret).map((p) => p.d.content), ['still open']);
  });

  test('a bot without GUILD_MESSAGES gets no MESSAGE_CREATE', async () => {
    const { owner, guild, general, botToken } = await communityWithBot(server);
    const { gateway } = await identify(botToken, { intents: GUILDS });
    await gateway.dispatch('GUILD_CREATE');

    await postMessage(owner, general, 'not for bots');
    const marker = await createChannel(owner, guild, 'marker');
    const created = await gateway.dispatch('CHANNEL_CREATE');
    assert.equal(created.d.id, marker.id);
    assert.deepEqual(messagesIn(gateway, general), [], 'the message came before the channel, so it would have arrived first');
  });

  test('GUILD_MEMBER_ADD reaches a bot session with GUILD_MEMBERS and not one without', async () => {
    const { owner, guild, general, botToken } = await communityWithBot(server);
    const { gateway: withMembers } = await identify(botToken, { intents: GUILDS | GUILD_MEMBERS });
    const { gateway: without } = await identify(botToken, { intents: GUILDS });
    await withMembers.dispatch('GUILD_CREATE');
    await without.dispatch('GUILD_CREATE');

    const member = await joinAsMember(owner, general);
    const added = await withMembers.dispatch('GUILD_MEMBER_ADD');
    assert.equal(added.d.user.id, member.id);
    assert.equal(added.d.guild_id, guild.id);

    await createChannel(owner, guild, 'marker');
    await without.dispatch('CHANNEL_CREATE');
    assert.equal(without.received.some((p) => p.t === 'GUILD_MEMBER_ADD'), false);
  });

  test('a bot without MESSAGE_CONTENT gets empty content, except where it is mentioned', async () => {
    const { owner, general, application, botToken } = await communityWithBot(server);
    const { gateway } = await identify(botToken, { intents: GUILDS | GUILD_MESSAGES });
    await gateway.dispatch('GUILD_CREATE');

    await postMessage(owner, general, 'private thoughts');
    const plain = await gateway.dispatch('MESSAGE_CREATE');
    assert.equal(plain.d.content, '');
    assert.equal(plain.d.author.id, owner.id);

    await postMessage(owner, general, `<@${application.id}> ping`);
    const mention = await gateway.dispatch('MESSAGE_CREATE');
    assert.equal(mention.d.content, `<@${application.id}> ping`);
  });
});

describe('ordering', () => {
  // A race, so it is tried many times over; each try takes a few milliseconds.
  test('READY comes first and a guild\'s messages wait for its GUILD_CREATE, even in busy guilds', async () => {
      const { owner, general, application, botToken } = await communityWithBot(server);
      const channels = [general];
      for (const name of ['Second', 'Third', 'Fourth']) {
        const { guild, general: channel } = await createGuild(server, owner, name);
        await authorizeBot(server, owner, application, guild.id);
        channels.push(channel);
      }
      let busy = true;
      const chatter = async (channel) => {
        while (busy) await postMessage(owner, channel, 'chatter');
      };
      const talkers = channels.map(chatter);
      try {
        for (let attempt = 1; attempt <= 200; attempt++) {
          const gateway = await open();
          gateway.send(2, { token: botToken, intents: GUILDS | GUILD_MESSAGES, properties });
          for (const _ of channels) await gateway.dispatch('GUILD_CREATE');
          const dispatches = gateway.received.filter((p) => p.op === 0);
          const story = `attempt ${attempt}: ${dispatches.map((p) => `${p.t} s=${p.s}`).join(', ')}`;
          assert.equal(dispatches[0].t, 'READY', story);
          assert.equal(dispatches[0].s, 1, story);
          const created = new Set();
          for (const payload of dispatches) {
            if (payload.t === 'GUILD_CREATE') created.add(payload.d.id);
            if (payload.t === 'MESSAGE_CREATE') assert.ok(created.has(payload.d.guild_id), story);
          }
          await gateway.terminate();
          sockets.delete(gateway);
        }
      } finally {
        busy = false;
        await Promise.all(talkers);
      }
    });
});

describe('transport compression', () => {
  test('zlib-stream frames inflate to the same READY as plain JSON', async () => {
    const { guild, botToken } = await communityWithBot(server);
    const { ready: plainReady } = await identify(botToken, { intents: GUILDS });

    const gateway = await open(server, { compress: 'zlib-stream' });
    gateway.send(2, { token: botToken, intents: GUILDS, properties });
    const ready = await gateway.dispatch('READY');
    const created = await gateway.dispatch('GUILD_CREATE');
    assert.equal(created.d.id, guild.id);

    const perSession = ['session_id', 'auth_session_id_hash'];
    const withoutSession = (d) => Object.fromEntries(Object.entries(d).filter(([key]) => !perSession.includes(key)));
    assert.deepEqual(withoutSession(ready.d), withoutSession(plainReady.d));
    assert.equal(ready.s, 1);

    assert.ok(gateway.frames.every((frame) => frame.binary), 'compressed traffic travels in binary frames');
    // A zlib header: deflate (CM 8), a window clients' 15-bit inflaters accept, and a valid check.
    const [cmf, flg] = gateway.frames[0].bytes;
    assert.equal(cmf & 0x0f, 8, 'the stream opens with a zlib header');
    assert.ok((cmf >> 4) <= 7 && (cmf * 256 + flg) % 31 === 0, 'the zlib header is well formed');
    for (const frame of gateway.frames) {
      assert.equal(frame.bytes.subarray(-4).toString('hex'), '0000ffff', 'each message ends with a sync flush');
    }
  });

  test('zstd-stream sends binary frames of one zstd stream', async () => {
    const { botToken } = await communityWithBot(server);
    const gateway = await connect(gatewayUrl(server, { compress: 'zstd-stream' }), { compress: 'zstd-stream' });
    sockets.add(gateway);
    gateway.send(2, { token: botToken, intents: GUILDS, properties });
    await waitUntil(() => gateway.frames.length >= 3); // HELLO, READY, GUILD_CREATE

    assert.ok(gateway.frames.every((frame) => frame.binary));
    assert.equal(gateway.frames[0].bytes.subarray(0, 4).toString('hex'), '28b52ffd', 'one zstd frame, opened once');
    assert.ok(gateway.frames.slice(1).every((frame) => frame.bytes.subarray(0, 4).toString('hex') !== '28b52ffd'),
      'later messages continue the same frame rather than starting new ones');
  });

  test('zstd-stream frames decompress to HELLO, READY and GUILD_CREATE',
    { skip: !canDecodeZstd && 'node 20 has no zstd and the zstd tool is not installed' }, async () => {
      const { guild, application, botToken } = await communityWithBot(server);
      const gateway = await open(server, { compress: 'zstd-stream' });
      assert.equal(gateway.hello.d.heartbeat_interval, 45000);
      gateway.send(2, { token: botToken, intents: GUILDS, properties });
      const ready = await gateway.dispatch('READY');
      assert.equal(ready.d.user.id, application.id);
      const created = await gateway.dispatch('GUILD_CREATE');
      assert.equal(created.d.id, guild.id);
    });
});

async function waitUntil(condition, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
