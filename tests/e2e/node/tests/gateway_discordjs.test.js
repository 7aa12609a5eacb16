import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { call, startAccord } from '../support/accord.js';
import { communityWithBot, waitFor } from '../support/community.js';

let server;
before(async () => { server = await startAccord(); });
after(async () => { await server.stop(); });

function discordJs(intents) {
  return new Client({
    intents,
    rest: { api: server.api, cdn: `${server.url}/cdn` },
    waitGuildTimeout: 3_000,
  });
}

test('a discord.js bot logs in, sees its guild, and receives a message a person sends', async () => {
  const { owner, guild, general, botToken } = await communityWithBot(server);
  const client = discordJs([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent]);
  try {
    const started = Date.now();
    const ready = waitFor(client, Events.ClientReady);
    await client.login(botToken);
    await ready;
    assert.ok(Date.now() - started < 2_500, 'ready came from GUILD_CREATE, not the guild wait timeout');

    const cached = client.guilds.cache.get(guild.id);
    assert.ok(cached, 'the guild is cached');
    assert.equal(cached.name, 'Test Guild');
    assert.ok(cached.channels.cache.get(general.id), '#general is cached');
    assert.equal(cached.roles.everyone.id, guild.id);

    const received = waitFor(client, Events.MessageCreate, (message) => message.content === 'hello bot');
    const sent = await call(server, 'POST', `/channels/${general.id}/messages`, {
      token: owner.token, body: { content: 'hello bot' },
    });
    assert.equal(sent.status, 200);
    const message = await received;
    assert.equal(message.id, sent.body.id);
    assert.equal(message.author.id, owner.id);
    assert.equal(message.guild.id, guild.id);

    const reply = await message.channel.send('hello person');
    const history = await call(server, 'GET', `/channels/${general.id}/messages?limit=2`, { token: owner.token });
    assert.deepEqual(history.body.map((m) => m.content), ['hello person', 'hello bot']);
    assert.equal(history.body[0].id, reply.id);
  } finally {
    await client.destroy();
  }
});

test('a bot without the MESSAGE_CONTENT intent gets messages without their content', async () => {
  const { owner, general, botToken } = await communityWithBot(server);
  const client = discordJs([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
  try {
    const ready = waitFor(client, Events.ClientReady);
    await client.login(botToken);
    await ready;
    const received = waitFor(client, Events.MessageCreate);
    await call(server, 'POST', `/channels/${general.id}/messages`, { token: owner.token, body: { content: 'secret' } });
    const message = await received;
    assert.equal(message.content, '');
    assert.equal(message.author.id, owner.id);
  } finally {
    await client.destroy();
  }
});

test('a bot joins a guild while connected and receives its GUILD_CREATE', async () => {
  const { owner, application, botToken } = await communityWithBot(server);
  const client = discordJs([GatewayIntentBits.Guilds]);
  try {
    const ready = waitFor(client, Events.ClientReady);
    await client.login(botToken);
    await ready;
    const second = await call(server, 'POST', '/guilds', { token: owner.token, body: { name: 'Second Guild' } });
    const joined = waitFor(client, Events.GuildCreate, (g) => g.id === second.body.id);
    const { authorizeBot } = await import('../support/community.js');
    await authorizeBot(server, owner, application, second.body.id);
    const guild = await joined;
    assert.equal(guild.name, 'Second Guild');
  } finally {
    await client.destroy();
  }
});
