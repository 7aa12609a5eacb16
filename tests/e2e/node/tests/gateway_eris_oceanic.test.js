// eris and oceanic.js against Accord. Run once as is (JSON) and once with erlpack on NODE_PATH
// (scripts/test does both), because both libraries switch to ETF whenever erlpack resolves.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import http from 'node:http';
import { call, startAccord } from '../support/accord.js';
import { communityWithBot, waitFor } from '../support/community.js';

const require = createRequire(import.meta.url);
const Eris = require('eris');
const { Client: OceanicClient } = require('oceanic.js');
const expectEtf = (() => {
  try {
    require.resolve('erlpack');
    return true;
  } catch {
    return false;
  }
})();

let server;
before(async () => { server = await startAccord(); });
after(async () => { await server.stop(); });

function erisClient(token) {
  // eris has no option for plain HTTP: give it an agent that claims to be https (clients.md §5).
  const agent = new http.Agent({ keepAlive: true });
  agent.protocol = 'https:';
  agent.defaultPort = Number(new URL(server.url).port);
  const bot = new Eris(`Bot ${token}`, {
    intents: ['guilds', 'guildMessages', 'messageContent'],
    rest: { domain: '127.0.0.1', baseURL: '/api/v10', agent },
    guildCreateTimeout: 2000,
  });
  bot.on('error', () => {});
  return bot;
}

test(`eris (${expectEtf ? 'etf' : 'json'}) reaches ready with its guild and receives a message`, async () => {
  const { owner, guild, general, botToken } = await communityWithBot(server);
  const bot = erisClient(botToken);
  try {
    const ready = waitFor(bot, 'ready');
    await bot.connect();
    await ready;
    assert.equal(bot.gatewayURL.includes('encoding=etf'), expectEtf);
    const cached = bot.guilds.get(guild.id);
    assert.ok(cached, 'the guild is cached');
    assert.ok(cached.channels.get(general.id), '#general is cached');

    const received = waitFor(bot, 'messageCreate', (message) => message.content === 'hello eris');
    await call(server, 'POST', `/channels/${general.id}/messages`, { token: owner.token, body: { content: 'hello eris' } });
    const message = await received;
    assert.equal(message.author.id, owner.id);

    const reply = await bot.createMessage(general.id, 'hello from eris');
    assert.equal(reply.content, 'hello from eris');
  } finally {
    bot.disconnect({ reconnect: false });
  }
});

test(`oceanic.js (${expectEtf ? 'etf' : 'json'}) reaches ready with its guild and receives a message`, async () => {
  const { owner, guild, general, botToken } = await communityWithBot(server);
  const client = new OceanicClient({
    auth: `Bot ${botToken}`,
    rest: { baseURL: `${server.api}/v10` },
    gateway: { intents: ['GUILDS', 'GUILD_MESSAGES', 'MESSAGE_CONTENT'] },
  });
  client.on('error', () => {});
  try {
    const ready = waitFor(client, 'ready');
    await client.connect();
    await ready;
    const cached = client.guilds.get(guild.id);
    assert.ok(cached, 'the guild is cached');
    assert.ok(cached.channels.get(general.id), '#general is cached');
    assert.equal(client.shards.get(0).ws.url.includes('encoding=etf'), expectEtf);

    const received = waitFor(client, 'messageCreate', (message) => message.content === 'hello oceanic');
    await call(server, 'POST', `/channels/${general.id}/messages`, {
      token: owner.token, body: { content: 'hello oceanic' },
    });
    const message = await received;
    assert.equal(message.author.id, owner.id);
    const reply = await client.rest.channels.createMessage(general.id, { content: 'hello from oceanic' });
    assert.equal(reply.content, 'hello from oceanic');
  } finally {
    client.disconnect(false);
  }
});

test(`oceanic.js (${expectEtf ? 'etf' : 'json'}) with zstd-stream compression reaches ready`, async () => {
  const { guild, botToken } = await communityWithBot(server);
  const client = new OceanicClient({
    auth: `Bot ${botToken}`,
    rest: { baseURL: `${server.api}/v10` },
    gateway: { intents: ['GUILDS'], compress: 'zstd-stream' },
  });
  client.on('error', () => {});
  try {
    const ready = waitFor(client, 'ready');
    await client.connect();
    await ready;
    assert.ok(client.guilds.get(guild.id));
    assert.ok(client.shards.get(0).ws.url.includes('compress=zstd-stream'));
  } finally {
    client.disconnect(false);
  }
});
