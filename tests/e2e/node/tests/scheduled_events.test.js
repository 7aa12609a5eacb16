// Scheduled events: a bot plans a game night in the voice lounge with discord.js, members mark their
// interest and the bot hears who is coming; the event starts, ends and is then frozen; an outing
// elsewhere needs a place and an end; only those allowed plan, change or cancel events; an event in
// a channel someone cannot see does not exist for them; and the audit log remembers it all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuditLogEvent, Events, GatewayIntentBits, GuildScheduledEventEntityType as Entity, GuildScheduledEventPrivacyLevel,
  GuildScheduledEventStatus as Status, Partials, PermissionFlagsBits as P,
} from 'discord.js';
import { call, expectError, expectOk, registerUser, startAccord } from '../support/accord.js';
import { botOnline, communityWithBot, createGuild, joinGuild, nextEvent, waitFor } from '../support/community.js';
import { connectAs } from '../support/gateway_client.js';

let server;
before(async () => { server = await startAccord(); });
after(async () => {
  assert.ok(server.alive(), 'the server survived every event');
  await server.stop();
});

const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildScheduledEvents];
const HOUR = 3_600_000;
const inHours = (hours) => new Date(Date.now() + hours * HOUR).toISOString();

const eventsPath = (guild) => `/guilds/${guild.id}/scheduled-events`;
const schedule = (user, guild, body) => call(server, 'POST', eventsPath(guild), { token: user.token, body });
const edit = (user, guild, event, body) => call(server, 'PATCH', `${eventsPath(guild)}/${event.id}`, { token: user.token, body });
const interested = (user, guild, event) => call(server, 'PUT', `${eventsPath(guild)}/${event.id}/users/@me`, { token: user.token });

const voiceEvent = (channel, name = 'Game night') =>
  ({ name, privacy_level: 2, entity_type: Entity.Voice, channel_id: channel.id, scheduled_start_time: inHours(1) });
const outing = (name = 'Picnic') => ({
  name, privacy_level: 2, entity_type: Entity.External, entity_metadata: { location: 'Riverside park' },
  scheduled_start_time: inHours(24), scheduled_end_time: inHours(27),
});

async function createChannel(owner, guild, body) {
  return expectOk(await call(server, 'POST', `/guilds/${guild.id}/channels`, { token: owner.token, body }), 200, 201);
}

async function giveRole(owner, guild, person, name, permissions) {
  const role = expectOk(await call(server, 'POST', `/guilds/${guild.id}/roles`, {
    token: owner.token, body: { name, permissions: String(permissions) },
  }), 200);
  expectOk(await call(server, 'PUT', `/guilds/${guild.id}/members/${person.id}/roles/${role.id}`, { token: owner.token }), 204);
}

// An owner, their guild with a voice lounge, and a bot that may manage events.
async function communityWithLounge() {
  const community = await communityWithBot(server, { permissions: String(P.ManageEvents) });
  const lounge = await createChannel(community.owner, community.guild, { name: 'Lounge', type: 2 });
  return { ...community, lounge };
}

// The same with a member, and the bot online.
async function cast(t) {
  const community = await communityWithLounge();
  const member = await joinGuild(server, community.owner, community.general.id, 'member');
  const client = await botOnline(server, t, community.botToken, { intents: INTENTS, partials: [Partials.User] });
  const guild = client.guilds.cache.get(community.guild.id);
  return { ...community, member, client, events: guild.scheduledEvents };
}

test('a bot schedules a game night in the voice lounge with discord.js and the members hear of it', async (t) => {
  const { guild, lounge, member, client, events } = await cast(t);
  const gateway = await connectAs(server, t, member.token);
  const start = new Date(Date.now() + 2 * HOUR);
  const event = await events.create({
    name: 'Game night', description: 'Bring snacks', scheduledStartTime: start, channel: lounge.id,
    privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly, entityType: Entity.Voice,
  });
  assert.equal(event.status, Status.Scheduled);
  assert.equal(event.channelId, lounge.id);
  assert.equal(event.creatorId, client.user.id);
  assert.equal(event.scheduledStartTimestamp, start.getTime());

  const heard = await gateway.dispatch('GUILD_SCHEDULED_EVENT_CREATE');
  assert.equal(heard.d.id, event.id);
  const seen = expectOk(await call(server, 'GET', `${eventsPath(guild)}/${event.id}`, { token: member.token }), 200);
  const { scheduled_start_time, creator, ...rest } = seen;
  assert.equal(Date.parse(scheduled_start_time), start.getTime());
  assert.equal(creator?.id, client.user.id);
  assert.deepEqual(rest, {
    id: event.id, guild_id: guild.id, channel_id: lounge.id, creator_id: client.user.id, name: 'Game night',
    description: 'Bring snacks', scheduled_end_time: null, privacy_level: 2, status: 1, entity_type: 2,
    entity_id: null, entity_metadata: null, image: null, recurrence_rule: null,
  });
  const listed = expectOk(await call(server, 'GET', eventsPath(guild), { token: member.token }), 200);
  assert.deepEqual(listed.map((e) => e.id), [event.id]);
  assert.equal(listed[0].user_count, undefined, 'no count unless asked for');
});

test('an outing elsewhere needs a place and an end, and has no channel', async (t) => {
  const { owner, guild, lounge } = await cast(t);
  const { entity_metadata: _place, ...nowhere } = outing();
  expectError(await schedule(owner, guild, nowhere), 400, 50035);
  const { scheduled_end_time: _end, ...endless } = outing();
  expectError(await schedule(owner, guild, endless), 400, 50035);
  expectError(await schedule(owner, guild, { ...outing(), entity_metadata: { location: '' } }), 400, 50035);

  const picnic = expectOk(await schedule(owner, guild, { ...outing(), channel_id: lounge.id }), 200);
  assert.equal(picnic.entity_type, Entity.External);
  assert.deepEqual(picnic.entity_metadata, { location: 'Riverside park' });
  assert.equal(picnic.channel_id, null, 'an outing is not held in a channel');
  assert.ok(Date.parse(picnic.scheduled_end_time) > Date.parse(picnic.scheduled_start_time));
});

test('a voice or stage event must be held in a voice or stage channel of the guild', async (t) => {
  const { owner, guild, general, lounge } = await cast(t);
  const stage = await createChannel(owner, guild, { name: 'Town hall', type: 13 });
  const other = await createGuild(server, owner, 'Other Guild');
  const elsewhere = await createChannel(owner, other.guild, { name: 'Their lounge', type: 2 });
  const { channel_id: _none, ...channelless } = voiceEvent(lounge);
  for (const body of [channelless, voiceEvent(general), voiceEvent(elsewhere), voiceEvent(stage),
    { ...voiceEvent(lounge), entity_type: Entity.StageInstance }]) {
    expectError(await schedule(owner, guild, body), 400, 50035);
  }
  const talk = expectOk(await schedule(owner, guild, { ...voiceEvent(stage, 'AMA'), entity_type: Entity.StageInstance }), 200);
  assert.equal(talk.channel_id, stage.id);
  const listed = expectOk(await call(server, 'GET', eventsPath(guild), { token: owner.token }), 200);
  assert.deepEqual(listed.map((e) => e.name), ['AMA'], 'nothing else was made');
});

test('an event cannot be scheduled to start in the past', async (t) => {
  const { owner, guild, lounge } = await cast(t);
  expectError(await schedule(owner, guild, { ...voiceEvent(lounge), scheduled_start_time: inHours(-1) }), 400, 50035);
  const event = expectOk(await schedule(owner, guild, voiceEvent(lounge)), 200);
  expectError(await edit(owner, guild, event, { scheduled_start_time: inHours(-1) }), 400, 50035);
});

test('members mark their interest, the bot hears each of them, and counts and lists who is coming', async (t) => {
  const { owner, guild, general, lounge, member, client, events } = await cast(t);
  const friend = await joinGuild(server, owner, general.id, 'friend');
  const created = waitFor(client, Events.GuildScheduledEventCreate);
  const event = expectOk(await schedule(owner, guild, voiceEvent(lounge)), 200);
  await created;
  const ownerGateway = await connectAs(server, t, owner.token);

  for (const person of [member, friend]) {
    const heard = nextEvent(client, Events.GuildScheduledEventUserAdd, (_event, user) => user.id === person.id);
    expectOk(await interested(person, guild, event), 204);
    const [what] = await heard;
    assert.equal(what.id, event.id);
  }
  const added = [];
  for (let n = 0; n < 2; n += 1) added.push((await ownerGateway.dispatch('GUILD_SCHEDULED_EVENT_USER_ADD')).d);
  assert.deepEqual(added,
    [member, friend].map((p) => ({ guild_scheduled_event_id: event.id, user_id: p.id, guild_id: guild.id })));
  expectOk(await interested(member, guild, event), 204);
  const counted = expectOk(await call(server, 'GET', `${eventsPath(guild)}/${event.id}?with_user_count=true`, {
    token: owner.token,
  }), 200);
  assert.equal(counted.user_count, 2, 'marking interest twice counts once');
  const fetched = await events.fetch({ guildScheduledEvent: event.id, force: true });
  assert.equal(fetched.userCount, 2);

  const subscribers = await events.fetchSubscribers(event.id, { withMember: true });
  assert.deepEqual([...subscribers.keys()].sort(), [member.id, friend.id].sort());
  const entry = subscribers.get(friend.id);
  assert.equal(entry.guildScheduledEventId, event.id);
  assert.equal(entry.user.username, friend.username);
  assert.equal(entry.member?.id, friend.id, 'with_member brings the member');

  const left = nextEvent(client, Events.GuildScheduledEventUserRemove, (_event, user) => user.id === member.id);
  expectOk(await call(server, 'DELETE', `${eventsPath(guild)}/${event.id}/users/@me`, { token: member.token }), 204);
  await left;
  const after = expectOk(await call(server, 'GET', `${eventsPath(guild)}?with_user_count=true`, { token: owner.token }), 200);
  assert.equal(after[0].user_count, 1);
});

test('subscribers come in user id order and are paged with limit, after and before', async (t) => {
  const { owner, guild, general, lounge } = await cast(t);
  const event = expectOk(await schedule(owner, guild, voiceEvent(lounge)), 200);
  const people = [owner];
  for (const name of ['ana', 'ben', 'cy', 'dee']) people.push(await joinGuild(server, owner, general.id, name));
  for (const person of [...people].reverse()) expectOk(await interested(person, guild, event), 204);
  const ids = people.map((p) => p.id).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));

  const page = async (query) => expectOk(await call(server, 'GET', `${eventsPath(guild)}/${event.id}/users${query}`, {
    token: owner.token,
  }), 200).map((entry) => entry.user.id);
  assert.deepEqual(await page(''), ids);
  assert.deepEqual(await page('?limit=2'), ids.slice(0, 2));
  assert.deepEqual(await page(`?limit=2&after=${ids[1]}`), ids.slice(2, 4));
  assert.deepEqual(await page(`?before=${ids[3]}`), ids.slice(0, 3));
  assert.deepEqual(await page(`?limit=1&before=${ids[3]}`), [ids[2]], 'the page just before, still in ascending order');
});

test('an event goes from scheduled to active to completed, and is then frozen', async (t) => {
  const { guild, lounge, member, client, events } = await cast(t);
  const gateway = await connectAs(server, t, member.token);
  const event = await events.create({
    name: 'Movie night', scheduledStartTime: Date.now() + HOUR, channel: lounge.id,
    privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly, entityType: Entity.Voice,
  });
  expectError(await edit(member, guild, event, { status: Status.Active }), 403, 50013);

  const started = nextEvent(client, Events.GuildScheduledEventUpdate, (_old, now) => now.status === Status.Active);
  await events.edit(event.id, { status: Status.Active });
  const [, running] = await started;
  assert.equal(running.id, event.id);
  const heard = await gateway.dispatch('GUILD_SCHEDULED_EVENT_UPDATE');
  assert.equal(heard.d.status, Status.Active);
  await assert.rejects(events.edit(event.id, { status: Status.Scheduled }), (error) => error.status === 400 && error.code === 50035);

  const ended = await events.edit(event.id, { status: Status.Completed });
  assert.equal(ended.status, Status.Completed);
  await assert.rejects(events.edit(event.id, { name: 'Movie night 2' }), (error) => error.status === 400 && error.code === 180000);
  const stored = expectOk(await call(server, 'GET', `${eventsPath(guild)}/${event.id}`, { token: member.token }), 200);
  assert.deepEqual([stored.name, stored.status], ['Movie night', Status.Completed]);
});

test('a canceled event cannot be revived, and a scheduled one cannot skip to completed', async (t) => {
  const { owner, guild, lounge } = await cast(t);
  const event = expectOk(await schedule(owner, guild, voiceEvent(lounge)), 200);
  expectError(await edit(owner, guild, event, { status: Status.Completed }), 400, 50035);
  assert.equal(expectOk(await edit(owner, guild, event, { status: Status.Canceled }), 200).status, Status.Canceled);
  expectError(await edit(owner, guild, event, { status: Status.Scheduled }), 400, 180000);
  expectError(await edit(owner, guild, event, { description: 'Back on!' }), 400, 180000);
});

test('a member needs CREATE_EVENTS to plan, and then manages only their own events', async (t) => {
  const { owner, guild, general, lounge, member } = await cast(t);
  expectError(await schedule(member, guild, voiceEvent(lounge, 'Karaoke')), 403, 50013);
  const ownersEvent = expectOk(await schedule(owner, guild, voiceEvent(lounge, 'Town meeting')), 200);
  await giveRole(owner, guild, member, 'Planners', P.CreateEvents);

  const karaoke = expectOk(await schedule(member, guild, voiceEvent(lounge, 'Karaoke')), 200);
  assert.equal(karaoke.creator_id, member.id);
  assert.equal(expectOk(await edit(member, guild, karaoke, { name: 'Karaoke!' }), 200).name, 'Karaoke!');
  expectError(await edit(member, guild, ownersEvent, { name: 'Karaoke instead' }), 403, 50013);
  expectError(await call(server, 'DELETE', `${eventsPath(guild)}/${ownersEvent.id}`, { token: member.token }), 403, 50013);

  const host = await joinGuild(server, owner, general.id, 'host');
  await giveRole(owner, guild, host, 'Hosts', P.ManageEvents);
  assert.equal(expectOk(await edit(host, guild, karaoke, { description: 'Mic provided' }), 200).description, 'Mic provided');
  expectOk(await call(server, 'DELETE', `${eventsPath(guild)}/${karaoke.id}`, { token: member.token }), 204);
});

test('an event in a channel a member cannot see does not exist for them', async (t) => {
  const { owner, guild, lounge, member } = await cast(t);
  const gateway = await connectAs(server, t, member.token);
  const backstage = await createChannel(owner, guild, {
    name: 'Backstage', type: 2, permission_overwrites: [{ id: guild.id, type: 0, deny: String(P.ViewChannel) }],
  });
  const secret = expectOk(await schedule(owner, guild, voiceEvent(backstage, 'Staff sync')), 200);
  const open = expectOk(await schedule(owner, guild, voiceEvent(lounge, 'Open mic')), 200);
  const heard = await gateway.dispatch('GUILD_SCHEDULED_EVENT_CREATE');
  assert.equal(heard.d.id, open.id, 'the member heard of the open event only');

  const listed = expectOk(await call(server, 'GET', eventsPath(guild), { token: member.token }), 200);
  assert.deepEqual(listed.map((e) => e.id), [open.id]);
  const as = { token: member.token };
  expectError(await call(server, 'GET', `${eventsPath(guild)}/${secret.id}`, as), 404, 10070);
  expectError(await call(server, 'GET', `${eventsPath(guild)}/${secret.id}/users`, as), 404, 10070);
  expectError(await interested(member, guild, secret), 404, 10070);
  expectError(await call(server, 'GET', `${eventsPath(guild)}/1234567890123456789`, as), 404, 10070);
  const stranger = await registerUser(server, 'stranger');
  const outside = await call(server, 'GET', eventsPath(guild), { token: stranger.token });
  assert.ok(['403 50001', '404 10004'].includes(`${outside.status} ${outside.body?.code}`), JSON.stringify(outside.body));
});

test('the bot deletes an event, the guild hears it, and it is gone', async (t) => {
  const { owner, guild, lounge, member, client, events } = await cast(t);
  const created = waitFor(client, Events.GuildScheduledEventCreate);
  const event = expectOk(await schedule(owner, guild, voiceEvent(lounge, 'Rained out')), 200);
  await created;
  const gateway = await connectAs(server, t, member.token);
  const deleted = waitFor(client, Events.GuildScheduledEventDelete, (gone) => gone.id === event.id);
  await events.delete(event.id);
  await deleted;
  assert.equal((await gateway.dispatch('GUILD_SCHEDULED_EVENT_DELETE')).d.id, event.id);
  expectError(await call(server, 'GET', `${eventsPath(guild)}/${event.id}`, { token: owner.token }), 404, 10070);
  expectError(await interested(member, guild, event), 404, 10070);
});

test('a bot coming online finds the guild\'s events in GUILD_CREATE', async (t) => {
  const { owner, guild, lounge, botToken } = await communityWithLounge();
  const event = expectOk(await schedule(owner, guild, voiceEvent(lounge, 'Book club')), 200);
  const client = await botOnline(server, t, botToken, { intents: INTENTS });
  const cached = client.guilds.cache.get(guild.id).scheduledEvents.cache;
  assert.deepEqual([...cached.keys()], [event.id]);
  assert.equal(cached.get(event.id).name, 'Book club');
});

test('planning, changing and removing events is in the audit log with the reason given', async (t) => {
  const { owner, guild, lounge } = await cast(t);
  const because = (reason, body) => ({ token: owner.token, body, headers: { 'X-Audit-Log-Reason': encodeURIComponent(reason) } });
  const kept = expectOk(await call(server, 'POST', eventsPath(guild), because('Monthly tradition', voiceEvent(lounge, 'Quiz'))), 200);
  expectOk(await call(server, 'PATCH', `${eventsPath(guild)}/${kept.id}`, because('Better name', { name: 'Pub quiz' })), 200);
  const gone = expectOk(await schedule(owner, guild, voiceEvent(lounge, 'Double booked')), 200);
  expectOk(await call(server, 'DELETE', `${eventsPath(guild)}/${gone.id}`, because('Clashes with the quiz')), 204);

  const log = expectOk(await call(server, 'GET', `/guilds/${guild.id}/audit-logs`, { token: owner.token }), 200);
  const entries = log.audit_log_entries.filter((entry) => entry.action_type >= 100 && entry.action_type <= 102);
  assert.deepEqual(entries.map((e) => [e.action_type, e.target_id, e.user_id, e.reason ?? null]), [
    [AuditLogEvent.GuildScheduledEventDelete, gone.id, owner.id, 'Clashes with the quiz'],
    [AuditLogEvent.GuildScheduledEventCreate, gone.id, owner.id, null],
    [AuditLogEvent.GuildScheduledEventUpdate, kept.id, owner.id, 'Better name'],
    [AuditLogEvent.GuildScheduledEventCreate, kept.id, owner.id, 'Monthly tradition'],
  ]);
  const renamed = entries[2].changes.find((c) => c.key === 'name');
  assert.deepEqual([renamed?.old_value, renamed?.new_value], ['Quiz', 'Pub quiz'], JSON.stringify(entries[2]));
  assert.deepEqual(log.guild_scheduled_events.map((event) => event.id), [kept.id], 'the event still there is among the events');
});
