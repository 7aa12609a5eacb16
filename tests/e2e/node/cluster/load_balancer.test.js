// The cluster test's harness on its own: the load balancer, and discord.py behind it talking to one
// node (SQLite, no NATS) while discord.js talks to the node directly.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { Events } from 'discord.js';
import { authorizeBot, createBot, createGuild, registerUser } from '../support/accord.js';
import { discordJsOn, startNode } from '../support/cluster.js';
import { waitFor } from '../support/community.js';
import { startDiscordPyBot } from '../support/discord_py_bot.js';
import { startLoadBalancer } from '../support/load_balancer.js';

// A TCP server that greets each connection with its name.
async function namedServer(name) {
  const server = net.createServer((socket) => socket.end(name));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

async function greeting(port) {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => { text += chunk; });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

test('the load balancer skips a backend that refuses connections, and fails over when one goes away', async () => {
  const first = await namedServer('first');
  const second = await namedServer('second');
  const dead = await namedServer('dead');
  await new Promise((resolve) => dead.server.close(resolve));
  const lb = await startLoadBalancer([dead.url, first.url, second.url]);
  try {
    assert.equal(await greeting(lb.port), 'first');
    await new Promise((resolve) => first.server.close(resolve));
    assert.equal(await greeting(lb.port), 'second');
    assert.deepEqual(lb.routes.map((route) => route.backend), [first.url, second.url]);
  } finally {
    await lb.close();
    second.server.close();
  }
});

let node, lb, js, py, general, pyUserId;
const cleanups = [];

before(async () => {
  lb = await startLoadBalancer();
  cleanups.push(() => lb.close());
  node = await startNode('solo', { ACCORD_HTTP_PUBLIC_URL: lb.url });
  cleanups.push(() => node.stop());
  lb.setBackends([node.url]);
  const owner = await registerUser(node, 'owner');
  const created = await createGuild(node, owner, 'Balanced Guild');
  general = created.general;
  const jsBot = await createBot(node, owner, 'JS Bot');
  const pyBot = await createBot(node, owner, 'Py Bot');
  await authorizeBot(node, owner, jsBot.application, created.guild.id);
  await authorizeBot(node, owner, pyBot.application, created.guild.id);
  js = await discordJsOn(node, jsBot.token);
  cleanups.push(() => js.destroy());
  py = startDiscordPyBot({ url: lb.url, token: pyBot.token, channelId: general.id });
  cleanups.push(() => py.stop());
  pyUserId = (await py.waitForEvent((e) => e.event === 'ready', 'READY through the load balancer', 30_000)).user_id;
}, { timeout: 60_000 });

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error('cleanup failed:', error));
});

test('discord.py behind the load balancer and discord.js on the node see each other\'s messages', { timeout: 60_000 }, async () => {
  assert.ok(lb.routes.some((route) => route.upgrade), `the gateway went through the load balancer: ${JSON.stringify(lb.routes)}`);
  const channel = await js.channels.fetch(general.id);
  const fromJs = await channel.send('hello from discord.js');
  const seen = await py.waitForEvent((e) => e.event === 'message_create' && e.id === fromJs.id, 'discord.js\'s message');
  assert.equal(seen.content, 'hello from discord.js');
  assert.equal(seen.author_id, js.user.id);

  const seenByJs = waitFor(js, Events.MessageCreate, (m) => m.content === 'hello from discord.py', 20_000);
  const id = await py.send('hello from discord.py');
  const message = await seenByJs;
  assert.equal(message.id, id);
  assert.equal(message.author.id, pyUserId);
});

test('discord.py cut off at the load balancer resumes through it and misses nothing sent meanwhile', { timeout: 60_000 }, async () => {
  const channel = await js.channels.fetch(general.id);
  const ready = py.events.find((e) => e.event === 'ready');
  lb.hold();
  lb.cutAll();
  await py.waitForEvent((e) => e.event === 'disconnect', 'the disconnect');
  const sent = [];
  for (let n = 1; n <= 10; n++) {
    if (n === 7) lb.release();
    sent.push((await channel.send(`while cut off #${n}`)).id);
    await delay(200);
  }
  // RESUMED, or a second READY if the session was not resumable and discord.py identified again.
  const resumed = await py.waitForEvent((e) => e.event === 'resumed' || (e.event === 'ready' && e !== ready),
    'RESUMED', 30_000);
  assert.equal(resumed.event, 'resumed', `discord.py identified again instead of resuming: ${JSON.stringify(py.events)}`);
  assert.equal(resumed.session_id, ready.session_id);
  assert.equal(py.events.filter((e) => e.event === 'ready').length, 1, 'no second READY');
  const received = () => sent.filter((id) => py.events.some((e) => e.event === 'message_create' && e.id === id));
  await py.waitForEvent(() => received().length === sent.length, 'every numbered message', 20_000).catch(() => {});
  assert.deepEqual(received(), sent);
});
