// Voice as bots use it: discord.js bots join a voice channel with @discordjs/voice, one plays a tone,
// the other hears it through the server's SFU, over the voice gateway (WebSocket over TLS) and UDP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { call, createBot, makeDataDir, registerUser, removeDataDir, startAccord } from '../support/accord.js';
import { authorizeBot, communityWithBot, createGuild, joinGuild } from '../support/community.js';
import { GatewayClient, connectAs } from '../support/gateway_client.js';
import { assertHeard as assertHeardFrames, runVoiceBots } from '../support/voice_bots.js';
import WebSocket from 'ws';

const CONNECT = 1n << 20n;
const SPEAK = 1n << 21n;
const FRAMES = 100;  // two seconds of audio

async function voiceServer(t, env = {}) {
  const dataDir = makeDataDir();
  const server = await startAccord({ dataDir, env });
  t.after(async () => {
    if (!server.alive()) console.log(server.output());
    await server.stop();
    removeDataDir(dataDir);
  });
  const certificate = join(dataDir, 'voice-cert.pem');
  assert.ok(existsSync(certificate), 'the server wrote its self-signed voice certificate');
  return { server, certificate };
}

// An owner's guild (it comes with a voice channel) with two bots in it.
async function guildWithTwoBots(server) {
  const { owner, guild, botToken } = await communityWithBot(server, { botName: 'Speaker' });
  const second = await createBot(server, owner, 'Listener');
  await authorizeBot(server, owner, second.application, guild.id);
  const voice = guild.channels.find((channel) => channel.type === 2);
  return { owner, guild, voice, tokens: [botToken, second.token] };
}

for (const mode of ['aead_aes256_gcm_rtpsize', 'aead_xchacha20_poly1305_rtpsize']) {
  test(`two bots in a voice channel: the listener hears every frame the speaker plays (${mode})`, async (t) => {
    const { server, certificate } = await voiceServer(t, { ACCORD_VOICE_MODES: mode });
    const { guild, voice, tokens } = await guildWithTwoBots(server);
    const result = await runVoiceBots(certificate, {
      scenario: 'call', api: server.api, guildId: guild.id, channelId: voice.id, tokens, frames: FRAMES,
    });
    t.diagnostic(JSON.stringify(result));
    assert.deepEqual(result.modes, [mode, mode], 'both connections use the only mode offered');
    assertHeardFrames(result, 'the listener', FRAMES);
    assert.ok(result.silenceFrames >= 1, 'the speaker\'s closing silence frames arrive too');
    // The decoded tone is as loud as the one sent (30% of full scale: RMS about 6950).
    assert.ok(result.sentRms > 5000, `sent RMS ${result.sentRms}`);
    // The operator sees the media go through.
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const forwarded = Number(metrics.match(/^accord_voice_packets_forwarded_total (\S+)$/m)?.[1]);
    assert.ok(forwarded >= FRAMES, `accord_voice_packets_forwarded_total ${forwarded}`);
  });
}

async function metric(server, name) {
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  return Number(metrics.match(new RegExp(`^${name} (\\S+)$`, 'm'))?.[1]);
}

const assertHeard = (result, what) => assertHeardFrames(result, what, FRAMES);

test('DAVE: two bots with end-to-end encryption build an MLS group through the server, which relays media it cannot read; a third joins mid-call and the group re-keys, and again when one leaves', async (t) => {
  const { server, certificate } = await voiceServer(t);
  const { owner, guild, voice, tokens } = await guildWithTwoBots(server);
  const third = await createBot(server, owner, 'Latecomer');
  await authorizeBot(server, owner, third.application, guild.id);
  const result = await runVoiceBots(certificate, {
    scenario: 'dave', api: server.api, guildId: guild.id, channelId: voice.id,
    tokens: [...tokens, third.token], frames: FRAMES, dave: [true, true, true],
  });
  t.diagnostic(JSON.stringify({
    ...result, first: undefined, secondToListener: undefined, secondToNewcomer: undefined, afterLeaveToNewcomer: undefined,
  }));
  // Both clients run DAVE protocol v1 in one established MLS group (epoch 1 after the first commit).
  for (const state of result.firstCall) {
    assert.equal(state.version, 1, 'the call negotiated DAVE v1');
    assert.equal(state.ready, true, 'each client holds the group\'s media keys');
  }
  assert.equal(result.firstCall[0].epoch, result.firstCall[1].epoch, 'both are in the same epoch');
  assertHeard(result.first, 'the listener');
  // The server forwarded DAVE frames (0xFAFA trailer): the media was end-to-end encrypted.
  const daveForwarded = await metric(server, 'accord_voice_dave_packets_forwarded_total');
  assert.ok(daveForwarded >= FRAMES * 2, `accord_voice_dave_packets_forwarded_total ${daveForwarded}`);
  // The newcomer was committed into a new epoch, and everyone (it too) hears the tone under the new keys.
  for (const state of result.secondCall) {
    assert.equal(state.version, 1);
    assert.ok(state.epoch > result.epochBefore, `epoch ${state.epoch} after ${result.epochBefore}`);
  }
  assertHeard(result.secondToListener, 'the first listener after the re-key');
  assertHeard(result.secondToNewcomer, 'the newcomer');
  // One leaves: its leaf is removed in yet another epoch, and the two left still hear each other.
  for (const state of result.afterLeave) {
    assert.equal(state.version, 1);
    assert.ok(state.epoch > result.epochAfterJoin, `epoch ${state.epoch} after ${result.epochAfterJoin}`);
  }
  assertHeard(result.afterLeaveToNewcomer, 'the newcomer after the first listener left');
});

test('DAVE: a bot without end-to-end encryption keeps the call on transport encryption, and audio still flows', async (t) => {
  const { server, certificate } = await voiceServer(t);
  const { guild, voice, tokens } = await guildWithTwoBots(server);
  const result = await runVoiceBots(certificate, {
    scenario: 'dave', api: server.api, guildId: guild.id, channelId: voice.id, tokens, frames: FRAMES,
    dave: [true, false],
  });
  t.diagnostic(JSON.stringify(result.firstCall));
  assert.equal(result.firstCall[0].version, 0, 'the DAVE-capable bot was told version 0');
  assert.equal(result.firstCall[1].version, null, 'the other has no DAVE session at all');
  assertHeard(result.first, 'the listener');
  assert.equal(await metric(server, 'accord_voice_dave_packets_forwarded_total'), 0, 'no DAVE frames');
});

test('DAVE: a bot without it joining a DAVE call downgrades the call to v0 for everyone; when it leaves, the others build a new group on v1', async (t) => {
  const { server, certificate } = await voiceServer(t);
  const { owner, guild, voice, tokens } = await guildWithTwoBots(server);
  const third = await createBot(server, owner, 'Plain');
  await authorizeBot(server, owner, third.application, guild.id);
  const result = await runVoiceBots(certificate, {
    scenario: 'daveDowngrade', api: server.api, guildId: guild.id, channelId: voice.id,
    tokens: [...tokens, third.token], frames: FRAMES,
  });
  t.diagnostic(JSON.stringify({ before: result.before, downgraded: result.downgraded, upgraded: result.upgraded }));
  assert.deepEqual(result.before.map((state) => state.version), [1, 1]);
  assert.deepEqual(result.downgraded.map((state) => state.version), [0, 0], 'op 21/22 took both to v0');
  assertHeard(result.downgradedToDave, 'the DAVE listener on v0');
  assertHeard(result.downgradedToPlain, 'the listener without DAVE');
  assert.deepEqual(result.upgraded.map((state) => state.version), [1, 1], 'op 24 took both back to v1');
  assert.equal(result.upgraded[0].epoch, result.upgraded[1].epoch, 'in one new group');
  assertHeard(result.upgradedToDave, 'the DAVE listener after the upgrade');
});

test('DAVE: with voice.dave = off, two DAVE-capable bots talk without it', async (t) => {
  const { server, certificate } = await voiceServer(t, { ACCORD_VOICE_DAVE: 'off' });
  const { guild, voice, tokens } = await guildWithTwoBots(server);
  const result = await runVoiceBots(certificate, {
    scenario: 'dave', api: server.api, guildId: guild.id, channelId: voice.id, tokens, frames: FRAMES,
    dave: [true, true], expectDave: false,
  });
  assert.deepEqual(result.firstCall.map((state) => state.version), [0, 0]);
  assertHeard(result.first, 'the listener');
  assert.equal(await metric(server, 'accord_voice_dave_packets_forwarded_total'), 0);
});

test('a bot that may not connect to the voice channel is refused: no voice server, never ready', async (t) => {
  const { server, certificate } = await voiceServer(t);
  const { owner, guild, voice, tokens } = await guildWithTwoBots(server);
  const bot = await (await fetch(`${server.api}/v10/users/@me`, { headers: { authorization: `Bot ${tokens[1]}` } })).json();
  const denied = await call(server, 'PUT', `/channels/${voice.id}/permissions/${bot.id}`, {
    token: owner.token, body: { type: 1, allow: '0', deny: CONNECT.toString() },
  });
  assert.equal(denied.status, 204, JSON.stringify(denied.body));
  const result = await runVoiceBots(certificate, {
    scenario: 'refused', api: server.api, guildId: guild.id, channelId: voice.id, tokens: [tokens[1]],
  });
  assert.equal(result.ready, false);
  assert.equal(result.voiceServerUpdates, 0, 'no VOICE_SERVER_UPDATE for a refused join');
});

// The voice gateway as the wire sees it, with a raw client that trusts the server's certificate.
function openVoiceGateway(endpoint, certificate, version = 8) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`wss://${endpoint}?v=${version}`, { ca: readFileSync(certificate), perMessageDeflate: false });
    const client = new GatewayClient(ws);
    ws.once('open', () => resolve(client));
    ws.once('error', reject);
  });
}

function udpExchange(socket, port, packet) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no UDP answer')), 5_000);
    socket.once('message', (message) => { clearTimeout(timer); resolve(message); });
    socket.send(packet, port, '127.0.0.1');
  });
}

test('a person joins voice: the voice gateway checks the token, hands out an SSRC, a key and IP discovery, and closes on a move', async (t) => {
  const { server, certificate } = await voiceServer(t);
  const owner = await registerUser(server, 'caller');
  const { guild } = await createGuild(server, owner);
  const lounge = guild.channels.find((channel) => channel.type === 2);
  const other = await call(server, 'POST', `/guilds/${guild.id}/channels`, { token: owner.token, body: { name: 'Other', type: 2 } });
  assert.equal(other.status, 201);
  const gateway = await connectAs(server, t, owner.token);
  const sessionId = gateway.received.find((payload) => payload.t === 'READY').d.session_id;
  const otherDevice = await connectAs(server, t, owner.token);

  gateway.send(4, { guild_id: guild.id, channel_id: lounge.id, self_mute: false, self_deaf: false });
  const state = await gateway.dispatch('VOICE_STATE_UPDATE');
  assert.equal(state.d.session_id, sessionId);
  assert.equal(state.d.mute, false);
  const { d: assigned } = await gateway.dispatch('VOICE_SERVER_UPDATE');
  assert.equal(assigned.guild_id, guild.id);
  assert.match(assigned.endpoint, /^127\.0\.0\.1:\d+$/);
  assert.ok(assigned.token.length >= 16);

  const identify = (token) => ({ server_id: guild.id, user_id: owner.id, session_id: sessionId, token, max_dave_protocol_version: 0 });
  const stranger = await openVoiceGateway(assigned.endpoint, certificate);
  stranger.send(0, identify('not-the-token'));
  assert.equal((await stranger.waitForClose()).code, 4004);
  const tooOld = await openVoiceGateway(assigned.endpoint, certificate, 3);
  assert.equal((await tooOld.waitForClose()).code, 4020);
  const garbled = await openVoiceGateway(assigned.endpoint, certificate);
  garbled.sendRaw('{"op": "zero"');
  assert.equal((await garbled.waitForClose()).code, 4002);
  const hasty = await openVoiceGateway(assigned.endpoint, certificate);
  hasty.send(1, { protocol: 'udp', data: { address: '127.0.0.1', port: 1, mode: 'aead_aes256_gcm_rtpsize' } });
  assert.equal((await hasty.waitForClose()).code, 4003);

  // IDENTIFY goes out before HELLO arrives, as @discordjs/voice sends it.
  const voice = await openVoiceGateway(assigned.endpoint, certificate);
  voice.send(0, identify(assigned.token));
  const hello = await voice.next((payload) => payload.op === 8);
  assert.ok(hello.d.heartbeat_interval > 0);
  const ready = await voice.next((payload) => payload.op === 2);
  assert.equal(ready.d.ip, '127.0.0.1');
  assert.deepEqual(ready.d.modes, ['aead_aes256_gcm_rtpsize', 'aead_xchacha20_poly1305_rtpsize']);
  assert.ok(ready.seq >= 1, 'v8 messages carry seq');

  const udp = createSocket('udp4');
  t.after(() => udp.close());
  await new Promise((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const discovery = Buffer.alloc(74);
  discovery.writeUInt16BE(1, 0);
  discovery.writeUInt16BE(70, 2);
  discovery.writeUInt32BE(ready.d.ssrc, 4);
  const answer = await udpExchange(udp, ready.d.port, discovery);
  assert.equal(answer.length, 74);
  assert.equal(answer.readUInt16BE(0), 2);
  assert.equal(answer.readUInt32BE(4), ready.d.ssrc);
  assert.equal(answer.subarray(8, answer.indexOf(0, 8)).toString(), '127.0.0.1');
  assert.equal(answer.readUInt16BE(72), udp.address().port);

  voice.send(1, { protocol: 'udp', data: { address: '127.0.0.1', port: udp.address().port, mode: 'aead_xchacha20_poly1305_rtpsize' } });
  const description = await voice.next((payload) => payload.op === 4);
  assert.equal(description.d.mode, 'aead_xchacha20_poly1305_rtpsize');
  assert.equal(description.d.secret_key.length, 32);
  assert.equal(description.d.dave_protocol_version, 0);
  voice.send(3, { t: 1234, seq_ack: description.seq });
  assert.deepEqual((await voice.next((payload) => payload.op === 6)).d, { t: 1234 });

  // Moving to another channel means a new token; the old voice connection is over (4014).
  gateway.send(4, { guild_id: guild.id, channel_id: other.body.id, self_mute: false, self_deaf: false });
  const moved = await gateway.dispatch('VOICE_SERVER_UPDATE');
  assert.notEqual(moved.d.token, assigned.token);
  assert.equal((await voice.waitForClose()).code, 4014);

  // Leaving: the voice state goes, and so does the connection that was made for the new channel.
  const again = await openVoiceGateway(moved.d.endpoint, certificate);
  again.send(0, identify(moved.d.token));
  await again.next((payload) => payload.op === 2);
  gateway.send(4, { guild_id: guild.id, channel_id: null, self_mute: false, self_deaf: false });
  const left = await gateway.dispatch('VOICE_STATE_UPDATE');
  assert.equal(left.d.channel_id, null);
  assert.equal((await again.waitForClose()).code, 4014);
  // The same person's other device saw every voice state but was never sent a voice server.
  await otherDevice.next((payload) => payload.t === 'VOICE_STATE_UPDATE' && payload.d.channel_id === null);
  assert.equal(otherDevice.received.filter((payload) => payload.t === 'VOICE_SERVER_UPDATE').length, 0);
});

test('a full channel admits only those who may move members; a member without SPEAK is server-muted; a dropped voice connection resumes', async (t) => {
  const { server, certificate } = await voiceServer(t);
  const owner = await registerUser(server, 'host');
  const { guild, general } = await createGuild(server, owner);
  const lounge = guild.channels.find((channel) => channel.type === 2);
  const limited = await call(server, 'PATCH', `/channels/${lounge.id}`, { token: owner.token, body: { user_limit: 1 } });
  assert.equal(limited.status, 200, JSON.stringify(limited.body));
  const quiet = await joinGuild(server, owner, general.id, 'quiet');
  const late = await joinGuild(server, owner, general.id, 'late');
  const denied = await call(server, 'PUT', `/channels/${lounge.id}/permissions/${quiet.id}`, {
    token: owner.token, body: { type: 1, allow: '0', deny: SPEAK.toString() },
  });
  assert.equal(denied.status, 204);

  const quietGateway = await connectAs(server, t, quiet.token);
  const sessionId = quietGateway.received.find((payload) => payload.t === 'READY').d.session_id;
  quietGateway.send(4, { guild_id: guild.id, channel_id: lounge.id, self_mute: false, self_deaf: false });
  const state = await quietGateway.dispatch('VOICE_STATE_UPDATE');
  assert.equal(state.d.mute, true, 'no SPEAK: muted by the server');
  assert.equal(state.d.self_mute, false);
  const { d: assigned } = await quietGateway.dispatch('VOICE_SERVER_UPDATE');

  // The channel holds one: a member is turned away, the owner (who may move members) is not.
  const lateGateway = await connectAs(server, t, late.token);
  lateGateway.send(4, { guild_id: guild.id, channel_id: lounge.id, self_mute: false, self_deaf: false });
  await assert.rejects(lateGateway.dispatch('VOICE_SERVER_UPDATE', { timeoutMs: 1_000 }));
  const ownerGateway = await connectAs(server, t, owner.token);
  ownerGateway.send(4, { guild_id: guild.id, channel_id: lounge.id, self_mute: false, self_deaf: false });
  assert.equal((await ownerGateway.dispatch('VOICE_SERVER_UPDATE')).d.guild_id, guild.id);

  const voice = await openVoiceGateway(assigned.endpoint, certificate);
  voice.send(0, { server_id: guild.id, user_id: quiet.id, session_id: sessionId, token: assigned.token });
  const ready = await voice.next((payload) => payload.op === 2);
  // The network drops (no close frame); the client resumes on a new socket and, having
  // acknowledged nothing, gets READY again after RESUMED.
  await voice.terminate();
  const resumed = await openVoiceGateway(assigned.endpoint, certificate);
  resumed.send(7, { server_id: guild.id, session_id: sessionId, token: assigned.token, seq_ack: 0 });
  await resumed.next((payload) => payload.op === 9);
  assert.equal((await resumed.next((payload) => payload.op === 2)).d.ssrc, ready.d.ssrc);
  // A resume with a token that was never issued is refused for good.
  const forged = await openVoiceGateway(assigned.endpoint, certificate);
  forged.send(7, { server_id: guild.id, session_id: sessionId, token: 'forged', seq_ack: 0 });
  assert.equal((await forged.waitForClose()).code, 4006);
  await resumed.close(1000);
});

// Video, with raw clients: @discordjs/voice sends no video. A person in the voice channel connects
// the way Discord's clients do: IDENTIFY asks for a video stream, READY assigns its SSRCs, IP
// discovery, SELECT_PROTOCOL with aead_aes256_gcm_rtpsize.
const STREAM = 1n << 9n;
const VIDEO_PAYLOAD_TYPE = 101;

async function joinVoiceRaw(t, server, certificate, guild, channel, person) {
  const gateway = await connectAs(server, t, person.token);
  const sessionId = gateway.received.find((payload) => payload.t === 'READY').d.session_id;
  gateway.send(4, { guild_id: guild.id, channel_id: channel.id, self_mute: false, self_deaf: false });
  const { d: assigned } = await gateway.dispatch('VOICE_SERVER_UPDATE');
  const voice = await openVoiceGateway(assigned.endpoint, certificate);
  const beat = setInterval(() => voice.send(3, { t: Date.now(), seq_ack: -1 }), 5_000);
  t.after(() => clearInterval(beat));
  voice.send(0, {
    server_id: guild.id, user_id: person.id, session_id: sessionId, token: assigned.token,
    max_dave_protocol_version: 0, video: true, streams: [{ type: 'video', rid: '100', quality: 100 }],
  });
  const ready = (await voice.next((payload) => payload.op === 2)).d;
  const udp = createSocket('udp4');
  t.after(() => udp.close());
  await new Promise((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const discovery = Buffer.alloc(74);
  discovery.writeUInt16BE(1, 0);
  discovery.writeUInt16BE(70, 2);
  discovery.writeUInt32BE(ready.ssrc, 4);
  await udpExchange(udp, ready.port, discovery);
  const packets = [];
  udp.on('message', (message) => packets.push(message));
  voice.send(1, {
    protocol: 'udp',
    data: { address: '127.0.0.1', port: udp.address().port, mode: 'aead_aes256_gcm_rtpsize' },
    codecs: [
      { name: 'opus', type: 'audio', priority: 1000, payload_type: 120 },
      { name: 'H264', type: 'video', priority: 1000, payload_type: VIDEO_PAYLOAD_TYPE, rtx_payload_type: 102 },
    ],
  });
  const description = (await voice.next((payload) => payload.op === 4)).d;
  const key = Buffer.from(description.secret_key);
  let nonce = 0;
  // Sealed as clients do in aead_aes256_gcm_rtpsize: the clear header is the AAD, the
  // 4-byte counter (the first 4 bytes of the 12-byte nonce) trails the tag.
  const sealAndSend = (header, payload) => {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(nonce++);
    const cipher = createCipheriv('aes-256-gcm', key, Buffer.concat([counter, Buffer.alloc(8)]));
    cipher.setAAD(header);
    const sealed = Buffer.concat([cipher.update(payload), cipher.final()]);
    udp.send(Buffer.concat([header, sealed, cipher.getAuthTag(), counter]), ready.port, '127.0.0.1');
  };
  const sendRtp = (ssrc, payloadType, payload, sequence) => {
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    header[1] = payloadType;
    header.writeUInt16BE(sequence, 2);
    header.writeUInt32BE(sequence * 3000, 4);
    header.writeUInt32BE(ssrc, 8);
    sealAndSend(header, payload);
  };
  // RTCP goes the same way with its 8-byte header (type, length, sender's SSRC) in the clear.
  const sendRtcp = (compound) => sealAndSend(compound.subarray(0, 8), compound.subarray(8));
  const open = (packet, clearSize = 12) => {
    const header = packet.subarray(0, clearSize);
    const counter = packet.subarray(packet.length - 4);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.concat([counter, Buffer.alloc(8)]));
    decipher.setAAD(header);
    decipher.setAuthTag(packet.subarray(packet.length - 20, packet.length - 4));
    return Buffer.concat([decipher.update(packet.subarray(clearSize, packet.length - 20)), decipher.final()]);
  };
  const rtcp = () => packets.filter((packet) => packet.length >= 8 && packet[1] >= 200 && packet[1] <= 207);
  // Resolves once `count` RTP packets as `ssrc` have arrived.
  const rtpFrom = async (ssrc, count) => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const matching = packets.filter((packet) => packet.length > 12 && packet.readUInt32BE(8) === ssrc);
      if (matching.length >= count) return matching;
      if (Date.now() > deadline) throw new Error(`${matching.length} of ${count} RTP packets as SSRC ${ssrc}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { voice, ready, description, packets, sendRtp, sendRtcp, rtcp, open, rtpFrom, user: person };
}

function videoOp(client, { video = client.ready.streams[0].ssrc, rtx = client.ready.streams[0].rtx_ssrc } = {}) {
  return {
    audio_ssrc: client.ready.ssrc, video_ssrc: video, rtx_ssrc: rtx,
    streams: [{
      type: 'video', rid: '100', ssrc: video, rtx_ssrc: rtx, active: true, quality: 100,
      max_bitrate: 2_500_000, max_framerate: 30, max_resolution: { type: 'fixed', width: 1280, height: 720 },
    }],
  };
}

test('video: a camera\'s SSRCs come in READY, op 12 tells the others whose they are, and its RTP is forwarded like audio; a forged op 12 and video without STREAM go nowhere', async (t) => {
  const { server, certificate } = await voiceServer(t);
  const owner = await registerUser(server, 'camera');
  const { guild, general } = await createGuild(server, owner);
  const lounge = guild.channels.find((channel) => channel.type === 2);
  const viewer = await joinGuild(server, owner, general.id, 'viewer');
  const noStream = await joinGuild(server, owner, general.id, 'nostream');
  const denied = await call(server, 'PUT', `/channels/${lounge.id}/permissions/${noStream.id}`, {
    token: owner.token, body: { type: 1, allow: '0', deny: STREAM.toString() },
  });
  assert.equal(denied.status, 204);

  const camera = await joinVoiceRaw(t, server, certificate, guild, lounge, owner);
  const watcher = await joinVoiceRaw(t, server, certificate, guild, lounge, viewer);
  // READY answers the requested stream with SSRCs of its own, unique on the server like audio's.
  for (const client of [camera, watcher]) {
    assert.equal(client.ready.streams.length, 1);
    const [stream] = client.ready.streams;
    assert.deepEqual({ ...stream, ssrc: 0, rtx_ssrc: 0 }, { type: 'video', rid: '100', quality: 100, ssrc: 0, rtx_ssrc: 0, active: false });
    assert.ok(stream.ssrc > 0 && stream.rtx_ssrc > 0);
    assert.equal(client.description.video_codec, 'H264');
  }
  const ssrcs = [camera, watcher].flatMap((client) => [client.ready.ssrc, client.ready.streams[0].ssrc, client.ready.streams[0].rtx_ssrc]);
  assert.equal(new Set(ssrcs).size, ssrcs.length, 'every SSRC is unique');

  // A forged op 12 naming the watcher's video SSRC is refused; the camera's own is relayed, in order.
  camera.voice.send(12, videoOp(camera, { video: watcher.ready.streams[0].ssrc }));
  camera.voice.send(12, videoOp(camera));
  const relayed = (await watcher.voice.next((payload) => payload.op === 12)).d;
  assert.equal(relayed.user_id, owner.id);
  assert.equal(relayed.audio_ssrc, camera.ready.ssrc);
  assert.equal(relayed.video_ssrc, camera.ready.streams[0].ssrc);
  assert.equal(relayed.rtx_ssrc, camera.ready.streams[0].rtx_ssrc);
  assert.equal(relayed.streams[0].ssrc, camera.ready.streams[0].ssrc);
  assert.equal(relayed.streams[0].active, true);
  assert.deepEqual(relayed.streams[0].max_resolution, { type: 'fixed', width: 1280, height: 720 });

  // Video RTP (payload type 101, any bytes) reaches the watcher sealed under its own key.
  // Any bytes, but not ending in DAVE's 0xFAFA marker (the SFU keeps DAVE frames from these non-DAVE clients).
  const frames = [0, 1, 2, 3, 4].map((index) => Buffer.concat([randomBytes(200 + index), Buffer.from([index])]));
  frames.forEach((frame, index) => camera.sendRtp(camera.ready.streams[0].ssrc, VIDEO_PAYLOAD_TYPE, frame, index + 1));
  const received = await watcher.rtpFrom(camera.ready.streams[0].ssrc, frames.length);
  assert.equal(received.length, frames.length);
  received.forEach((packet, index) => {
    assert.equal(packet[1], VIDEO_PAYLOAD_TYPE, 'the payload type is the sender\'s');
    assert.deepEqual(watcher.open(packet), frames[index], 'the video payload arrives byte for byte');
  });

  // A member who joins later hears of the camera's video; without STREAM, its own video goes nowhere.
  const late = await joinVoiceRaw(t, server, certificate, guild, lounge, noStream);
  const toLate = (await late.voice.next((payload) => payload.op === 12)).d;
  assert.equal(toLate.user_id, owner.id);
  assert.equal(toLate.video_ssrc, camera.ready.streams[0].ssrc);
  late.voice.send(12, videoOp(late));
  late.voice.send(5, { speaking: 1, delay: 0, ssrc: late.ready.ssrc });
  // Its SPEAKING, sent after that op 12, reaches the watcher; an op 12 relayed would have come first.
  await watcher.voice.next((payload) => payload.op === 5 && payload.d.user_id === noStream.id && payload.d.speaking === 1);
  late.sendRtp(late.ready.streams[0].ssrc, VIDEO_PAYLOAD_TYPE, randomBytes(100), 1);
  // Its audio, sent after the video, arrives: by then the video would have (one server thread, loopback).
  const audio = Buffer.from([0xf8, 0xff, 0xfe]);
  late.sendRtp(late.ready.ssrc, 120, audio, 2);
  const [heard] = await watcher.rtpFrom(late.ready.ssrc, 1);
  assert.deepEqual(watcher.open(heard), audio);
  assert.equal(watcher.packets.filter((packet) => packet.length > 12 && packet.readUInt32BE(8) === late.ready.streams[0].ssrc).length, 0,
    'no video from a member without STREAM');
  const relayedVideo = watcher.voice.received.filter((payload) => payload.op === 12);
  assert.deepEqual(relayedVideo.map((payload) => payload.d.user_id), [owner.id], 'neither the forged op 12 nor the one without STREAM was relayed');
});

// RTCP as a browser's or Discord's WebRTC stack sends it (RFC 3550, RFC 4585); no bot library does.
function senderReport(ssrc, packetCount) {
  const report = Buffer.alloc(28);
  report[0] = 0x80;
  report[1] = 200;
  report.writeUInt16BE(report.length / 4 - 1, 2);
  report.writeUInt32BE(ssrc, 4);
  report.writeUInt32BE(0xe9000000, 8);  // NTP seconds
  report.writeUInt32BE(packetCount, 20);
  return report;
}
function pictureLossIndication(sender, mediaSource) {
  const pli = Buffer.alloc(12);
  pli[0] = 0x81;  // FMT 1
  pli[1] = 206;
  pli.writeUInt16BE(2, 2);
  pli.writeUInt32BE(sender, 4);
  pli.writeUInt32BE(mediaSource, 8);
  return pli;
}

test('RTCP: a camera\'s sender report reaches everyone watching, a viewer\'s key frame request reaches the camera only, and a report in someone else\'s name goes nowhere', async (t) => {
  const { server, certificate } = await voiceServer(t);
  const owner = await registerUser(server, 'camera');
  const { guild, general } = await createGuild(server, owner);
  const lounge = guild.channels.find((channel) => channel.type === 2);
  const viewer = await joinGuild(server, owner, general.id, 'viewer');
  const other = await joinGuild(server, owner, general.id, 'other');
  const camera = await joinVoiceRaw(t, server, certificate, guild, lounge, owner);
  const watcher = await joinVoiceRaw(t, server, certificate, guild, lounge, viewer);
  const bystander = await joinVoiceRaw(t, server, certificate, guild, lounge, other);
  const video = camera.ready.streams[0].ssrc;
  const rtcpArrived = async (client, count) => {
    const deadline = Date.now() + 5_000;
    while (client.rtcp().length < count) {
      if (Date.now() > deadline) throw new Error(`${client.rtcp().length} of ${count} RTCP packets`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return client.rtcp();
  };

  // The camera reports on its video stream: both others receive it, sealed under their own keys.
  const report = senderReport(video, 42);
  camera.sendRtcp(report);
  for (const client of [watcher, bystander]) {
    const [packet] = await rtcpArrived(client, 1);
    assert.deepEqual(packet.subarray(0, 8), report.subarray(0, 8), 'the header as the camera sent it');
    assert.deepEqual(client.open(packet, 8), report.subarray(8), 'the report arrives byte for byte');
  }
  // The watcher lost a key frame and asks the camera for another: only the camera hears of it.
  const pli = pictureLossIndication(watcher.ready.ssrc, video);
  watcher.sendRtcp(pli);
  const [request] = await rtcpArrived(camera, 1);
  assert.deepEqual(camera.open(request, 8), pli.subarray(8));
  assert.equal(request.readUInt32BE(4), watcher.ready.ssrc, 'from the watcher');
  // The bystander forges the camera's report; then asks a real one of its own, which arrives after:
  // had the forgery been forwarded, it would have arrived first.
  bystander.sendRtcp(senderReport(video, 7));
  bystander.sendRtcp(pictureLossIndication(bystander.ready.ssrc, video));
  const [, second] = await rtcpArrived(camera, 2);
  assert.equal(second.readUInt32BE(4), bystander.ready.ssrc);
  assert.equal(watcher.rtcp().length, 1, 'the forged report reached no one');
  assert.equal(bystander.rtcp().length, 1, 'nor did the watcher\'s request to the camera');
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  assert.match(metrics, /^accord_voice_rtcp_packets_forwarded_total 4$/m);
});
