// Starts a real accord process on a free loopback port with a fresh data directory (and, with
// ACCORD_TEST_POSTGRES_URL set, a fresh PostgreSQL database).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

export const binary = process.env.ACCORD_BIN ?? resolve(import.meta.dirname, '../../../../build/accord');

// A PostgreSQL cluster to test against (scripts/postgres prints its URL); unset means SQLite.
export const postgresServer = process.env.ACCORD_TEST_POSTGRES_URL || '';

function postgres(sql) {
  execFileSync('psql', ['-qX', '-v', 'ON_ERROR_STOP=1', '-c', sql, postgresServer], { stdio: ['ignore', 'ignore', 'pipe'] });
}

// With PostgreSQL, each data directory has its own database, named after it, made with it: a server
// restarted on the same directory finds the same data, as it would in the SQLite file there.
function databaseName(dataDir) {
  return basename(dataDir);
}

export function makeDataDir() {
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-e2e-'));
  if (postgresServer) postgres(`CREATE DATABASE "${databaseName(dataDir)}"`);
  return dataDir;
}

// What a process working on `dataDir` needs in its environment to find that directory's database.
export function databaseEnv(dataDir) {
  if (!postgresServer) return {};
  const url = new URL(postgresServer);
  url.pathname = `/${databaseName(dataDir)}`;
  return { ACCORD_DATABASE_URL: url.toString() };
}

// Removes a data directory made by makeDataDir, and its database.
export function removeDataDir(dataDir) {
  rmSync(dataDir, { recursive: true, force: true });
  if (postgresServer) postgres(`DROP DATABASE IF EXISTS "${databaseName(dataDir)}" WITH (FORCE)`);
}

// Rate limits high enough that no test meets them by accident: every request of a test suite comes
// from one address and a handful of users. A test about rate limits passes its own low values in `env`.
export const GENEROUS_RATE_LIMITS = {
  ACCORD_RATE_LIMITS_GLOBAL_PER_SECOND: '100000',
  ACCORD_RATE_LIMITS_IP_PER_SECOND: '100000',
  ACCORD_RATE_LIMITS_ROUTE_LIMIT: '100000',
  ACCORD_RATE_LIMITS_MESSAGE_LIMIT: '100000',
  ACCORD_RATE_LIMITS_REACTION_LIMIT: '100000',
  ACCORD_RATE_LIMITS_AUTH_LIMIT: '100000',
  ACCORD_RATE_LIMITS_INVALID_LIMIT: '100000000',
};

// Spawns accord on a free port and resolves once it logs where it listens. `exited` settles when the
// process ends; `startupMs` runs from the spawn to the "listening on" line. `env` wins over the
// generous rate limits, which win over the environment the tests run in.
export async function spawnAccord(dataDir, env = {}) {
  const spawnedAt = performance.now();
  const child = spawn(binary, ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir], {
    env: { ...process.env, ...GENEROUS_RATE_LIMITS, ...databaseEnv(dataDir), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  let output = '';
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');  // not left running behind a failed test
      reject(new Error(`accord did not start:\n${output}`));
    }, 10_000);
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`accord exited with ${code ?? signal}:\n${output}`));
    });
    child.once('error', (error) => {  // e.g. no binary at that path
      clearTimeout(timer);
      reject(new Error(`cannot run ${binary}: ${error.message}`));
    });
  });
  return { child, url, exited, startupMs: performance.now() - spawnedAt, output: () => output };
}

// With `dataDir` the caller owns the directory (to restart on it); otherwise it is made and removed here.
export async function startAccord({ env = {}, dataDir } = {}) {
  const ownsDataDir = dataDir === undefined;
  dataDir ??= makeDataDir();
  const { child, url, exited, output } = await spawnAccord(dataDir, env);
  return {
    url,
    api: `${url}/api`,
    pid: child.pid,
    output,
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      if (ownsDataDir) removeDataDir(dataDir);
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
    headers: response.headers,
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

// A Discord error answer: this status and this JSON code.
export function expectError(response, status, code) {
  assert.equal(response.status, status, JSON.stringify(response.body));
  assert.equal(response.body?.code, code, JSON.stringify(response.body));
}

// A success with one of these statuses; its body.
export function expectOk(response, ...statuses) {
  assert.ok(statuses.includes(response.status), `expected ${statuses}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

// A guild owned by `owner`, and its first text channel.
export async function createGuild(server, owner, name = 'Test Guild') {
  const guild = await call(server, 'POST', '/guilds', { token: owner.token, body: { name } });
  if (guild.status !== 201) throw new Error(`create guild failed: ${JSON.stringify(guild.body)}`);
  const general = guild.body.channels.find((channel) => channel.type === 0);
  return { guild: guild.body, general };
}

export async function authorizeBot(server, owner, application, guildId, permissions = '0') {
  const response = await call(server, 'POST',
    `/oauth2/authorize?client_id=${application.id}&scope=bot&permissions=${permissions}`,
    { token: owner.token, body: { guild_id: guildId, permissions, authorize: true } });
  if (response.status !== 200) throw new Error(`authorize failed: ${JSON.stringify(response.body)}`);
}
