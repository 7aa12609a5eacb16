// Guild message search: by words, author, channel and mentions, and never into a channel the
// searcher may not read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, registerUser, startAccord } from '../support/accord.js';
import { createGuild } from '../support/community.js';

let server;
before(async () => { server = await startAccord(); });
after(async () => { await server.stop(); });

async function post(user, channel, content) {
  const response = await call(server, 'POST', `/channels/${channel.id}/messages`, { token: user.token, body: { content } });
  assert.equal(response.status, 200);
  return response.body;
}

function search(user, guild, query) {
  return call(server, 'GET', `/guilds/${guild.id}/messages/search?${query}`, { token: user.token });
}

test('members find messages by words, author, channel and mention, newest first', async () => {
  const owner = await registerUser(server, 'searcher');
  const friend = await registerUser(server, 'friend');
  const { guild, general } = await createGuild(server, owner, 'Search Guild');
  const invite = await call(server, 'POST', `/channels/${general.id}/invites`, { token: owner.token, body: {} });
  await call(server, 'POST', `/invites/${invite.body.code}`, { token: friend.token, body: {} });
  const offtopic = (await call(server, 'POST', `/guilds/${guild.id}/channels`, { token: owner.token, body: { name: 'offtopic' } })).body;

  const first = await post(owner, general, 'the quick brown fox');
  const second = await post(friend, general, 'a lazy brown dog');
  const third = await post(friend, offtopic, `brown bread for <@${owner.id}>`);
  await post(owner, general, 'nothing to see');

  const brown = await search(owner, guild, 'content=brown');
  assert.equal(brown.status, 200);
  assert.equal(brown.body.total_results, 3);
  assert.deepEqual(brown.body.messages.map(([m]) => m.id), [third.id, second.id, first.id]);

  const byFriend = await search(owner, guild, `content=brown&author_id=${friend.id}`);
  assert.deepEqual(byFriend.body.messages.map(([m]) => m.id), [third.id, second.id]);

  const inGeneral = await search(owner, guild, `content=brown&channel_id=${general.id}`);
  assert.deepEqual(inGeneral.body.messages.map(([m]) => m.id), [second.id, first.id]);

  const mentioningOwner = await search(owner, guild, `mentions=${owner.id}`);
  assert.deepEqual(mentioningOwner.body.messages.map(([m]) => m.id), [third.id]);

  const phrase = await search(owner, guild, `content=${encodeURIComponent('quick fox')}`);
  assert.deepEqual(phrase.body.messages.map(([m]) => m.id), [first.id]);

  const syntax = await search(owner, guild, `content=${encodeURIComponent('brown" OR "x* NEAR(')}`);
  assert.equal(syntax.status, 200, 'query syntax in the search box is just text');
});

test('search never reaches into a channel the searcher cannot read, nor another guild', async () => {
  const owner = await registerUser(server, 'keeper');
  const member = await registerUser(server, 'curious');
  const stranger = await registerUser(server, 'stranger');
  const { guild, general } = await createGuild(server, owner, 'Secret Guild');
  const invite = await call(server, 'POST', `/channels/${general.id}/invites`, { token: owner.token, body: {} });
  await call(server, 'POST', `/invites/${invite.body.code}`, { token: member.token, body: {} });
  const vault = (await call(server, 'POST', `/guilds/${guild.id}/channels`, {
    token: owner.token,
    body: { name: 'vault', permission_overwrites: [{ id: guild.id, type: 0, allow: '0', deny: String(1 << 10) }] },
  })).body;
  await post(owner, vault, 'the treasure map');
  await post(owner, general, 'a treasure hunt tonight');

  const asMember = await search(member, guild, 'content=treasure');
  assert.equal(asMember.body.total_results, 1);
  assert.equal(asMember.body.messages[0][0].content, 'a treasure hunt tonight');
  const askingForVault = await search(member, guild, `content=treasure&channel_id=${vault.id}`);
  assert.equal(askingForVault.body.total_results, 0);

  const asStranger = await search(stranger, guild, 'content=treasure');
  assert.equal(asStranger.status, 403);
  assert.ok(!JSON.stringify(asStranger.body).includes('treasure'));

  const asOwner = await search(owner, guild, 'content=treasure');
  assert.equal(asOwner.body.total_results, 2);
});

test('edited and deleted messages are found by what they say now', async () => {
  const owner = await registerUser(server, 'editor');
  const { guild, general } = await createGuild(server, owner, 'Edit Guild');
  const message = await post(owner, general, 'draft words');
  await call(server, 'PATCH', `/channels/${general.id}/messages/${message.id}`, { token: owner.token, body: { content: 'final words' } });
  assert.equal((await search(owner, guild, 'content=draft')).body.total_results, 0);
  assert.equal((await search(owner, guild, 'content=final')).body.total_results, 1);
  await call(server, 'DELETE', `/channels/${general.id}/messages/${message.id}`, { token: owner.token });
  assert.equal((await search(owner, guild, 'content=final')).body.total_results, 0);
});
