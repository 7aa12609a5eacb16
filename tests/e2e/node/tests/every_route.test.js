// Walks every route the server registers (from `accord routes`, so a new route is covered the day
// it is added) and checks the two rules no route may break: without a token there is no way in,
// and nobody gets a 2xx or a 5xx for objects that are not theirs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { call, registerUser, startAccord } from '../support/accord.js';

const binary = process.env.ACCORD_BIN ?? resolve(import.meta.dirname, '../../../../build/accord');

// Routes anyone may call without an account, and why.
const PUBLIC = new Set([
  'POST /auth/register',  // creating the account
  'POST /auth/login',     // getting a token
  'GET /gateway',         // libraries look the gateway up before they log in
  'GET /invites/:code',   // invite links are shared in the open
  'POST /auth/mfa/totp',  // the second step of a login: the ticket from the first is the credential
]);

// Routes whose credential is the secret token in their path (webhooks, interaction answers), as on
// Discord: without the right token they refuse, whatever Authorization says.
const TOKEN_IN_PATH = /^\/(webhooks\/:webhook_id\/:token|interactions\/:interaction_id\/:token)/;

const routes = execFileSync(binary, ['routes'], { encoding: 'utf8' })
  .trim().split('\n').map((line) => {
    const [method, pattern] = line.split(' ');
    return { method, pattern };
  });

let server;
let stranger;
before(async () => {
  server = await startAccord();
  await registerUser(server, 'operator');  // the first person is the operator; the stranger must not be
  stranger = await registerUser(server, 'stranger');
});
after(async () => {
  assert.ok(server.alive(), 'no route crashed the server');
  await server.stop();
});

// Ids nobody owns: large enough to be valid snowflakes, never minted by this server.
function concrete(pattern) {
  return pattern.replace(/:([a-z_]+)/g, (_all, name) => (name === 'code' ? 'NoSuchCode' : name === 'emoji' ? '%F0%9F%91%8D' : '1234567890123456789'));
}

test('the server lists its routes', () => {
  assert.ok(routes.length > 50, `only ${routes.length} routes listed`);
  assert.ok(routes.some((r) => r.method === 'POST' && r.pattern === '/channels/:channel_id/messages'));
});

for (const { method, pattern } of routes) {
  const name = `${method} ${pattern}`;
  const body = ['GET', 'DELETE'].includes(method) ? undefined : {};

  if (TOKEN_IN_PATH.test(pattern)) {
    test(`${name} with a wrong path token is refused`, async () => {
      const response = await call(server, method, concrete(pattern), { body });
      assert.ok(response.status === 401 || response.status === 404, `${name} answered ${response.status}`);
      assert.equal(typeof response.body.code, 'number');
    });
  } else if (!PUBLIC.has(name)) {
    test(`${name} without a token is 401`, async () => {
      const response = await call(server, method, concrete(pattern), { body });
      assert.equal(response.status, 401);
      assert.deepEqual(response.body, { message: '401: Unauthorized', code: 0 });
    });
  }

  test(`${name} for objects that are not the caller's gives no success and no crash`, async () => {
    const path = concrete(pattern);
    // @me routes act on the caller's own account: those may succeed, and are covered by their own tests.
    if (path.includes('@me') || PUBLIC.has(name) || name === 'POST /guilds' || name === 'POST /applications'
        || name === 'GET /applications' || name === 'POST /auth/logout' || name.startsWith('GET /auth/sessions')
        || name === 'POST /auth/sessions/logout') return;
    const response = await call(server, method, path, { token: stranger.token, body });
    assert.ok(response.status >= 400 && response.status < 500, `${name} answered ${response.status}`);
    assert.equal(typeof response.body.code, 'number');
  });
}
