// What a community's owner and its members do with a guild: channels, roles, invites, moderation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { call, createBot, expectError, registerUser, startAccord } from '../support/accord.js';
import { authorizeBot, createGuild, waitFor } from '../support/community.js';

let server;
before(async () => { server = await startAccord(); });
after(async () => { await server.stop(); });

const bits = (...flags) => flags.reduce((sum, flag) => sum | flag, 0n).toString();

function expectStatus(response, status) {
  assert.equal(response.status, status, `expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

async function createRole(owner, guildId, body) {
  return expectStatus(await call(server, 'POST', `/guilds/${guildId}/roles`, { token: owner.token, body }), 200);
}

async function createInvite(owner, channelId, body = { max_age: 0 }) {
  return expectStatus(await call(server, 'POST', `/channels/${channelId}/invites`, { token: owner.token, body }), 200);
}

async function join(user, code) {
  return expectStatus(await call(server, 'POST', `/invites/${code}`, { token: user.token }), 200);
}

async function giveRole(owner, guildId, user, roleId) {
  expectStatus(await call(server, 'PUT', `/guilds/${guildId}/members/${user.id}/roles/${roleId}`, { token: owner.token }), 204);
}

// An owner, their guild, and a second user who joined it through an invite.
async function guildWithMember(guildName = 'Test Guild') {
  const owner = await registerUser(server, 'owner');
  const { guild, general } = await createGuild(server, owner, guildName);
  const member = await registerUser(server, 'member');
  const invite = await createInvite(owner, general.id);
  await join(member, invite.code);
  return { owner, guild, general, member, invite };
}

async function privateChannel(owner, guild, roleId, name = 'staff-room') {
  return expectStatus(await call(server, 'POST', `/guilds/${guild.id}/channels`, {
    token: owner.token,
    body: {
      name,
      type: 0,
      permission_overwrites: [
        { id: guild.id, type: 0, allow: '0', deny: bits(P.ViewChannel) },
        { id: roleId, type: 0, allow: bits(P.ViewChannel), deny: '0' },
      ],
    },
  }), 201);
}

test('an owner creates a guild and finds the default channels and @everyone', async () => {
  const owner = await registerUser(server, 'founder');
  const created = await call(server, 'POST', '/guilds', { token: owner.token, body: { name: 'Book Club' } });
  const guild = expectStatus(created, 201);
  assert.equal(guild.name, 'Book Club');
  assert.equal(guild.owner_id, owner.id);

  const textCategory = guild.channels.find((c) => c.name === 'Text Channels');
  const voiceCategory = guild.channels.find((c) => c.name === 'Voice Channels');
  assert.equal(textCategory.type, 4);
  assert.equal(voiceCategory.type, 4);
  const general = guild.channels.find((c) => c.name === 'general');
  assert.equal(general.type, 0);
  assert.equal(general.parent_id, textCategory.id);
  const voice = guild.channels.find((c) => c.name === 'General');
  assert.equal(voice.type, 2);
  assert.equal(voice.parent_id, voiceCategory.id);

  assert.equal(guild.roles.length, 1);
  const [everyone] = guild.roles;
  assert.equal(everyone.id, guild.id, '@everyone has the guild id');
  assert.equal(everyone.name, '@everyone');
  assert.equal(everyone.permissions, '1071698660929');
  assert.equal(everyone.position, 0);

  const fetched = expectStatus(await call(server, 'GET', `/guilds/${guild.id}?with_counts=true`, { token: owner.token }), 200);
  assert.equal(fetched.name, 'Book Club');
  assert.deepEqual(fetched.roles, guild.roles);
  assert.equal(fetched.approximate_member_count, 1);

  const channels = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/channels`, { token: owner.token }), 200);
  assert.deepEqual(channels.map((c) => c.id).sort(), guild.channels.map((c) => c.id).sort());

  const mine = expectStatus(await call(server, 'GET', '/users/@me/guilds', { token: owner.token }), 200);
  const listed = mine.find((g) => g.id === guild.id);
  assert.equal(listed.owner, true);
  assert.equal(listed.name, 'Book Club');
});

test('an owner creates roles with a name, colour, hoist and permissions given as strings', async () => {
  const owner = await registerUser(server, 'roleowner');
  const { guild } = await createGuild(server, owner);
  const moderatorPermissions = bits(P.KickMembers, P.BanMembers, P.ManageMessages, P.ModerateMembers);
  const moderators = await createRole(owner, guild.id, {
    name: 'Moderators', color: 0x3498db, hoist: true, permissions: moderatorPermissions,
  });
  assert.equal(moderators.name, 'Moderators');
  assert.equal(moderators.color, 0x3498db);
  assert.equal(moderators.hoist, true);
  assert.equal(moderators.permissions, moderatorPermissions, 'bits past 32 (MODERATE_MEMBERS) survive as a string');
  assert.equal(moderators.managed, false);
  assert.equal(moderators.mentionable, false);

  const edited = expectStatus(await call(server, 'PATCH', `/guilds/${guild.id}/roles/${moderators.id}`, {
    token: owner.token, body: { name: 'Mods', mentionable: true },
  }), 200);
  assert.equal(edited.name, 'Mods');
  assert.equal(edited.mentionable, true);
  assert.equal(edited.color, 0x3498db, 'fields not sent stay as they were');

  const roles = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/roles`, { token: owner.token }), 200);
  const listed = roles.find((r) => r.id === moderators.id);
  assert.equal(listed.name, 'Mods');
  assert.equal(listed.permissions, moderatorPermissions);
  assert.equal(listed.hoist, true);
  assert.equal(roles.find((r) => r.id === guild.id).position, 0);
});

test('an owner makes a private channel that @everyone cannot see and one role can', async () => {
  const owner = await registerUser(server, 'channelowner');
  const { guild } = await createGuild(server, owner);
  const staff = await createRole(owner, guild.id, { name: 'Staff' });
  const channel = await privateChannel(owner, guild, staff.id, 'Staff Room');
  assert.equal(channel.name, 'staff-room', 'text channel names are lower-cased and dashed');
  const expected = [
    { id: guild.id, type: 0, allow: '0', deny: bits(P.ViewChannel) },
    { id: staff.id, type: 0, allow: bits(P.ViewChannel), deny: '0' },
  ];
  const byId = (a, b) => a.id.localeCompare(b.id);
  assert.deepEqual([...channel.permission_overwrites].sort(byId), [...expected].sort(byId));

  const fetched = expectStatus(await call(server, 'GET', `/channels/${channel.id}`, { token: owner.token }), 200);
  assert.deepEqual([...fetched.permission_overwrites].sort(byId), [...expected].sort(byId));
});

test('an owner changes a channel overwrite with PUT and removes it with DELETE', async () => {
  const { owner, general, member } = await guildWithMember();
  const put = await call(server, 'PUT', `/channels/${general.id}/permissions/${member.id}`, {
    token: owner.token, body: { type: 1, allow: '0', deny: bits(P.SendMessages) },
  });
  expectStatus(put, 204);
  let channel = expectStatus(await call(server, 'GET', `/channels/${general.id}`, { token: owner.token }), 200);
  assert.deepEqual(channel.permission_overwrites, [{ id: member.id, type: 1, allow: '0', deny: bits(P.SendMessages) }]);
  const muted = await call(server, 'POST', `/channels/${general.id}/messages`, { token: member.token, body: { content: 'hi' } });
  expectError(muted, 403, 50013);

  expectStatus(await call(server, 'DELETE', `/channels/${general.id}/permissions/${member.id}`, { token: owner.token }), 204);
  channel = expectStatus(await call(server, 'GET', `/channels/${general.id}`, { token: owner.token }), 200);
  assert.deepEqual(channel.permission_overwrites, []);
  const spoken = await call(server, 'POST', `/channels/${general.id}/messages`, { token: member.token, body: { content: 'hi' } });
  expectStatus(spoken, 200);
});

test('a second user looks an invite up without logging in, then joins through it', async () => {
  const owner = await registerUser(server, 'host');
  const { guild, general } = await createGuild(server, owner, 'Chess Club');
  const invite = await createInvite(owner, general.id, { max_age: 3600, max_uses: 5 });
  assert.match(invite.code, /^[A-Za-z0-9]+$/);
  assert.equal(invite.max_uses, 5);
  assert.equal(invite.max_age, 3600);
  assert.equal(invite.uses, 0);

  const preview = expectStatus(await call(server, 'GET', `/invites/${invite.code}?with_counts=true`), 200);
  assert.equal(preview.code, invite.code);
  assert.equal(preview.guild.id, guild.id);
  assert.equal(preview.guild.name, 'Chess Club');
  assert.equal(preview.channel.id, general.id);
  assert.equal(preview.channel.name, 'general');
  assert.equal(preview.inviter.id, owner.id);
  assert.equal(preview.approximate_member_count, 1);
  assert.ok(preview.expires_at, 'an invite with max_age says when it expires');

  const guest = await registerUser(server, 'guest');
  const joined = await join(guest, invite.code);
  assert.equal(joined.guild.id, guild.id);

  const after = expectStatus(await call(server, 'GET', `/invites/${invite.code}?with_counts=true`), 200);
  assert.equal(after.approximate_member_count, 2);
  const member = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/members/${guest.id}`, { token: owner.token }), 200);
  assert.equal(member.user.id, guest.id);
  assert.deepEqual(member.roles, []);
  const theirs = expectStatus(await call(server, 'GET', '/users/@me/guilds', { token: guest.token }), 200);
  assert.equal(theirs.find((g) => g.id === guild.id)?.owner, false);
  const invites = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/invites`, { token: owner.token }), 200);
  assert.equal(invites.find((i) => i.code === invite.code).uses, 1);
});

test('an invite with max_uses stops working once it is used up', async () => {
  const owner = await registerUser(server, 'limitedhost');
  const { guild, general } = await createGuild(server, owner);
  const invite = await createInvite(owner, general.id, { max_age: 0, max_uses: 1, unique: true });
  const first = await registerUser(server, 'first');
  await join(first, invite.code);

  const second = await registerUser(server, 'second');
  expectError(await call(server, 'POST', `/invites/${invite.code}`, { token: second.token }), 404, 10006);
  expectError(await call(server, 'GET', `/invites/${invite.code}`), 404, 10006);
  const counted = expectStatus(await call(server, 'GET', `/guilds/${guild.id}?with_counts=true`, { token: owner.token }), 200);
  assert.equal(counted.approximate_member_count, 2);
  expectError(await call(server, 'GET', `/guilds/${guild.id}`, { token: second.token }), 403, 50001);
});

test('a member cannot see a private channel until they are given its role', async () => {
  const { owner, guild, member } = await guildWithMember();
  const staff = await createRole(owner, guild.id, { name: 'Staff' });
  const room = await privateChannel(owner, guild, staff.id);
  expectStatus(await call(server, 'POST', `/channels/${room.id}/messages`, {
    token: owner.token, body: { content: 'staff only' },
  }), 200);

  const listed = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/channels`, { token: member.token }), 200);
  assert.ok(!listed.some((c) => c.id === room.id), 'the private channel is not listed');
  assert.ok(listed.some((c) => c.name === 'general'));
  expectError(await call(server, 'GET', `/channels/${room.id}`, { token: member.token }), 403, 50001);
  expectError(await call(server, 'GET', `/channels/${room.id}/messages`, { token: member.token }), 403, 50001);

  await giveRole(owner, guild.id, member, staff.id);
  const relisted = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/channels`, { token: member.token }), 200);
  assert.ok(relisted.some((c) => c.id === room.id), 'the role reveals the channel');
  const history = expectStatus(await call(server, 'GET', `/channels/${room.id}/messages`, { token: member.token }), 200);
  assert.deepEqual(history.map((m) => m.content), ['staff only']);
});

// Admins (3) > Moderators (2, MANAGE_ROLES) > Helpers (1), and a moderator who holds Moderators.
async function guildWithModerator() {
  const community = await guildWithMember();
  const { owner, guild, member: moderator } = community;
  const admins = await createRole(owner, guild.id, { name: 'Admins', permissions: bits(P.ManageRoles, P.BanMembers) });
  const moderators = await createRole(owner, guild.id, { name: 'Moderators', permissions: bits(P.ManageRoles, P.KickMembers) });
  const helpers = await createRole(owner, guild.id, { name: 'Helpers', permissions: '0' });
  const roles = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/roles`, { token: owner.token }), 200);
  const position = (id) => roles.find((r) => r.id === id).position;
  assert.ok(position(admins.id) > position(moderators.id) && position(moderators.id) > position(helpers.id),
    'each new role is created at the bottom, just above @everyone');
  await giveRole(owner, guild.id, moderator, moderators.id);
  return { ...community, moderator, admins, moderators, helpers };
}

test('a moderator with MANAGE_ROLES edits roles below their own but not theirs or any above', async () => {
  const { guild, moderator, admins, moderators, helpers } = await guildWithModerator();
  const below = await call(server, 'PATCH', `/guilds/${guild.id}/roles/${helpers.id}`, {
    token: moderator.token, body: { name: 'Trusted Helpers' },
  });
  assert.equal(expectStatus(below, 200).name, 'Trusted Helpers');

  for (const role of [moderators, admins]) {
    const refused = await call(server, 'PATCH', `/guilds/${guild.id}/roles/${role.id}`, {
      token: moderator.token, body: { name: 'Pwned' },
    });
    expectError(refused, 403, 50013);
  }
  const roles = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/roles`, { token: moderator.token }), 200);
  assert.equal(roles.find((r) => r.id === moderators.id).name, 'Moderators');
  assert.equal(roles.find((r) => r.id === admins.id).name, 'Admins');
});

test('a moderator cannot give a role a permission they do not hold', async () => {
  const { guild, moderator, helpers } = await guildWithModerator();
  const refused = await call(server, 'PATCH', `/guilds/${guild.id}/roles/${helpers.id}`, {
    token: moderator.token, body: { permissions: bits(P.BanMembers) },
  });
  expectError(refused, 403, 50013);
  const created = await call(server, 'POST', `/guilds/${guild.id}/roles`, {
    token: moderator.token, body: { name: 'Sneaky', permissions: bits(P.Administrator) },
  });
  expectError(created, 403, 50013);
  const roles = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/roles`, { token: moderator.token }), 200);
  assert.equal(roles.find((r) => r.id === helpers.id).permissions, '0');
  assert.ok(!roles.some((r) => r.name === 'Sneaky'));
});

test('a moderator hands out roles below their own but not their own or higher', async () => {
  const { owner, guild, invite, moderator, admins, moderators, helpers } = await guildWithModerator();
  const newcomer = await registerUser(server, 'newcomer');
  await join(newcomer, invite.code);

  const path = (roleId) => `/guilds/${guild.id}/members/${newcomer.id}/roles/${roleId}`;
  expectStatus(await call(server, 'PUT', path(helpers.id), { token: moderator.token }), 204);
  expectError(await call(server, 'PUT', path(moderators.id), { token: moderator.token }), 403, 50013);
  expectError(await call(server, 'PUT', path(admins.id), { token: moderator.token }), 403, 50013);
  const self = await call(server, 'PUT', `/guilds/${guild.id}/members/${moderator.id}/roles/${admins.id}`, { token: moderator.token });
  expectError(self, 403, 50013);

  const member = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/members/${newcomer.id}`, { token: owner.token }), 200);
  assert.deepEqual(member.roles, [helpers.id]);
});

test('a moderator cannot move a role above their own or delete a role above them', async () => {
  const { owner, guild, moderator, admins, moderators, helpers } = await guildWithModerator();
  const before = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/roles`, { token: owner.token }), 200);
  const position = (roles, id) => roles.find((r) => r.id === id).position;

  const raise = await call(server, 'PATCH', `/guilds/${guild.id}/roles`, {
    token: moderator.token, body: [{ id: helpers.id, position: position(before, admins.id) }],
  });
  expectError(raise, 403, 50013);
  expectError(await call(server, 'DELETE', `/guilds/${guild.id}/roles/${admins.id}`, { token: moderator.token }), 403, 50013);
  expectError(await call(server, 'DELETE', `/guilds/${guild.id}/roles/${moderators.id}`, { token: moderator.token }), 403, 50013);

  const after = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/roles`, { token: owner.token }), 200);
  assert.deepEqual(after, before);
});

test('a kicked member loses the guild but may come back through an invite', async () => {
  const { owner, guild, member, invite } = await guildWithMember();
  expectStatus(await call(server, 'DELETE', `/guilds/${guild.id}/members/${member.id}`, { token: owner.token }), 204);

  expectError(await call(server, 'GET', `/guilds/${guild.id}`, { token: member.token }), 403, 50001);
  expectError(await call(server, 'GET', `/guilds/${guild.id}/members/${member.id}`, { token: owner.token }), 404, 10007);
  const theirs = expectStatus(await call(server, 'GET', '/users/@me/guilds', { token: member.token }), 200);
  assert.ok(!theirs.some((g) => g.id === guild.id));

  await join(member, invite.code);
  expectStatus(await call(server, 'GET', `/guilds/${guild.id}`, { token: member.token }), 200);
});

test('a moderator with KICK_MEMBERS cannot kick the owner or someone ranked as high as they are', async () => {
  const { owner, guild, invite, moderator, moderators } = await guildWithModerator();
  const peer = await registerUser(server, 'peer');
  await join(peer, invite.code);
  await giveRole(owner, guild.id, peer, moderators.id);

  expectError(await call(server, 'DELETE', `/guilds/${guild.id}/members/${owner.id}`, { token: moderator.token }), 403, 50013);
  expectError(await call(server, 'DELETE', `/guilds/${guild.id}/members/${peer.id}`, { token: moderator.token }), 403, 50013);
  expectStatus(await call(server, 'GET', `/guilds/${guild.id}/members/${peer.id}`, { token: owner.token }), 200);
});

test('a banned user cannot come back through an invite until they are unbanned', async () => {
  const { owner, guild, member, invite } = await guildWithMember();
  expectStatus(await call(server, 'PUT', `/guilds/${guild.id}/bans/${member.id}`, { token: owner.token, body: {} }), 204);
  expectError(await call(server, 'GET', `/guilds/${guild.id}/members/${member.id}`, { token: owner.token }), 404, 10007);

  expectError(await call(server, 'POST', `/invites/${invite.code}`, { token: member.token }), 403, 40007);
  expectError(await call(server, 'GET', `/guilds/${guild.id}`, { token: member.token }), 403, 50001);

  expectStatus(await call(server, 'DELETE', `/guilds/${guild.id}/bans/${member.id}`, { token: owner.token }), 204);
  expectError(await call(server, 'GET', `/guilds/${guild.id}/bans/${member.id}`, { token: owner.token }), 404, 10026);
  await join(member, invite.code);
  expectStatus(await call(server, 'GET', `/guilds/${guild.id}/members/${member.id}`, { token: owner.token }), 200);
});

test('a ban keeps the audit-log reason, decoded as Discord sends it', async () => {
  const { owner, guild, member } = await guildWithMember();
  const reason = 'spam & scam links — again';
  const banned = await call(server, 'PUT', `/guilds/${guild.id}/bans/${member.id}`, {
    token: owner.token, body: { delete_message_seconds: 0 },
    headers: { 'x-audit-log-reason': encodeURIComponent(reason) }, // discord.js and discord.py URL-encode it
  });
  expectStatus(banned, 204);
  const ban = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/bans/${member.id}`, { token: owner.token }), 200);
  assert.equal(ban.user.id, member.id);
  assert.equal(ban.reason, reason);
  const bans = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/bans`, { token: owner.token }), 200);
  assert.deepEqual(bans.map((b) => [b.user.id, b.reason]), [[member.id, reason]]);
});

test('a ban with delete_message_seconds removes the banned user\'s recent messages', async () => {
  const { owner, guild, general, member } = await guildWithMember();
  for (const content of ['buy cheap stuff', 'click here']) {
    expectStatus(await call(server, 'POST', `/channels/${general.id}/messages`, { token: member.token, body: { content } }), 200);
  }
  expectStatus(await call(server, 'POST', `/channels/${general.id}/messages`, { token: owner.token, body: { content: 'stop that' } }), 200);
  expectStatus(await call(server, 'PUT', `/guilds/${guild.id}/bans/${member.id}`, {
    token: owner.token, body: { delete_message_seconds: 3600 },
  }), 204);
  const history = expectStatus(await call(server, 'GET', `/channels/${general.id}/messages`, { token: owner.token }), 200);
  assert.deepEqual(history.map((m) => m.content), ['stop that']);
});

test('a member sets their own nickname and the owner changes or clears it', async () => {
  const { owner, guild, member } = await guildWithMember();
  const own = await call(server, 'PATCH', `/guilds/${guild.id}/members/@me`, { token: member.token, body: { nick: 'Sunny' } });
  assert.equal(expectStatus(own, 200).nick, 'Sunny');
  let seen = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/members/${member.id}`, { token: owner.token }), 200);
  assert.equal(seen.nick, 'Sunny');

  const moderated = await call(server, 'PATCH', `/guilds/${guild.id}/members/${member.id}`, {
    token: owner.token, body: { nick: 'Please Behave' },
  });
  assert.equal(expectStatus(moderated, 200).nick, 'Please Behave');
  const cleared = await call(server, 'PATCH', `/guilds/${guild.id}/members/${member.id}`, { token: owner.token, body: { nick: null } });
  assert.equal(expectStatus(cleared, 200).nick, null);
  seen = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/members/${member.id}`, { token: member.token }), 200);
  assert.equal(seen.nick, null);
});

test('a member without MANAGE_NICKNAMES cannot rename someone else', async () => {
  const { owner, guild, member } = await guildWithMember();
  const refused = await call(server, 'PATCH', `/guilds/${guild.id}/members/${owner.id}`, {
    token: member.token, body: { nick: 'The Boss' },
  });
  expectError(refused, 403, 50013);
  const ownerMember = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/members/${owner.id}`, { token: owner.token }), 200);
  assert.equal(ownerMember.nick, null);
});

test('a member cannot change their own nickname once @everyone loses CHANGE_NICKNAME', async () => {
  const { owner, guild, member } = await guildWithMember();
  const withoutNick = (BigInt('1071698660929') & ~P.ChangeNickname).toString();
  expectStatus(await call(server, 'PATCH', `/guilds/${guild.id}/roles/${guild.id}`, {
    token: owner.token, body: { permissions: withoutNick },
  }), 200);
  const refused = await call(server, 'PATCH', `/guilds/${guild.id}/members/@me`, { token: member.token, body: { nick: 'Sunny' } });
  expectError(refused, 403, 50013);
});

test('a member leaves a guild and it disappears from their list', async () => {
  const { owner, guild, member } = await guildWithMember();
  expectStatus(await call(server, 'DELETE', `/users/@me/guilds/${guild.id}`, { token: member.token }), 204);
  const theirs = expectStatus(await call(server, 'GET', '/users/@me/guilds', { token: member.token }), 200);
  assert.ok(!theirs.some((g) => g.id === guild.id));
  expectError(await call(server, 'GET', `/guilds/${guild.id}`, { token: member.token }), 403, 50001);
  const members = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/members?limit=10`, { token: owner.token }), 200);
  assert.deepEqual(members.map((m) => m.user.id), [owner.id]);
});

test('the owner cannot leave their own guild', async () => {
  const owner = await registerUser(server, 'captain');
  const { guild } = await createGuild(server, owner);
  expectError(await call(server, 'DELETE', `/users/@me/guilds/${guild.id}`, { token: owner.token }), 400, 50055);
  expectStatus(await call(server, 'GET', `/guilds/${guild.id}`, { token: owner.token }), 200);
});

test('only the owner can delete a guild, and then it is gone for everyone', async () => {
  const { owner, guild, general, member, invite } = await guildWithMember();
  const admins = await createRole(owner, guild.id, { name: 'Admins', permissions: bits(P.Administrator) });
  await giveRole(owner, guild.id, member, admins.id);

  const refused = await call(server, 'DELETE', `/guilds/${guild.id}`, { token: member.token });
  assert.equal(refused.status, 403, 'even an administrator is not the owner');
  assert.ok([50001, 50013].includes(refused.body.code), JSON.stringify(refused.body));
  expectStatus(await call(server, 'GET', `/guilds/${guild.id}`, { token: owner.token }), 200);

  expectStatus(await call(server, 'DELETE', `/guilds/${guild.id}`, { token: owner.token }), 204);
  expectError(await call(server, 'GET', `/guilds/${guild.id}`, { token: owner.token }), 404, 10004);
  expectError(await call(server, 'GET', `/channels/${general.id}`, { token: owner.token }), 404, 10003);
  expectError(await call(server, 'GET', `/invites/${invite.code}`), 404, 10006);
  for (const user of [owner, member]) {
    const theirs = expectStatus(await call(server, 'GET', '/users/@me/guilds', { token: user.token }), 200);
    assert.ok(!theirs.some((g) => g.id === guild.id));
  }
});

test('a discord.js bot sees the guild\'s channels, roles and overwrites exactly as the owner set them', async () => {
  const owner = await registerUser(server, 'architect');
  const { guild } = await createGuild(server, owner, 'Workshop');
  const moderatorPermissions = bits(P.KickMembers, P.BanMembers, P.ManageMessages, P.ModerateMembers);
  const moderators = await createRole(owner, guild.id, {
    name: 'Moderators', color: 0xe67e22, hoist: true, permissions: moderatorPermissions,
  });
  const regulars = await createRole(owner, guild.id, { name: 'Regulars', color: 0x2ecc71, permissions: bits(P.AttachFiles) });
  const category = expectStatus(await call(server, 'POST', `/guilds/${guild.id}/channels`, {
    token: owner.token, body: { name: 'Staff Area', type: 4, position: 2 },
  }), 201);
  const staffOverwrites = [
    { id: guild.id, type: 0, allow: '0', deny: bits(P.ViewChannel) },
    { id: moderators.id, type: 0, allow: bits(P.ViewChannel, P.SendMessages), deny: '0' },
    { id: regulars.id, type: 0, allow: '0', deny: bits(P.SendMessages) },
  ];
  const staff = expectStatus(await call(server, 'POST', `/guilds/${guild.id}/channels`, {
    token: owner.token,
    body: { name: 'staff', type: 0, position: 3, parent_id: category.id, topic: 'for the team', permission_overwrites: staffOverwrites },
  }), 201);
  const secret = expectStatus(await call(server, 'POST', `/guilds/${guild.id}/channels`, {
    token: owner.token,
    body: {
      name: 'secret', type: 0, position: 4, parent_id: category.id,
      permission_overwrites: [{ id: guild.id, type: 0, allow: '0', deny: bits(P.ViewChannel) }],
    },
  }), 201);

  const { application, token: botToken } = await createBot(server, owner, 'Inspector Bot');
  const botPermissions = bits(P.ViewChannel, P.SendMessages, P.ReadMessageHistory);
  await authorizeBot(server, owner, application, guild.id, botPermissions);
  const botUser = { id: application.id }; // a bot user has its application's id
  await giveRole(owner, guild.id, botUser, moderators.id);
  // The owner puts the roles in the order they want, the bot's own role at the bottom.
  let roles = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/roles`, { token: owner.token }), 200);
  const botRole = roles.find((r) => r.managed);
  roles = expectStatus(await call(server, 'PATCH', `/guilds/${guild.id}/roles`, {
    token: owner.token,
    body: [{ id: moderators.id, position: 3 }, { id: regulars.id, position: 2 }, { id: botRole.id, position: 1 }],
  }), 200);
  const channels = expectStatus(await call(server, 'GET', `/guilds/${guild.id}/channels`, { token: owner.token }), 200);

  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: server.api, cdn: `${server.url}/cdn` },
    waitGuildTimeout: 3_000,
  });
  try {
    const ready = waitFor(client, Events.ClientReady);
    await client.login(botToken);
    await ready;
    const cached = client.guilds.cache.get(guild.id);
    assert.ok(cached, 'the guild is cached');
    assert.equal(cached.name, 'Workshop');
    assert.equal(cached.ownerId, owner.id);

    const expectedRoles = new Map([
      [guild.id, { name: '@everyone', position: 0, permissions: '1071698660929', color: 0, hoist: false, managed: false }],
      [moderators.id, { name: 'Moderators', position: 3, permissions: moderatorPermissions, color: 0xe67e22, hoist: true, managed: false }],
      [regulars.id, { name: 'Regulars', position: 2, permissions: bits(P.AttachFiles), color: 0x2ecc71, hoist: false, managed: false }],
      [botRole.id, { name: 'Inspector Bot', position: 1, permissions: botPermissions, color: 0, hoist: false, managed: true }],
    ]);
    assert.deepEqual(roles.map((r) => r.id).sort(), [...expectedRoles.keys()].sort(), 'REST agrees on the roles');
    assert.deepEqual([...cached.roles.cache.keys()].sort(), [...expectedRoles.keys()].sort());
    for (const [id, expected] of expectedRoles) {
      const role = cached.roles.cache.get(id);
      assert.deepEqual({
        name: role.name, position: role.rawPosition, permissions: role.permissions.bitfield.toString(),
        color: role.color, hoist: role.hoist, managed: role.managed,
      }, expected, `role ${expected.name}`);
    }
    assert.equal(cached.roles.botRoleFor(client.user)?.id, botRole.id, 'the managed role is tagged with the bot');

    const visible = channels.filter((c) => c.id !== secret.id);
    assert.deepEqual([...cached.channels.cache.keys()].sort(), visible.map((c) => c.id).sort(),
      'every channel the bot may view, and nothing else');
    assert.equal(client.channels.cache.get(secret.id), undefined, '#secret is not cached anywhere');
    for (const expected of visible) {
      const channel = cached.channels.cache.get(expected.id);
      assert.deepEqual(
        { name: channel.name, type: channel.type, position: channel.rawPosition, parent: channel.parentId },
        { name: expected.name, type: expected.type, position: expected.position, parent: expected.parent_id },
        `channel ${expected.name}`);
    }
    const cachedStaff = cached.channels.cache.get(staff.id);
    assert.equal(cachedStaff.topic, 'for the team');
    assert.equal(cachedStaff.rawPosition, 3);
    assert.equal(cachedStaff.parentId, category.id);
    const overwrites = [...cachedStaff.permissionOverwrites.cache.values()]
      .map((o) => ({ id: o.id, type: o.type, allow: o.allow.bitfield.toString(), deny: o.deny.bitfield.toString() }))
      .sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(overwrites, [...staffOverwrites].sort((a, b) => a.id.localeCompare(b.id)));

    const me = cached.members.me;
    assert.ok(me.roles.cache.has(moderators.id));
    assert.ok(cachedStaff.permissionsFor(me).has(P.ViewChannel), 'Moderators opens #staff to the bot');
    assert.ok(cachedStaff.permissionsFor(me).has(P.KickMembers));
    assert.ok(!cachedStaff.permissionsFor(me).has(P.ManageChannels));
  } finally {
    await client.destroy();
  }
});
