// Runs support/voice_call.js (discord.js bots with @discordjs/voice) in a child process that trusts
// `certificate` (the voice server's; NODE_EXTRA_CA_CERTS is read only when a process starts) and
// resolves with the JSON it prints last.
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
