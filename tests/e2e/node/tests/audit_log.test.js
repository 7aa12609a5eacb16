// The audit log: an owner moderates with a reason for each step, and the log lists what was done,
// by whom, to what and why, newest first and filtered as asked; a bot reads it with discord.js and
// hears each new entry live; and whoever may not view the log neither reads it nor hears of it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditLogEvent, Client, Events, GatewayIntentBits, PermissionFlagsBits as P } from 'discord.js';
import { call, expectError, expectOk, registerUser, startAccord } from '../support/accord.js';
import { communityWithBot, createGuild, joinGuild, nextEvent, waitFor } from '../support/community.js';
import { connect, gatewayUrl } from '../support/gateway_client.js';

let server;
before(async () => { server = await startAccord(); });
after(async () => {
  assert.ok(server.alive(), 'the server survived every audit');
  await server.stop();
});

// A request made with a reason, sent as Discord wants it: percent-encoded UTF-8 in X-Audit-Log-Reason.
function because(user, reason, body) {
  return { token: user.token, body, headers: { 'X-Audit-Log-Reason': encodeURIComponent(reason) } };
}

async function auditLog(user, guildId, query = '') {
  return call(server, 'GET', `/guilds/${guildId}/audit-logs${query}`, { token: user.token });
}

async function entries(user, guildId, query = '') {
  return expectOk(await auditLog(user, guildId, query), 200).audit_log_entries;
}

// The id of the newest entry so far: a story's own entries are the ones after it.
async function bookmark(owner, guildId) {
  return (await entries(owner, guildId, '?limit=1'))[0]?.id ?? '0';
}

async function entriesSince(owner, guildId, mark) {
  const response = expectOk(await auditLog(owner, guildId, '?limit=100'), 200);
  return { ...response, audit_log_entries: response.audit_log_entries.filter((e) => BigInt(e.id) > BigInt(mark)) };
}

const change = (entry, key) => entry.changes?.find((c) => c.key === key);

async function ownGuildWith(...names) {
  const owner = await registerUser(server, 'owner');
  const { guild, general } = await createGuild(server, owner, 'Town Square');
  const people = [];
  for (const name of names) people.push(await joinGuild(server, owner, general.id, name));
  return { owner, guild, general, people };
}

async function say(user, channelId, content) {
  return expectOk(await call(server, 'POST', `/channels/${channelId}/messages`, { token: user.token, body: { content } }), 200);
}

async function botOnline(t, botToken, intents) {
  const client = new Client({ intents, rest: { api: server.api, cdn: server.url }, waitGuildTimeout: 3_000 });
  t.after(() => client.destroy());
  const ready = waitFor(client, Events.ClientReady);
  await client.login(botToken);
  await ready;
  return client;
}

test('the owner\'s moderation of members is logged newest first, each step with its reason', async () => {
  const { owner, guild, people: [helper, troll, spammer] } = await ownGuildWith('helper', 'troll', 'spammer');
  const role = expectOk(await call(server, 'POST', `/guilds/${guild.id}/roles`, { token: owner.token, body: { name: 'Helpers' } }), 200);
  const mark = await bookmark(owner, guild.id);
  const members = `/guilds/${guild.id}/members`;

  expectOk(await call(server, 'PATCH', `${members}/${helper.id}`, because(owner, 'Asked for a nickname', { nick: 'Sam the Helper' })), 200);
  expectOk(await call(server, 'PATCH', `${members}/${helper.id}`, because(owner, 'Trusted with the pins', { roles: [role.id] })), 200);
  expectOk(await call(server, 'DELETE', `${members}/${troll.id}`, because(owner, 'Spam in #général 🚫')), 204);
  expectOk(await call(server, 'PUT', `/guilds/${guild.id}/bans/${spammer.id}`, because(owner, 'Scam links, twice', {})), 204);
  expectOk(await call(server, 'DELETE', `/guilds/${guild.id}/bans/${spammer.id}`, because(owner, 'Appeal accepted')), 204);

  const log = await entriesSince(owner, guild.id, mark);
  const got = log.audit_log_entries.map(({ action_type, user_id, target_id, reason }) => ({ action_type, user_id, target_id, reason }));
  assert.deepEqual(got, [
    { action_type: AuditLogEvent.MemberBanRemove, user_id: owner.id, target_id: spammer.id, reason: 'Appeal accepted' },
    { action_type: AuditLogEvent.MemberBanAdd, user_id: owner.id, target_id: spammer.id, reason: 'Scam links, twice' },
    { action_type: AuditLogEvent.MemberKick, user_id: owner.id, target_id: troll.id, reason: 'Spam in #général 🚫' },
    { action_type: AuditLogEvent.MemberRoleUpdate, user_id: owner.id, target_id: helper.id, reason: 'Trusted with the pins' },
    { action_type: AuditLogEvent.MemberUpdate, user_id: owner.id, target_id: helper.id, reason: 'Asked for a nickname' },
  ]);
  const [, , , roleUpdate, memberUpdate] = log.audit_log_entries;
  assert.deepEqual(change(roleUpdate, '$add')?.new_value, [{ id: role.id, name: 'Helpers' }], JSON.stringify(roleUpdate));
  const nick = change(memberUpdate, 'nick');
  assert.equal(nick?.new_value, 'Sam the Helper', JSON.stringify(memberUpdate));
  assert.equal(nick.old_value ?? null, null, 'there was no nickname before');

  const ids = log.audit_log_entries.map((entry) => BigInt(entry.id));
  assert.ok(ids.every((id, n) => n === 0 || id < ids[n - 1]), 'newest first');
  const users = log.users.map((user) => user.id);
  for (const who of [owner, helper, troll, spammer]) assert.ok(users.includes(who.id), `${who.username} is among the users`);
  for (const list of ['webhooks', 'integrations', 'threads', 'application_commands', 'auto_moderation_rules', 'guild_scheduled_events']) {
    assert.ok(Array.isArray(log[list]), `${list} is a list`);
  }

  expectOk(await call(server, 'PATCH', `${members}/${helper.id}`, because(owner, 'Stepped down', { roles: [] })), 200);
  const [removed] = await entries(owner, guild.id, '?limit=1');
  assert.equal(removed.action_type, AuditLogEvent.MemberRoleUpdate);
  assert.deepEqual(change(removed, '$remove')?.new_value, [{ id: role.id, name: 'Helpers' }], JSON.stringify(removed));
});

test('roles and channels made, changed and removed are logged with what changed', async () => {
  const { owner, guild } = await ownGuildWith();
  const mark = await bookmark(owner, guild.id);
  const roleBody = { name: 'Moderators', permissions: String(P.KickMembers), color: 0xe67e22 };
  const role = expectOk(await call(server, 'POST', `/guilds/${guild.id}/roles`, because(owner, 'A team for the weekend', roleBody)), 200);
  expectOk(await call(server, 'PATCH', `/guilds/${guild.id}/roles/${role.id}`, because(owner, 'Shorter', { name: 'Mods' })), 200);
  expectOk(await call(server, 'DELETE', `/guilds/${guild.id}/roles/${role.id}`, because(owner, 'Weekend is over')), 204);
  const channel = expectOk(await call(server, 'POST', `/guilds/${guild.id}/channels`,
    because(owner, 'For the newsletter', { name: 'announcements', type: 0 })), 200, 201);
  expectOk(await call(server, 'PATCH', `/channels/${channel.id}`, because(owner, 'Clearer', { name: 'news', topic: 'Only news' })), 200);
  expectOk(await call(server, 'DELETE', `/channels/${channel.id}`, because(owner, 'Nobody reads it')), 200);

  const log = (await entriesSince(owner, guild.id, mark)).audit_log_entries;
  assert.deepEqual(log.map((e) => [e.action_type, e.target_id, e.user_id, e.reason]), [
    [AuditLogEvent.ChannelDelete, channel.id, owner.id, 'Nobody reads it'],
    [AuditLogEvent.ChannelUpdate, channel.id, owner.id, 'Clearer'],
    [AuditLogEvent.ChannelCreate, channel.id, owner.id, 'For the newsletter'],
    [AuditLogEvent.RoleDelete, role.id, owner.id, 'Weekend is over'],
    [AuditLogEvent.RoleUpdate, role.id, owner.id, 'Shorter'],
    [AuditLogEvent.RoleCreate, role.id, owner.id, 'A team for the weekend'],
  ]);
  const [channelDelete, channelUpdate, channelCreate, roleDelete, roleUpdate, roleCreate] = log;
  assert.equal(change(roleCreate, 'name')?.new_value, 'Moderators', JSON.stringify(roleCreate));
  assert.equal(change(roleCreate, 'permissions')?.new_value, String(P.KickMembers));
  assert.equal(change(roleCreate, 'color')?.new_value, 0xe67e22);
  assert.deepEqual([change(roleUpdate, 'name')?.old_value, change(roleUpdate, 'name')?.new_value], ['Moderators', 'Mods']);
  assert.equal(change(roleDelete, 'name')?.old_value, 'Mods', JSON.stringify(roleDelete));
  assert.equal(change(channelCreate, 'name')?.new_value, 'announcements', JSON.stringify(channelCreate));
  assert.equal(change(channelCreate, 'type')?.new_value, 0);
  assert.deepEqual([change(channelUpdate, 'name')?.old_value, change(channelUpdate, 'name')?.new_value], ['announcements', 'news']);
  assert.equal(change(channelUpdate, 'topic')?.new_value, 'Only news', JSON.stringify(channelUpdate));
  assert.equal(change(channelDelete, 'name')?.old_value, 'news', JSON.stringify(channelDelete));
});

test('a new webhook and a moderator deleting someone\'s message are logged; deleting your own is not', async () => {
  const { owner, guild, general, people: [member] } = await ownGuildWith('member');
  const mark = await bookmark(owner, guild.id);
  const webhook = expectOk(await call(server, 'POST', `/channels/${general.id}/webhooks`,
    because(owner, 'CI notifications', { name: 'Deploys' })), 200);
  const spam = await say(member, general.id, 'cheap gold, click here');
  expectOk(await call(server, 'DELETE', `/channels/${general.id}/messages/${spam.id}`, because(owner, 'Spam')), 204);
  const own = await say(owner, general.id, 'typo');
  expectOk(await call(server, 'DELETE', `/channels/${general.id}/messages/${own.id}`, { token: owner.token }), 204);
  const regret = await say(member, general.id, 'oops, wrong channel');
  expectOk(await call(server, 'DELETE', `/channels/${general.id}/messages/${regret.id}`, { token: member.token }), 204);

  const log = await entriesSince(owner, guild.id, mark);
  const [deletion, creation, ...rest] = log.audit_log_entries;
  assert.deepEqual(rest, [], `only two entries: ${JSON.stringify(log.audit_log_entries)}`);
  assert.equal(deletion.action_type, AuditLogEvent.MessageDelete);
  assert.equal(deletion.user_id, owner.id);
  assert.equal(deletion.target_id, member.id, 'the target is whose message it was');
  assert.equal(deletion.reason, 'Spam');
  assert.deepEqual(deletion.options, { channel_id: general.id, count: '1' });

  assert.equal(creation.action_type, AuditLogEvent.WebhookCreate);
  assert.equal(creation.target_id, webhook.id);
  assert.equal(creation.reason, 'CI notifications');
  assert.equal(change(creation, 'name')?.new_value, 'Deploys', JSON.stringify(creation));
  assert.equal(change(creation, 'channel_id')?.new_value, general.id);
  assert.ok(log.webhooks.some((hook) => hook.id === webhook.id), 'the webhook is among the webhooks');
});

test('the log is filtered by who acted, by action and by position, and limited', async () => {
  const { owner, guild, people: [mod, first, second, third] } = await ownGuildWith('mod', 'first', 'second', 'third');
  const role = expectOk(await call(server, 'POST', `/guilds/${guild.id}/roles`, {
    token: owner.token, body: { name: 'Bouncers', permissions: String(P.KickMembers) },
  }), 200);
  expectOk(await call(server, 'PUT', `/guilds/${guild.id}/members/${mod.id}/roles/${role.id}`, { token: owner.token }), 204);
  expectOk(await call(server, 'DELETE', `/guilds/${guild.id}/members/${first.id}`, because(owner, 'first')), 204);
  expectOk(await call(server, 'DELETE', `/guilds/${guild.id}/members/${second.id}`, because(mod, 'second')), 204);
  expectOk(await call(server, 'PUT', `/guilds/${guild.id}/bans/${third.id}`, because(owner, 'third', {})), 204);

  const all = await entries(owner, guild.id);
  assert.ok(all.length >= 5, JSON.stringify(all));

  const byMod = await entries(owner, guild.id, `?user_id=${mod.id}`);
  assert.deepEqual(byMod.map((e) => [e.action_type, e.target_id]), [[AuditLogEvent.MemberKick, second.id]]);

  const kicks = await entries(owner, guild.id, `?action_type=${AuditLogEvent.MemberKick}`);
  assert.deepEqual(kicks.map((e) => [e.user_id, e.target_id]), [[mod.id, second.id], [owner.id, first.id]]);

  const ownerKicks = await entries(owner, guild.id, `?action_type=${AuditLogEvent.MemberKick}&user_id=${owner.id}`);
  assert.deepEqual(ownerKicks.map((e) => e.target_id), [first.id]);

  assert.deepEqual((await entries(owner, guild.id, '?limit=2')).map((e) => e.id), all.slice(0, 2).map((e) => e.id));
  const older = await entries(owner, guild.id, `?before=${all[1].id}`);
  assert.deepEqual(older.map((e) => e.id), all.slice(2).map((e) => e.id), 'before gives what is older, newest first');
  const page = await entries(owner, guild.id, `?before=${all[0].id}&limit=1`);
  assert.deepEqual(page.map((e) => e.id), [all[1].id]);
});

test('a bot reads the kicks with discord.js fetchAuditLogs and sees the reason', async (t) => {
  const { owner, guild, general, botToken } = await communityWithBot(server, { permissions: String(P.ViewAuditLog) });
  const rowdy = await joinGuild(server, owner, general.id, 'rowdy');
  const reason = 'Spoilers in #général, third time 📺';
  expectOk(await call(server, 'DELETE', `/guilds/${guild.id}/members/${rowdy.id}`, because(owner, reason)), 204);

  const client = await botOnline(t, botToken, [GatewayIntentBits.Guilds]);
  const logs = await client.guilds.cache.get(guild.id).fetchAuditLogs({ type: AuditLogEvent.MemberKick });
  assert.equal(logs.entries.size, 1);
  const kick = logs.entries.first();
  assert.equal(kick.action, AuditLogEvent.MemberKick);
  assert.equal(kick.executorId, owner.id);
  assert.equal(kick.executor?.username, owner.username);
  assert.equal(kick.targetId, rowdy.id);
  assert.equal(kick.reason, reason);
});

test('a bot with GuildModeration and VIEW_AUDIT_LOG hears each new entry as it is made', async (t) => {
  const { owner, guild, general, botToken } = await communityWithBot(server, { permissions: String(P.ViewAuditLog) });
  const cheat = await joinGuild(server, owner, general.id, 'cheat');
  const client = await botOnline(t, botToken, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildModeration]);
  const withoutIntent = await connect(gatewayUrl(server));
  t.after(() => withoutIntent.close());
  await withoutIntent.next((p) => p.op === 10);
  const intents = GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages;
  withoutIntent.send(2, { token: botToken, intents, properties: { os: 'linux', browser: 'test', device: 'test' } });
  await withoutIntent.dispatch('READY');

  const heard = nextEvent(client, Events.GuildAuditLogEntryCreate, (entry) => entry.action === AuditLogEvent.MemberBanAdd);
  const reason = 'Aimbot — caught on stream';
  expectOk(await call(server, 'PUT', `/guilds/${guild.id}/bans/${cheat.id}`, because(owner, reason, {})), 204);
  const [entry, where] = await heard;
  assert.equal(where.id, guild.id);
  assert.equal(entry.executorId, owner.id);
  assert.equal(entry.targetId, cheat.id);
  assert.equal(entry.reason, reason);
  const [logged] = await entries(owner, guild.id, '?limit=1');
  assert.equal(entry.id, logged.id, 'the same entry the log lists');

  const marker = expectOk(await call(server, 'POST', `/channels/${general.id}/messages`, {
    token: `Bot ${botToken}`, body: { content: 'ban noted' },
  }), 200);
  await withoutIntent.next((p) => p.t === 'MESSAGE_CREATE' && p.d.id === marker.id);
  assert.deepEqual(withoutIntent.received.filter((p) => p.t === 'GUILD_AUDIT_LOG_ENTRY_CREATE'), [],
    'a session of the same bot without GuildModeration hears nothing');
});

test('a member without VIEW_AUDIT_LOG neither reads the log nor hears of new entries', async (t) => {
  const { owner, guild, general, botToken } = await communityWithBot(server, { permissions: String(P.ViewAuditLog) });
  const member = await joinGuild(server, owner, general.id, 'member');
  const client = await botOnline(t, botToken, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildModeration]);
  const gateway = await connect(gatewayUrl(server));
  t.after(() => gateway.close());
  await gateway.next((p) => p.op === 10);
  gateway.send(2, { token: member.token, properties: { os: 'linux', browser: 'test' } });
  await gateway.dispatch('READY');

  expectError(await auditLog(member, guild.id), 403, 50013);
  const botHeard = waitFor(client, Events.GuildAuditLogEntryCreate, (entry) => entry.action === AuditLogEvent.RoleCreate);
  const role = expectOk(await call(server, 'POST', `/guilds/${guild.id}/roles`, {
    token: owner.token, body: { name: 'Auditors', permissions: String(P.ViewAuditLog) },
  }), 200);
  await botHeard;
  const marker = await say(member, general.id, 'anything new?');
  await gateway.next((p) => p.t === 'MESSAGE_CREATE' && p.d.id === marker.id);
  assert.deepEqual(gateway.received.filter((p) => p.t === 'GUILD_AUDIT_LOG_ENTRY_CREATE'), [], 'the member heard nothing');

  expectOk(await call(server, 'PUT', `/guilds/${guild.id}/members/${member.id}/roles/${role.id}`, { token: owner.token }), 204);
  const log = await entries(member, guild.id);
  assert.ok(log.some((entry) => entry.target_id === role.id), 'with the Auditors role the log opens');
});

test('someone outside the guild cannot read its audit log', async () => {
  const { owner, guild } = await ownGuildWith();
  expectOk(await call(server, 'PATCH', `/guilds/${guild.id}`, because(owner, 'Rebrand', { name: 'Town Hall' })), 200);
  const stranger = await registerUser(server, 'stranger');
  expectError(await auditLog(stranger, guild.id), 403, 50001);
  expectError(await auditLog(stranger, '1234567890123456789'), 404, 10004);
  expectError(await call(server, 'GET', `/guilds/${guild.id}/audit-logs`), 401, 0);
});
