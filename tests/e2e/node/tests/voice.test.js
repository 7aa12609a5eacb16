// Voice as bots use it: discord.js bots join a voice channel with @discordjs/voice, one plays a tone,
// the other hears it through the server's SFU, over the voice gateway (WebSocket over TLS) and UDP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { call, createBot, makeDataDir, startAccord } from '../support/accord.js';
import { authorizeBot, communityWithBot } from '../support/community.js';

const CONNECT = 1n << 20n;
const FRAMES = 100;  // two seconds of audio

async function voiceServer(t, env = {}) {
  const dataDir = makeDataDir();
  const server = await startAccord({ dataDir, env });
  t.after(async () => {
    if (!server.alive()) console.log(server.output());
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const certificate = join(dataDir, 'voice-cert.pem');
  assert.ok(existsSync(certificate), 'the server wrote its self-signed voice certificate');
  return { server, certificate };
}

// Bots run in a child process that trusts the server's certificate from its start.
function runVoiceBots(certificate, job) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, '../support/voice_call.js')], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate, VOICE_CALL: JSON.stringify(job) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const last = output.trim().split('\n').at(-1);
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(last));
      } catch (error) {
        reject(new Error(`voice bots failed (${error.message}):\n${output}`));
      }
    });
  });
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
    assert.equal(result.sentFrames, FRAMES);
    assert.equal(result.receivedFrames, FRAMES, 'no frame lost on loopback');
    assert.equal(result.receivedDigest, result.sentDigest, 'the SFU forwards the Opus frames unchanged');
    assert.ok(result.silenceFrames >= 1, 'the speaker\'s closing silence frames arrive too');
    // The decoded tone is as loud as the one sent (30% of full scale: RMS about 6950).
    assert.ok(result.sentRms > 5000, `sent RMS ${result.sentRms}`);
    assert.ok(Math.abs(result.receivedRms - result.sentRms) / result.sentRms < 0.05,
      `received RMS ${result.receivedRms} against ${result.sentRms}`);
  });
}

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
