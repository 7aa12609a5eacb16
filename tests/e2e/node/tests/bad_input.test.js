import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, createBot, registerUser, startAccord } from '../support/accord.js';

let server;
let user;
before(async () => {
  server = await startAccord({ env: { ACCORD_HTTP_MAX_BODY_BYTES: '65536', ACCORD_HTTP_MAX_JSON_BODY_BYTES: '4096' } });
  user = await registerUser(server, 'prober');
});
after(async () => {
  assert.ok(server.alive(), 'the server survived every bad request');
  await server.stop();
});

test('malformed JSON gets 50109', async () => {
  for (const raw of ['{"username": ', 'not json', '{"a":1}}', '\u0000']) {
    const response = await call(server, 'POST', '/auth/register', { raw });
    assert.equal(response.status, 400, raw);
    assert.equal(response.body.code, 50109, raw);
    assert.equal(response.contentType, 'application/json');
  }
});

test('wrong types and missing fields get 50035 with every problem named', async () => {
  const response = await call(server, 'POST', '/auth/register', { body: { username: 42, consent: 'yes' } });
  assert.equal(response.status, 400);
  assert.equal(response.body.code, 50035);
  assert.equal(response.body.message, 'Invalid Form Body');
  assert.equal(response.body.errors.username._errors[0].code, 'BASE_TYPE_STRING');
  assert.equal(response.body.errors.password._errors[0].code, 'BASE_TYPE_REQUIRED');
  assert.equal(response.body.errors.consent._errors[0].code, 'BASE_TYPE_BOOLEAN');
});

test('a body that is not an object is refused at its root', async () => {
  for (const body of [[1, 2], 'text', 17, null]) {
    const response = await call(server, 'PATCH', '/users/@me', { token: user.token, body });
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.equal(response.body.code, 50035);
    assert.ok(response.body.errors._errors.length > 0);
  }
});

test('registration needs consent, a long enough password and a sane email', async () => {
  const response = await call(server, 'POST', '/auth/register', {
    body: { username: 'bad name!', password: 'short', email: 'nope', consent: false },
  });
  assert.equal(response.status, 400);
  const errors = response.body.errors;
  assert.equal(errors.username._errors[0].code, 'USERNAME_INVALID_CONTAINS');
  assert.equal(errors.password._errors[0].code, 'PASSWORD_TOO_SHORT');
  assert.equal(errors.email._errors[0].code, 'EMAIL_TYPE_INVALID_EMAIL');
  assert.equal(errors.consent._errors[0].code, 'CONSENT_REQUIRED');
});

test('a wrong password and an unknown login look the same', async () => {
  const wrong = await call(server, 'POST', '/auth/login', { body: { login: user.username, password: 'wrong password' } });
  const unknown = await call(server, 'POST', '/auth/login', { body: { login: 'nobody-here', password: 'whatever1' } });
  for (const response of [wrong, unknown]) {
    assert.equal(response.status, 400);
    assert.equal(response.body.code, 50035);
    assert.equal(response.body.errors.login._errors[0].code, 'INVALID_LOGIN');
  }
  assert.deepEqual(wrong.body, unknown.body);
});

test('a JSON body over the JSON limit gets 413 with 40005', async () => {
  const response = await call(server, 'PATCH', '/users/@me', {
    token: user.token, body: { bio: 'x'.repeat(8000) },
  });
  assert.equal(response.status, 413);
  assert.equal(response.body.code, 40005);
});

test('a body over the transport limit gets 413 and the server carries on', async () => {
  const response = await fetch(`${server.api}/v10/users/@me`, {
    method: 'PATCH', headers: { authorization: user.token, 'content-type': 'application/json' },
    body: JSON.stringify({ bio: 'y'.repeat(200_000) }),
  }).catch((error) => error);
  if (!(response instanceof Error)) {
    assert.equal(response.status, 413);
    assert.equal((await response.json()).code, 40005);
  }
  assert.equal((await call(server, 'GET', '/users/@me', { token: user.token })).status, 200);
});

test('no token, a garbage token and a forged token all get 401 code 0', async () => {
  const forged = user.token.slice(0, -4) + (user.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  const otherId = Buffer.from('1').toString('base64url');
  const swapped = [otherId, ...user.token.split('.').slice(1)].join('.');
  for (const token of [undefined, 'garbage', 'a.b.c', forged, swapped, `Bearer ${forged}`, '']) {
    const response = await call(server, 'GET', '/users/@me', { token });
    assert.equal(response.status, 401, String(token));
    assert.deepEqual(response.body, { message: '401: Unauthorized', code: 0 });
  }
});

test('unknown users, unknown applications and malformed ids get their 404 codes', async () => {
  const unknownUser = await call(server, 'GET', '/users/123456789012345678', { token: user.token });
  assert.equal(unknownUser.status, 404);
  assert.equal(unknownUser.body.code, 10013);
  const notAnId = await call(server, 'GET', '/users/not-an-id', { token: user.token });
  assert.equal(notAnId.body.code, 10013);
  const unknownApp = await call(server, 'GET', '/applications/99999', { token: user.token });
  assert.equal(unknownApp.body.code, 10002);
});

test('a user without a bot cannot read /oauth2/applications/@me', async () => {
  const response = await call(server, 'GET', '/oauth2/applications/@me', { token: user.token });
  assert.equal(response.status, 404);
  assert.equal(response.body.code, 10002);
});

test('unknown routes, wrong methods and retired API versions get Discord-shaped errors', async () => {
  const missing = await call(server, 'GET', '/no/such/route', { token: user.token });
  assert.deepEqual([missing.status, missing.body], [404, { message: '404: Not Found', code: 0 }]);
  const wrongMethod = await call(server, 'DELETE', '/users/@me', { token: user.token });
  assert.deepEqual([wrongMethod.status, wrongMethod.body], [405, { message: '405: Method Not Allowed', code: 0 }]);
  const retired = await fetch(`${server.api}/v4/users/@me`, { headers: { authorization: user.token } });
  assert.equal(retired.status, 400);
  assert.equal((await retired.json()).code, 50041);
  const unversioned = await fetch(`${server.api}/users/@me`, { headers: { authorization: user.token } });
  assert.equal(unversioned.status, 200);
  const v9 = await fetch(`${server.api}/v9/users/@me`, { headers: { authorization: user.token } });
  assert.equal(v9.status, 200);
});

test('application fields are validated', async () => {
  const tooShort = await call(server, 'POST', '/applications', { token: user.token, body: { name: 'x' } });
  assert.equal(tooShort.status, 400);
  assert.equal(tooShort.body.errors.name._errors[0].code, 'BASE_TYPE_BAD_LENGTH');
  const { application } = await createBot(server, user, 'Valid App');
  const badPatch = await call(server, 'PATCH', `/applications/${application.id}`, {
    token: user.token, body: { bot_public: 'sure', description: 'd'.repeat(401) },
  });
  assert.equal(badPatch.status, 400);
  assert.ok(badPatch.body.errors.bot_public);
  assert.ok(badPatch.body.errors.description);
});

test('a half-sent request and a garbage request line do not hurt the server', async () => {
  const net = await import('node:net');
  const { port } = new URL(server.url);
  for (const payload of ['GARBAGE\r\n\r\n', 'POST /api/v10/auth/login HTTP/1.1\r\nContent-Length: 100\r\n\r\n{"lo']) {
    await new Promise((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => { socket.end(payload); });
      socket.on('close', resolve);
      socket.on('error', resolve);
      socket.resume();
    });
  }
  assert.equal((await call(server, 'GET', '/users/@me', { token: user.token })).status, 200);
});

test('a web page on another origin may call the API: preflight and responses carry CORS headers', async () => {
  const preflight = await fetch(`${server.api}/v10/users/@me`, {
    method: 'OPTIONS',
    headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'PATCH',
      'access-control-request-headers': 'authorization, content-type' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
  assert.match(preflight.headers.get('access-control-allow-methods'), /PATCH/);
  assert.match(preflight.headers.get('access-control-allow-headers'), /Authorization/);

  const me = await fetch(`${server.api}/v10/users/@me`, { headers: { authorization: user.token, origin: 'https://elsewhere.example' } });
  assert.equal(me.status, 200);
  assert.equal(me.headers.get('access-control-allow-origin'), '*');
});
