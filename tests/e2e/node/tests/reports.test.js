// People report what they see to the instance's administrators, who resolve the reports.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, registerUser, startAccord } from '../support/accord.js';
import { createGuild } from '../support/community.js';

let server;
let operator;
before(async () => {
  server = await startAccord();
  operator = await registerUser(server, 'operator'); // the first person runs the instance
});
after(async () => { await server.stop(); });

test('a member reports a message; the operator sees it open, resolves it, and it leaves the open list', async () => {
  const owner = await registerUser(server, 'owner');
  const { general } = await createGuild(server, owner, 'Busy Guild');
  const rude = (await call(server, 'POST', `/channels/${general.id}/messages`, {
    token: owner.token, body: { content: 'something rude' },
  })).body;

  const report = await call(server, 'POST', '/reports', {
    token: owner.token,
    body: { channel_id: general.id, message_id: rude.id, reason: 'harassment' },
  });
  assert.equal(report.status, 201, JSON.stringify(report.body));
  assert.equal(report.body.user_id, owner.id, 'the author is named from the message');
  assert.equal(report.body.resolved_at, null);

  const open = await call(server, 'GET', '/admin/reports', { token: operator.token });
  assert.equal(open.status, 200);
  assert.ok(open.body.some((r) => r.id === report.body.id));

  const resolved = await call(server, 'PATCH', `/admin/reports/${report.body.id}`, { token: operator.token, body: {} });
  assert.equal(resolved.status, 200);
  assert.equal(resolved.body.resolved_by, operator.id);
  const stillOpen = await call(server, 'GET', '/admin/reports', { token: operator.token });
  assert.ok(!stillOpen.body.some((r) => r.id === report.body.id));
  const closed = await call(server, 'GET', '/admin/reports?resolved=true', { token: operator.token });
  assert.ok(closed.body.some((r) => r.id === report.body.id));
});

test('nobody can report what they cannot see, and only administrators read reports', async () => {
  const owner = await registerUser(server, 'secretkeeper');
  const { general } = await createGuild(server, owner, 'Secret Guild');
  const secret = (await call(server, 'POST', `/channels/${general.id}/messages`, {
    token: owner.token, body: { content: 'secret plans' },
  })).body;
  const outsider = await registerUser(server, 'outsider');
  const refused = await call(server, 'POST', '/reports', {
    token: outsider.token, body: { channel_id: general.id, message_id: secret.id, reason: 'curious' },
  });
  assert.equal(refused.status, 403);

  const empty = await call(server, 'POST', '/reports', { token: outsider.token, body: { reason: 'nothing named' } });
  assert.equal(empty.status, 400);
  assert.equal(empty.body.code, 50035);

  const reading = await call(server, 'GET', '/admin/reports', { token: outsider.token });
  assert.equal(reading.status, 403);
  assert.equal(reading.body.code, 50013);
});

test('statistics give a dispatch rate beside the totals', async () => {
  const stats = await call(server, 'GET', '/admin/stats', { token: operator.token });
  assert.equal(stats.status, 200);
  assert.equal(typeof stats.body.events_per_second, 'number');
  assert.ok(stats.body.events_per_second >= 0);
});
