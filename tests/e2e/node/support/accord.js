// Starts a real accord process on a free loopback port with a fresh data directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const binary = process.env.ACCORD_BIN ?? resolve(import.meta.dirname, '../../../../build/accord');

export function makeDataDir() {
  return mkdtempSync(join(tmpdir(), 'accord-e2e-'));
}

// With `dataDir` the caller owns the directory (to restart on it); otherwise it is made and removed here.
export async function startAccord({ env = {}, dataDir } = {}) {
  const ownsDataDir = dataDir === undefined;
  dataDir ??= makeDataDir();
  const child = spawn(binary, ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`accord did not start:\n${output}`)), 10_000);
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`accord exited with ${code}:\n${output}`)));
  });
  return {
    url,
    api: `${url}/api`,
    pid: child.pid,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Plain HTTP as the official client would send it, for the routes bot libraries don't cover.
export async function call(server, method, path, { token, body, raw, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (token) init.headers.authorization = token;
  if (raw !== undefined) {
    init.body = raw;
    init.headers['content-type'] ??= 'application/json';
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${server.api}/v10${path}`, init);
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: text ? JSON.parse(text) : null,
  };
}

let counter = 0;
export async function registerUser(server, name = 'user') {
  const username = `${name}${process.pid}${++counter}`.toLowerCase();
  const password = `pw-${username}-secret`;
  const response = await call(server, 'POST', '/auth/register', { body: { username, password, consent: true } });
  if (response.status !== 201) throw new Error(`register failed: ${JSON.stringify(response.body)}`);
  return { username, password, token: response.body.token, id: response.body.user_id };
}

export async function createBot(server, owner, name = 'Test Bot') {
  const application = await call(server, 'POST', '/applications', { token: owner.token, body: { name } });
  if (application.status !== 201) throw new Error(`create application failed: ${JSON.stringify(application.body)}`);
  const reset = await call(server, 'POST', `/applications/${application.body.id}/bot/reset`, { token: owner.token });
  if (reset.status !== 200) throw new Error(`bot reset failed: ${JSON.stringify(reset.body)}`);
  return { application: application.body, token: reset.body.token };
}
