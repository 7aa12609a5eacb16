// People, as on Discord's user-account API: two people become friends and talk in a DM that both of
// them watch live; a block closes it both ways, a stranger may knock but not speak, and nobody else
// reads along; friends gather in a group DM that is renamed, grows and shrinks; friends and guild
// peers see each other go idle, invisible and offline while strangers see nothing; an account is
// guarded with TOTP two-factor and its backup codes; and people keep settings and notes, look at
// profiles, log out other devices and delete their account.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Events, GatewayIntentBits, Partials } from 'discord.js';
import { call, createBot, expectError, expectOk, registerUser, startAccord } from '../support/accord.js';
import { authorizeBot, botOnline, createGuild, joinGuild, waitFor } from '../support/community.js';
import { connectAs } from '../support/gateway_client.js';
import { dataUri, gradientPng, pngSize } from '../support/images.js';
import { newTotpSecret, totp } from '../support/totp.js';

let server;
before(async () => {
  server = await startAccord();
  await registerUser(server, 'operator'); // the first account is the operator; nobody here should be
});
after(async () => {
  assert.ok(server.alive(), 'the server survived every person');
  await server.stop();
});

// The first dispatch `t` matching `predicate` this session has had or gets next, whatever came in
// between, for events whose order among themselves the contract does not fix.
function heard(gateway, t, predicate = () => true) {
  const match = (payload) => payload.op === 0 && payload.t === t && predicate(payload.d);
  const seen = gateway.received.find(match);
  return seen ? Promise.resolve(seen.d) : gateway.next(match).then((payload) => payload.d);
}

// The next PRESENCE_UPDATE about `user` (optionally one that `predicate` accepts), in order.
const presenceOf = (gateway, user, predicate = () => true) =>
  gateway.next((p) => p.op === 0 && p.t === 'PRESENCE_UPDATE' && p.d.user.id === user.id && predicate(p.d)).then((p) => p.d);

const readyOf = (gateway) => gateway.received.find((p) => p.t === 'READY').d;
const noGuild = (d) => assert.ok(!('guild_id' in d) || d.guild_id === null, `no guild_id: ${JSON.stringify(d)}`);

const relationship = (user, other, body = {}) =>
  call(server, 'PUT', `/users/@me/relationships/${other.id}`, { token: user.token, body });
const relationshipsOf = async (user) => expectOk(await call(server, 'GET', '/users/@me/relationships', { token: user.token }), 200);
const openDm = (user, other) => call(server, 'POST', '/users/@me/channels', { token: user.token, body: { recipient_id: other.id } });
const send = (user, channelId, content) =>
  call(server, 'POST', `/channels/${channelId}/messages`, { token: user.token, body: { content } });
const login = (user, password = user.password) => call(server, 'POST', '/auth/login', { body: { login: user.username, password } });
const me = (token) => call(server, 'GET', '/users/@me', { token });

async function befriend(a, b) {
  expectOk(await relationship(a, b), 204);
  expectOk(await relationship(b, a), 204);
}

async function say(user, channelId, content) {
  return expectOk(await send(user, channelId, content), 200);
}

// Ann and Bob are friends, each with the app open.
async function friends(t) {
  const ann = await registerUser(server, 'ann');
  const bob = await registerUser(server, 'bob');
  await befriend(ann, bob);
  return { ann, bob, annGw: await connectAs(server, t, ann.token), bobGw: await connectAs(server, t, bob.token) };
}

// A code no window near now accepts.
function wrongCode(secret) {
  const valid = [-1, 0, 1].map((step) => totp(secret, Date.now() + step * 30_000));
  let code = valid[1];
  while (valid.includes(code)) code = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  return code;
}

async function enableTotp(user, secret = newTotpSecret()) {
  const enabled = expectOk(await call(server, 'POST', '/users/@me/mfa/totp/enable', {
    token: user.token, body: { secret, code: totp(secret), password: user.password },
  }), 200);
  return { secret, token: enabled.token, backupCodes: enabled.backup_codes };
}

test('two people become friends with a request and an acceptance, and both hear it live', async (t) => {
  const ann = await registerUser(server, 'ann');
  const bob = await registerUser(server, 'bob');
  const annGw = await connectAs(server, t, ann.token);
  const bobGw = await connectAs(server, t, bob.token);

  expectOk(await relationship(ann, bob), 204);
  const outgoing = await heard(annGw, 'RELATIONSHIP_ADD', (d) => d.id === bob.id);
  assert.equal(outgoing.type, 4);
  assert.equal(outgoing.user.id, bob.id);
  const incoming = await heard(bobGw, 'RELATIONSHIP_ADD', (d) => d.id === ann.id);
  assert.equal(incoming.type, 3);
  assert.equal(incoming.user.username, ann.username);

  expectOk(await relationship(bob, ann, { type: 1 }), 204);
  assert.equal((await heard(bobGw, 'RELATIONSHIP_ADD', (d) => d.id === ann.id && d.type === 1)).user.id, ann.id);
  assert.equal((await heard(annGw, 'RELATIONSHIP_ADD', (d) => d.id === bob.id && d.type === 1)).user.id, bob.id);
  for (const [user, other] of [[ann, bob], [bob, ann]]) {
    const list = await relationshipsOf(user);
    assert.deepEqual(list.map((r) => [r.id, r.type, r.user.id]), [[other.id, 1, other.id]]);
    assert.ok(list[0].since, 'a friendship remembers when it began');
  }
  expectError(await relationship(ann, bob), 400, 80007);
  const later = readyOf(await connectAs(server, t, ann.token)).relationships;
  assert.deepEqual(later.map((r) => [r.id, r.type]), [[bob.id, 1]], 'READY lists friends');
});

test('a request goes by username, but not to oneself, to nobody or to a bot', async () => {
  const ann = await registerUser(server, 'ann');
  const bob = await registerUser(server, 'bob');
  const byName = (body) => call(server, 'POST', '/users/@me/relationships', { token: ann.token, body });
  expectOk(await byName({ username: bob.username }), 204);
  assert.deepEqual((await relationshipsOf(bob)).map((r) => [r.id, r.type]), [[ann.id, 3]]);
  expectError(await byName({ username: 'nobody-by-that-name' }), 400, 80004);
  expectError(await relationship(ann, ann), 400, 80003);
  const { application } = await createBot(server, ann, 'Friendly Bot');
  expectError(await relationship(ann, { id: application.id }), 400, 80002);
});

test('friends open a DM, get the same channel twice, and talk in it live', async (t) => {
  const { ann, bob, annGw, bobGw } = await friends(t);
  const dm = expectOk(await openDm(ann, bob), 200);
  assert.equal(dm.type, 1);
  assert.deepEqual(dm.recipients.map((user) => user.id), [bob.id]);
  assert.equal((await heard(annGw, 'CHANNEL_CREATE', (d) => d.id === dm.id)).type, 1);
  assert.equal((await heard(bobGw, 'CHANNEL_CREATE', (d) => d.id === dm.id)).type, 1);
  assert.equal(expectOk(await openDm(ann, bob), 200).id, dm.id, 'the same DM comes back');
  assert.equal(expectOk(await openDm(bob, ann), 200).id, dm.id, 'from either side');

  const hello = await say(ann, dm.id, 'Hi Bob, chess tonight?');
  for (const gateway of [annGw, bobGw]) {
    const created = await heard(gateway, 'MESSAGE_CREATE', (d) => d.id === hello.id);
    assert.equal(created.channel_id, dm.id);
    assert.equal(created.author.id, ann.id);
    noGuild(created);
  }
  const reply = await say(bob, dm.id, 'Sure, 8 pm');
  const seen = await heard(annGw, 'MESSAGE_CREATE', (d) => d.id === reply.id);
  assert.equal(seen.content, 'Sure, 8 pm');
  noGuild(seen);
  const history = expectOk(await call(server, 'GET', `/channels/${dm.id}/messages`, { token: bob.token }), 200);
  assert.deepEqual(history.map((m) => m.id), [reply.id, hello.id]);
  const listed = expectOk(await call(server, 'GET', '/users/@me/channels', { token: bob.token }), 200);
  assert.ok(listed.some((channel) => channel.id === dm.id), 'Bob lists the DM');
  const ready = readyOf(await connectAs(server, t, bob.token));
  assert.ok(ready.private_channels.some((channel) => channel.id === dm.id), 'and finds it in READY');
});

test('an edit, a deletion, typing and a reaction in a DM reach the other person', async (t) => {
  const { ann, bob, annGw, bobGw } = await friends(t);
  const dm = expectOk(await openDm(ann, bob), 200);
  const message = await say(ann, dm.id, 'See you at 7');
  await heard(bobGw, 'MESSAGE_CREATE', (d) => d.id === message.id);

  expectOk(await call(server, 'PATCH', `/channels/${dm.id}/messages/${message.id}`, {
    token: ann.token, body: { content: 'See you at 8' },
  }), 200);
  const updated = await heard(bobGw, 'MESSAGE_UPDATE', (d) => d.id === message.id);
  assert.equal(updated.content, 'See you at 8');
  noGuild(updated);

  expectOk(await call(server, 'POST', `/channels/${dm.id}/typing`, { token: bob.token }), 204);
  const typing = await heard(annGw, 'TYPING_START', (d) => d.user_id === bob.id);
  assert.equal(typing.channel_id, dm.id);
  noGuild(typing);

  expectOk(await call(server, 'PUT', `/channels/${dm.id}/messages/${message.id}/reactions/%F0%9F%91%8D/@me`, { token: bob.token }), 204);
  const reaction = await heard(annGw, 'MESSAGE_REACTION_ADD', (d) => d.message_id === message.id);
  assert.deepEqual([reaction.user_id, reaction.channel_id, reaction.emoji.name], [bob.id, dm.id, '👍']);
  noGuild(reaction);

  expectOk(await call(server, 'DELETE', `/channels/${dm.id}/messages/${message.id}`, { token: ann.token }), 204);
  const deleted = await heard(bobGw, 'MESSAGE_DELETE', (d) => d.id === message.id);
  assert.equal(deleted.channel_id, dm.id);
  noGuild(deleted);
});

test('after one blocks the other, the friendship ends and DMs fail both ways', async (t) => {
  const { ann, bob, annGw, bobGw } = await friends(t);
  const dm = expectOk(await openDm(ann, bob), 200);
  await say(bob, dm.id, 'You still owe me a rematch');

  expectOk(await relationship(ann, bob, { type: 2 }), 204);
  assert.equal((await heard(annGw, 'RELATIONSHIP_ADD', (d) => d.id === bob.id && d.type === 2)).user.id, bob.id);
  await heard(bobGw, 'RELATIONSHIP_REMOVE', (d) => d.id === ann.id);
  assert.deepEqual((await relationshipsOf(ann)).map((r) => [r.id, r.type]), [[bob.id, 2]]);
  assert.deepEqual(await relationshipsOf(bob), [], 'Bob is no longer her friend');

  expectError(await send(bob, dm.id, 'Hello?'), 403, 50007);
  expectError(await send(ann, dm.id, 'Leave me alone'), 403, 50007);
  expectError(await relationship(bob, ann), 400, 80001);
});

test('a discord.js bot writes to a member of its guild in a DM, and reads the answer', async (t) => {
  const owner = await registerUser(server, 'keeper');
  const { guild, general } = await createGuild(server, owner);
  const person = await joinGuild(server, owner, general.id, 'asker');
  const { application, token } = await createBot(server, owner, 'Helper Bot');
  await authorizeBot(server, owner, application, guild.id);
  const bot = await botOnline(server, t, token, {
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent],
    partials: [Partials.Channel],
  });
  const personGw = await connectAs(server, t, person.token);
  const user = await bot.users.fetch(person.id);
  const sent = await user.send('Welcome! Ask me anything.');
  const arrived = await heard(personGw, 'MESSAGE_CREATE', (d) => d.id === sent.id);
  noGuild(arrived);
  assert.equal(arrived.author.id, application.id);
  const answer = waitFor(bot, Events.MessageCreate, (message) => message.author.id === person.id);
  await say(person, sent.channelId, 'How do I join the event?');
  assert.equal((await answer).content, 'How do I join the event?');
});

test('a stranger can open a DM channel but cannot send into it', async () => {
  const ann = await registerUser(server, 'ann');
  const zed = await registerUser(server, 'zed');
  const dm = expectOk(await openDm(zed, ann), 200);
  assert.equal(dm.type, 1);
  expectError(await send(zed, dm.id, 'Cheap watches, click here'), 403, 50007);
  expectError(await send(ann, dm.id, 'Who are you?'), 403, 50007);
});

test('someone who takes DMs from friends only refuses a guild peer until they are friends', async () => {
  const owner = await registerUser(server, 'host');
  const { general } = await createGuild(server, owner);
  const quiet = await joinGuild(server, owner, general.id, 'quiet');
  const peer = await joinGuild(server, owner, general.id, 'peer');
  const dm = expectOk(await openDm(peer, quiet), 200);
  await say(peer, dm.id, 'hello from the guild');
  expectOk(await call(server, 'PATCH', '/users/@me/settings', {
    token: quiet.token, body: { default_guilds_restricted: true },
  }), 200);
  expectError(await send(peer, dm.id, 'hello again'), 403, 50007);
  await befriend(peer, quiet);
  await say(peer, dm.id, 'hello, friend');
});

test('a third person cannot read a DM, even a friend of both', async (t) => {
  const { ann, bob } = await friends(t);
  const eve = await registerUser(server, 'eve');
  await befriend(eve, ann);
  await befriend(eve, bob);
  const dm = expectOk(await openDm(ann, bob), 200);
  await say(ann, dm.id, 'Just between us');
  expectError(await call(server, 'GET', `/channels/${dm.id}`, { token: eve.token }), 403, 50001);
  expectError(await call(server, 'GET', `/channels/${dm.id}/messages`, { token: eve.token }), 403, 50001);
});

// Olga and her friends Bea, Cal and Dan, each with the app open.
async function groupOfFriends(t) {
  const [olga, bea, cal, dan] = await Promise.all(['olga', 'bea', 'cal', 'dan'].map((name) => registerUser(server, name)));
  for (const friend of [bea, cal, dan]) await befriend(olga, friend);
  const gateways = await Promise.all([olga, bea, cal, dan].map((user) => connectAs(server, t, user.token)));
  return { olga, bea, cal, dan, gateways };
}

const openGroup = (owner, others) =>
  call(server, 'POST', '/users/@me/channels', { token: owner.token, body: { recipients: others.map((user) => user.id) } });

test('three friends start a group DM and everyone sees everyone\'s messages', async (t) => {
  const { olga, bea, cal, gateways: [olgaGw, beaGw, calGw] } = await groupOfFriends(t);
  const group = expectOk(await openGroup(olga, [bea, cal]), 200);
  assert.equal(group.type, 3);
  assert.equal(group.owner_id, olga.id);
  assert.deepEqual(group.recipients.map((user) => user.id).sort(), [bea.id, cal.id].sort());
  for (const gateway of [olgaGw, beaGw, calGw]) {
    assert.equal((await heard(gateway, 'CHANNEL_CREATE', (d) => d.id === group.id)).type, 3);
  }
  for (const [author, others] of [[cal, [olgaGw, beaGw]], [bea, [olgaGw, calGw]]]) {
    const message = await say(author, group.id, `${author.username} is in`);
    for (const gateway of others) {
      const seen = await heard(gateway, 'MESSAGE_CREATE', (d) => d.id === message.id);
      assert.equal(seen.author.id, author.id);
      noGuild(seen);
    }
  }
});

test('the group DM is renamed, a friend is added and the owner removes someone, with system messages', async (t) => {
  const { olga, bea, cal, dan, gateways: [, beaGw, calGw, danGw] } = await groupOfFriends(t);
  const group = expectOk(await openGroup(olga, [bea, cal]), 200);
  const system = (type) => heard(beaGw, 'MESSAGE_CREATE', (d) => d.channel_id === group.id && d.type === type);

  assert.equal(expectOk(await call(server, 'PATCH', `/channels/${group.id}`, {
    token: olga.token, body: { name: 'Weekend trip' },
  }), 200).name, 'Weekend trip');
  for (const gateway of [beaGw, calGw]) {
    assert.equal((await heard(gateway, 'CHANNEL_UPDATE', (d) => d.id === group.id)).name, 'Weekend trip');
  }
  const renamed = await system(4);
  assert.equal(renamed.author.id, olga.id);
  assert.equal(renamed.content, 'Weekend trip');

  const pictured = expectOk(await call(server, 'PATCH', `/channels/${group.id}`, {
    token: bea.token, body: { icon: dataUri(gradientPng(32, 32)) },
  }), 200);
  assert.match(pictured.icon, /^[0-9a-f]{32}$/);
  assert.equal((await system(5)).author.id, bea.id);
  const icon = await fetch(`${server.url}/channel-icons/${group.id}/${pictured.icon}.png`);
  assert.equal(icon.status, 200);

  expectOk(await call(server, 'PUT', `/channels/${group.id}/recipients/${dan.id}`, { token: olga.token }), 204);
  assert.equal((await heard(danGw, 'CHANNEL_CREATE', (d) => d.id === group.id)).name, 'Weekend trip');
  assert.equal((await heard(beaGw, 'CHANNEL_RECIPIENT_ADD', (d) => d.channel_id === group.id)).user.id, dan.id);
  const added = await system(1);
  assert.equal(added.author.id, olga.id);
  assert.deepEqual(added.mentions.map((user) => user.id), [dan.id]);

  expectOk(await call(server, 'DELETE', `/channels/${group.id}/recipients/${cal.id}`, { token: olga.token }), 204);
  assert.equal((await heard(beaGw, 'CHANNEL_RECIPIENT_REMOVE', (d) => d.channel_id === group.id)).user.id, cal.id);
  await heard(calGw, 'CHANNEL_DELETE', (d) => d.id === group.id);
  assert.deepEqual((await system(2)).mentions.map((user) => user.id), [cal.id]);
  expectError(await call(server, 'GET', `/channels/${group.id}/messages`, { token: cal.token }), 403, 50001);

  const hi = await say(dan, group.id, 'Thanks for the invite');
  await heard(beaGw, 'MESSAGE_CREATE', (d) => d.id === hi.id);
  const members = expectOk(await call(server, 'GET', `/channels/${group.id}`, { token: bea.token }), 200);
  assert.deepEqual(members.recipients.map((user) => user.id).sort(), [olga.id, dan.id].sort());
});

test('someone who is not a friend cannot be put in a group DM', async (t) => {
  const { olga, bea, cal } = await groupOfFriends(t);
  const eve = await registerUser(server, 'eve');
  expectError(await openGroup(olga, [bea, eve]), 403, 50007);
  const group = expectOk(await openGroup(olga, [bea, cal]), 200);
  expectError(await call(server, 'PUT', `/channels/${group.id}/recipients/${eve.id}`, { token: olga.token }), 403, 50007);
  const after = expectOk(await call(server, 'GET', `/channels/${group.id}`, { token: olga.token }), 200);
  assert.ok(!after.recipients.some((user) => user.id === eve.id), 'Eve is not in it');
});

const setStatus = (gateway, status) => gateway.send(3, { status, since: null, activities: [], afk: false });

test('going idle reaches a friend and a guild peer, but not a stranger', async (t) => {
  const mover = await registerUser(server, 'mover');
  const { guild, general } = await createGuild(server, mover, 'Chess Club');
  const peer = await joinGuild(server, mover, general.id, 'peer');
  const friend = await registerUser(server, 'friend');
  await befriend(mover, friend);
  const stranger = await registerUser(server, 'stranger');
  const [friendGw, peerGw, strangerGw] = await Promise.all([friend, peer, stranger].map((u) => connectAs(server, t, u.token)));
  const moverGw = await connectAs(server, t, mover.token);

  setStatus(moverGw, 'idle');
  const toFriend = await presenceOf(friendGw, mover, (d) => d.status === 'idle');
  noGuild(toFriend);
  assert.equal((await presenceOf(peerGw, mover, (d) => d.status === 'idle')).guild_id, guild.id);

  await createGuild(server, stranger, 'Marker');
  await strangerGw.dispatch('GUILD_CREATE');
  const leaked = strangerGw.received.filter((p) => p.t === 'PRESENCE_UPDATE' && p.d.user?.id === mover.id);
  assert.deepEqual(leaked, [], 'a stranger hears nothing of the mover');
});

test('invisible shows as offline, and closing the last session sends offline to a friend', async (t) => {
  const mover = await registerUser(server, 'mover');
  const friend = await registerUser(server, 'friend');
  await befriend(mover, friend);
  const friendGw = await connectAs(server, t, friend.token);
  const phone = await connectAs(server, t, mover.token);
  await presenceOf(friendGw, mover, (d) => d.status === 'online');
  const returning = await connectAs(server, t, friend.token);
  assert.ok(readyOf(returning).presences.some((p) => p.user.id === mover.id && p.status === 'online'), 'READY lists online friends');

  setStatus(phone, 'invisible');
  assert.equal((await presenceOf(friendGw, mover)).status, 'offline', 'invisible is shown as offline');
  setStatus(phone, 'online');
  assert.equal((await presenceOf(friendGw, mover)).status, 'online');

  const laptop = await connectAs(server, t, mover.token);
  await phone.close();
  setStatus(laptop, 'dnd');
  assert.equal((await presenceOf(friendGw, mover, (d) => d.status !== 'online')).status, 'dnd',
    'closing one of two sessions does not make them offline');
  await laptop.close();
  assert.equal((await presenceOf(friendGw, mover)).status, 'offline');
});

test('with two-factor on, the password alone gives a ticket and the app\'s code gives the token', async () => {
  const user = await registerUser(server, 'careful');
  const secret = newTotpSecret();
  const enable = (body) => call(server, 'POST', '/users/@me/mfa/totp/enable', { token: user.token, body });
  expectError(await enable({ secret, code: wrongCode(secret), password: user.password }), 400, 60008);
  const badPassword = await enable({ secret, code: totp(secret), password: 'not my password' });
  expectError(badPassword, 400, 50035);
  assert.ok(badPassword.body.errors?.password, JSON.stringify(badPassword.body));
  const { token, backupCodes } = await enableTotp(user, secret);
  assert.equal(backupCodes.length, 10);
  for (const backup of backupCodes) {
    assert.match(backup.code, /^[0-9a-f]{8}$/);
    assert.deepEqual([backup.user_id, backup.consumed], [user.id, false]);
  }
  assert.equal(expectOk(await me(token), 200).mfa_enabled, true);

  const first = expectOk(await login(user), 200);
  assert.equal(first.token, null);
  assert.deepEqual([first.user_id, first.mfa, first.totp, first.sms, first.backup], [user.id, true, true, false, true]);
  assert.ok(first.ticket, 'a ticket to finish the login with');

  const finish = (body) => call(server, 'POST', '/auth/mfa/totp', { body });
  expectError(await finish({ ticket: first.ticket, code: wrongCode(secret) }), 400, 60008);
  expectError(await finish({ ticket: 'not-a-ticket', code: totp(secret) }), 401, 60006);
  const done = expectOk(await finish({ ticket: first.ticket, code: totp(secret) }), 200);
  assert.equal(done.user_id, user.id);
  assert.equal(expectOk(await me(done.token), 200).id, user.id);
});

test('a backup code logs in once in place of the app\'s code', async () => {
  const user = await registerUser(server, 'traveller');
  const { backupCodes: [backup, spare] } = await enableTotp(user);
  const finish = async (code) => call(server, 'POST', '/auth/mfa/totp', { body: { ticket: expectOk(await login(user), 200).ticket, code } });
  const used = expectOk(await finish(backup.code), 200);
  expectOk(await me(used.token), 200);
  expectError(await finish(backup.code), 400, 60008);
  expectOk(await me(expectOk(await finish(spare.code), 200).token), 200);
});

test('turning two-factor off brings back the password-only login', async () => {
  const user = await registerUser(server, 'relaxed');
  const { secret, token } = await enableTotp(user);
  const disabled = expectOk(await call(server, 'POST', '/users/@me/mfa/totp/disable', { token, body: { code: totp(secret) } }), 200);
  assert.equal(expectOk(await me(disabled.token), 200).mfa_enabled, false);
  const plain = expectOk(await login(user), 200);
  assert.ok(plain.token, JSON.stringify(plain));
  assert.notEqual(plain.mfa, true);
  expectOk(await me(plain.token), 200);
});

test('a theme chosen on one device reaches the user\'s other session, and a made-up theme is refused', async (t) => {
  const user = await registerUser(server, 'painter');
  const gateway = await connectAs(server, t, user.token);
  const laptop = expectOk(await login(user), 200).token;
  const settings = expectOk(await call(server, 'PATCH', '/users/@me/settings', { token: laptop, body: { theme: 'light' } }), 200);
  assert.equal(settings.theme, 'light');
  assert.ok('locale' in settings, 'the whole settings come back');
  assert.equal((await heard(gateway, 'USER_SETTINGS_UPDATE')).theme, 'light');

  const refused = await call(server, 'PATCH', '/users/@me/settings', { token: user.token, body: { theme: 'purple' } });
  expectError(refused, 400, 50035);
  assert.ok(refused.body.errors?.theme, JSON.stringify(refused.body));
  assert.equal(expectOk(await call(server, 'GET', '/users/@me/settings', { token: user.token }), 200).theme, 'light');
  assert.equal(readyOf(await connectAs(server, t, user.token)).user_settings.theme, 'light');
});

test('a member mutes a guild for themselves, and only a member may', async (t) => {
  const owner = await registerUser(server, 'owner');
  const { guild, general } = await createGuild(server, owner, 'Noisy Guild');
  const member = await joinGuild(server, owner, general.id, 'member');
  const gateway = await connectAs(server, t, member.token);
  const path = `/users/@me/guilds/${guild.id}/settings`;
  const entry = expectOk(await call(server, 'PATCH', path, { token: member.token, body: { muted: true, message_notifications: 2 } }), 200);
  assert.deepEqual([entry.guild_id, entry.muted, entry.message_notifications], [guild.id, true, 2]);
  const event = await heard(gateway, 'USER_GUILD_SETTINGS_UPDATE', (d) => d.guild_id === guild.id);
  assert.equal(event.muted, true);
  expectError(await call(server, 'PATCH', path, { token: member.token, body: { message_notifications: 7 } }), 400, 50035);
  const entries = readyOf(await connectAs(server, t, member.token)).user_guild_settings.entries;
  assert.equal(entries.find((e) => e.guild_id === guild.id)?.muted, true);

  const outsider = await registerUser(server, 'outsider');
  expectError(await call(server, 'PATCH', path, { token: outsider.token, body: { muted: true } }), 403, 50001);
});

test('a member wears another avatar in one guild, served by the CDN, and takes it off again', async () => {
  const owner = await registerUser(server, 'gallery');
  const { guild, general } = await createGuild(server, owner);
  const member = await joinGuild(server, owner, general.id, 'painter');
  const dressed = expectOk(await call(server, 'PATCH', `/guilds/${guild.id}/members/@me`, {
    token: member.token, body: { avatar: dataUri(gradientPng(64, 64)), nick: 'Painter' },
  }), 200);
  assert.match(dressed.avatar, /^[0-9a-f]{32}$/);
  assert.equal(dressed.nick, 'Painter');
  const listed = expectOk(await call(server, 'GET', `/guilds/${guild.id}/members/${member.id}`, { token: owner.token }), 200);
  assert.equal(listed.avatar, dressed.avatar);
  const image = await fetch(`${server.url}/guilds/${guild.id}/users/${member.id}/avatars/${dressed.avatar}.png?size=32`);
  assert.equal(image.status, 200);
  assert.deepEqual(pngSize(Buffer.from(await image.arrayBuffer())), { width: 32, height: 32 });
  const plain = expectOk(await call(server, 'PATCH', `/guilds/${guild.id}/members/@me`, {
    token: member.token, body: { avatar: null },
  }), 200);
  assert.equal(plain.avatar, null);
  expectError(await call(server, 'PATCH', `/guilds/${guild.id}/members/@me`, {
    token: member.token, body: { avatar: 'data:image/png;base64,bm90IGFuIGltYWdl' },
  }), 400, 50035);
});

test('a note about someone is kept, heard live and read back', async (t) => {
  const ann = await registerUser(server, 'ann');
  const bob = await registerUser(server, 'bob');
  const gateway = await connectAs(server, t, ann.token);
  const path = `/users/@me/notes/${bob.id}`;
  expectError(await call(server, 'GET', path, { token: ann.token }), 404, 10013);
  expectOk(await call(server, 'PUT', path, { token: ann.token, body: { note: 'Met at the chess club' } }), 204);
  assert.deepEqual(await heard(gateway, 'USER_NOTE_UPDATE'), { id: bob.id, note: 'Met at the chess club' });
  assert.deepEqual(expectOk(await call(server, 'GET', path, { token: ann.token }), 200),
    { user_id: ann.id, note_user_id: bob.id, note: 'Met at the chess club' });
});

test('a profile lists the guilds two people share, and a stranger may not look', async () => {
  const owner = await registerUser(server, 'owner');
  const { guild, general } = await createGuild(server, owner, 'Book Club');
  const member = await joinGuild(server, owner, general.id, 'reader');
  const profile = expectOk(await call(server, 'GET', `/users/${member.id}/profile`, { token: owner.token }), 200);
  assert.equal(profile.user.id, member.id);
  assert.ok('bio' in profile.user_profile, JSON.stringify(profile.user_profile));
  assert.deepEqual(profile.mutual_guilds.map((g) => g.id), [guild.id]);
  assert.deepEqual(profile.connected_accounts, []);
  const stranger = await registerUser(server, 'stranger');
  expectError(await call(server, 'GET', `/users/${member.id}/profile`, { token: stranger.token }), 403, 50001);
});

test('a user lists their sessions and logs out another device', async () => {
  const user = await registerUser(server, 'juggler');
  const desk = expectOk(await login(user), 200).token;
  const phone = expectOk(await login(user), 200).token;
  const sessionsOf = async (token) => expectOk(await call(server, 'GET', '/auth/sessions', { token }), 200).user_sessions;
  const seenFromDesk = await sessionsOf(desk);
  assert.ok(seenFromDesk.length >= 2, JSON.stringify(seenFromDesk));
  assert.equal(seenFromDesk.filter((s) => s.current).length, 1);
  const phoneHash = (await sessionsOf(phone)).find((s) => s.current).id_hash;
  assert.ok(seenFromDesk.some((s) => s.id_hash === phoneHash && !s.current), 'the desk sees the phone');

  expectOk(await call(server, 'POST', '/auth/sessions/logout', { token: desk, body: { session_id_hashes: [phoneHash] } }), 204);
  assert.equal((await me(phone)).status, 401);
  expectOk(await me(desk), 200);
  assert.ok(!(await sessionsOf(desk)).some((s) => s.id_hash === phoneHash), 'the phone is gone from the list');
});

test('a deleted account cannot log in and its messages show a deleted user; a guild owner must hand over first', async () => {
  const owner = await registerUser(server, 'owner');
  const { general } = await createGuild(server, owner, 'Farewell Guild');
  const leaver = await joinGuild(server, owner, general.id, 'leaver');
  const goodbye = await say(leaver, general.id, 'Goodbye everyone');

  expectOk(await call(server, 'POST', '/users/@me/delete', { token: leaver.token, body: { password: leaver.password } }), 204);
  assert.equal((await me(leaver.token)).status, 401);
  assert.equal((await login(leaver)).status, 400);
  const kept = expectOk(await call(server, 'GET', `/channels/${general.id}/messages/${goodbye.id}`, { token: owner.token }), 200);
  assert.equal(kept.content, 'Goodbye everyone');
  assert.deepEqual([kept.author.id, kept.author.username], [leaver.id, `deleted_user_${leaver.id}`]);

  expectError(await call(server, 'POST', '/users/@me/delete', { token: owner.token, body: { password: owner.password } }), 400, 40011);
  expectOk(await me(owner.token), 200);
});
