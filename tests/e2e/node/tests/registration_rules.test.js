import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, registerUser, startAccord } from '../support/accord.js';

let server;
let operator;
before(async () => {
  server = await startAccord({ env: { ACCORD_REGISTRATION_MINIMUM_AGE: '13' } });
  operator = await call(server, 'POST', '/auth/register', {
    body: { username: 'operator', password: 'operator secret', consent: true, date_of_birth: '1990-05-01' },
  }).then((response) => response.body);
});
after(async () => { await server.stop(); });

const register = (body) =>
  call(server, 'POST', '/auth/register', { body: { password: 'a long secret', consent: true, ...body } });

test('a child is refused with a field error, and no account is made', async () => {
  const child = await register({ username: 'child', date_of_birth: '2022-01-01' });
  assert.equal(child.status, 400);
  assert.equal(child.body.code, 50035);
  assert.equal(child.body.errors.date_of_birth._errors[0].code, 'DATE_OF_BIRTH_UNDERAGE');

  const noDate = await register({ username: 'child' });
  assert.equal(noDate.body.errors.date_of_birth._errors[0].code, 'DATE_OF_BIRTH_INVALID');
  const badDate = await register({ username: 'child', date_of_birth: '2001-02-30' });
  assert.equal(badDate.body.errors.date_of_birth._errors[0].code, 'DATE_OF_BIRTH_INVALID');

  const login = await call(server, 'POST', '/auth/login', { body: { login: 'child', password: 'a long secret' } });
  assert.equal(login.status, 400);
});

test('on an invite-only instance a newcomer needs a live invite, and joins its guild', async () => {
  const guild = await call(server, 'POST', '/guilds', { token: operator.token, body: { name: 'Members only' } });
  const channels = await call(server, 'GET', `/guilds/${guild.body.id}/channels`, { token: operator.token });
  const text = channels.body.find((channel) => channel.type === 0);
  const invite = await call(server, 'POST', `/channels/${text.id}/invites`, { token: operator.token, body: {} });

  const closed = await call(server, 'PATCH', '/admin/config', {
    token: operator.token,
    body: { 'registration.invite_only': true },
  });
  assert.equal(closed.status, 200);
  assert.equal(closed.body['registration.invite_only'], true);

  const withoutInvite = await register({ username: 'walkin', date_of_birth: '1999-01-01' });
  assert.equal(withoutInvite.status, 400);
  assert.equal(withoutInvite.body.errors.invite._errors[0].code, 'INVITE_REQUIRED');

  const deadInvite = await register({ username: 'walkin', date_of_birth: '1999-01-01', invite: 'nosuchcode' });
  assert.equal(deadInvite.status, 404);
  assert.equal(deadInvite.body.code, 10006);

  const invited = await register({ username: 'invited', date_of_birth: '1999-01-01', invite: invite.body.code });
  assert.equal(invited.status, 201);
  const guilds = await call(server, 'GET', '/users/@me/guilds', { token: invited.body.token });
  assert.deepEqual(guilds.body.map((g) => g.id), [guild.body.id]);

  await call(server, 'PATCH', '/admin/config', { token: operator.token, body: { 'registration.invite_only': false } });
  const open = await register({ username: 'walkin', date_of_birth: '1999-01-01' });
  assert.equal(open.status, 201);
});

test('only the operator may change the registration rules', async () => {
  const someone = await registerUser(server, 'someone').catch(() => null);
  // registerUser sends no date of birth, which this instance requires.
  assert.equal(someone, null);
  const person = await register({ username: 'person', date_of_birth: '1980-01-01' });
  const refused = await call(server, 'PATCH', '/admin/config', {
    token: person.body.token,
    body: { 'registration.open': false },
  });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.code, 50013);
});

test('an operator caps how many members a guild may have; the next to join is told it is full', async () => {
  const host = await register({ username: 'host', date_of_birth: '1985-01-01' });
  const guild = await call(server, 'POST', '/guilds', { token: host.body.token, body: { name: 'Small Club' } });
  const text = guild.body.channels.find((channel) => channel.type === 0);
  const invite = await call(server, 'POST', `/channels/${text.id}/invites`, { token: host.body.token, body: {} });

  const capped = await call(server, 'PATCH', '/admin/config', {
    token: operator.token, body: { 'limits.max_members_per_guild': 2 },
  });
  assert.equal(capped.status, 200);
  const second = await register({ username: 'second_member', date_of_birth: '1985-01-01' });
  assert.equal((await call(server, 'POST', `/invites/${invite.body.code}`, { token: second.body.token })).status, 200);
  const third = await register({ username: 'third_member', date_of_birth: '1985-01-01' });
  const full = await call(server, 'POST', `/invites/${invite.body.code}`, { token: third.body.token });
  assert.equal(full.status, 400);
  assert.equal(full.body.code, 30019);
  await call(server, 'PATCH', '/admin/config', { token: operator.token, body: { 'limits.max_members_per_guild': 250000 } });
  assert.equal((await call(server, 'POST', `/invites/${invite.body.code}`, { token: third.body.token })).status, 200);
});
