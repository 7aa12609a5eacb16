// Connections that never finish, or send too much, are cut off and cost the server nothing lasting.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { call, registerUser, startAccord } from '../support/accord.js';

let server;
let user;
before(async () => {
  server = await startAccord({ env: { ACCORD_HTTP_IDLE_TIMEOUT_SECONDS: '1' } });
  user = await registerUser(server, 'patient');
});
after(async () => {
  assert.ok(server.alive());
  await server.stop();
});

// Opens a raw connection, writes `bytes`, and resolves with what came back once the server hangs up.
function rawExchange(bytes) {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    let received = '';
    socket.on('data', (chunk) => { received += chunk; });
    socket.on('close', () => resolve(received));
    socket.on('error', () => resolve(received));
    setTimeout(() => { socket.destroy(); reject(new Error('the server never hung up')); }, 10_000);
  });
}

// A whole request on a connection of its own: fetch's pool could hand out a keep-alive socket the
// server has just closed for idling (the timeout here is one second), which would fail the request.
async function stillServes() {
  const answer = await rawExchange(
    `GET /api/v10/users/@me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${user.token}\r\nConnection: close\r\n\r\n`);
  assert.match(answer, /^HTTP\/1\.1 200/);
}

test('a client that sends half a request and waits (slowloris) is disconnected', async () => {
  const answer = await rawExchange('GET /api/v10/users/@me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
  assert.equal(answer, '', 'nothing is answered to an unfinished request');
  await stillServes();
});

test('an idle keep-alive connection is closed after its timeout', async () => {
  const answer = await rawExchange(`GET /api/v10/users/@me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${user.token}\r\n\r\n`);
  assert.match(answer, /^HTTP\/1\.1 200/);
});

test('headers larger than the limit end the connection without an answer to them', async () => {
  const answer = await rawExchange(`GET /api/v10/users/@me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
  assert.doesNotMatch(answer, /^HTTP\/1\.1 200/);
  await stillServes();
});

test('one address holding too many connections has the next one closed, and is served again once it lets go', async () => {
  const crowded = await startAccord({ env: { ACCORD_HTTP_MAX_CONNECTIONS_PER_IP: '3', ACCORD_HTTP_IDLE_TIMEOUT_SECONDS: '30' } });
  try {
    const { port } = new URL(crowded.url);
    const open = () => new Promise((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => resolve(socket));
    });
    const held = [await open(), await open(), await open()];
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the server count them
    const refused = await fetch(`${crowded.api}/v10/gateway`).then(() => 'answered', () => 'refused');
    assert.equal(refused, 'refused', 'the fourth connection is closed without an answer');

    for (const socket of held) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const served = await fetch(`${crowded.api}/v10/gateway`);
    assert.equal(served.status, 200);
  } finally {
    await crowded.stop();
  }
});

test('an image that unpacks to a billion pixels is refused from its header, and the server lives on', async () => {
  // A 40000 x 40000 PNG of zeros: a few hundred kilobytes that would decode to almost five gigabytes.
  const zlib = await import('node:zlib');
  const width = 40000;
  const height = 40000;
  const row = Buffer.alloc(1 + width * 3);
  const rows = zlib.deflateSync(Buffer.concat(Array.from({ length: 64 }, () => row)));
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32 ? zlib.crc32(body) : 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'binary'), chunk('IHDR', header), chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))]);
  const answer = await call(server, 'PATCH', '/users/@me', {
    token: user.token, body: { avatar: `data:image/png;base64,${png.toString('base64')}` },
  });
  assert.equal(answer.status, 400);
  assert.ok(['IMAGE_TOO_LARGE', 'IMAGE_INVALID'].includes(answer.body.errors.avatar._errors[0].code), JSON.stringify(answer.body));
  assert.equal((await call(server, 'GET', '/users/@me', { token: user.token })).body.avatar, null);
});

test('behind a trusted proxy each forwarded client has its own limits; elsewhere the header is ignored', async () => {
  const limits = { ACCORD_RATE_LIMITS_IP_PER_SECOND: '2', ACCORD_RATE_LIMITS_ROUTE_LIMIT: '100' };
  const fromClient = (target, address) => fetch(`${target.api}/v10/gateway`, { headers: { 'x-forwarded-for': `203.0.113.9, ${address}` } });

  const proxied = await startAccord({ env: { ...limits, ACCORD_HTTP_TRUSTED_PROXIES: '127.0.0.1' } });
  try {
    const first = [await fromClient(proxied, '10.0.0.1'), await fromClient(proxied, '10.0.0.1'), await fromClient(proxied, '10.0.0.1')];
    assert.deepEqual(first.map((r) => r.status), [200, 200, 429]);
    assert.equal((await fromClient(proxied, '10.0.0.2')).status, 200, 'another client behind the proxy is not held up');
  } finally {
    await proxied.stop();
  }

  const direct = await startAccord({ env: limits });
  try {
    const spoofed = [await fromClient(direct, '10.0.0.1'), await fromClient(direct, '10.0.0.2'), await fromClient(direct, '10.0.0.3')];
    assert.deepEqual(spoofed.map((r) => r.status), [200, 200, 429], 'a forged header does not buy a fresh budget');
  } finally {
    await direct.stop();
  }
});
