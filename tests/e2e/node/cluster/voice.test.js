// A voice call in a cluster. Two accord nodes share one PostgreSQL database and one NATS server, and
// each runs a voice server of its own. Bots whose gateways are on different nodes join one voice
// channel: they are all sent to one voice server (VOICE_SERVER_UPDATE's endpoint), whichever node
// that is, and hear each other through it, as they would on a single server.
//
// Run from tests/e2e/node: node --test --test-concurrency=1 cluster/voice.test.js
// Needs what cluster.test.js needs, and the openssl command; what is missing is named when the test starts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createBot, createGuild, registerUser } from '../support/accord.js';
import { missingClusterPieces, nodeEnv, runCleanups, startNats, startNode, startPostgres } from '../support/cluster.js';
import { authorizeBot, joinGuild } from '../support/community.js';
import { connectAs } from '../support/gateway_client.js';
import { assertHeard as assertHeardFrames, runVoiceBots as runVoiceBotsTrusting } from '../support/voice_bots.js';

const FRAMES = 100;  // two seconds of audio
const cleanups = [];  // run in reverse order by after(), whatever failed
let A, B, owner, certificate, nodeSettings;

// One self-signed certificate for the voice servers of every node, as an operator gives a cluster one.
async function clusterCertificate(dir) {
  const paths = { certificate: join(dir, 'voice-cert.pem'), key: join(dir, 'voice-key.pem') };
  await promisify(execFile)('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=accord cluster voice', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-keyout', paths.key, '-out', paths.certificate,
  ]);
  return paths;
}

before(async () => {
  const missing = missingClusterPieces();
  if (spawnSync('openssl', ['version']).status !== 0) missing.push('the openssl command (apt-get install openssl)');
  if (missing.length) throw new Error(`the cluster voice test cannot run; missing:\n  - ${missing.join('\n  - ')}`);

  const postgres = await startPostgres();
  cleanups.push(() => postgres.stop());
  const nats = await startNats();
  cleanups.push(() => nats.stop());
  const dir = mkdtempSync(join(tmpdir(), 'accord-voice-tls-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const tls = await clusterCertificate(dir);
  certificate = tls.certificate;

  // No load balancer: each bot is pinned to a node, so each node advertises its own address.
  const env = (workerId) => ({
    ...nodeEnv({ databaseUrl: postgres.url, natsUrl: nats.url, workerId }),
    ACCORD_VOICE_TLS_CERT: tls.certificate,
    ACCORD_VOICE_TLS_KEY: tls.key,
  });
  nodeSettings = env;
  A = await startNode('A', env(1));  // alone first: it runs the migrations
  cleanups.push(() => A.stop());
  B = await startNode('B', env(2));
  cleanups.push(() => B.stop());

  owner = await registerUser(A, 'owner');
}, { timeout: 120_000 });

after(async () => {
  await runCleanups(cleanups);
}, { timeout: 60_000 });

// The owner's new guild (it comes with a voice channel) with a bot for each name; REST goes to A,
// the nodes share the database.
async function guildWithBots(...names) {
  const { guild } = await createGuild(A, owner, 'Voice Guild');
  const bots = {};
  for (const name of names) {
    const bot = await createBot(A, owner, name);
    await authorizeBot(A, owner, bot.application, guild.id);
    bots[name] = bot.token;
  }
  return { guild, voice: guild.channels.find((channel) => channel.type === 2), bots };
}

// A bot of the voice child process pinned to `node`: its REST there and its gateway there.
const on = (node, token) => ({ token, api: node.api, gateway: node.url.replace('http://', 'ws://') });

// The voice endpoint a node hands out on its own, as its log says at startup (for messages only).
function ownEndpoint(node) {
  return node.output().match(/voice gateway listening on .*, endpoint (\S+)/)?.[1];
}

// Whose voice server an endpoint is, for messages: "A's (127.0.0.1:40123)".
function whose(endpoint) {
  const node = [A, B].find((candidate) => ownEndpoint(candidate) === endpoint);
  return node ? `${node.name}'s (${endpoint})` : String(endpoint);
}

// Bots run in a child process that trusts the cluster's voice certificate from its start.
const runVoiceBots = (job) => runVoiceBotsTrusting(certificate, job, { timeoutMs: 90_000 });

// Every bot was sent a voice server, and all of them the same one.
function assertOneVoiceServer(endpoints, names) {
  const described = names.map((name, index) => `${name}: ${endpoints[index].map(whose).join(', ') || 'none'}`).join('; ');
  endpoints.forEach((received, index) => assert.ok(received.length > 0, `${names[index]} got no VOICE_SERVER_UPDATE`));
  assert.equal(new Set(endpoints.flat()).size, 1, `one voice server for the whole call, but ${described}`);
}

const assertHeard = (result, what) => assertHeardFrames(result, what, FRAMES);

test('a bot on node A and a bot on node B join one voice channel: both are sent to the same voice server, and the listener hears every frame the speaker plays', { timeout: 120_000 }, async (t) => {
  const { guild, voice, bots } = await guildWithBots('Speaker', 'Listener');
  const result = await runVoiceBots({
    scenario: 'call', guildId: guild.id, channelId: voice.id, frames: FRAMES,
    bots: [on(A, bots.Speaker), on(B, bots.Listener)],
  });
  t.diagnostic(JSON.stringify({
    ...result, missingFrames: result.missingFrames.length, endpoints: result.endpoints.map((list) => list.map(whose)),
  }));
  assertOneVoiceServer(result.endpoints, ['Speaker (gateway on A)', 'Listener (gateway on B)']);
  assertHeard(result, 'the listener on B');
  assert.ok(result.silenceFrames >= 1, 'the speaker\'s closing silence frames arrive too');
});

test('two bots on node B are in a call; a bot on node A logs in later and sees them in voice, joins, is sent to the same voice server, and hears the speaker too', { timeout: 120_000 }, async (t) => {
  const { guild, voice, bots } = await guildWithBots('Speaker', 'Listener', 'Latecomer');
  const result = await runVoiceBots({
    scenario: 'latecomer', guildId: guild.id, channelId: voice.id, frames: FRAMES,
    bots: [on(B, bots.Speaker), on(B, bots.Listener), on(A, bots.Latecomer)],
  });
  const heard = (part) => `${part.receivedFrames}/${part.sentFrames}`;
  t.diagnostic(JSON.stringify({
    endpoints: result.endpoints.map((list) => list.map(whose)),
    heard: { first: heard(result.first), toListener: heard(result.toListener), toLatecomer: heard(result.toLatecomer) },
  }));
  assertHeard(result.first, 'the listener, before the latecomer came');
  assert.deepEqual(result.inVoiceAtReady, result.speakerAndListener,
    'the guild in the latecomer\'s READY (built on A) lists the voice states held on B');
  assertOneVoiceServer(result.endpoints, ['Speaker (gateway on B)', 'Listener (gateway on B)', 'Latecomer (gateway on A)']);
  assertHeard(result.toListener, 'the listener, with the latecomer in the call');
  assertHeard(result.toLatecomer, 'the latecomer');
});

test('a node starting later learns who is already in voice, and a member whose node dies leaves the voice channel for everyone else', { timeout: 120_000 }, async (t) => {
  const { guild, general } = await createGuild(A, owner, 'Lost Node Guild');
  const voice = guild.channels.find((channel) => channel.type === 2);
  const member = await joinGuild(A, owner, general.id, 'wanderer');
  const watcher = await connectAs(A, t, owner.token);
  watcher.send(4, { guild_id: guild.id, channel_id: voice.id, self_mute: false, self_deaf: true });
  await watcher.next((payload) => payload.t === 'VOICE_STATE_UPDATE' && payload.d.user_id === owner.id);
  const inVoice = (created, userId) => created.d.voice_states.find((state) => state.user_id === userId);

  // Node C starts after the owner joined voice on A: a gateway on C lists the owner there.
  const C = await startNode('C', nodeSettings(3));
  t.after(() => C.stop());
  const wanderer = await connectAs(C, t, member.token);
  const seenOnC = await wanderer.next((payload) => payload.t === 'GUILD_CREATE' && payload.d.id === guild.id);
  assert.equal(inVoice(seenOnC, owner.id)?.channel_id, voice.id, JSON.stringify(seenOnC.d.voice_states));
  assert.equal(inVoice(seenOnC, owner.id).self_deaf, true);

  // The member joins from C; a gateway on B, opened now, lists them though their state is held on C.
  wanderer.send(4, { guild_id: guild.id, channel_id: voice.id, self_mute: true, self_deaf: false });
  const joined = await watcher.next((payload) => payload.t === 'VOICE_STATE_UPDATE' && payload.d.user_id === member.id);
  assert.equal(joined.d.channel_id, voice.id);
  const onB = await connectAs(B, t, owner.token);
  const seenOnB = await onB.next((payload) => payload.t === 'GUILD_CREATE' && payload.d.id === guild.id);
  assert.equal(inVoice(seenOnB, member.id)?.channel_id, voice.id, JSON.stringify(seenOnB.d.voice_states));
  assert.equal(inVoice(seenOnB, member.id).self_mute, true);

  // C crashes. Its member's gateway session and voice state are gone with it: once C has been silent
  // for 15 s, the others say so, as when a session ends.
  await C.kill();
  const left = await watcher.next(
    (payload) => payload.t === 'VOICE_STATE_UPDATE' && payload.d.user_id === member.id && payload.d.channel_id === null,
    { timeoutMs: 40_000 });
  assert.equal(left.d.guild_id, guild.id);
  const again = await connectAs(A, t, owner.token);
  const now = await again.next((payload) => payload.t === 'GUILD_CREATE' && payload.d.id === guild.id);
  assert.equal(inVoice(now, member.id), undefined, 'no ghost in voice');
  assert.equal(inVoice(now, owner.id)?.channel_id, voice.id, 'the owner is still there');
});
