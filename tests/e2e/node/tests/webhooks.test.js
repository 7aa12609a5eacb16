// Webhooks: a bot makes one, and whoever holds its URL posts, edits and deletes messages under any
// name, renames or removes the webhook without logging in, posts into threads and uploads files;
// the guild hears of every change; and nobody without the token or MANAGE_WEBHOOKS gets anywhere.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachmentBuilder, Client, EmbedBuilder, Events, GatewayIntentBits, PermissionFlagsBits as P, WebhookClient,
  WebhookType,
} from 'discord.js';
import { call, expectError, registerUser, startAccord } from '../support/accord.js';
import { communityWithBot, joinGuild, nextEvent, waitFor } from '../support/community.js';

let server;
before(async () => { server = await startAccord(); });
after(async () => {
  assert.ok(server.alive(), 'the server survived every webhook');
  await server.stop();
});

const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent,
  GatewayIntentBits.GuildWebhooks];

// What discord.js rejects with when the server answers `status` and `code`.
const apiError = (status, code) => (error) => error.status === status && error.code === code;

// An owner, their guild and a bot that may manage webhooks, online and watching #general.
async function cast(t) {
  const community = await communityWithBot(server, { permissions: String(P.ManageWebhooks) });
  const client = new Client({ intents: INTENTS, rest: { api: server.api, cdn: server.url }, waitGuildTimeout: 3_000 });
  t.after(() => client.destroy());
  const ready = waitFor(client, Events.ClientReady);
  await client.login(community.botToken);
  await ready;
  return { ...community, client, channel: client.channels.cache.get(community.general.id) };
}

// What a service holding only the webhook's URL uses.
function webhookClient(t, { id, token }) {
  const hook = new WebhookClient({ id, token }, { rest: { api: server.api, version: '10' } });
  t.after(() => hook.destroy());
  return hook;
}

async function createWebhook(user, channelId, name) {
  return call(server, 'POST', `/channels/${channelId}/webhooks`, { token: user.token, body: { name } });
}

// The owner makes a webhook over REST; resolves once the bot has heard WEBHOOKS_UPDATE for it, so a
// later webhooksUpdate is about something else.
async function ownerMakesWebhook({ owner, general, client }, name) {
  const announced = waitFor(client, Events.WebhooksUpdate, (channel) => channel.id === general.id);
  const made = await createWebhook(owner, general.id, name);
  assert.equal(made.status, 200, JSON.stringify(made.body));
  await announced;
  return made.body;
}

async function say(user, channelId, content) {
  const sent = await call(server, 'POST', `/channels/${channelId}/messages`, { token: user.token, body: { content } });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  return sent.body;
}

const execute = (webhook, body, query = '') => call(server, 'POST', `/webhooks/${webhook.id}/${webhook.token}${query}`, { body });

test('a bot makes a webhook and a WebhookClient posts under another name with an embed', async (t) => {
  const { owner, guild, general, client, channel } = await cast(t);
  const announced = waitFor(client, Events.WebhooksUpdate, (updated) => updated.id === general.id);
  const webhook = await channel.createWebhook({ name: 'Deploys' });
  await announced;
  assert.equal(webhook.name, 'Deploys');
  assert.equal(webhook.type, WebhookType.Incoming);
  assert.equal(webhook.channelId, general.id);
  assert.equal(webhook.guildId, guild.id);
  assert.equal(webhook.owner.id, client.user.id, 'the webhook remembers who made it');
  assert.equal(webhook.applicationId, null);
  assert.ok(webhook.token, 'an incoming webhook comes with its token');

  const listed = await call(server, 'GET', `/channels/${general.id}/webhooks`, { token: owner.token });
  assert.equal(listed.status, 200, JSON.stringify(listed.body));
  assert.deepEqual(listed.body.map((hook) => hook.id), [webhook.id]);
  const raw = listed.body[0];
  assert.equal(raw.token, webhook.token);
  assert.equal(raw.user.id, client.user.id);
  assert.ok(raw.url.endsWith(`/webhooks/${webhook.id}/${webhook.token}`), raw.url);
  const inGuild = await call(server, 'GET', `/guilds/${guild.id}/webhooks`, { token: owner.token });
  assert.deepEqual(inGuild.body.map((hook) => hook.id), [webhook.id]);

  const hook = webhookClient(t, webhook);
  const seen = waitFor(client, Events.MessageCreate, (message) => message.webhookId === webhook.id);
  const sent = await hook.send({
    content: 'Build 1.4.2 is live',
    username: 'Release Train',
    embeds: [new EmbedBuilder().setTitle('Changelog').setDescription('Search is twice as fast').setColor(0x2ecc71)],
  });
  assert.equal(sent.webhook_id, webhook.id);
  assert.equal(sent.channel_id, general.id);
  assert.equal(sent.content, 'Build 1.4.2 is live');
  const { id, username, bot, discriminator } = sent.author;
  assert.deepEqual({ id, username, bot, discriminator },
    { id: webhook.id, username: 'Release Train', bot: true, discriminator: '0000' });
  assert.equal(sent.embeds[0].title, 'Changelog');
  assert.equal(sent.embeds[0].color, 0x2ecc71);

  const message = await seen;
  assert.equal(message.id, sent.id);
  assert.equal(message.author.username, 'Release Train');
  assert.equal(message.author.id, webhook.id);
  assert.equal(message.author.bot, true);
  assert.equal(message.embeds[0].description, 'Search is twice as fast');

  const stored = await call(server, 'GET', `/channels/${general.id}/messages/${sent.id}`, { token: owner.token });
  assert.equal(stored.body.webhook_id, webhook.id);
  assert.equal(stored.body.author.username, 'Release Train', 'the name sticks to the message');
});

test('the webhook edits and then deletes its own message', async (t) => {
  const c = await cast(t);
  const { owner, general, client } = c;
  const webhook = await ownerMakesWebhook(c, 'Status');
  const hook = webhookClient(t, webhook);
  const seen = waitFor(client, Events.MessageCreate, (message) => message.webhookId === webhook.id);
  const sent = await hook.send({ content: 'Deploying…', embeds: [new EmbedBuilder().setTitle('Progress')] });
  await seen;

  const updated = nextEvent(client, Events.MessageUpdate, (_old, message) => message.id === sent.id);
  const edited = await hook.editMessage(sent.id, { content: 'Deployed ✅', embeds: [] });
  assert.equal(edited.content, 'Deployed ✅');
  assert.deepEqual(edited.embeds, []);
  assert.ok(edited.edited_timestamp, 'an edit is stamped');
  assert.equal(edited.author.username, 'Status', 'without an override it speaks as the webhook');
  const [, after] = await updated;
  assert.equal(after.content, 'Deployed ✅');
  assert.equal((await hook.fetchMessage(sent.id)).content, 'Deployed ✅');

  const gone = waitFor(client, Events.MessageDelete, (message) => message.id === sent.id);
  await hook.deleteMessage(sent.id);
  await gone;
  expectError(await call(server, 'GET', `/channels/${general.id}/messages/${sent.id}`, { token: owner.token }), 404, 10008);
});

test('whoever holds the token fetches, renames and deletes the webhook without logging in', async (t) => {
  const c = await cast(t);
  const { owner, guild, general, client } = c;
  const webhook = await ownerMakesWebhook(c, 'Status Page');

  const fetched = await call(server, 'GET', `/webhooks/${webhook.id}/${webhook.token}`);
  assert.equal(fetched.status, 200, JSON.stringify(fetched.body));
  assert.equal(fetched.body.name, 'Status Page');
  assert.equal(fetched.body.channel_id, general.id);
  assert.equal(fetched.body.guild_id, guild.id);
  assert.ok(!('user' in fetched.body), 'who made it is not told to a token holder');

  const hook = webhookClient(t, webhook);
  const renamed = waitFor(client, Events.WebhooksUpdate, (channel) => channel.id === general.id);
  await hook.edit({ name: 'Uptime' });
  assert.equal(hook.name, 'Uptime');
  await renamed;
  const after = await call(server, 'GET', `/webhooks/${webhook.id}`, { token: owner.token });
  assert.equal(after.body.name, 'Uptime');
  assert.equal(after.body.user.id, owner.id, 'while an authorised manager does see it');

  const removed = waitFor(client, Events.WebhooksUpdate, (channel) => channel.id === general.id);
  await hook.delete();
  await removed;
  expectError(await call(server, 'GET', `/webhooks/${webhook.id}/${webhook.token}`), 404, 10015);
  expectError(await execute(webhook, { content: 'still here?' }, '?wait=true'), 404, 10015);
  const listed = await call(server, 'GET', `/channels/${general.id}/webhooks`, { token: owner.token });
  assert.deepEqual(listed.body, []);
});

test('posting without wait answers 204 and the message still arrives under the webhook\'s name', async (t) => {
  const c = await cast(t);
  const webhook = await ownerMakesWebhook(c, 'Night Watch');
  const seen = waitFor(c.client, Events.MessageCreate, (message) => message.webhookId === webhook.id);
  const posted = await execute(webhook, { content: 'All quiet' });
  assert.equal(posted.status, 204, JSON.stringify(posted.body));
  assert.equal(posted.body, null);
  const message = await seen;
  assert.equal(message.content, 'All quiet');
  assert.equal(message.author.username, 'Night Watch');
  assert.equal(message.channelId, c.general.id);
});

test('a webhook posts into a thread of its channel with thread_id', async (t) => {
  const c = await cast(t);
  const { owner, general, client } = c;
  const webhook = await ownerMakesWebhook(c, 'Pager');
  const incident = await say(owner, general.id, 'Incident 42: checkout is slow');
  const started = await call(server, 'POST', `/channels/${general.id}/messages/${incident.id}/threads`, {
    token: owner.token, body: { name: 'Incident 42' },
  });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const thread = started.body;

  const hook = webhookClient(t, webhook);
  const seen = waitFor(client, Events.MessageCreate, (message) => message.channelId === thread.id);
  const sent = await hook.send({ content: 'Mitigated: cache warmed', threadId: thread.id });
  assert.equal(sent.channel_id, thread.id);
  assert.equal((await seen).webhookId, webhook.id);
  const inThread = await call(server, 'GET', `/channels/${thread.id}/messages`, { token: owner.token });
  assert.ok(inThread.body.some((message) => message.id === sent.id), 'in the thread');
  const inGeneral = await call(server, 'GET', `/channels/${general.id}/messages`, { token: owner.token });
  assert.ok(!inGeneral.body.some((message) => message.id === sent.id), 'not in the parent channel');

  const edited = await hook.editMessage(sent.id, { content: 'Resolved', threadId: thread.id });
  assert.equal(edited.content, 'Resolved');
  assert.equal(edited.channel_id, thread.id);

  const ops = await call(server, 'POST', `/guilds/${c.guild.id}/channels`, { token: owner.token, body: { name: 'ops' } });
  const opsThread = await call(server, 'POST', `/channels/${ops.body.id}/threads`, { token: owner.token, body: { name: 'On call', type: 11 } });
  assert.equal(opsThread.status, 201, JSON.stringify(opsThread.body));
  await assert.rejects(hook.send({ content: 'Wrong room', threadId: opsThread.body.id }),
    (error) => error.status >= 400 && error.status < 500, 'only threads of the webhook\'s own channel');
  const inOps = await call(server, 'GET', `/channels/${opsThread.body.id}/messages`, { token: owner.token });
  assert.ok(!inOps.body.some((message) => message.webhook_id === webhook.id), 'nothing was posted there');
});

test('a webhook uploads a file as multipart form data', async (t) => {
  const c = await cast(t);
  const webhook = await ownerMakesWebhook(c, 'Reports');
  const report = Buffer.from('date,orders\n2024-05-01,112\n2024-05-02,98\n');
  const hook = webhookClient(t, webhook);
  const seen = waitFor(c.client, Events.MessageCreate, (message) => message.webhookId === webhook.id);
  const sent = await hook.send({ content: 'Nightly report', files: [new AttachmentBuilder(report, { name: 'orders.csv' })] });
  assert.equal(sent.attachments.length, 1);
  const [file] = sent.attachments;
  assert.equal(file.filename, 'orders.csv');
  assert.equal(file.size, report.length);
  const downloaded = await fetch(file.url.startsWith('http') ? file.url : `${server.url}${file.url}`);
  assert.equal(downloaded.status, 200);
  assert.ok(Buffer.from(await downloaded.arrayBuffer()).equals(report), 'the same bytes come back');
  const message = await seen;
  assert.equal(message.attachments.first().name, 'orders.csv');
});

test('a wrong token is refused with 401 Invalid Webhook Token', async (t) => {
  const c = await cast(t);
  const webhook = await ownerMakesWebhook(c, 'Guarded');
  const sent = await execute(webhook, { content: 'real' }, '?wait=true');
  const forged = { id: webhook.id, token: `${webhook.token.slice(0, -4)}abcd` };
  expectError(await execute(forged, { content: 'fake' }, '?wait=true'), 401, 50027);
  expectError(await call(server, 'GET', `/webhooks/${forged.id}/${forged.token}`), 401, 50027);
  expectError(await call(server, 'PATCH', `/webhooks/${forged.id}/${forged.token}`, { body: { name: 'Mine' } }), 401, 50027);
  expectError(await call(server, 'DELETE', `/webhooks/${forged.id}/${forged.token}`), 401, 50027);
  await assert.rejects(webhookClient(t, forged).editMessage(sent.body.id, { content: 'defaced' }), apiError(401, 50027));
  await assert.rejects(webhookClient(t, forged).deleteMessage(sent.body.id), apiError(401, 50027));
  const still = await call(server, 'GET', `/webhooks/${webhook.id}/${webhook.token}`);
  assert.equal(still.body.name, 'Guarded', 'nothing changed');
  assert.equal((await webhookClient(t, webhook).fetchMessage(sent.body.id)).content, 'real');
});

test('an unknown webhook is 404 Unknown Webhook', async (t) => {
  const { owner } = await cast(t);
  const nobody = { id: '1234567890123456789', token: 'x'.repeat(68) };
  expectError(await execute(nobody, { content: 'hello?' }), 404, 10015);
  expectError(await call(server, 'GET', `/webhooks/${nobody.id}/${nobody.token}`), 404, 10015);
  expectError(await call(server, 'GET', `/webhooks/${nobody.id}`, { token: owner.token }), 404, 10015);
  expectError(await call(server, 'DELETE', `/webhooks/${nobody.id}`, { token: owner.token }), 404, 10015);
  await assert.rejects(webhookClient(t, nobody).send('hello?'), apiError(404, 10015));
});

test('a member without MANAGE_WEBHOOKS can neither make nor list webhooks until a role allows it', async (t) => {
  const c = await cast(t);
  const { owner, guild, general } = c;
  const webhook = await ownerMakesWebhook(c, 'Owner Only');
  const member = await joinGuild(server, owner, general.id, 'member');
  const as = { token: member.token };

  expectError(await createWebhook(member, general.id, 'Sneaky'), 403, 50013);
  expectError(await call(server, 'GET', `/channels/${general.id}/webhooks`, as), 403, 50013);
  expectError(await call(server, 'GET', `/guilds/${guild.id}/webhooks`, as), 403, 50013);
  expectError(await call(server, 'GET', `/webhooks/${webhook.id}`, as), 403, 50013);
  expectError(await call(server, 'PATCH', `/webhooks/${webhook.id}`, { ...as, body: { name: 'Taken' } }), 403, 50013);
  expectError(await call(server, 'DELETE', `/webhooks/${webhook.id}`, as), 403, 50013);

  const role = await call(server, 'POST', `/guilds/${guild.id}/roles`, {
    token: owner.token, body: { name: 'Integrations', permissions: String(P.ManageWebhooks) },
  });
  assert.equal(role.status, 200, JSON.stringify(role.body));
  const given = await call(server, 'PUT', `/guilds/${guild.id}/members/${member.id}/roles/${role.body.id}`, { token: owner.token });
  assert.equal(given.status, 204, JSON.stringify(given.body));
  const listed = await call(server, 'GET', `/guilds/${guild.id}/webhooks`, as);
  assert.equal(listed.status, 200, JSON.stringify(listed.body));
  assert.deepEqual(listed.body.map((hook) => hook.id), [webhook.id]);
  assert.equal((await createWebhook(member, general.id, 'Mine')).status, 200);
});

test('someone outside the guild learns nothing of its webhooks', async (t) => {
  const c = await cast(t);
  const { guild, general } = c;
  const webhook = await ownerMakesWebhook(c, 'Internal');
  const stranger = await registerUser(server, 'stranger');
  const as = { token: stranger.token };

  const guildList = await call(server, 'GET', `/guilds/${guild.id}/webhooks`, as);
  assert.ok(['403 50001', '404 10004'].includes(`${guildList.status} ${guildList.body?.code}`), JSON.stringify(guildList.body));
  const channelList = await call(server, 'GET', `/channels/${general.id}/webhooks`, as);
  assert.ok(['403 50001', '404 10003'].includes(`${channelList.status} ${channelList.body?.code}`), JSON.stringify(channelList.body));
  const one = await call(server, 'GET', `/webhooks/${webhook.id}`, as);
  assert.ok([403, 404].includes(one.status), JSON.stringify(one.body));
  assert.ok(!JSON.stringify(one.body).includes(webhook.token), 'and never its token');
  const made = await createWebhook(stranger, general.id, 'Intruder');
  assert.ok([403, 404].includes(made.status), JSON.stringify(made.body));
});

test('an empty message is refused with 400 Cannot send an empty message', async (t) => {
  const c = await cast(t);
  const webhook = await ownerMakesWebhook(c, 'Quiet');
  expectError(await execute(webhook, {}, '?wait=true'), 400, 50006);
  expectError(await execute(webhook, { content: '' }), 400, 50006);
  expectError(await execute(webhook, { username: 'Nobody' }, '?wait=true'), 400, 50006);
  const history = await call(server, 'GET', `/channels/${c.general.id}/messages`, { token: c.owner.token });
  assert.ok(!history.body.some((message) => message.webhook_id === webhook.id), 'nothing was posted');
});

test('a channel holds at most 15 webhooks', async (t) => {
  const { owner, general } = await cast(t);
  const made = [];
  for (let n = 1; n <= 15; n += 1) {
    const response = await createWebhook(owner, general.id, `Feed ${n}`);
    assert.equal(response.status, 200, `webhook ${n}: ${JSON.stringify(response.body)}`);
    made.push(response.body);
  }
  expectError(await createWebhook(owner, general.id, 'Feed 16'), 400, 30007);
  const listed = await call(server, 'GET', `/channels/${general.id}/webhooks`, { token: owner.token });
  assert.equal(listed.body.length, 15);

  const removed = await call(server, 'DELETE', `/webhooks/${made[0].id}`, { token: owner.token });
  assert.equal(removed.status, 204, JSON.stringify(removed.body));
  assert.equal((await createWebhook(owner, general.id, 'Feed 16')).status, 200, 'a freed place can be taken');
});

test('a webhook may not be named after Clyde or Discord, nor be nameless or too long', async (t) => {
  const c = await cast(t);
  const { owner, general } = c;
  for (const name of ['clyde', 'Clyde Helper', 'My Discord Alerts', '', 'x'.repeat(81)]) {
    const refused = await createWebhook(owner, general.id, name);
    expectError(refused, 400, 50035);
    assert.ok(refused.body.errors?.name, `${JSON.stringify(name)}: ${JSON.stringify(refused.body)}`);
  }
  assert.equal((await createWebhook(owner, general.id, 'x'.repeat(80))).status, 200, '80 characters is fine');
  const webhook = await ownerMakesWebhook(c, 'Helper');
  const renamed = await call(server, 'PATCH', `/webhooks/${webhook.id}/${webhook.token}`, { body: { name: 'clyde' } });
  expectError(renamed, 400, 50035);
  const posing = await execute(webhook, { content: 'Hi, I am Clyde', username: 'Clyde' }, '?wait=true');
  expectError(posing, 400, 50035);
});

test('a webhook cannot fetch, edit or delete a message it did not send', async (t) => {
  const c = await cast(t);
  const { owner, general } = c;
  const alerts = await ownerMakesWebhook(c, 'Alerts');
  const news = await ownerMakesWebhook(c, 'News');
  const alert = await webhookClient(t, alerts).send({ content: 'Disk 91 % full' });
  const human = await say(owner, general.id, 'I will look at the disk');
  const other = webhookClient(t, news);

  for (const messageId of [alert.id, human.id]) {
    await assert.rejects(other.fetchMessage(messageId), apiError(404, 10008));
    await assert.rejects(other.editMessage(messageId, { content: 'Disk is fine' }), apiError(404, 10008));
    await assert.rejects(other.deleteMessage(messageId), apiError(404, 10008));
  }
  const stored = await call(server, 'GET', `/channels/${general.id}/messages/${alert.id}`, { token: owner.token });
  assert.equal(stored.body.content, 'Disk 91 % full', 'untouched');
  assert.equal(stored.body.edited_timestamp, null);
});

test('a channel following an announcement channel receives each crossposted announcement', async (t) => {
  const { owner, guild, client, channel } = await cast(t);
  const news = await call(server, 'POST', `/guilds/${guild.id}/channels`, {
    token: owner.token, body: { name: 'news', type: 5 },
  });
  assert.equal(news.status, 201, JSON.stringify(news.body));
  const followed = await call(server, 'POST', `/channels/${news.body.id}/followers`, {
    token: owner.token, body: { webhook_channel_id: channel.id },
  });
  assert.equal(followed.status, 200, JSON.stringify(followed.body));
  assert.equal(followed.body.channel_id, news.body.id);
  const hooks = await call(server, 'GET', `/channels/${channel.id}/webhooks`, { token: owner.token });
  const follower = hooks.body.find((hook) => hook.id === followed.body.webhook_id);
  assert.equal(follower.type, WebhookType.ChannelFollower);
  assert.equal(follower.source_channel.id, news.body.id);
  assert.equal(follower.token, undefined, 'only the server posts through a follower webhook');

  const announcement = await call(server, 'POST', `/channels/${news.body.id}/messages`, {
    token: owner.token, body: { content: 'Version 2 is out' },
  });
  const copied = waitFor(client, Events.MessageCreate, (message) => message.channelId === channel.id);
  const published = await call(server, 'POST', `/channels/${news.body.id}/messages/${announcement.body.id}/crosspost`,
    { token: owner.token });
  assert.equal(published.status, 200, JSON.stringify(published.body));
  const copy = await copied;
  assert.equal(copy.content, 'Version 2 is out');
  assert.equal(copy.webhookId, follower.id);
  assert.equal(copy.author.username, `${guild.name} #news`);
  assert.ok(copy.flags.has('IsCrosspost'));

  const text = await call(server, 'POST', `/channels/${channel.id}/followers`, {
    token: owner.token, body: { webhook_channel_id: channel.id },
  });
  expectError(text, 400, 50024);
});
