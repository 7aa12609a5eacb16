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

test('a client that sends half a request and waits (slowloris) is disconnected', async () => {
  const answer = await rawExchange('GET /api/v10/users/@me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
  assert.equal(answer, '', 'nothing is answered to an unfinished request');
  assert.equal((await call(server, 'GET', '/users/@me', { token: user.token })).status, 200);
});

test('an idle keep-alive connection is closed after its timeout', async () => {
  const answer = await rawExchange(`GET /api/v10/users/@me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${user.token}\r\n\r\n`);
  assert.match(answer, /^HTTP\/1\.1 200/);
});

test('headers larger than the limit end the connection without an answer to them', async () => {
  const answer = await rawExchange(`GET /api/v10/users/@me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
  assert.doesNotMatch(answer, /^HTTP\/1\.1 200/);
  assert.equal((await call(server, 'GET', '/users/@me', { token: user.token })).status, 200);
});
