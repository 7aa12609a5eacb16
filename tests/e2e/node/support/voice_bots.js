// Runs support/voice_call.js (discord.js bots with @discordjs/voice) in a child process that trusts
// `certificate` (the voice server's; NODE_EXTRA_CA_CERTS is read only when a process starts) and
// resolves with the JSON it prints last.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export function runVoiceBots(certificate, job, { timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'voice_call.js')], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate, VOICE_CALL: JSON.stringify(job) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
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

// A listener's record (voice_call.js playTo) shows it heard all `frames` the speaker played, unchanged.
export function assertHeard(result, what, frames) {
  assert.equal(result.sentFrames, frames);
  assert.equal(result.receivedFrames, frames,
    `${what}: no frame lost on loopback (missing ${JSON.stringify(result.missingFrames)}, stream error ${result.streamError})`);
  assert.equal(result.receivedDigest, result.sentDigest, `${what}: the Opus frames arrive unchanged`);
  assert.ok(Math.abs(result.receivedRms - result.sentRms) / result.sentRms < 0.05,
    `${what}: received RMS ${result.receivedRms} against ${result.sentRms}`);
}
