// Runs discord.js bots in a voice channel with @discordjs/voice and prints what happened as JSON on
// its last line. A child process of the voice tests: NODE_EXTRA_CA_CERTS (the server's self-signed
// voice certificate) is read when a process starts, so the bots need a process of their own.
//   VOICE_CALL={"scenario":"call"|"refused"|"dave"|"daveDowngrade"|"latecomer", "api", "guildId", "channelId", "tokens":[...], "frames",
//               "dave":[true|false per token] (DAVE end-to-end encryption offered; default off)}
// In a cluster each bot may be pinned to a node: "bots":[{"token", "api", "gateway"}] in place of "tokens"
// (REST to that api, the gateway at that ws:// URL; either left out means job.api and what GET /gateway/bot says).
// Results name the endpoint of every VOICE_SERVER_UPDATE each bot received ("endpoints", one list per bot).
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Client, Events, GatewayIntentBits, Routes } from 'discord.js';
import {
  AudioPlayerStatus, EndBehaviorType, StreamType, VoiceConnectionStatus,
  createAudioPlayer, createAudioResource, entersState, joinVoiceChannel,
} from '@discordjs/voice';
import OpusScript from 'opusscript';

const job = JSON.parse(process.env.VOICE_CALL);
const bots = job.bots ?? job.tokens.map((token) => ({ token }));
const SAMPLE_RATE = 48_000;
const FRAME_SAMPLES = 960;  // 20 ms per channel
const SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);

async function botOnline({ token, api = job.api, gateway }) {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates],
    rest: { api },
    waitGuildTimeout: 3_000,
  });
  if (gateway) {  // discord.js has no gateway URL option: the answer of GET /gateway/bot is rewritten
    const restGet = client.rest.get.bind(client.rest);
    client.rest.get = async (route, options) => {
      const answer = await restGet(route, options);
      return route === Routes.gatewayBot() ? { ...answer, url: gateway } : answer;
    };
  }
  client.voiceServerEndpoints = [];
  client.on('raw', (packet) => {
    if (packet.t === 'VOICE_SERVER_UPDATE') client.voiceServerEndpoints.push(packet.d.endpoint);
  });
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(token);
  await ready;
  return client;
}

function join(client, dave = false) {
  const guild = client.guilds.cache.get(job.guildId);
  return joinVoiceChannel({
    channelId: job.channelId,
    guildId: job.guildId,
    adapterCreator: guild.voiceAdapterCreator,
    selfDeaf: false,
    selfMute: false,
    daveEncryption: dave,
    group: client.user.id,  // two bots of one process in one guild need a connection each
  });
}

// A 440 Hz tone at 30% of full scale, stereo, as Opus frames.
function sineOpusFrames(count) {
  const encoder = new OpusScript(SAMPLE_RATE, 2, OpusScript.Application.AUDIO);
  const frames = [];
  for (let frame = 0; frame < count; frame += 1) {
    const pcm = Buffer.alloc(FRAME_SAMPLES * 2 * 2);
    for (let i = 0; i < FRAME_SAMPLES; i += 1) {
      const t = (frame * FRAME_SAMPLES + i) / SAMPLE_RATE;
      const sample = Math.round(Math.sin(2 * Math.PI * 440 * t) * 0.3 * 32767);
      pcm.writeInt16LE(sample, i * 4);
      pcm.writeInt16LE(sample, i * 4 + 2);
    }
    frames.push(Buffer.from(encoder.encode(pcm, FRAME_SAMPLES)));
  }
  encoder.delete();
  return frames;
}

// Root mean square of the decoded audio, skipping the decoder's first frames (it ramps up).
function rms(frames) {
  const decoder = new OpusScript(SAMPLE_RATE, 2, OpusScript.Application.AUDIO);
  let sum = 0;
  let samples = 0;
  frames.forEach((frame, index) => {
    const pcm = decoder.decode(frame);
    if (index < 3) return;
    for (let i = 0; i + 1 < pcm.length; i += 2) {
      const sample = pcm.readInt16LE(i);
      sum += sample * sample;
      samples += 1;
    }
  });
  decoder.delete();
  return Math.sqrt(sum / Math.max(samples, 1));
}

const digest = (frames) => createHash('sha256').update(Buffer.concat(frames)).digest('hex');

async function call() {
  const [speaker, listener] = await Promise.all(bots.map(botOnline));
  const speakerConnection = join(speaker);
  const listenerConnection = join(listener);
  try {
    await Promise.all([
      entersState(speakerConnection, VoiceConnectionStatus.Ready, 10_000),
      entersState(listenerConnection, VoiceConnectionStatus.Ready, 10_000),
    ]);
    const modes = [speakerConnection, listenerConnection]
      .map((connection) => connection.state.networking.state.connectionData.encryptionMode);

    const [heard] = await playTo(speaker, speakerConnection, [{ connection: listenerConnection }]);
    return { modes, ...heard, endpoints: [speaker, listener].map((client) => client.voiceServerEndpoints) };
  } finally {
    speakerConnection.destroy();
    listenerConnection.destroy();
    await Promise.all([speaker.destroy(), listener.destroy()]);
  }
}

async function refused() {
  const client = await botOnline(bots[0]);
  const connection = join(client);
  try {
    let ready = true;
    try {
      await entersState(connection, VoiceConnectionStatus.Ready, 3_000);
    } catch {
      ready = false;
    }
    return { ready, status: connection.state.status, voiceServerUpdates: client.voiceServerEndpoints.length };
  } finally {
    connection.destroy();
    await client.destroy();
  }
}

// What a connection's DAVE session says: the protocol version in use, whether it has keys, its epoch.
function daveState(connection) {
  const dave = connection.state.networking?.state?.dave;
  if (!dave) return { version: null, ready: false, epoch: null, pending: 0 };
  const epoch = dave.session?.epoch;
  return {
    version: dave.protocolVersion,
    ready: Boolean(dave.session?.ready),
    epoch: epoch === undefined || epoch === null ? null : Number(epoch),
    pending: dave.pendingTransitions.size,
  };
}

async function until(condition, what, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// The speaker plays the tone once; every listener records what it decodes from the speaker.
async function playTo(speaker, speakerConnection, listeners) {
  const sent = sineOpusFrames(job.frames);
  const received = listeners.map(() => []);
  const errors = listeners.map(() => null);
  const streams = listeners.map(({ connection }, index) => {
    const stream = connection.receiver.subscribe(speaker.user.id, { end: { behavior: EndBehaviorType.Manual } });
    stream.on('data', (packet) => received[index].push(Buffer.from(packet)));
    stream.on('error', (error) => { errors[index] = error.message; });
    return stream;
  });
  const player = createAudioPlayer();
  speakerConnection.subscribe(player);
  player.play(createAudioResource(Readable.from(sent), { inputType: StreamType.Opus }));
  await entersState(player, AudioPlayerStatus.Playing, 5_000);
  await entersState(player, AudioPlayerStatus.Idle, job.frames * 20 + 10_000);
  // The last frames are still on their way: the speaker's closing silence frames come after them, so
  // each listener is done once silence has followed its last audio (on a loaded machine that can take
  // well over the 100 ms the silence lasts). A listener that never gets there is reported as it is.
  const doneListening = (packets) => packets.length > 0 && packets.at(-1).equals(SILENCE);
  const deadline = Date.now() + 5_000;
  while (!received.every(doneListening) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  streams.forEach((stream) => stream.destroy());
  player.stop();
  return received.map((packets, index) => {
    const audio = packets.filter((packet) => !packet.equals(SILENCE));
    const heard = new Set(audio.map((packet) => packet.toString('base64')));
    return {
      sentFrames: sent.length,
      receivedFrames: audio.length,
      // Which frames went missing says where (the start, a re-key, the end), should any.
      missingFrames: sent.flatMap((frame, frameIndex) => (heard.has(frame.toString('base64')) ? [] : [frameIndex])),
      streamError: errors[index],
      silenceFrames: packets.length - audio.length,
      sentDigest: digest(sent),
      receivedDigest: digest(audio),
      sentRms: rms(sent),
      receivedRms: rms(audio),
    };
  });
}

// Two bots call (DAVE as `job.dave` says); with a third token, a third bot joins mid-call and the
// speaker plays again to both listeners.
async function dave() {
  const clients = await Promise.all(bots.map(botOnline));
  const offers = job.dave ?? clients.map(() => true);
  const connections = [];
  try {
    for (const index of [0, 1]) connections.push(join(clients[index], offers[index]));
    await Promise.all(connections.map((connection) => entersState(connection, VoiceConnectionStatus.Ready, 10_000)));
    const expectDave = job.expectDave ?? (offers[0] && offers[1]);
    const settled = () => connections.every((connection, index) => {
      const state = daveState(connection);
      if (!offers[index]) return state.version === null;
      return expectDave ? state.version === 1 && state.ready && state.pending === 0 : state.version === 0;
    });
    await until(settled, 'the DAVE group of two');
    const firstCall = connections.map(daveState);
    const [first] = await playTo(clients[0], connections[0], [{ connection: connections[1] }]);
    const result = { firstCall, first };
    if (clients.length > 2) {
      const before = daveState(connections[0]).epoch;
      connections.push(join(clients[2], offers[2] ?? true));
      await entersState(connections[2], VoiceConnectionStatus.Ready, 10_000);
      await until(() => connections.every((connection) => {
        const state = daveState(connection);
        return state.version === 1 && state.ready && state.pending === 0 && state.epoch > before;
      }), 'the DAVE group of three');
      result.secondCall = connections.map(daveState);
      result.epochBefore = before;
      [result.secondToListener, result.secondToNewcomer] = await playTo(
        clients[0], connections[0], [{ connection: connections[1] }, { connection: connections[2] }]);
      // The first listener leaves: the server proposes its removal, the others commit it.
      const afterJoin = daveState(connections[0]).epoch;
      connections[1].destroy();
      const remaining = [connections[0], connections[2]];
      await until(() => remaining.every((connection) => {
        const state = daveState(connection);
        return state.version === 1 && state.ready && state.pending === 0 && state.epoch > afterJoin;
      }), 'the DAVE group after a member left');
      result.afterLeave = remaining.map(daveState);
      result.epochAfterJoin = afterJoin;
      [result.afterLeaveToNewcomer] = await playTo(clients[0], connections[0], [{ connection: connections[2] }]);
    }
    return result;
  } finally {
    for (const connection of connections)
      if (connection.state.status !== VoiceConnectionStatus.Destroyed) connection.destroy();
    await Promise.all(clients.map((client) => client.destroy()));
  }
}

// Two DAVE bots in a v1 call; a third without DAVE joins (the call drops to v0, everyone hears the
// speaker), then leaves (the two build a new group and are back on v1).
async function daveDowngrade() {
  const clients = await Promise.all(bots.map(botOnline));
  const connections = [];
  const states = () => connections.slice(0, 2).map(daveState);
  try {
    for (const index of [0, 1]) connections.push(join(clients[index], true));
    await Promise.all(connections.map((connection) => entersState(connection, VoiceConnectionStatus.Ready, 10_000)));
    const onDave = () => states().every((state) => state.version === 1 && state.ready && state.pending === 0);
    await until(onDave, 'the DAVE group of two');
    const result = { before: states() };
    connections.push(join(clients[2], false));
    await entersState(connections[2], VoiceConnectionStatus.Ready, 10_000);
    await until(() => states().every((state) => state.version === 0 && state.pending === 0), 'the downgrade');
    result.downgraded = states();
    [result.downgradedToDave, result.downgradedToPlain] = await playTo(
      clients[0], connections[0], [{ connection: connections[1] }, { connection: connections[2] }]);
    connections[2].destroy();
    await until(onDave, 'the upgrade');
    result.upgraded = states();
    [result.upgradedToDave] = await playTo(clients[0], connections[0], [{ connection: connections[1] }]);
    return result;
  } finally {
    for (const connection of connections)
      if (connection.state.status !== VoiceConnectionStatus.Destroyed) connection.destroy();
    await Promise.all(clients.map((client) => client.destroy()));
  }
}

// Two bots call and the speaker plays to the listener; a third joins mid-call and the speaker plays
// again, to both. No DAVE: this is about who is in the call, not end-to-end encryption.
// The latecomer logs in only then, so its READY's guild shows who is in voice at that moment
// ("inVoiceAtReady": user ids with a channel).
async function latecomer() {
  const clients = await Promise.all(bots.slice(0, 2).map(botOnline));
  const connections = [];
  const endpoints = () => clients.map((client) => client.voiceServerEndpoints);
  try {
    for (const index of [0, 1]) connections.push(join(clients[index]));
    await Promise.all(connections.map((connection) => entersState(connection, VoiceConnectionStatus.Ready, 10_000)));
    const [first] = await playTo(clients[0], connections[0], [{ connection: connections[1] }]);
    clients.push(await botOnline(bots[2]));
    const inVoiceAtReady = [...clients[2].guilds.cache.get(job.guildId).voiceStates.cache.values()]
      .filter((state) => state.channelId === job.channelId).map((state) => state.id).sort();
    connections.push(join(clients[2]));
    await entersState(connections[2], VoiceConnectionStatus.Ready, 10_000);
    const [toListener, toLatecomer] = await playTo(
      clients[0], connections[0], [{ connection: connections[1] }, { connection: connections[2] }]);
    return { first, toListener, toLatecomer, endpoints: endpoints(), inVoiceAtReady, speakerAndListener: clients.slice(0, 2).map((client) => client.user.id).sort() };
  } finally {
    for (const connection of connections)
      if (connection.state.status !== VoiceConnectionStatus.Destroyed) connection.destroy();
    await Promise.all(clients.map((client) => client.destroy()));
  }
}

const scenarios = { call, refused, dave, daveDowngrade, latecomer };
const result = await scenarios[job.scenario]();
console.log(JSON.stringify(result));
process.exit(0);
