// Three accord nodes share one PostgreSQL database and one NATS server (JetStream). A discord.js bot
// talks to node A directly; a discord.py bot (a child process) goes through a load balancer in front
// of B and C. B crashes; discord.py reconnects through the load balancer, lands on C, and resumes its
// session there without losing the messages sent while it was away.
//
// Run from tests/e2e/node: node --test --test-concurrency=1 cluster/
// Needs an accord built with PostgreSQL and NATS support, scripts/postgres (or ACCORD_TEST_POSTGRES_URL),
// nats-server and python3-discord; what is missing is named when the test starts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { Events } from 'discord.js';
import { authorizeBot, createBot, createGuild, registerUser } from '../support/accord.js';
import {
  discordJsOn, missingClusterPieces, nodeEnv, runCleanups, startNats, startNode, startPostgres,
} from '../support/cluster.js';
import { waitFor } from '../support/community.js';
import { startDiscordPyBot } from '../support/discord_py_bot.js';
import { startLoadBalancer } from '../support/load_balancer.js';

const cleanups = [];  // run in reverse order by after(), whatever failed
let A, B, C, lb, js, py, general, pyUserId;
let routesAtCrash;  // lb.routes.length when B was killed

before(async () => {
  const missing = missingClusterPieces();
  if (missing.length) throw new Error(`the cluster test cannot run; missing:\n  - ${missing.join('\n  - ')}`);

  const postgres = await startPostgres();
  cleanups.push(() => postgres.stop());
  const nats = await startNats();
  cleanups.push(() => nats.stop());
  lb = await startLoadBalancer();
  cleanups.push(() => lb.close());

  const env = (workerId) => nodeEnv({ databaseUrl: postgres.url, natsUrl: nats.url, publicUrl: lb.url, workerId });
  // A alone first: it runs the migrations and makes the instance's secrets; then the others.
  A = await startNode('A', env(1));
  cleanups.push(() => A.stop());
  const others = await Promise.allSettled([startNode('B', env(2)), startNode('C', env(3))]);
  for (const started of others) if (started.status === 'fulfilled') cleanups.push(() => started.value.stop());
  for (const started of others) if (started.status === 'rejected') throw started.reason;
  [B, C] = others.map((started) => started.value);
  lb.setBackends([B.url, C.url]);

  // A person sets up a guild and two bots on A; the other nodes see them through the shared database.
  const owner = await registerUser(A, 'owner');
  const created = await createGuild(A, owner, 'Cluster Guild');
  general = created.general;
  const jsBot = await createBot(A, owner, 'JS Bot');
  const pyBot = await createBot(A, owner, 'Py Bot');
  await authorizeBot(A, owner, jsBot.application, created.guild.id);
  await authorizeBot(A, owner, pyBot.application, created.guild.id);

  // discord.js on node A only (REST and gateway); discord.py through the load balancer, so on B.
  js = await discordJsOn(A, jsBot.token);
  cleanups.push(() => js.destroy());
  py = startDiscordPyBot({ url: lb.url, token: pyBot.token, channelId: general.id });
  cleanups.push(() => py.stop());
  const ready = await py.waitForEvent((e) => e.event === 'ready', 'READY through the load balancer', 30_000);
  pyUserId = ready.user_id;
}, { timeout: 180_000 });

after(async () => {
  await runCleanups(cleanups);
}, { timeout: 120_000 });

const gatewayRoutes = () => lb.routes.filter((route) => route.upgrade);

// discord.py's MESSAGE_CREATE events for these message ids: which are missing, which came twice.
function deliveries(ids) {
  const counts = new Map(ids.map((id) => [id, 0]));
  for (const event of py.events) {
    if (event.event === 'message_create' && counts.has(event.id)) counts.set(event.id, counts.get(event.id) + 1);
  }
  return {
    missing: ids.filter((id) => counts.get(id) === 0),
    duplicated: ids.filter((id) => counts.get(id) > 1),
  };
}

test('each bot sees the other\'s message: discord.js on node A, discord.py on node B behind the load balancer', { timeout: 60_000 }, async () => {
  assert.deepEqual(gatewayRoutes().map((route) => route.backend), [B.url], 'discord.py\'s gateway went to B');
  const channel = await js.channels.fetch(general.id);

  const fromJs = await channel.send('hello from discord.js on A');
  const seen = await py.waitForEvent((e) => e.event === 'message_create' && e.id === fromJs.id,
    'discord.js\'s message, on B');
  assert.equal(seen.content, 'hello from discord.js on A');
  assert.equal(seen.author_id, js.user.id);

  const seenByJs = waitFor(js, Events.MessageCreate, (m) => m.content === 'hello from discord.py on B', 20_000);
  const fromPy = await py.send('hello from discord.py on B');
  const message = await seenByJs;
  assert.equal(message.id, fromPy);
  assert.equal(message.author.id, pyUserId);
});

test('B crashes; discord.py resumes on C through the load balancer and misses none of the messages sent meanwhile', { timeout: 90_000 }, async () => {
  const channel = await js.channels.fetch(general.id);
  const ready = py.events.find((e) => e.event === 'ready');
  const readiesBefore = py.events.filter((e) => e.event === 'ready').length;

  // The load balancer holds new connections at first (its health check has not yet noticed), so the
  // first messages are sent while discord.py has no gateway at all; the rest race its resume on C.
  lb.hold();
  routesAtCrash = lb.routes.length;
  await B.kill();
  await py.waitForEvent((e) => e.event === 'disconnect', 'the disconnect when B died');
  const sent = [];
  for (let n = 1; n <= 10; n++) {
    if (n === 7) lb.release();
    sent.push((await channel.send(`while B is down #${n}`)).id);
    await delay(200);
  }

  // RESUMED, or a second READY if the session was not resumable and discord.py identified again.
  const resumed = await py.waitForEvent((e) => e.event === 'resumed' || (e.event === 'ready' && e !== ready),
    'RESUMED on C', 30_000);
  assert.equal(resumed.event, 'resumed', `discord.py identified again instead of resuming: ${JSON.stringify(py.events)}`);
  assert.equal(resumed.session_id, ready.session_id, 'the same session, resumed');
  assert.equal(py.events.filter((e) => e.event === 'ready').length, readiesBefore,
    'discord.py resumed; it did not identify again (no second READY)');
  const afterCrash = lb.routes.slice(routesAtCrash);
  assert.ok(afterCrash.some((route) => route.upgrade) && afterCrash.every((route) => route.backend === C.url),
    `discord.py's connections after the crash went to C: ${JSON.stringify(afterCrash)}`);

  // Every numbered message arrives; a duplicate is tolerated, and reported if a later check fails.
  await py.waitForEvent(() => deliveries(sent).missing.length === 0, 'every numbered message', 20_000)
    .catch(() => {});
  const { missing, duplicated } = deliveries(sent);
  const number = (id) => sent.indexOf(id) + 1;
  assert.deepEqual(missing.map(number), [],
    `numbered messages discord.py never received: ${missing.map(number)} (delivered twice: ${duplicated.map(number)})`);
  if (duplicated.length) console.log(`note: delivered twice after the resume: #${duplicated.map(number).join(', #')}`);

  // And after the resume, messages keep coming.
  const later = [];
  for (let n = 1; n <= 3; n++) later.push((await channel.send(`after the resume #${n}`)).id);
  await py.waitForEvent(() => deliveries(later).missing.length === 0, 'the messages sent after the resume', 20_000);
});

test('discord.py\'s message, sent through the load balancer to C, reaches discord.js on A', { timeout: 60_000 }, async () => {
  assert.ok(!B.alive(), 'B is still down');
  const seenByJs = waitFor(js, Events.MessageCreate, (m) => m.content === 'hello from discord.py on C', 20_000);
  const id = await py.send('hello from discord.py on C');
  const message = await seenByJs;
  assert.equal(message.id, id);
  assert.equal(message.author.id, pyUserId);
  const afterCrash = lb.routes.slice(routesAtCrash);
  assert.ok(afterCrash.every((route) => route.backend === C.url), `every connection since the crash went to C: ${JSON.stringify(afterCrash)}`);
});
