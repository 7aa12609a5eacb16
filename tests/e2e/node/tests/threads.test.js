// Threads with discord.js: a person starts one from a message and the bot joins in; private threads
// stay among their members; threads are archived, reopened, locked and deleted; a forum post is a
// thread; and whoever cannot see a channel learns nothing of its threads.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChannelType, Client, Events, ForumChannel, GatewayIntentBits, PermissionFlagsBits as P, ThreadAutoArchiveDuration,
  ThreadChannel,
} from 'discord.js';
import { call, expectError, registerUser, startAccord } from '../support/accord.js';
import { communityWithBot, joinGuild, nextEvent, waitFor } from '../support/community.js';
import { connect, gatewayUrl } from '../support/gateway_client.js';

let server;
before(async () => { server = await startAccord(); });
after(async () => {
  assert.ok(server.alive(), 'the server survived every thread');
  await server.stop();
});

const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent,
  GatewayIntentBits.GuildMembers];
const HAS_THREAD = 1 << 5;

// Not theirs to see: 403 Missing Access or 404 Unknown Channel, never the thing itself.
function expectHidden(response, what) {
  const outcome = `${response.status} ${response.body?.code}`;
  assert.ok(['403 50001', '404 10003'].includes(outcome), `${what}: ${outcome} ${JSON.stringify(response.body)}`);
}

// The first error code a 50035 body gives for `field`.
function fieldError(response, field) {
  expectError(response, 400, 50035);
  return response.body.errors?.[field]?._errors?.[0]?.code;
}

async function botOnline(t, botToken) {
  const client = new Client({ intents: INTENTS, rest: { api: server.api, cdn: server.url }, waitGuildTimeout: 3_000 });
  t.after(() => client.destroy());
  const ready = waitFor(client, Events.ClientReady);
  await client.login(botToken);
  await ready;
  return client;
}

// A person's own client, connected as the official client connects (no intents: everything).
async function personWatching(t, person) {
  const gateway = await connect(gatewayUrl(server));
  t.after(() => gateway.close());
  await gateway.next((p) => p.op === 10);
  gateway.send(2, { token: person.token, properties: { os: 'linux', browser: 'test' } });
  await gateway.dispatch('READY');
  return gateway;
}

// The cast of most stories: a guild owner (who holds every permission), a bot, and a person who
// joined by invite and holds what @everyone holds (threads yes, MANAGE_THREADS no).
async function guildWithPerson(botPermissions = 0n) {
  const community = await communityWithBot(server, { permissions: String(botPermissions) });
  const person = await joinGuild(server, community.owner, community.general.id, 'person');
  return { ...community, person };
}

async function cast(t, { botPermissions = 0n } = {}) {
  const community = await guildWithPerson(botPermissions);
  const client = await botOnline(t, community.botToken);
  return { ...community, client, botId: client.user.id };
}

async function say(user, channelId, content) {
  const sent = await call(server, 'POST', `/channels/${channelId}/messages`, { token: user.token, body: { content } });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  return sent.body;
}

async function startThreadFrom(user, channelId, messageId, body) {
  return call(server, 'POST', `/channels/${channelId}/messages/${messageId}/threads`, { token: user.token, body });
}

// The person writes in #general and starts a thread on it over REST; resolves with the thread as the
// bot's client sees it once THREAD_CREATE has arrived.
async function personStartsThread({ person, general, client }, content, name) {
  const message = await say(person, general.id, content);
  const seen = waitFor(client, Events.ThreadCreate, (thread) => thread.id === message.id);
  const started = await startThreadFrom(person, general.id, message.id, { name });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  return seen;
}

// Posts in #general and waits until `gateway` has the post: whatever the server had to tell that
// person about what happened before has arrived by then, so its absence means it was never sent.
async function caughtUp(gateway, person, channelId) {
  const marker = await say(person, channelId, `marker ${Math.random()}`);
  await gateway.next((p) => p.t === 'MESSAGE_CREATE' && p.d.id === marker.id);
}

// Every dispatch a raw gateway received that names `id` as itself, its channel or its parent.
function dispatchesAbout(gateway, id) {
  return gateway.received
    .filter((p) => p.op === 0 && [p.d?.id, p.d?.channel_id, p.d?.parent_id].includes(id))
    .map((p) => p.t);
}

async function activeThreadIds(user, guildId) {
  const active = await call(server, 'GET', `/guilds/${guildId}/threads/active`, { token: user.token });
  assert.equal(active.status, 200, JSON.stringify(active.body));
  assert.equal(active.body.has_more, false);
  return active.body.threads.map((thread) => thread.id);
}

async function archivedPublic(user, channelId) {
  const archived = await call(server, 'GET', `/channels/${channelId}/threads/archived/public`, { token: user.token });
  assert.equal(archived.status, 200, JSON.stringify(archived.body));
  return archived.body;
}

async function threadAsSeenBy(user, threadId) {
  const thread = await call(server, 'GET', `/channels/${threadId}`, { token: user.token });
  assert.equal(thread.status, 200, JSON.stringify(thread.body));
  return thread.body;
}

test('a person starts a thread from their message and the bot sees it arrive', async (t) => {
  const { person, guild, general, client } = await cast(t);
  const question = await say(person, general.id, 'Who is coming to the picnic on Saturday?');
  const created = nextEvent(client, Events.ThreadCreate, (thread) => thread.id === question.id);
  const marked = nextEvent(client, Events.MessageUpdate, (_old, updated) => updated.id === question.id);

  const started = await startThreadFrom(person, general.id, question.id, { name: 'Picnic', auto_archive_duration: 1440 });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const body = started.body;
  assert.equal(body.id, question.id, 'a thread takes the id of its message');
  assert.equal(body.type, ChannelType.PublicThread);
  assert.equal(body.guild_id, guild.id);
  assert.equal(body.parent_id, general.id);
  assert.equal(body.name, 'Picnic');
  assert.equal(body.owner_id, person.id);
  assert.equal(body.message_count, 0);
  assert.equal(body.member_count, 1, 'whoever starts a thread is in it');
  assert.equal(body.rate_limit_per_user, 0);
  assert.deepEqual(body.applied_tags, []);
  for (const field of ['flags', 'total_message_sent', 'last_message_id']) assert.ok(field in body, `${field} is there`);
  const metadata = body.thread_metadata;
  assert.equal(metadata.archived, false);
  assert.equal(metadata.locked, false);
  assert.equal(metadata.auto_archive_duration, 1440);
  assert.ok(!Number.isNaN(Date.parse(metadata.archive_timestamp)), metadata.archive_timestamp);
  assert.ok(!Number.isNaN(Date.parse(metadata.create_timestamp)), metadata.create_timestamp);

  const [thread, newlyCreated] = await created;
  assert.ok(thread instanceof ThreadChannel);
  assert.equal(newlyCreated, true);
  assert.equal(thread.parentId, general.id);
  assert.equal(thread.ownerId, person.id);
  assert.equal(thread.name, 'Picnic');
  assert.equal(thread.archived, false);
  assert.equal(client.guilds.cache.get(guild.id).channels.cache.get(thread.id), thread, 'the guild caches the thread');

  const [, updated] = await marked;
  assert.ok(updated.hasThread, 'the message now says it has a thread');
  assert.equal(updated.thread, thread);
  const stored = await call(server, 'GET', `/channels/${general.id}/messages/${question.id}`, { token: person.token });
  assert.equal(stored.body.flags & HAS_THREAD, HAS_THREAD);

  assert.deepEqual(await threadAsSeenBy(person, thread.id), body, 'GET /channels/:id returns the same thread');
  const channels = await call(server, 'GET', `/guilds/${guild.id}/channels`, { token: person.token });
  assert.ok(!channels.body.some((channel) => channel.id === thread.id), 'threads are not guild channels');
});

test('the bot joins a person\'s thread, replies, and finds its reply, the count and both members', async (t) => {
  const c = await cast(t);
  const { person, client, botId } = c;
  const thread = await personStartsThread(c, 'I lost my keys near the station', 'Lost keys');
  assert.equal(thread.joined, false);
  assert.equal(thread.messageCount, 0);

  const heard = nextEvent(client, Events.ThreadMembersUpdate, (added, _removed, where) => where.id === thread.id && added.has(botId));
  await thread.join();
  await heard;
  assert.ok(thread.joined, 'the bot is in the thread');
  assert.equal(thread.memberCount, 2);

  const reply = await thread.send('Someone handed in keys at the ticket office');
  assert.equal(reply.channelId, thread.id);
  const fetched = await thread.messages.fetch({ limit: 10 });
  assert.equal(fetched.first().id, reply.id, 'the reply is the newest message in the thread');
  assert.equal(fetched.get(reply.id).content, 'Someone handed in keys at the ticket office');

  const refreshed = await thread.fetch(true);
  assert.equal(refreshed.messageCount, 1);
  assert.equal(refreshed.totalMessageSent, 1);
  assert.equal(refreshed.lastMessageId, reply.id);
  const seen = await threadAsSeenBy(person, thread.id);
  assert.equal(seen.message_count, 1);
  assert.equal(seen.member_count, 2);

  const members = await thread.members.fetch();
  assert.deepEqual([...members.keys()].sort(), [person.id, botId].sort());
  const history = await call(server, 'GET', `/channels/${thread.id}/messages`, { token: person.token });
  assert.ok(history.body.some((message) => message.id === reply.id), 'the person reads the reply in the thread');
});

test('a private thread stays hidden from a member until the bot adds them', async (t) => {
  const { person, guild, general, client } = await cast(t);
  const watcher = await personWatching(t, person);
  const parent = client.channels.cache.get(general.id);
  const secret = await parent.threads.create({ name: 'Surprise party', type: ChannelType.PrivateThread });
  assert.equal(secret.type, ChannelType.PrivateThread);
  assert.equal(secret.parentId, general.id);
  const plan = await secret.send('The cake is hidden in the fridge');

  await caughtUp(watcher, person, general.id);
  assert.deepEqual(dispatchesAbout(watcher, secret.id), [], 'no THREAD_CREATE nor message about the private thread');
  expectHidden(await call(server, 'GET', `/channels/${secret.id}`, { token: person.token }), 'GET thread');
  expectHidden(await call(server, 'GET', `/channels/${secret.id}/messages`, { token: person.token }), 'GET messages');
  expectHidden(await call(server, 'GET', `/channels/${secret.id}/messages/${plan.id}`, { token: person.token }), 'GET message');
  expectHidden(await call(server, 'GET', `/channels/${secret.id}/thread-members`, { token: person.token }), 'GET members');
  expectHidden(await call(server, 'PUT', `/channels/${secret.id}/thread-members/@me`, { token: person.token }), 'join');
  expectHidden(await call(server, 'POST', `/channels/${secret.id}/messages`, { token: person.token, body: { content: 'hi?' } }), 'send');
  assert.ok(!(await activeThreadIds(person, guild.id)).includes(secret.id), 'not in the active list');

  await secret.members.add(person.id);
  const added = await watcher.next((p) => p.t === 'THREAD_MEMBERS_UPDATE' && p.d.id === secret.id);
  assert.deepEqual(added.d.added_members.map((member) => member.user_id), [person.id]);
  assert.equal(added.d.member_count, 2);

  assert.equal((await threadAsSeenBy(person, secret.id)).name, 'Surprise party');
  const history = await call(server, 'GET', `/channels/${secret.id}/messages`, { token: person.token });
  assert.equal(history.status, 200, JSON.stringify(history.body));
  assert.deepEqual(history.body.map((message) => message.content), ['The cake is hidden in the fridge']);
  assert.ok((await activeThreadIds(person, guild.id)).includes(secret.id), 'now in the active list');
});

test('a person adds the bot to their private thread and the bot\'s client learns of it', async (t) => {
  const { person, general, client, botId } = await cast(t);
  const created = await call(server, 'POST', `/channels/${general.id}/threads`, {
    token: person.token, body: { name: 'Gift ideas', type: ChannelType.PrivateThread },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const secret = created.body;
  assert.equal(secret.type, ChannelType.PrivateThread);
  assert.equal(secret.thread_metadata.invitable, true, 'private threads say whether members may invite');
  await say(person, secret.id, 'What about a bread maker?');

  const botHeard = [];
  client.on(Events.ThreadCreate, (thread) => botHeard.push(thread.id));
  const marker = waitFor(client, Events.MessageCreate, (message) => message.content === 'anyone around?');
  await say(person, general.id, 'anyone around?');
  await marker;
  assert.ok(!botHeard.includes(secret.id), 'the bot heard nothing of a private thread it is not in');
  await assert.rejects(client.channels.fetch(secret.id), (error) => [403, 404].includes(error.status));

  const learned = nextEvent(client, Events.ThreadCreate, (thread) => thread.id === secret.id);
  const added = await call(server, 'PUT', `/channels/${secret.id}/thread-members/${botId}`, { token: person.token });
  assert.equal(added.status, 204, JSON.stringify(added.body));
  const [thread, newlyCreated] = await learned;
  assert.equal(newlyCreated, false, 'the thread is not new, the bot is');
  assert.equal(thread.type, ChannelType.PrivateThread);
  const messages = await thread.messages.fetch();
  assert.deepEqual(messages.map((message) => message.content), ['What about a bread maker?']);
});

test('archiving moves a thread to the archived list and a new message reopens it', async (t) => {
  const { person, guild, general, client } = await cast(t);
  const parent = client.channels.cache.get(general.id);
  const report = await parent.send('Weekly report: sales up 12 %');
  const thread = await report.startThread({ name: 'Report discussion', autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
  assert.equal(thread.id, report.id);
  assert.equal(thread.autoArchiveDuration, 1440);
  assert.ok((await activeThreadIds(person, guild.id)).includes(thread.id));
  assert.deepEqual((await archivedPublic(person, general.id)).threads, []);

  const closed = await thread.setArchived(true);
  assert.equal(closed.archived, true);
  assert.ok(!(await activeThreadIds(person, guild.id)).includes(thread.id), 'gone from the active list');
  const archived = await archivedPublic(person, general.id);
  assert.deepEqual(archived.threads.map((listed) => listed.id), [thread.id]);
  assert.equal(archived.threads[0].thread_metadata.archived, true);
  assert.equal(archived.has_more, false);

  const reopened = nextEvent(client, Events.ThreadUpdate, (_old, updated) => updated.id === thread.id && !updated.archived);
  await say(person, thread.id, 'Which region grew most?');
  await reopened;
  assert.equal(thread.archived, false);
  assert.ok((await activeThreadIds(person, guild.id)).includes(thread.id), 'back in the active list');
  assert.deepEqual((await archivedPublic(person, general.id)).threads, []);
});

test('a moderator locks a thread and its owner can no longer post in it', async (t) => {
  const c = await cast(t, { botPermissions: P.ManageThreads });
  const { person } = c;
  const thread = await personStartsThread(c, 'Vote: tabs or spaces?', 'Indentation vote');
  await say(person, thread.id, 'Spaces, obviously');

  const locked = await thread.setLocked(true);
  assert.equal(locked.locked, true);
  assert.equal((await threadAsSeenBy(person, thread.id)).thread_metadata.locked, true);

  const refused = await call(server, 'POST', `/channels/${thread.id}/messages`, { token: person.token, body: { content: 'Tabs!' } });
  expectError(refused, 400, 160005); // Thread is locked
  const closing = await thread.send('The vote is closed.');
  assert.equal(closing.channelId, thread.id, 'the moderator still may');
});

test('a locked, archived thread stays shut to its owner while a moderator\'s message reopens it', async (t) => {
  const c = await cast(t, { botPermissions: P.ManageThreads });
  const { person, client } = c;
  const thread = await personStartsThread(c, 'Bug: the login page is blank', 'Blank login page');
  await thread.edit({ locked: true, archived: true });
  assert.equal(thread.locked, true);
  assert.equal(thread.archived, true);

  expectError(await call(server, 'POST', `/channels/${thread.id}/messages`, { token: person.token, body: { content: 'still broken' } }), 400, 160005);
  const unarchive = await call(server, 'PATCH', `/channels/${thread.id}`, { token: person.token, body: { archived: false } });
  assert.ok([400, 403].includes(unarchive.status), `the owner cannot reopen a locked thread: ${JSON.stringify(unarchive.body)}`);
  assert.equal((await threadAsSeenBy(person, thread.id)).thread_metadata.archived, true);

  const reopened = nextEvent(client, Events.ThreadUpdate, (_old, updated) => updated.id === thread.id && !updated.archived);
  await thread.send('Fixed in 2.3.1');
  await reopened;
  assert.equal(thread.locked, true, 'reopened but still locked');
});

test('only a moderator deletes a thread, and the bot hears it go', async (t) => {
  const c = await cast(t);
  const { owner, person, guild, client } = c;
  const thread = await personStartsThread(c, 'Selling my old bike', 'Bike for sale');

  expectError(await call(server, 'DELETE', `/channels/${thread.id}`, { token: person.token }), 403, 50013);
  await assert.rejects(thread.delete(), (error) => error.status === 403 && error.code === 50013, 'nor may the bot');
  assert.equal((await threadAsSeenBy(person, thread.id)).id, thread.id, 'still there');

  const gone = waitFor(client, Events.ThreadDelete, (deleted) => deleted.id === thread.id);
  const deleted = await call(server, 'DELETE', `/channels/${thread.id}`, { token: owner.token });
  assert.equal(deleted.status, 204, JSON.stringify(deleted.body));
  await gone;
  assert.equal(client.guilds.cache.get(guild.id).channels.cache.get(thread.id), undefined);
  expectError(await call(server, 'GET', `/channels/${thread.id}`, { token: person.token }), 404, 10003);
});

test('a forum post is a thread whose first message is its starter message', async (t) => {
  const { owner, person, guild, client, botId } = await cast(t);
  const forumMade = waitFor(client, Events.ChannelCreate, (channel) => channel.name === 'ideas');
  const made = await call(server, 'POST', `/guilds/${guild.id}/channels`, {
    token: owner.token, body: { name: 'ideas', type: ChannelType.GuildForum },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const forum = await forumMade;
  assert.ok(forum instanceof ForumChannel);

  const post = await forum.threads.create({ name: 'Dark mode', message: { content: 'Please add a dark theme' } });
  assert.equal(post.type, ChannelType.PublicThread);
  assert.equal(post.parentId, forum.id);
  assert.equal(post.ownerId, botId);
  const starter = await post.fetchStarterMessage();
  assert.equal(starter.id, post.id, 'the first message carries the thread\'s id');
  assert.equal(starter.content, 'Please add a dark theme');
  assert.equal(starter.author.id, botId);

  await say(person, post.id, '+1, my eyes thank you');
  const history = await call(server, 'GET', `/channels/${post.id}/messages`, { token: person.token });
  assert.deepEqual(history.body.map((message) => message.content), ['+1, my eyes thank you', 'Please add a dark theme']);
  assert.deepEqual((await archivedPublic(person, forum.id)).threads, []);
  assert.ok((await activeThreadIds(person, guild.id)).includes(post.id));
});

test('a bot that connects later finds the active thread in its guild', async (t) => {
  const { owner, person, guild, general, botToken } = await guildWithPerson();
  const open = await say(person, general.id, 'Book club: next month\'s pick?');
  assert.equal((await startThreadFrom(person, general.id, open.id, { name: 'Book club' })).status, 201);
  const done = await say(person, general.id, 'Last month\'s pick');
  assert.equal((await startThreadFrom(person, general.id, done.id, { name: 'Old pick' })).status, 201);
  const archiving = await call(server, 'PATCH', `/channels/${done.id}`, { token: person.token, body: { archived: true } });
  assert.equal(archiving.status, 200, JSON.stringify(archiving.body));
  const hidden = await call(server, 'POST', `/channels/${general.id}/threads`, { token: owner.token, body: { name: 'Owners only', type: 12 } });
  assert.equal(hidden.status, 201, JSON.stringify(hidden.body));

  const client = await botOnline(t, botToken);
  const channels = client.guilds.cache.get(guild.id).channels.cache;
  const thread = channels.get(open.id);
  assert.ok(thread instanceof ThreadChannel, 'the active thread came with GUILD_CREATE');
  assert.equal(thread.parentId, general.id);
  assert.equal(thread.name, 'Book club');
  assert.equal(channels.get(done.id), undefined, 'archived threads are not listed');
  assert.equal(channels.get(hidden.body.id), undefined, 'nor private threads the bot is not in');
});

test('a thread name of 101 characters is refused', async () => {
  const { person, general } = await guildWithPerson();
  const message = await say(person, general.id, 'A long story');
  assert.equal(fieldError(await startThreadFrom(person, general.id, message.id, { name: 'x'.repeat(101) }), 'name'), 'BASE_TYPE_BAD_LENGTH');
  assert.equal(fieldError(await startThreadFrom(person, general.id, message.id, { name: '' }), 'name'), 'BASE_TYPE_BAD_LENGTH');
  const standalone = await call(server, 'POST', `/channels/${general.id}/threads`, { token: person.token, body: { name: 'y'.repeat(101), type: 11 } });
  assert.ok(fieldError(standalone, 'name'));
  assert.equal((await startThreadFrom(person, general.id, message.id, { name: 'x'.repeat(100) })).status, 201, '100 is fine');
});

test('an auto-archive duration of 30 minutes is refused', async () => {
  const { person, general } = await guildWithPerson();
  const message = await say(person, general.id, 'Quick question');
  const refused = await startThreadFrom(person, general.id, message.id, { name: 'Quick', auto_archive_duration: 30 });
  assert.ok(fieldError(refused, 'auto_archive_duration'));
  const standalone = await call(server, 'POST', `/channels/${general.id}/threads`, {
    token: person.token, body: { name: 'Quick', type: 11, auto_archive_duration: 30 },
  });
  assert.ok(fieldError(standalone, 'auto_archive_duration'));
  const stored = await call(server, 'GET', `/channels/${general.id}/messages/${message.id}`, { token: person.token });
  assert.equal(stored.body.flags & HAS_THREAD, 0, 'no thread was made');
});

test('a message gets only one thread', async () => {
  const { owner, person, general } = await guildWithPerson();
  const message = await say(person, general.id, 'Plans for the weekend');
  assert.equal((await startThreadFrom(person, general.id, message.id, { name: 'Weekend' })).status, 201);
  expectError(await startThreadFrom(person, general.id, message.id, { name: 'Weekend again' }), 400, 160004);
  expectError(await startThreadFrom(owner, general.id, message.id, { name: 'Mine now' }), 400, 160004);
  assert.equal((await threadAsSeenBy(person, message.id)).name, 'Weekend', 'the first thread stands');
});

test('a user who is not in the guild cannot be added to a thread', async (t) => {
  const c = await cast(t);
  const thread = await personStartsThread(c, 'Guest list', 'Guests');
  const stranger = await registerUser(server, 'stranger');
  await assert.rejects(thread.members.add(stranger.id), (error) => error.status === 404 && error.code === 10007);
  expectError(await call(server, 'PUT', `/channels/${thread.id}/thread-members/${stranger.id}`, { token: c.person.token }), 404, 10007);
  const members = await call(server, 'GET', `/channels/${thread.id}/thread-members`, { token: c.person.token });
  assert.ok(!members.body.some((member) => member.user_id === stranger.id));
});

test('someone who cannot see a channel learns nothing of its threads', async (t) => {
  const { owner, person, guild, general } = await guildWithPerson();
  const made = await call(server, 'POST', `/guilds/${guild.id}/channels`, {
    token: owner.token,
    body: { name: 'staff-room', permission_overwrites: [{ id: guild.id, type: 0, allow: '0', deny: String(P.ViewChannel) }] },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const staffRoom = made.body;
  const watcher = await personWatching(t, person);

  const memo = await say(owner, staffRoom.id, 'Salary review next week');
  const started = await startThreadFrom(owner, staffRoom.id, memo.id, { name: 'Salaries' });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const thread = started.body;
  await say(owner, thread.id, 'Budget is tight this year');

  await caughtUp(watcher, person, general.id);
  assert.deepEqual(dispatchesAbout(watcher, thread.id), [], 'no THREAD_CREATE, MESSAGE_UPDATE or MESSAGE_CREATE');
  assert.deepEqual(dispatchesAbout(watcher, staffRoom.id), []);
  const as = { token: person.token };
  expectHidden(await call(server, 'GET', `/channels/${thread.id}`, as), 'GET thread');
  expectHidden(await call(server, 'GET', `/channels/${thread.id}/messages`, as), 'GET messages');
  expectHidden(await call(server, 'POST', `/channels/${thread.id}/messages`, { ...as, body: { content: 'hello?' } }), 'send');
  expectHidden(await call(server, 'GET', `/channels/${thread.id}/thread-members`, as), 'GET members');
  expectHidden(await call(server, 'GET', `/channels/${thread.id}/thread-members/${owner.id}`, as), 'GET a member');
  expectHidden(await call(server, 'PUT', `/channels/${thread.id}/thread-members/@me`, as), 'join');
  expectHidden(await call(server, 'PATCH', `/channels/${thread.id}`, { ...as, body: { name: 'Peeked' } }), 'rename');
  expectHidden(await call(server, 'GET', `/channels/${staffRoom.id}/threads/archived/public`, as), 'archived list');
  expectHidden(await startThreadFrom(person, staffRoom.id, memo.id, { name: 'Peek' }), 'start a thread');
  assert.ok(!(await activeThreadIds(person, guild.id)).includes(thread.id), 'not in the active list');

  const invited = await call(server, 'PUT', `/channels/${thread.id}/thread-members/${person.id}`, { token: owner.token });
  assert.equal(invited.status, 403, `nobody can pull them in through the thread: ${JSON.stringify(invited.body)}`);
  expectHidden(await call(server, 'GET', `/channels/${thread.id}/messages`, as), 'GET messages after the attempt');

  const later = await personWatching(t, person);
  const guildCreate = await later.dispatch('GUILD_CREATE');
  assert.ok(!guildCreate.d.threads.some((listed) => listed.id === thread.id), 'not in GUILD_CREATE either');
  assert.equal((await threadAsSeenBy(owner, thread.id)).message_count, 1, 'while the owner sees it all along');
});
