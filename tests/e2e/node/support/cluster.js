// What a cluster of accord nodes shares: a PostgreSQL database and a NATS server with JetStream.
// Each helper starts its piece on a free loopback port with temp storage and returns a stop().
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client, Events, GatewayIntentBits, Routes } from 'discord.js';
import { binary, makeDataDir, removeDataDir, spawnAccord } from './accord.js';
import { waitFor } from './community.js';
import { python } from './discord_py_bot.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../../..');
export const postgresScript = join(root, 'scripts/postgres');

export function natsServerBinary() {
  if (process.env.ACCORD_TEST_NATS_SERVER) return process.env.ACCORD_TEST_NATS_SERVER;
  for (const candidate of ['/usr/bin/nats-server', '/usr/sbin/nats-server', '/usr/local/bin/nats-server']) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

// Everything a cluster test needs, checked up front: one message listing what is missing, instead
// of a test that hangs or fails obscurely later (an accord without PostgreSQL support would quietly
// ignore ACCORD_DATABASE_URL and give each node its own SQLite database).
export function missingClusterPieces() {
  const missing = [];
  if (!existsSync(binary)) {
    missing.push(`the accord binary ${binary} (build it, or set ACCORD_BIN)`);
  } else {
    const docs = spawnSync(binary, ['config-docs'], { encoding: 'utf8' }).stdout ?? '';
    if (!docs.includes('ACCORD_DATABASE_URL')) {
      missing.push(`PostgreSQL support in ${binary}: its config-docs has no ACCORD_DATABASE_URL`);
    }
    if (!docs.includes('ACCORD_EVENTS_NATS_URL')) {
      missing.push(`the NATS event bus in ${binary}: its config-docs has no ACCORD_EVENTS_NATS_URL`);
    }
  }
  if (!process.env.ACCORD_TEST_POSTGRES_URL && !existsSync(postgresScript)) {
    missing.push(`${postgresScript} (or set ACCORD_TEST_POSTGRES_URL to a server the tests may create databases on)`);
  }
  if (!natsServerBinary()) missing.push('nats-server (apt-get install nats-server, or set ACCORD_TEST_NATS_SERVER)');
  if (spawnSync(python, ['-c', 'import discord'], { encoding: 'utf8' }).status !== 0) {
    missing.push(`discord.py for ${python} (apt-get install python3-discord)`);
  }
  return missing;
}

// A fresh, empty database. With ACCORD_TEST_POSTGRES_URL it is a new database on that server (dropped
// by stop()); otherwise scripts/postgres starts a throwaway cluster in a temp dir (deleted by stop()).
export async function startPostgres() {
  const shared = process.env.ACCORD_TEST_POSTGRES_URL;
  if (shared) {
    const name = `accord_cluster_${process.pid}_${Date.now()}`;
    await run('psql', [shared, '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${name}`]);
    const url = new URL(shared);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async stop() {
        await run('psql', [shared, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]).catch(() => {});
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'accord-pg-'));
  let stdout;
  try {
    ({ stdout } = await run(postgresScript, ['start', dir], { timeout: 60_000 }));
  } catch (error) {
    await run(postgresScript, ['stop', dir]).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`scripts/postgres start failed: ${error.message}\n${error.stderr ?? ''}`);
  }
  const url = stdout.split('\n').map((line) => line.trim()).reverse().find((line) => line.startsWith('postgres://'));
  if (!url) throw new Error(`scripts/postgres printed no postgres:// URL:\n${stdout}`);
  return {
    url,
    dir,
    async stop() {
      await run(postgresScript, ['stop', dir]).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// nats-server with JetStream on a random loopback port, its store in a temp dir.
export async function startNats() {
  const dir = mkdtempSync(join(tmpdir(), 'accord-nats-'));
  const child = spawn(natsServerBinary(), ['-js', '-a', '127.0.0.1', '-p', '-1', '-sd', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  let output = '';
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await new Promise((resolvePort, reject) => {
      const timer = setTimeout(() => reject(new Error(`nats-server did not start:\n${output}`)), 15_000);
      const onData = (chunk) => {
        output += chunk;
        const match = output.match(/Listening for client connections on [\d.]+:(\d+)/);
        if (match && output.includes('Server is ready')) {
          clearTimeout(timer);
          resolvePort(Number(match[1]));
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`nats-server exited with ${code ?? signal}:\n${output}`));
      });
    });
    return { url: `nats://127.0.0.1:${port}`, port, pid: child.pid, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

// The settings every node of one cluster shares, plus its own worker id. Without a public URL (no
// load balancer in front) each node advertises its own address.
export function nodeEnv({ databaseUrl, natsUrl, publicUrl, workerId }) {
  return {
    ACCORD_DATABASE_URL: databaseUrl,
    ACCORD_EVENTS_NATS_URL: natsUrl,
    ...(publicUrl ? { ACCORD_HTTP_PUBLIC_URL: publicUrl } : {}),
    ACCORD_NODE_WORKER_ID: String(workerId),
  };
}

// One accord node with its own data dir (blobs, voice certificate). Given ACCORD_DATABASE_URL in `env`
// it uses that (the cluster's) database; otherwise it has one of its own, like every e2e server
// (SQLite in the data dir, or one made on ACCORD_TEST_POSTGRES_URL). kill() is a crash (SIGKILL);
// stop() a clean shutdown, and removes the data dir (and its own database) either way.
export async function startNode(name, env) {
  const shared = Boolean(env.ACCORD_DATABASE_URL);
  const dataDir = shared ? mkdtempSync(join(tmpdir(), `accord-node-${name}-`)) : makeDataDir();
  const remove = () => (shared ? rmSync(dataDir, { recursive: true, force: true }) : removeDataDir(dataDir));
  let spawned;
  try {
    spawned = await spawnAccord(dataDir, env);
  } catch (error) {
    remove();
    throw new Error(`node ${name}: ${error.message}`);
  }
  const { child, url, exited, output } = spawned;
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    url,
    api: `${url}/api`,
    pid: child.pid,
    output,
    alive,
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (alive()) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      remove();
    },
  };
}

// A discord.js bot pinned to `node`: REST to it, and the gateway URL from its GET /gateway/bot
// rewritten to the node's own address (a node advertises its public URL, in a cluster the load
// balancer's, and discord.js has no gateway URL option). Resolves once ready.
export async function discordJsOn(node, token) {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    rest: { api: node.api, cdn: `${node.url}/cdn` },
    waitGuildTimeout: 5_000,
  });
  const restGet = client.rest.get.bind(client.rest);
  client.rest.get = async (route, options) => {
    const answer = await restGet(route, options);
    return route === Routes.gatewayBot() ? { ...answer, url: node.url.replace('http://', 'ws://') } : answer;
  };
  try {
    const ready = waitFor(client, Events.ClientReady, () => true, 30_000);
    await client.login(token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  return client;
}

// Runs a test file's cleanups, newest first, each even when one before it failed.
export async function runCleanups(cleanups) {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error('cleanup failed:', error);
    }
  }
}
