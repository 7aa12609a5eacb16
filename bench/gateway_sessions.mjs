// Gateway benchmark: memory per idle session (plain and zlib-stream) and fan-out of MESSAGE_CREATE
// to N sessions. A load generator, not a test: it prints figures and asserts nothing.
//
//   node bench/gateway_sessions.mjs [--sessions 2000] [--messages 200]
//
// Run after scripts/build. The server gets a fresh data dir per phase; sessions all belong to one bot
// in one guild, so every message fans out to every session.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { startAccord, call, registerUser, createBot } from '../tests/e2e/node/support/accord.js';
import { createGuild, authorizeBot } from '../tests/e2e/node/support/community.js';

const require = createRequire(new URL('../tests/e2e/node/package.json', import.meta.url));
const WebSocket = require('ws');
const zlib = require('node:zlib');

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const sessions = Number(args.sessions ?? 2000);
const messages = Number(args.messages ?? 200);
const env = {
  ACCORD_GATEWAY_HEARTBEAT_INTERVAL_MS: '600000',
  ACCORD_GATEWAY_EVENTS_PER_MINUTE: '100000',
  ...(process.env.BENCH_MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX: process.env.BENCH_MALLOC_ARENA_MAX } : {}),
};

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)[1]);
}

async function setUp(server) {
  const owner = await registerUser(server, 'benchowner');
  const { guild, general } = await createGuild(server, owner);
  const { application, token } = await createBot(server, owner, 'Bench Bot');
  await authorizeBot(server, owner, application, guild.id);
  return { owner, general, token };
}

// Opens one session and resolves once its GUILD_CREATE arrived. `onDispatch` sees every later dispatch.
function openSession(server, token, compress, onDispatch) {
  return new Promise((resolve, reject) => {
    const url = `${server.url.replace('http', 'ws')}/?v=10&encoding=json${compress ? '&compress=zlib-stream' : ''}`;
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const inflate = compress ? zlib.createInflate() : null;
    let ready = false;
    const handle = (text) => {
      const payload = JSON.parse(text);
      if (payload.op === 10) ws.send(JSON.stringify({ op: 2, d: { token, intents: 1 | 512 | 32768, properties: {} } }));
      if (payload.t === 'GUILD_CREATE' && !ready) {
        ready = true;
        resolve(ws);
      } else if (payload.op === 0 && ready) {
        onDispatch(payload);
      }
    };
    if (inflate) {
      // One zlib stream per connection; each flushed frame inflates to whole JSON payloads.
      let pending = '';
      inflate.on('data', (chunk) => {
        pending += chunk.toString();
        try {
          handle(pending);
          pending = '';
        } catch { /* wait for the rest */ }
      });
      ws.on('message', (data) => inflate.write(data));
    } else {
      ws.on('message', (data) => handle(data.toString()));
    }
    ws.on('error', reject);
  });
}

async function memoryPhase(compress) {
  const server = await startAccord({ env });
  try {
    const { token } = await setUp(server);
    const pid = Number(server.pid);
    const before = rssKiB(pid);
    const sockets = [];
    for (let i = 0; i < sessions; i += 50) {
      const batch = [];
      for (let j = i; j < Math.min(sessions, i + 50); ++j) batch.push(openSession(server, token, compress, () => {}));
      sockets.push(...await Promise.all(batch));
    }
    await new Promise((r) => setTimeout(r, 500));
    const after = rssKiB(pid);
    for (const ws of sockets) ws.terminate();
    return { before, after, perSession: ((after - before) * 1024) / sessions };
  } finally {
    await server.stop();
  }
}

async function fanOutPhase() {
  const server = await startAccord({ env });
  try {
    const { owner, general, token } = await setUp(server);
    const arrivals = new Map();  // content -> sessions that got it
    const lastArrival = new Map();
    const onDispatch = (payload) => {
      if (payload.t !== 'MESSAGE_CREATE') return;
      const count = (arrivals.get(payload.d.content) ?? 0) + 1;
      arrivals.set(payload.d.content, count);
      if (count === sessions) lastArrival.set(payload.d.content, performance.now());
    };
    const sockets = [];
    for (let i = 0; i < sessions; i += 50) {
      const batch = [];
      for (let j = i; j < Math.min(sessions, i + 50); ++j) batch.push(openSession(server, token, false, onDispatch));
      sockets.push(...await Promise.all(batch));
    }
    const sentAt = new Map();
    const started = performance.now();
    for (let m = 0; m < messages; ++m) {
      const content = `bench ${m}`;
      sentAt.set(content, performance.now());
      await call(server, 'POST', `/channels/${general.id}/messages`, { token: owner.token, body: { content } });
    }
    const deadline = performance.now() + 60_000;
    while (lastArrival.size < messages && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const elapsed = (Math.max(...lastArrival.values()) - started) / 1000;
    const latencies = [...lastArrival].map(([content, at]) => at - sentAt.get(content)).sort((a, b) => a - b);
    const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
    for (const ws of sockets) ws.terminate();
    return {
      delivered: [...arrivals.values()].reduce((a, b) => a + b, 0),
      framesPerSecond: (sessions * lastArrival.size) / elapsed,
      p50: pick(0.5),
      p99: pick(0.99),
    };
  } finally {
    await server.stop();
  }
}

const plain = await memoryPhase(false);
const zlibbed = await memoryPhase(true);
const fanOut = await fanOutPhase();
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(`sessions=${sessions} messages=${messages} (server and load generator share this machine's cores)`);
console.log(`idle session, plain json:  ${kib(plain.perSession)} per session (RSS ${plain.before} -> ${plain.after} KiB)`);
console.log(`idle session, zlib-stream: ${kib(zlibbed.perSession)} per session (RSS ${zlibbed.before} -> ${zlibbed.after} KiB)`);
console.log(`fan-out: ${fanOut.delivered} MESSAGE_CREATE delivered, ${Math.round(fanOut.framesPerSecond)} frames/s, ` +
            `send->last session p50 ${fanOut.p50.toFixed(1)} ms, p99 ${fanOut.p99.toFixed(1)} ms`);
