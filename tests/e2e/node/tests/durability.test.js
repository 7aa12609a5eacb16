// Crash durability: the server is SIGKILLed while people are posting, and comes back with every
// message it acknowledged, each whole and once. bench/crash_durability.mjs runs the same for many rounds.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { call, makeDataDir, registerUser, removeDataDir } from '../support/accord.js';
import { createGuild } from '../support/community.js';
import { audit, flood, makeLedger, readHistory, sendRecorded, startOnDataDir } from '../support/crash.js';

const ROUNDS = 3;
const WRITERS = 4;

const dataDir = makeDataDir();
let server;
after(async () => {
  await server?.stop();
  removeDataDir(dataDir);
});

test('messages acknowledged before a SIGKILL are all there after the restart, whole and once', async (t) => {
  server = await startOnDataDir(dataDir);
  const owner = await registerUser(server, 'owner');
  const { general } = await createGuild(server, owner);
  const ledger = makeLedger();

  for (let round = 1; round <= ROUNDS; round++) {
    // Writers flood #general; somewhere between 50 and 400 ms after the first acknowledgement the
    // process is killed with no chance to flush anything.
    const writers = flood(server, ledger, { channelId: general.id, token: owner.token, writers: WRITERS, round });
    await writers.firstAcknowledged;
    const killAfterMs = 50 + Math.floor(Math.random() * 350);
    await delay(killAfterMs);
    const ended = await server.kill();
    const sent = await writers.done;
    assert.equal(ended.signal, 'SIGKILL', `the server died before the kill:\n${server.output()}`);
    assert.deepEqual(sent.refused, [], 'a send was refused while the server was up');
    assert.ok(sent.acknowledged.length > 0, 'nothing was acknowledged before the kill');

    server = await startOnDataDir(dataDir);
    const history = await readHistory(server, general.id, owner.token);
    const found = audit(history, ledger, { channelId: general.id, authorId: owner.id });
    t.diagnostic(`round ${round}: killed after ${killAfterMs} ms, ${sent.acknowledged.length} acknowledged, ` +
      `${sent.failed.length} without response (${found.inDoubtCommitted} stored anyway), ` +
      `${found.stored} stored in all, restart took ${server.startupMs.toFixed(0)} ms`);
    assert.deepEqual(found.lost, [], 'acknowledged messages are missing');
    assert.deepEqual(found.duplicates, [], 'messages are stored twice');
    assert.deepEqual(found.torn, [], 'stored messages are not whole');
    assert.ok(found.ordered, 'history is not newest first');

    // A message and the channel's last_message_id are written in one transaction, and the id only
    // moves forward, so after the crash the channel points at its newest stored message.
    const channel = await call(server, 'GET', `/channels/${general.id}`, { token: owner.token });
    assert.equal(channel.body.last_message_id, history[0]?.id ?? null, 'last_message_id is the newest message');
  }

  // The owner's session survived too: the token still works, and so do the password and posting.
  const me = await call(server, 'GET', '/users/@me', { token: owner.token });
  assert.equal(me.status, 200);
  assert.equal(me.body.id, owner.id);
  const login = await call(server, 'POST', '/auth/login', { body: { login: owner.username, password: owner.password } });
  assert.equal(login.status, 200);
  assert.equal(login.body.user_id, owner.id);
  const posted = await sendRecorded(server, ledger, { channelId: general.id, token: owner.token, label: 'after the crashes' });
  assert.equal(posted.outcome, 'acknowledged');
  const latest = await call(server, 'GET', `/channels/${general.id}/messages?limit=1`, { token: login.body.token });
  assert.equal(latest.body[0].id, posted.id);
  assert.equal(latest.body[0].content, posted.content);
});
