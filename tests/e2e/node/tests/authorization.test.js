// Who may call what: every route that names a guild, channel, role, member, invite or message, called
// by someone without a token, by someone outside the guild, and by a member without the permission.
// Each refusal must carry the right code, give nothing of the guild away, and change nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { call, createBot, registerUser, startAccord } from '../support/accord.js';
import { createGuild } from '../support/community.js';
import { dataUri, gradientPng } from '../support/images.js';

const bits = (...flags) => flags.reduce((sum, flag) => sum | flag, 0n).toString();

// The outcomes a row may expect; an array means any one of them is right.
const UNAUTHORIZED = { status: 401, body: { message: '401: Unauthorized', code: 0 } };
const HIDDEN = { status: 403, code: 50001 }; // Missing Access: not theirs to see
const FORBIDDEN = { status: 403, code: 50013 }; // Missing Permissions
const NOT_IN_GUILD = [HIDDEN, { status: 404, code: 10004 }];
const NOT_THE_OWNER = [HIDDEN, FORBIDDEN];
const ALLOWED = null; // this caller may do it; the row is not part of that caller's matrix

// Names and texts that only someone who can see the guild may learn.
const SECRETS = ['Town Hall Secret', 'vault-q7', 'notices-q7', 'Keepers-x', 'swordfish', 'combination', 'mayors-office',
  'vault-audit', 'seal_q7'];

let server;
let town; // ids by name, for the `:name` placeholders below, and the users who act
before(async () => {
  server = await startAccord();
  town = await buildTown();
});
after(async () => { await server.stop(); });

async function ok(promise, status) {
  const response = await promise;
  assert.equal(response.status, status, `setup: ${JSON.stringify(response.body)}`);
  return response.body;
}

// The mayor's town: #general, a #vault only the mayor sees, a #notices members may only look at,
// a Keepers role, a neighbour who holds it, an exile who is banned, and a message in each channel.
// A clerk manages channels and roles, a steward manages the guild; neither holds anything else.
// A stranger owns a guild of their own elsewhere, with a bot application.
async function buildTown() {
  const [mayor, resident, neighbour, exile, clerk, steward, stranger] = await Promise.all(
    ['mayor', 'resident', 'neighbour', 'exile', 'clerk', 'steward', 'stranger'].map((name) => registerUser(server, name)));
  const as = (user) => ({ token: user.token });
  const { guild, general } = await createGuild(server, mayor, 'Town Hall Secret');
  const role = await ok(call(server, 'POST', `/guilds/${guild.id}/roles`, {
    ...as(mayor), body: { name: 'Keepers-x', permissions: bits(P.ManageMessages) },
  }), 200);
  const everyoneDenies = (...flags) => [{ id: guild.id, type: 0, allow: '0', deny: bits(...flags) }];
  const vault = await ok(call(server, 'POST', `/guilds/${guild.id}/channels`, {
    ...as(mayor), body: { name: 'vault-q7', permission_overwrites: everyoneDenies(P.ViewChannel) },
  }), 201);
  const notices = await ok(call(server, 'POST', `/guilds/${guild.id}/channels`, {
    ...as(mayor),
    body: {
      name: 'notices-q7',
      permission_overwrites: everyoneDenies(P.SendMessages, P.CreateInstantInvite, P.ReadMessageHistory),
    },
  }), 201);
  await ok(call(server, 'PUT', `/channels/${general.id}/permissions/${role.id}`, {
    ...as(mayor), body: { type: 0, allow: bits(P.AddReactions), deny: '0' },
  }), 204);

  const invite = await ok(call(server, 'POST', `/channels/${general.id}/invites`, { ...as(mayor), body: { max_age: 0 } }), 200);
  const vaultInvite = await ok(call(server, 'POST', `/channels/${vault.id}/invites`, { ...as(mayor), body: { max_age: 0 } }), 200);
  for (const user of [resident, neighbour, exile, clerk, steward]) {
    await ok(call(server, 'POST', `/invites/${invite.code}`, as(user)), 200);
  }
  await ok(call(server, 'PUT', `/guilds/${guild.id}/members/${neighbour.id}/roles/${role.id}`, as(mayor)), 204);
  for (const [user, name, permissions] of [
    [clerk, 'Clerks', bits(P.ManageChannels, P.ManageRoles)],
    [steward, 'Stewards', bits(P.ManageGuild)],
  ]) {
    const office = await ok(call(server, 'POST', `/guilds/${guild.id}/roles`, { ...as(mayor), body: { name, permissions } }), 200);
    await ok(call(server, 'PUT', `/guilds/${guild.id}/members/${user.id}/roles/${office.id}`, as(mayor)), 204);
  }
  await ok(call(server, 'PUT', `/guilds/${guild.id}/bans/${exile.id}`, { ...as(mayor), body: {} }), 204);

  const say = (channel, user, content) =>
    ok(call(server, 'POST', `/channels/${channel.id}/messages`, { ...as(user), body: { content } }), 200);
  const message = await say(general, mayor, 'the password is swordfish');
  const vaultMessage = await say(vault, mayor, 'the vault combination is 4-8-15');
  const noticeMessage = await say(notices, mayor, 'notice: swordfish season');

  // Expressions and threads: an emoji and a sticker, a public thread on its own message in #general,
  // a private thread there only the mayor is in, and a thread inside #vault.
  const emoji = await ok(call(server, 'POST', `/guilds/${guild.id}/emojis`, {
    ...as(mayor), body: { name: 'seal_q7', image: dataUri(gradientPng(16, 16)) },
  }), 201);
  const form = new FormData();
  form.append('name', 'stamp');
  form.append('tags', 'stamp');
  form.append('file', new Blob([gradientPng(32, 32)], { type: 'image/png' }), 'stamp.png');
  const stickerResponse = await fetch(`${server.api}/v10/guilds/${guild.id}/stickers`, {
    method: 'POST', headers: { authorization: mayor.token }, body: form,
  });
  assert.equal(stickerResponse.status, 201, 'setup: sticker');
  const sticker = await stickerResponse.json();
  const topic = await say(general, mayor, 'a topic to discuss');
  const thread = await ok(call(server, 'POST', `/channels/${general.id}/messages/${topic.id}/threads`, {
    ...as(mayor), body: { name: 'discussion' },
  }), 201);
  const privateThread = await ok(call(server, 'POST', `/channels/${general.id}/threads`, {
    ...as(mayor), body: { name: 'mayors-office', type: 12 },
  }), 201);
  const vaultThread = await ok(call(server, 'POST', `/channels/${vault.id}/threads`, {
    ...as(mayor), body: { name: 'vault-audit', type: 11 },
  }), 201);

  const elsewhere = await createGuild(server, stranger, 'Elsewhere');
  const strangerMessage = await say(elsewhere.general, stranger, 'a note elsewhere');
  const { application } = await createBot(server, stranger, 'Roaming Bot');

  return {
    users: { mayor, resident, neighbour, exile, clerk, steward, stranger },
    ids: {
      guild: guild.id, general: general.id, vault: vault.id, notices: notices.id, role: role.id,
      resident: resident.id, neighbour: neighbour.id, exile: exile.id, clerk: clerk.id, steward: steward.id,
      invite: invite.code, vaultInvite: vaultInvite.code,
      message: message.id, vaultMessage: vaultMessage.id, noticeMessage: noticeMessage.id,
      elsewhere: elsewhere.guild.id, elsewhereGeneral: elsewhere.general.id, strangerMessage: strangerMessage.id,
      application: application.id, mayor: mayor.id,
      emojiImage: dataUri(gradientPng(8, 8)), // a data URI: `data:image` must not read as a placeholder
      emoji: emoji.id, sticker: sticker.id, thread: thread.id, privateThread: privateThread.id, vaultThread: vaultThread.id,
    },
  };
}

// `:name` in a path, and a string that is exactly `:name` in a body, stand for town.ids[name].
function fill(value) {
  if (typeof value === 'string') {
    return value.replace(/:(\w+)/g, (whole, name) => {
      assert.ok(name in town.ids, `no id for ${whole}`);
      return town.ids[name];
    });
  }
  if (Array.isArray(value)) return value.map(fill);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
  return value;
}

const guildRoutes = [
  { method: 'GET', path: '/guilds/:guild', expect: { outsider: NOT_IN_GUILD, member: ALLOWED } },
  { method: 'GET', path: '/guilds/:guild?with_counts=true', expect: { outsider: NOT_IN_GUILD, member: ALLOWED } },
  { method: 'PATCH', path: '/guilds/:guild', body: { name: 'Taken Over' }, expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN } },
  { method: 'DELETE', path: '/guilds/:guild', expect: { outsider: NOT_IN_GUILD, member: NOT_THE_OWNER } },
  { method: 'DELETE', path: '/users/@me/guilds/:guild', expect: { outsider: NOT_IN_GUILD, member: ALLOWED } },
  { method: 'GET', path: '/guilds/:guild/channels', expect: { outsider: NOT_IN_GUILD, member: ALLOWED } },
  { method: 'POST', path: '/guilds/:guild/channels', body: { name: 'intruders' }, expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN } },
  {
    method: 'PATCH', path: '/guilds/:guild/channels', body: [{ id: ':general', position: 7 }],
    expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN },
  },
  { method: 'GET', path: '/guilds/:guild/invites', expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN } },
  { method: 'GET', path: '/guilds/:guild/roles', expect: { outsider: NOT_IN_GUILD, member: ALLOWED } },
  {
    method: 'POST', path: '/guilds/:guild/roles', body: { name: 'Self Made', permissions: bits(P.Administrator) },
    expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN },
  },
  { method: 'PATCH', path: '/guilds/:guild/roles', body: [{ id: ':role', position: 2 }], expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN } },
  {
    method: 'PATCH', path: '/guilds/:guild/roles/:role', body: { name: 'Hijacked', permissions: bits(P.Administrator) },
    expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN },
  },
  { method: 'DELETE', path: '/guilds/:guild/roles/:role', expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN } },
  { method: 'GET', path: '/guilds/:guild/members?limit=10', expect: { outsider: NOT_IN_GUILD, member: ALLOWED } },
  { method: 'GET', path: '/guilds/:guild/members/search?query=neigh&limit=10', expect: { outsider: NOT_IN_GUILD, member: ALLOWED } },
  { method: 'GET', path: '/guilds/:guild/members/:neighbour', expect: { outsider: NOT_IN_GUILD, member: ALLOWED } },
  {
    method: 'PATCH', path: '/guilds/:guild/members/:neighbour', body: { nick: 'Renamed' },
    expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN },
  },
  {
    method: 'PATCH', path: '/guilds/:guild/members/:neighbour', body: { roles: [] },
    expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN },
  },
  { method: 'PATCH', path: '/guilds/:guild/members/@me', body: { nick: 'Me' }, expect: { outsider: NOT_IN_GUILD, member: ALLOWED } },
  { method: 'DELETE', path: '/guilds/:guild/members/:neighbour', expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN } },
  { method: 'PUT', path: '/guilds/:guild/members/:resident/roles/:role', expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN } },
  { method: 'DELETE', path: '/guilds/:guild/members/:neighbour/roles/:role', expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN } },
  { method: 'GET', path: '/guilds/:guild/bans', expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN } },
  { method: 'GET', path: '/guilds/:guild/bans/:exile', expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN } },
  {
    method: 'PUT', path: '/guilds/:guild/bans/:neighbour', body: { delete_message_seconds: 0 },
    expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN },
  },
  { method: 'DELETE', path: '/guilds/:guild/bans/:exile', expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN } },
  {
    method: 'POST', path: '/oauth2/authorize?client_id=:application&scope=bot&permissions=8',
    body: { guild_id: ':guild', permissions: '8', authorize: true },
    expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN },
  },
];

const channelRoutes = [
  { method: 'GET', path: '/channels/:general', expect: { outsider: HIDDEN, member: ALLOWED } },
  { method: 'PATCH', path: '/channels/:general', body: { name: 'renamed' }, expect: { outsider: HIDDEN, member: FORBIDDEN } },
  { method: 'DELETE', path: '/channels/:general', expect: { outsider: HIDDEN, member: FORBIDDEN } },
  {
    method: 'PUT', path: '/channels/:general/permissions/:resident',
    body: { type: 1, allow: bits(P.ManageMessages, P.ManageChannels), deny: '0' },
    expect: { outsider: HIDDEN, member: FORBIDDEN },
  },
  { method: 'DELETE', path: '/channels/:general/permissions/:role', expect: { outsider: HIDDEN, member: FORBIDDEN } },
  { method: 'GET', path: '/channels/:general/invites', expect: { outsider: HIDDEN, member: FORBIDDEN } },
  { method: 'POST', path: '/channels/:general/invites', body: { max_age: 0 }, expect: { outsider: HIDDEN, member: ALLOWED } },
  { method: 'GET', path: '/channels/:general/messages', expect: { outsider: HIDDEN, member: ALLOWED } },
  { method: 'POST', path: '/channels/:general/messages', body: { content: 'hi' }, expect: { outsider: HIDDEN, member: ALLOWED } },
  { method: 'GET', path: '/channels/:general/messages/:message', expect: { outsider: HIDDEN, member: ALLOWED } },
  {
    method: 'PATCH', path: '/channels/:general/messages/:message', body: { content: 'defaced' },
    expect: { outsider: HIDDEN, member: { status: 403, code: 50005 } }, // Cannot edit another user's message
  },
  { method: 'DELETE', path: '/channels/:general/messages/:message', expect: { outsider: HIDDEN, member: FORBIDDEN } },

  // #notices: members see it, but may not post, invite, or read its history.
  { method: 'POST', path: '/channels/:notices/messages', body: { content: 'hi' }, expect: { outsider: HIDDEN, member: FORBIDDEN } },
  { method: 'POST', path: '/channels/:notices/invites', body: { max_age: 0 }, expect: { outsider: HIDDEN, member: FORBIDDEN } },
  // Discord answers a history request without READ_MESSAGE_HISTORY with an empty list, not an error.
  {
    method: 'GET', path: '/channels/:notices/messages', expect: { outsider: HIDDEN, member: { status: 200, body: [] } },
  },
  { method: 'GET', path: '/channels/:notices/messages/:noticeMessage', expect: { outsider: HIDDEN, member: [HIDDEN, FORBIDDEN] } },

  // #vault: hidden from members, so every route answers as if they may not even know of it.
  { method: 'GET', path: '/channels/:vault', expect: { outsider: HIDDEN, member: HIDDEN } },
  { method: 'PATCH', path: '/channels/:vault', body: { name: 'opened' }, expect: { outsider: HIDDEN, member: HIDDEN } },
  { method: 'DELETE', path: '/channels/:vault', expect: { outsider: HIDDEN, member: HIDDEN } },
  {
    method: 'PUT', path: '/channels/:vault/permissions/:resident', body: { type: 1, allow: bits(P.ViewChannel), deny: '0' },
    expect: { outsider: HIDDEN, member: HIDDEN },
  },
  { method: 'DELETE', path: '/channels/:vault/permissions/:guild', expect: { outsider: HIDDEN, member: HIDDEN } },
  { method: 'GET', path: '/channels/:vault/invites', expect: { outsider: HIDDEN, member: HIDDEN } },
  { method: 'POST', path: '/channels/:vault/invites', body: { max_age: 0 }, expect: { outsider: HIDDEN, member: HIDDEN } },
  { method: 'GET', path: '/channels/:vault/messages', expect: { outsider: HIDDEN, member: HIDDEN } },
  { method: 'POST', path: '/channels/:vault/messages', body: { content: 'hi' }, expect: { outsider: HIDDEN, member: HIDDEN } },
  { method: 'GET', path: '/channels/:vault/messages/:vaultMessage', expect: { outsider: HIDDEN, member: HIDDEN } },
  {
    method: 'PATCH', path: '/channels/:vault/messages/:vaultMessage', body: { content: 'defaced' },
    expect: { outsider: HIDDEN, member: HIDDEN },
  },
  { method: 'DELETE', path: '/channels/:vault/messages/:vaultMessage', expect: { outsider: HIDDEN, member: HIDDEN } },
];

const inviteRoutes = [
  { method: 'POST', path: '/invites/:invite', expect: { outsider: ALLOWED, member: ALLOWED } }, // joining is what invites are for
  { method: 'DELETE', path: '/invites/:invite', expect: { outsider: NOT_THE_OWNER, member: FORBIDDEN } },
  { method: 'DELETE', path: '/invites/:vaultInvite', expect: { outsider: NOT_THE_OWNER, member: HIDDEN } },
];

const expressionRoutes = [
  { method: 'GET', path: '/guilds/:guild/emojis', expect: { outsider: NOT_IN_GUILD, member: ALLOWED } },
  {
    method: 'POST', path: '/guilds/:guild/emojis', body: { name: 'forged', image: ':emojiImage' },
    expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN },
  },
  { method: 'GET', path: '/guilds/:guild/emojis/:emoji', expect: { outsider: NOT_IN_GUILD, member: ALLOWED } },
  { method: 'PATCH', path: '/guilds/:guild/emojis/:emoji', body: { name: 'renamed' }, expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN } },
  { method: 'DELETE', path: '/guilds/:guild/emojis/:emoji', expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN } },
  { method: 'GET', path: '/guilds/:guild/stickers', expect: { outsider: NOT_IN_GUILD, member: ALLOWED } },
  { method: 'GET', path: '/guilds/:guild/stickers/:sticker', expect: { outsider: NOT_IN_GUILD, member: ALLOWED } },
  { method: 'PATCH', path: '/guilds/:guild/stickers/:sticker', body: { name: 'renamed' }, expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN } },
  { method: 'DELETE', path: '/guilds/:guild/stickers/:sticker', expect: { outsider: NOT_IN_GUILD, member: FORBIDDEN } },
  { method: 'GET', path: '/stickers/:sticker', expect: { outsider: { status: 404, code: 10060 }, member: ALLOWED } },
];

const threadRoutes = [
  { method: 'GET', path: '/channels/:thread', expect: { outsider: HIDDEN, member: ALLOWED } },
  { method: 'PATCH', path: '/channels/:thread', body: { name: 'hijacked' }, expect: { outsider: HIDDEN, member: FORBIDDEN } },
  { method: 'PATCH', path: '/channels/:thread', body: { locked: true }, expect: { outsider: HIDDEN, member: FORBIDDEN } },
  { method: 'DELETE', path: '/channels/:thread', expect: { outsider: HIDDEN, member: FORBIDDEN } },
  { method: 'DELETE', path: '/channels/:thread/thread-members/:mayor', expect: { outsider: HIDDEN, member: FORBIDDEN } },
  { method: 'GET', path: '/guilds/:guild/threads/active', expect: { outsider: NOT_IN_GUILD, member: ALLOWED } },
  { method: 'GET', path: '/channels/:general/threads/archived/private', expect: { outsider: HIDDEN, member: FORBIDDEN } },
  // The private thread and the thread in #vault: members learn nothing of them.
  { method: 'GET', path: '/channels/:privateThread', expect: { outsider: HIDDEN, member: HIDDEN } },
  { method: 'GET', path: '/channels/:privateThread/messages', expect: { outsider: HIDDEN, member: HIDDEN } },
  { method: 'POST', path: '/channels/:privateThread/messages', body: { content: 'hi' }, expect: { outsider: HIDDEN, member: HIDDEN } },
  { method: 'PUT', path: '/channels/:privateThread/thread-members/@me', expect: { outsider: HIDDEN, member: HIDDEN } },
  { method: 'GET', path: '/channels/:privateThread/thread-members', expect: { outsider: HIDDEN, member: HIDDEN } },
  { method: 'PATCH', path: '/channels/:privateThread', body: { name: 'opened' }, expect: { outsider: HIDDEN, member: HIDDEN } },
  { method: 'GET', path: '/channels/:vaultThread', expect: { outsider: HIDDEN, member: HIDDEN } },
  { method: 'POST', path: '/channels/:vaultThread/messages', body: { content: 'hi' }, expect: { outsider: HIDDEN, member: HIDDEN } },
  { method: 'PUT', path: '/channels/:vaultThread/thread-members/@me', expect: { outsider: HIDDEN, member: HIDDEN } },
  { method: 'POST', path: '/channels/:vault/threads', body: { name: 'peek', type: 11 }, expect: { outsider: HIDDEN, member: HIDDEN } },
  {
    method: 'POST', path: '/channels/:vault/messages/:vaultMessage/threads', body: { name: 'peek' },
    expect: { outsider: HIDDEN, member: HIDDEN },
  },
  { method: 'GET', path: '/channels/:vault/threads/archived/public', expect: { outsider: HIDDEN, member: HIDDEN } },
];

const messageExtraRoutes = [
  { method: 'POST', path: '/channels/:vault/messages/:vaultMessage/ack', body: {}, expect: { outsider: HIDDEN, member: HIDDEN } },
  { method: 'POST', path: '/channels/:vault/messages/:vaultMessage/crosspost', expect: { outsider: HIDDEN, member: HIDDEN } },
  {
    method: 'POST', path: '/channels/:vault/attachments', body: { files: [{ filename: 'a.txt', file_size: 1 }] },
    expect: { outsider: HIDDEN, member: HIDDEN },
  },
  {
    method: 'POST', path: '/reports', body: { channel_id: ':vault', message_id: ':vaultMessage', reason: 'curious' },
    expect: { outsider: HIDDEN, member: HIDDEN },
  },
  { method: 'GET', path: '/guilds/:guild/messages/search?content=combination', expect: { outsider: NOT_IN_GUILD, member: ALLOWED } },
];

const routes = [...guildRoutes, ...channelRoutes, ...inviteRoutes, ...expressionRoutes, ...threadRoutes, ...messageExtraRoutes];

// Everything the mayor can see of the town (and the stranger of their own guild), to compare before and after.
async function snapshot() {
  const { mayor, stranger } = town.users;
  const look = async (user, path) => {
    const response = await call(server, 'GET', fill(path), { token: user.token });
    return [response.status, response.body];
  };
  const views = {};
  for (const path of [
    '/guilds/:guild', '/guilds/:guild/channels', '/guilds/:guild/roles', '/guilds/:guild/members?limit=1000',
    '/guilds/:guild/bans', '/guilds/:guild/invites', '/channels/:general/messages', '/channels/:vault/messages',
    '/channels/:notices/messages', '/guilds/:guild/emojis', '/guilds/:guild/stickers', '/guilds/:guild/threads/active',
    '/channels/:privateThread', '/channels/:privateThread/thread-members', '/channels/:vaultThread',
    '/channels/:vaultThread/messages',
  ]) views[path] = await look(mayor, path);
  views.elsewhere = await look(stranger, '/channels/:elsewhereGeneral/messages');
  return views;
}

function outcomes(expectation) {
  return Array.isArray(expectation) ? expectation : [expectation];
}

function matches(response, outcome) {
  if (response.status !== outcome.status) return false;
  if ('code' in outcome && response.body?.code !== outcome.code) return false;
  if ('body' in outcome) {
    try {
      assert.deepEqual(response.body, outcome.body);
    } catch {
      return false;
    }
  }
  return true;
}

function assertGivesNothingAway(response) {
  assert.deepEqual(Object.keys(response.body ?? {}).sort(), ['code', 'message'], 'an error body holds a code and a message only');
  const text = JSON.stringify(response.body);
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `the refusal mentions ${secret}`);
  for (const id of [town.ids.vault, town.ids.vaultMessage, town.ids.message]) {
    assert.ok(!text.includes(id), 'the refusal names an object of the guild');
  }
}

// Calls the row as `token` and checks the outcome, that nothing leaked, and that nothing changed.
async function refuse(row, token, expectation) {
  const changes = row.method !== 'GET';
  const before = changes ? await snapshot() : null;
  const response = await call(server, row.method, fill(row.path), { token, body: fill(row.body) });
  const wanted = outcomes(expectation);
  assert.ok(wanted.some((outcome) => matches(response, outcome)),
    `got ${response.status} ${JSON.stringify(response.body)}; wanted ${JSON.stringify(wanted)}`);
  if (response.status >= 400) assertGivesNothingAway(response);
  if (changes) assert.deepEqual(await snapshot(), before, 'the refused request changed the guild');
}

const label = (row) => `${row.method} ${row.path}${row.body ? ` ${JSON.stringify(row.body)}` : ''}`;

test('the users in the matrix are who they seem: the resident is a member, the stranger is not', async () => {
  const { resident, stranger } = town.users;
  assert.equal((await call(server, 'GET', fill('/guilds/:guild'), { token: resident.token })).status, 200);
  assert.equal((await call(server, 'GET', fill('/channels/:general/messages'), { token: resident.token })).status, 200);
  const strangers = await call(server, 'GET', '/users/@me/guilds', { token: stranger.token });
  assert.deepEqual(strangers.body.map((g) => g.id), [town.ids.elsewhere]);
});

test('an invite can be looked at without a token, and shows only its guild and channel', async () => {
  const preview = await call(server, 'GET', fill('/invites/:invite'));
  assert.equal(preview.status, 200);
  assert.equal(preview.body.guild.id, town.ids.guild);
  assert.equal(preview.body.channel.id, town.ids.general);
  const text = JSON.stringify(preview.body);
  for (const secret of ['vault-q7', 'notices-q7', 'Keepers-x', 'swordfish']) assert.ok(!text.includes(secret), secret);
  assert.equal(preview.body.uses, undefined, 'use counts are for the guild\'s managers');
});

describe('a request without a token gets 401 and changes nothing', () => {
  for (const row of routes) {
    test(label(row), async () => {
      await refuse(row, undefined, UNAUTHORIZED);
    });
  }
});

describe('a user outside the guild is refused and learns nothing about it', () => {
  for (const row of routes.filter((r) => r.expect.outsider !== ALLOWED)) {
    test(label(row), async () => {
      await refuse(row, town.users.stranger.token, row.expect.outsider);
    });
  }
});

describe('a member without the permission is refused, or told nothing of what is hidden, and changes nothing', () => {
  for (const row of routes.filter((r) => r.expect.member !== ALLOWED)) {
    test(label(row), { todo: row.todo?.member }, async () => {
      await refuse(row, town.users.resident.token, row.expect.member);
    });
  }
});

// Spacebar checked permissions on the channel in the URL rather than on the message's own channel
// (its BOLA bug #1685): a message id must only be reachable through the channel it was posted in.
describe('a message is reachable only through its own channel', () => {
  const crossings = [
    // The stranger owns Elsewhere, so holds every permission in the channel the URL names.
    { who: 'stranger', method: 'GET', path: '/channels/:elsewhereGeneral/messages/:message' },
    { who: 'stranger', method: 'PATCH', path: '/channels/:elsewhereGeneral/messages/:message', body: { content: 'defaced' } },
    { who: 'stranger', method: 'DELETE', path: '/channels/:elsewhereGeneral/messages/:message' },
    // The resident reaches for the hidden #vault's message through #general, which they can see.
    { who: 'resident', method: 'GET', path: '/channels/:general/messages/:vaultMessage' },
    { who: 'resident', method: 'PATCH', path: '/channels/:general/messages/:vaultMessage', body: { content: 'defaced' } },
    { who: 'resident', method: 'DELETE', path: '/channels/:general/messages/:vaultMessage' },
    // The mayor, who may manage every message in the town, reaches for the stranger's message.
    { who: 'mayor', method: 'GET', path: '/channels/:general/messages/:strangerMessage' },
    { who: 'mayor', method: 'DELETE', path: '/channels/:general/messages/:strangerMessage' },
  ];
  for (const row of crossings) {
    test(`${row.who}: ${label(row)} is Unknown Message`, async () => {
      const before = await snapshot();
      const response = await call(server, row.method, fill(row.path), { token: town.users[row.who].token, body: fill(row.body) });
      assert.equal(response.status, 404, JSON.stringify(response.body));
      assert.equal(response.body.code, 10008);
      assertGivesNothingAway(response);
      assert.ok(!JSON.stringify(response.body).includes('a note elsewhere'));
      assert.deepEqual(await snapshot(), before, 'the message was not touched');
    });
  }
});

// Discord: overwrites may only allow or deny what the editor holds, and only the owner hands the
// guild on or deletes it. The clerk holds MANAGE_CHANNELS and MANAGE_ROLES, but not MANAGE_MESSAGES;
// the steward holds MANAGE_GUILD only.
describe('a manager cannot grant themselves more than they hold', () => {
  // Each row works on its own channel, so one that wrongly succeeds cannot make the next one right.
  const grantsClerk = { id: ':clerk', type: 1, allow: bits(P.ManageMessages), deny: '0' };
  const noticesOverwrite = {
    id: ':guild', type: 0, allow: '0', deny: bits(P.SendMessages, P.CreateInstantInvite, P.ReadMessageHistory),
  };
  const escalations = [
    {
      who: 'clerk', method: 'PUT', path: '/channels/:general/permissions/:clerk',
      body: { type: 1, allow: bits(P.ManageMessages), deny: '0' }, expect: FORBIDDEN,
    },
    {
      who: 'clerk', method: 'PATCH', path: '/channels/:notices',
      body: { permission_overwrites: [noticesOverwrite, grantsClerk] }, expect: FORBIDDEN,
    },
    {
      who: 'clerk', method: 'POST', path: '/guilds/:guild/channels',
      body: { name: 'clerk-office', permission_overwrites: [grantsClerk] }, expect: FORBIDDEN,
    },
    {
      who: 'clerk', method: 'POST', path: '/guilds/:guild/roles',
      body: { name: 'Clerk Plus', permissions: bits(P.ManageMessages) }, expect: FORBIDDEN,
    },
    { who: 'steward', method: 'PATCH', path: '/guilds/:guild', body: { owner_id: ':steward' }, expect: NOT_THE_OWNER },
    { who: 'steward', method: 'DELETE', path: '/guilds/:guild', expect: NOT_THE_OWNER },
    {
      who: 'steward', method: 'POST', path: '/oauth2/authorize?client_id=:application&scope=bot&permissions=8',
      body: { guild_id: ':guild', permissions: '8', authorize: true }, expect: FORBIDDEN,
    },
  ];
  for (const row of escalations) {
    test(`${row.who}: ${label(row)}`, { todo: row.todo }, async () => {
      await refuse(row, town.users[row.who].token, row.expect);
    });
  }
});
