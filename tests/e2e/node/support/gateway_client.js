// A tiny raw gateway client: it speaks the wire protocol directly, so tests can send what no
// library would (bad JSON, a second IDENTIFY) and see exactly what comes back.
import { spawnSync } from 'node:child_process';
import { inflateSync, constants as zlibConstants } from 'node:zlib';
import WebSocket from 'ws';

const ZLIB_SUFFIX = Buffer.from([0x00, 0x00, 0xff, 0xff]);

// `server` is what startAccord returns, or a ws:// URL (such as READY's resume_gateway_url).
export function gatewayUrl(server, { version = 10, encoding = 'json', compress } = {}) {
  const base = typeof server === 'string' ? server : server.url.replace(/^http/, 'ws');
  const url = new URL(base);
  url.pathname = '/';
  url.search = '';
  url.searchParams.set('v', String(version));
  url.searchParams.set('encoding', encoding);
  if (compress) url.searchParams.set('compress', compress);
  return url.toString();
}

// Inflates a zlib-stream connection: one deflate stream, every message flushed with Z_SYNC_FLUSH.
// Each message is decoded by inflating everything received so far and keeping the new tail, which
// is plenty fast for the few payloads a test sees.
function zlibStreamDecoder() {
  const received = [];
  let pending = [];
  let decodedLength = 0;
  return (bytes) => {
    pending.push(bytes);
    if (!bytes.subarray(-4).equals(ZLIB_SUFFIX)) return null; // the message continues in the next frame
    received.push(...pending);
    pending = [];
    const all = inflateSync(Buffer.concat(received), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    const text = all.subarray(decodedLength).toString('utf8');
    decodedLength = all.length;
    return text;
  };
}

// Node 20's zlib has no zstd, so a zstd-stream connection is decoded with the zstd command-line
// tool when the machine has one: it inflates every block the server flushed and then complains,
// rightly, that the never-ended frame is cut short (exit 1), which is how the stream is meant to be.
export const canDecodeZstd = spawnSync('zstd', ['--version']).status === 0;

function zstdStreamDecoder() {
  const received = [];
  let decodedLength = 0;
  return (bytes) => {
    received.push(bytes);
    const run = spawnSync('zstd', ['--decompress', '--stdout', '--quiet'], { input: Buffer.concat(received) });
    const text = run.stdout.subarray(decodedLength).toString('utf8');
    decodedLength = run.stdout.length;
    return text;
  };
}

function decoderFor(compress) {
  if (compress === 'zlib-stream') return zlibStreamDecoder();
  if (compress === 'zstd-stream' && canDecodeZstd) return zstdStreamDecoder();
  return null;
}

export class GatewayClient {
  constructor(ws, { compress } = {}) {
    this.ws = ws;
    this.frames = []; // every frame as it came off the wire: {binary, bytes}
    this.received = []; // every payload decoded, in order, whether or not next() consumed it
    this.inbox = []; // payloads next() has not consumed yet
    this.waiters = new Set();
    this.closed = null;
    this.closeWaiters = [];
    const decode = decoderFor(compress);

    ws.on('message', (data, isBinary) => {
      const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data);
      this.frames.push({ binary: isBinary, bytes });
      if (isBinary && !decode) return; // zstd-stream without a zstd tool: tests look at `frames`
      const text = decode ? decode(bytes) : bytes.toString('utf8');
      if (text === null) return;
      const payload = JSON.parse(text);
      this.received.push(payload);
      this.inbox.push(payload);
      for (const waiter of this.waiters) waiter();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString('utf8') };
      for (const resolve of this.closeWaiters) resolve(this.closed);
      for (const waiter of this.waiters) waiter();
    });
    ws.on('error', () => {}); // a refused or reset socket shows up as 'close'
  }

  send(op, d) {
    this.ws.send(JSON.stringify({ op, d }));
  }

  sendRaw(text) {
    this.ws.send(text);
  }

  // Resolves with the next payload matching `predicate`, consuming it and any payload before it.
  next(predicate = () => true, { timeoutMs = 5_000 } = {}) {
    return new Promise((resolve, reject) => {
      const check = () => {
        while (this.inbox.length > 0) {
          const payload = this.inbox.shift();
          if (predicate(payload)) {
            finish();
            resolve(payload);
            return;
          }
        }
        if (this.closed) {
          finish();
          reject(new Error(`socket closed (${this.closed.code} ${this.closed.reason}) before the payload came`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no matching payload within ${timeoutMs} ms; received ${JSON.stringify(this.received.map(summary))}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  // The next dispatch (op 0) with event name `t`.
  dispatch(t, options) {
    return this.next((payload) => payload.op === 0 && payload.t === t, options);
  }

  waitForClose({ timeoutMs = 5_000 } = {}) {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`socket still open after ${timeoutMs} ms`)), timeoutMs);
      this.closeWaiters.push((closed) => {
        clearTimeout(timer);
        resolve(closed);
      });
    });
  }

  // Drops the TCP connection without a close frame, as a crashed client or a lost network would.
  terminate() {
    this.ws.terminate();
    return this.waitForClose();
  }

  async close(code = 1000) {
    if (this.closed) return this.closed;
    this.ws.close(code);
    return this.waitForClose();
  }
}

function summary(payload) {
  return payload.op === 0 ? `op 0 ${payload.t} s=${payload.s}` : `op ${payload.op}`;
}

// Opens a gateway connection; `compress` is 'zlib-stream', 'zstd-stream' or absent.
export function connect(url, { compress } = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const client = new GatewayClient(ws, { compress });
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
    ws.once('error', reject);
  });
}

// A session identified with `token` (a person's, or `Bot …`) and past READY; `intents` as a bot sends
// them, or absent as a person's client leaves them. It is closed when test `t` ends.
export async function connectAs(server, t, token, { intents } = {}) {
  const gateway = await connect(gatewayUrl(server));
  t.after(() => gateway.close());
  await gateway.next((payload) => payload.op === 10);
  const properties = { os: 'linux', browser: 'test', device: 'test' };
  gateway.send(2, intents === undefined ? { token, properties } : { token, intents, properties });
  await gateway.dispatch('READY');
  return gateway;
}
