import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { call, createBot, registerUser, startAccord } from '../support/accord.js';

let server;
before(async () => { server = await startAccord(); });
after(async () => { await server.stop(); });

function botRest(token) {
  return new REST({ api: server.api, version: '10' }).setToken(token);
}

test('a developer creates an application, resets its bot token and the bot reads its application', async () => {
  const developer = await registerUser(server, 'developer');
  const { application, token } = await createBot(server, developer, 'Weather Bot');
  assert.equal(application.name, 'Weather Bot');
  assert.equal(application.owner.id, developer.id);
  assert.match(application.verify_key, /^[0-9a-f]{64}$/);
  assert.ok(token.length >= 58, 'Discord.Net refuses bot tokens shorter than 58 characters');

  const rest = botRest(token);
  const current = await rest.get(Routes.oauth2CurrentApplication());
  assert.equal(current.id, application.id);
  assert.equal(current.owner.id, developer.id);
  assert.equal(current.bot.id, application.id, 'the bot user has the application id, as on Discord');
  for (const field of ['name', 'icon', 'description', 'bot_public', 'bot_require_code_grant', 'verify_key', 'flags']) {
    assert.ok(field in current, `discord.py needs ${field}`);
  }

  const me = await rest.get(Routes.user('@me'));
  assert.equal(me.id, application.id);
  assert.equal(me.bot, true);
  assert.equal(me.username, 'Weather Bot');
  assert.match(me.discriminator, /^\d{4}$/);
});

test('a bot learns where the gateway is from /gateway/bot', async () => {
  const developer = await registerUser(server, 'gatewaydev');
  const { token } = await createBot(server, developer, 'Gateway Bot');
  const gateway = await botRest(token).get(Routes.gatewayBot());
  assert.equal(gateway.url, server.url.replace('http://', 'ws://'));
  assert.equal(gateway.shards, 1);
  assert.equal(gateway.session_start_limit.max_concurrency, 1);
  assert.ok(gateway.session_start_limit.remaining > 0);

  const open = await fetch(`${server.api}/v10/gateway`).then((r) => r.json());
  assert.equal(open.url, gateway.url);
});

test('resetting a bot token revokes the old one', async () => {
  const developer = await registerUser(server, 'resetdev');
  const { application, token: oldToken } = await createBot(server, developer, 'Reset Bot');
  const reset = await call(server, 'POST', `/applications/${application.id}/bot/reset`, { token: developer.token });
  assert.equal(reset.status, 200);
  assert.notEqual(reset.body.token, oldToken);

  await assert.rejects(botRest(oldToken).get(Routes.user('@me')), (error) => error.status === 401);
  const me = await botRest(reset.body.token).get(Routes.user('@me'));
  assert.equal(me.id, application.id);
});

test('a developer lists and edits only their own applications', async () => {
  const owner = await registerUser(server, 'owner');
  const stranger = await registerUser(server, 'stranger');
  const { application } = await createBot(server, owner, 'Owned App');

  const listed = await call(server, 'GET', '/applications', { token: owner.token });
  assert.deepEqual(listed.body.map((app) => app.id), [application.id]);
  assert.deepEqual((await call(server, 'GET', '/applications', { token: stranger.token })).body, []);

  const edited = await call(server, 'PATCH', `/applications/${application.id}`, {
    token: owner.token, body: { description: 'Tells the weather', bot_public: false },
  });
  assert.equal(edited.status, 200);
  assert.equal(edited.body.description, 'Tells the weather');
  assert.equal(edited.body.bot_public, false);

  for (const [method, path] of [
    ['GET', `/applications/${application.id}`],
    ['PATCH', `/applications/${application.id}`],
    ['POST', `/applications/${application.id}/bot/reset`],
  ]) {
    const body = method === 'GET' ? undefined : { name: 'Stolen' };
    const refused = await call(server, method, path, { token: stranger.token, body });
    assert.equal(refused.status, 404, `${method} ${path}`);
    assert.equal(refused.body.code, 10002);
  }
  const unchanged = await call(server, 'GET', `/applications/${application.id}`, { token: owner.token });
  assert.equal(unchanged.body.name, 'Owned App');
});

test('a bot token sent without the Bot prefix still works, as eris does before READY', async () => {
  const developer = await registerUser(server, 'erisdev');
  const { application, token } = await createBot(server, developer, 'Bare Bot');
  const me = await call(server, 'GET', '/users/@me', { token });
  assert.equal(me.body.id, application.id);
  const prefixedUser = await registerUser(server, 'notabot');
  const refused = await call(server, 'GET', '/users/@me', { token: `Bot ${prefixedUser.token}` });
  assert.equal(refused.status, 401, 'a user token is not a bot token');
});

test('bots cannot create applications', async () => {
  const developer = await registerUser(server, 'botmaker');
  const { token } = await createBot(server, developer, 'Maker Bot');
  await assert.rejects(
    botRest(token).post('/applications', { body: { name: 'Child' } }),
    (error) => error.status === 403 && error.code === 20001,
  );
});
