import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, makeDataDir, registerUser, removeDataDir, startAccord } from '../support/accord.js';

let server;
before(async () => { server = await startAccord(); });
after(async () => { await server.stop(); });

test('a newcomer registers, logs in and reads their own account', async () => {
  const registered = await call(server, 'POST', '/auth/register', {
    body: { username: 'Newcomer', password: 'correct horse battery', email: 'new@example.org', consent: true },
  });
  assert.equal(registered.status, 201);
  assert.equal(registered.contentType, 'application/json');
  assert.match(registered.body.token, /^[\w-]+\.[\w-]+\.[\w-]+$/);

  const login = await call(server, 'POST', '/auth/login', {
    body: { login: 'newcomer', password: 'correct horse battery' },
  });
  assert.equal(login.status, 200);
  assert.equal(login.body.user_id, registered.body.user_id);

  const me = await call(server, 'GET', '/users/@me', { token: login.body.token });
  assert.equal(me.status, 200);
  assert.equal(me.body.id, registered.body.user_id);
  assert.equal(me.body.username, 'newcomer');
  assert.equal(me.body.discriminator, '0');
  assert.equal(me.body.email, 'new@example.org');
  assert.equal(me.body.bot, false);

  const byEmail = await call(server, 'POST', '/auth/login', {
    body: { login: 'NEW@example.org', password: 'correct horse battery' },
  });
  assert.equal(byEmail.status, 200);
});

test('the token from registration works at once and names its user in its first part', async () => {
  const user = await registerUser(server, 'tokenowner');
  const firstPart = Buffer.from(user.token.split('.')[0], 'base64url').toString();
  assert.equal(firstPart, user.id);
  const me = await call(server, 'GET', '/users/@me', { token: user.token });
  assert.equal(me.body.username, user.username);
});

test('a user edits their display name and bio and others see the display name', async () => {
  const alice = await registerUser(server, 'alice');
  const bob = await registerUser(server, 'bob');
  const edited = await call(server, 'PATCH', '/users/@me', {
    token: alice.token, body: { global_name: 'Alice in Chains', bio: 'hello there', accent_color: 0x336699 },
  });
  assert.equal(edited.status, 200);
  assert.equal(edited.body.global_name, 'Alice in Chains');
  assert.equal(edited.body.bio, 'hello there');

  const seen = await call(server, 'GET', `/users/${alice.id}`, { token: bob.token });
  assert.equal(seen.status, 200);
  assert.equal(seen.body.global_name, 'Alice in Chains');
  assert.equal(seen.body.accent_color, 0x336699);
  assert.equal(seen.body.email, undefined, 'email is private');
});

test('changing the username needs the current password', async () => {
  const carol = await registerUser(server, 'carol');
  const without = await call(server, 'PATCH', '/users/@me', { token: carol.token, body: { username: 'carol_new' } });
  assert.equal(without.status, 400);
  assert.equal(without.body.errors.password._errors[0].code, 'BASE_TYPE_REQUIRED');

  const wrong = await call(server, 'PATCH', '/users/@me', {
    token: carol.token, body: { username: 'carol_new', password: 'not it at all' },
  });
  assert.equal(wrong.body.errors.password._errors[0].code, 'PASSWORD_DOES_NOT_MATCH');

  const renamed = await call(server, 'PATCH', '/users/@me', {
    token: carol.token, body: { username: `carol_new${process.pid}`, password: carol.password },
  });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.username, `carol_new${process.pid}`);
});

test('a username that is taken is refused, whatever its case', async () => {
  const dave = await registerUser(server, 'dave');
  const again = await call(server, 'POST', '/auth/register', {
    body: { username: dave.username.toUpperCase(), password: 'another password', consent: true },
  });
  assert.equal(again.status, 400);
  assert.equal(again.body.code, 50035);
  assert.equal(again.body.errors.username._errors[0].code, 'USERNAME_ALREADY_TAKEN');
});

test('changing the password logs out every old token and hands back a new one', async () => {
  const erin = await registerUser(server, 'erin');
  const otherDevice = await call(server, 'POST', '/auth/login', { body: { login: erin.username, password: erin.password } });
  const changed = await call(server, 'PATCH', '/users/@me', {
    token: erin.token, body: { password: erin.password, new_password: 'a brand new secret' },
  });
  assert.equal(changed.status, 200);
  assert.ok(changed.body.token);

  for (const old of [erin.token, otherDevice.body.token]) {
    const refused = await call(server, 'GET', '/users/@me', { token: old });
    assert.equal(refused.status, 401);
  }
  const fresh = await call(server, 'GET', '/users/@me', { token: changed.body.token });
  assert.equal(fresh.status, 200);

  const oldPassword = await call(server, 'POST', '/auth/login', { body: { login: erin.username, password: erin.password } });
  assert.equal(oldPassword.status, 400);
  const newPassword = await call(server, 'POST', '/auth/login', {
    body: { login: erin.username, password: 'a brand new secret' },
  });
  assert.equal(newPassword.status, 200);
});

test('logging out ends that token only', async () => {
  const frank = await registerUser(server, 'frank');
  const second = await call(server, 'POST', '/auth/login', { body: { login: frank.username, password: frank.password } });
  const out = await call(server, 'POST', '/auth/logout', { token: frank.token, body: { provider: null } });
  assert.equal(out.status, 204);
  assert.equal((await call(server, 'GET', '/users/@me', { token: frank.token })).status, 401);
  assert.equal((await call(server, 'GET', '/users/@me', { token: second.body.token })).status, 200);
});

test('tokens survive a restart of the server', async () => {
  // A server of its own, so stopping it does not disturb the other tests.
  const dataDir = makeDataDir();
  const first = await startAccord({ dataDir });
  const user = await registerUser(first, 'restart');
  await first.stop();

  const second = await startAccord({ dataDir });
  try {
    const me = await call(second, 'GET', '/users/@me', { token: user.token });
    assert.equal(me.status, 200);
    assert.equal(me.body.username, user.username);
  } finally {
    await second.stop();
    removeDataDir(dataDir);
  }
});
