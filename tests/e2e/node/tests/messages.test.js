// Messages beyond send and read: embeds, reactions, pins, typing, edits, deletes, bulk delete and
// slowmode, as a discord.js bot does them and as a person's client sees them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { call, registerUser, startAccord } from '../support/accord.js';
import { communityWithBot, waitFor } from '../support/community.js';
import { connect, gatewayUrl } from '../support/gateway_client.js';

let server;
before(async () => { server = await startAccord(); });
after(async () => { await server.stop(); });

const MANAGE_MESSAGES = String(1 << 13);

async function botOnline(botToken) {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent,
      GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.GuildMessageTyping],
    rest: { api: server.api },
  });
  const ready = waitFor(client, Events.ClientReady);
  await client.login(botToken);
  await ready;
  return client;
}

// The owner's own client, connected as the official client connects (no intents: everything).
async function ownerWatching(owner) {
  const gateway = await connect(gatewayUrl(server));
  await gateway.next((p) => p.op === 10);
  gateway.send(2, { token: owner.token, properties: { os: 'linux', browser: 'test' } });
  await gateway.dispatch('READY');
  return gateway;
}

test('a bot replies with an embed, reacts, pins, edits and deletes; the person sees each step', async () => {
  const community = await communityWithBot(server, { permissions: MANAGE_MESSAGES });
  const { owner, general, botToken } = community;
  const client = await botOnline(botToken);
  const watcher = await ownerWatching(owner);
  try {
    const asked = waitFor(client, Events.MessageCreate, (m) => m.content === 'what is the weather?');
    await call(server, 'POST', `/channels/${general.id}/messages`, { token: owner.token, body: { content: 'what is the weather?' } });
    const question = await asked;

    const answer = await question.channel.send({ content: 'Sunny', embeds: [{ title: 'Forecast', description: '25 °C', color: 0xffcc00 }] });
    const created = await watcher.next((p) => p.t === 'MESSAGE_CREATE' && p.d.id === answer.id);
    assert.equal(created.d.embeds[0].title, 'Forecast');

    await answer.react('☀️');
    const reacted = await watcher.dispatch('MESSAGE_REACTION_ADD');
    assert.equal(reacted.d.emoji.name, '☀️');
    assert.equal(reacted.d.user_id, client.user.id);

    await answer.pin();
    const pinsUpdate = await watcher.dispatch('CHANNEL_PINS_UPDATE');
    assert.equal(pinsUpdate.d.channel_id, general.id);
    const pins = await call(server, 'GET', `/channels/${general.id}/pins`, { token: owner.token });
    assert.deepEqual(pins.body.map((m) => m.id), [answer.id]);
    assert.equal(pins.body[0].pinned, true);

    await answer.edit('Sunny, then rain');
    const edited = await watcher.next((p) => p.t === 'MESSAGE_UPDATE' && p.d.content === 'Sunny, then rain');
    assert.ok(edited.d.edited_timestamp);

    const fetched = await call(server, 'GET', `/channels/${general.id}/messages/${answer.id}`, { token: owner.token });
    assert.deepEqual(fetched.body.reactions.map((r) => [r.emoji.name, r.count, r.me]), [['☀️', 1, false]]);

    await answer.delete();
    const deleted = await watcher.dispatch('MESSAGE_DELETE');
    assert.equal(deleted.d.id, answer.id);
    const gone = await call(server, 'GET', `/channels/${general.id}/messages/${answer.id}`, { token: owner.token });
    assert.equal(gone.body.code, 10008);
  } finally {
    await client.destroy();
    await watcher.close(1000);
  }
});

test('a bot replies to a person: the reply points at the question and pings its author', async () => {
  const { owner, general, botToken } = await communityWithBot(server);
  const client = await botOnline(botToken);
  try {
    const asked = waitFor(client, Events.MessageCreate, (m) => m.content === 'ping?');
    await call(server, 'POST', `/channels/${general.id}/messages`, { token: owner.token, body: { content: 'ping?' } });
    const question = await asked;
    const reply = await question.reply('pong!');
    assert.equal(reply.reference.messageId, question.id);
    assert.ok(reply.mentions.users.has(owner.id), 'a reply pings the author by default');

    const stored = await call(server, 'GET', `/channels/${general.id}/messages/${reply.id}`, { token: owner.token });
    assert.equal(stored.body.type, 19);
    assert.equal(stored.body.referenced_message.id, question.id);
    assert.equal(stored.body.referenced_message.content, 'ping?');

    const quiet = await question.reply({ content: 'shh', allowedMentions: { repliedUser: false } });
    assert.equal(quiet.mentions.users.size, 0);

    const missing = await call(server, 'POST', `/channels/${general.id}/messages`, {
      token: owner.token, body: { content: 'to nothing', message_reference: { message_id: '1' } },
    });
    assert.equal(missing.status, 400);
    assert.ok(missing.body.errors.message_reference);
    const lenient = await call(server, 'POST', `/channels/${general.id}/messages`, {
      token: owner.token, body: { content: 'to nothing', message_reference: { message_id: '1', fail_if_not_exists: false } },
    });
    assert.equal(lenient.status, 200);
    assert.equal(lenient.body.type, 0);
  } finally {
    await client.destroy();
  }
});

test('people react, see who reacted, and take their reaction back; the bot sees both', async () => {
  const { owner, general, botToken } = await communityWithBot(server);
  const client = await botOnline(botToken);
  try {
    const sent = await call(server, 'POST', `/channels/${general.id}/messages`, { token: owner.token, body: { content: 'vote' } });
    const emoji = encodeURIComponent('👍');
    const added = waitFor(client, Events.MessageReactionAdd);
    assert.equal((await call(server, 'PUT', `/channels/${general.id}/messages/${sent.body.id}/reactions/${emoji}/@me`, { token: owner.token })).status, 204);
    const reaction = await added;
    assert.equal(reaction.emoji.name, '👍');

    const users = await call(server, 'GET', `/channels/${general.id}/messages/${sent.body.id}/reactions/${emoji}`, { token: owner.token });
    assert.deepEqual(users.body.map((u) => u.id), [owner.id]);
    const mine = await call(server, 'GET', `/channels/${general.id}/messages/${sent.body.id}`, { token: owner.token });
    assert.equal(mine.body.reactions[0].me, true);

    const removed = waitFor(client, Events.MessageReactionRemove);
    await call(server, 'DELETE', `/channels/${general.id}/messages/${sent.body.id}/reactions/${emoji}/@me`, { token: owner.token });
    await removed;
    const after = await call(server, 'GET', `/channels/${general.id}/messages/${sent.body.id}`, { token: owner.token });
    assert.deepEqual(after.body.reactions, []);

    const plainText = await call(server, 'PUT', `/channels/${general.id}/messages/${sent.body.id}/reactions/abc/@me`, { token: owner.token });
    assert.equal(plainText.body.code, 10014, 'not an emoji');
  } finally {
    await client.destroy();
  }
});

test('a person typing shows up as typingStart for the bot', async () => {
  const { owner, general, botToken } = await communityWithBot(server);
  const client = await botOnline(botToken);
  try {
    const typing = waitFor(client, Events.TypingStart);
    assert.equal((await call(server, 'POST', `/channels/${general.id}/typing`, { token: owner.token })).status, 204);
    const started = await typing;
    assert.equal(started.user.id, owner.id);
    assert.equal(started.channel.id, general.id);
  } finally {
    await client.destroy();
  }
});

test('a moderator bot bulk deletes messages; fewer than two is refused', async () => {
  const { owner, general, botToken } = await communityWithBot(server, { permissions: MANAGE_MESSAGES });
  const client = await botOnline(botToken);
  try {
    const ids = [];
    for (const content of ['one', 'two', 'three']) {
      ids.push((await call(server, 'POST', `/channels/${general.id}/messages`, { token: owner.token, body: { content } })).body.id);
    }
    const channel = await client.channels.fetch(general.id);
    const bulk = waitFor(client, Events.MessageBulkDelete);
    const deleted = await channel.bulkDelete(ids.slice(0, 2));
    assert.equal(deleted.size, 2);
    assert.equal((await bulk).size, 2);
    const left = await call(server, 'GET', `/channels/${general.id}/messages`, { token: owner.token });
    assert.deepEqual(left.body.map((m) => m.content), ['three']);

    const tooFew = await call(server, 'POST', `/channels/${general.id}/messages/bulk-delete`, { token: botToken && `Bot ${botToken}`, body: { messages: [ids[2]] } });
    assert.equal(tooFew.body.code, 50016);
  } finally {
    await client.destroy();
  }
});

test('slowmode holds a member back with a 429 and retry_after, but not a moderator', async () => {
  const { owner, guild, general } = await communityWithBot(server);
  const member = await registerUser(server, 'slowpoke');
  const invite = await call(server, 'POST', `/channels/${general.id}/invites`, { token: owner.token, body: {} });
  await call(server, 'POST', `/invites/${invite.body.code}`, { token: member.token, body: {} });
  await call(server, 'PATCH', `/channels/${general.id}`, { token: owner.token, body: { rate_limit_per_user: 30 } });

  assert.equal((await call(server, 'POST', `/channels/${general.id}/messages`, { token: member.token, body: { content: 'first' } })).status, 200);
  const second = await call(server, 'POST', `/channels/${general.id}/messages`, { token: member.token, body: { content: 'second' } });
  assert.equal(second.status, 429);
  assert.equal(second.body.code, 20016);
  assert.ok(second.body.retry_after > 25 && second.body.retry_after <= 30);

  for (const content of ['owner one', 'owner two']) {
    assert.equal((await call(server, 'POST', `/channels/${general.id}/messages`, { token: owner.token, body: { content } })).status, 200);
  }
  assert.ok(guild.id);
});

test('someone who cannot see a channel can neither react, pin, type nor list pins there', async () => {
  const { owner, guild, general } = await communityWithBot(server);
  const outsider = await registerUser(server, 'lurker');
  const invite = await call(server, 'POST', `/channels/${general.id}/invites`, { token: owner.token, body: {} });
  await call(server, 'POST', `/invites/${invite.body.code}`, { token: outsider.token, body: {} });
  const secret = await call(server, 'POST', `/guilds/${guild.id}/channels`, {
    token: owner.token,
    body: { name: 'secret', permission_overwrites: [{ id: guild.id, type: 0, allow: '0', deny: String(1 << 10) }] },
  });
  const message = await call(server, 'POST', `/channels/${secret.body.id}/messages`, { token: owner.token, body: { content: 'hush' } });
  const emoji = encodeURIComponent('👀');
  const base = `/channels/${secret.body.id}`;
  for (const [method, path] of [
    ['PUT', `${base}/messages/${message.body.id}/reactions/${emoji}/@me`],
    ['GET', `${base}/messages/${message.body.id}/reactions/${emoji}`],
    ['PUT', `${base}/pins/${message.body.id}`],
    ['GET', `${base}/pins`],
    ['POST', `${base}/typing`],
    ['POST', `${base}/messages/bulk-delete`],
  ]) {
    const response = await call(server, method, path, { token: outsider.token, body: method === 'GET' ? undefined : { messages: [] } });
    assert.equal(response.status, 403, `${method} ${path}`);
    assert.equal(response.body.code, 50001, `${method} ${path}`);
    assert.ok(!JSON.stringify(response.body).includes('hush'));
  }
});
