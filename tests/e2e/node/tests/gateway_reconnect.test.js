// Every library survives an op 7 RECONNECT: it resumes, and no message sent meanwhile is lost.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import http from 'node:http';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { Client as CoreClient, GatewayDispatchEvents } from '@discordjs/core';
import { REST } from '@discordjs/rest';
import { WebSocketManager, WebSocketShardEvents, CompressionMethod } from '@discordjs/ws';
import { call, registerUser, startAccord } from '../support/accord.js';
import { communityWithBot, waitFor } from '../support/community.js';

const require = createRequire(import.meta.url);
const Eris = require('eris');
const { Client: OceanicClient } = require('oceanic.js');

let server;
let operator;
before(async () => {
  server = await startAccord();
  operator = await registerUser(server, 'operator');  // the first person on an instance runs it
});
after(async () => { await server.stop(); });

async function askToReconnect(userId) {
  const response = await call(server, 'POST', '/admin/gateway/reconnect', {
    token: operator.token, body: { user_id: userId },
  });
  assert.equal(response.status, 204, JSON.stringify(response.body));
}

// Sends op 7, then a message at once (it lands while the client is reconnecting) and one after the
// resume; the client must see both, once each, in order.
async function survivesReconnect({ community, messages, resumed }) {
  const { owner, general, application } = community;
  const seen = [];
  messages((content) => seen.push(content));
  const didResume = resumed();
  await askToReconnect(application.id);
  await call(server, 'POST', `/channels/${general.id}/messages`, { token: owner.token, body: { content: 'during' } });
  await didResume;
  await call(server, 'POST', `/channels/${general.id}/messages`, { token: owner.token, body: { content: 'after' } });
  const deadline = Date.now() + 10_000;
  while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(seen, ['during', 'after']);
}

test('a non-operator cannot ask sessions to reconnect', async () => {
  const someone = await registerUser(server, 'someone');
  const response = await call(server, 'POST', '/admin/gateway/reconnect', {
    token: someone.token, body: { user_id: someone.id },
  });
  assert.equal(response.status, 403);
  assert.equal(response.body.code, 50013);
});

test('discord.js resumes after op 7 without missing a message', async () => {
  const community = await communityWithBot(server);
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    rest: { api: server.api },
  });
  try {
    const ready = waitFor(client, Events.ClientReady);
    await client.login(community.botToken);
    await ready;
    await survivesReconnect({
      community,
      messages: (record) => client.on(Events.MessageCreate, (message) => record(message.content)),
      resumed: () => waitFor(client, Events.ShardResume),
    });
  } finally {
    await client.destroy();
  }
});

test('@discordjs/core with zlib-stream resumes after op 7 without missing a message', async () => {
  const community = await communityWithBot(server);
  const rest = new REST({ api: server.api }).setToken(community.botToken);
  const gateway = new WebSocketManager({
    token: community.botToken,
    intents: (1 << 0) | (1 << 9) | (1 << 15),
    rest,
    compression: CompressionMethod.ZlibNative,
  });
  const client = new CoreClient({ rest, gateway });
  try {
    const ready = waitFor(client, GatewayDispatchEvents.Ready);
    await gateway.connect();
    await ready;
    await survivesReconnect({
      community,
      messages: (record) => client.on(GatewayDispatchEvents.MessageCreate, ({ data }) => record(data.content)),
      resumed: () => waitFor(gateway, WebSocketShardEvents.Resumed),
    });
  } finally {
    await gateway.destroy();
  }
});

test('eris resumes after op 7 without missing a message', async () => {
  const community = await communityWithBot(server);
  const agent = new http.Agent({ keepAlive: true });
  agent.protocol = 'https:';
  agent.defaultPort = Number(new URL(server.url).port);
  const bot = new Eris(`Bot ${community.botToken}`, {
    intents: ['guilds', 'guildMessages', 'messageContent'],
    rest: { domain: '127.0.0.1', baseURL: '/api/v10', agent },
  });
  bot.on('error', () => {});
  try {
    const ready = waitFor(bot, 'ready');
    await bot.connect();
    await ready;
    await survivesReconnect({
      community,
      messages: (record) => bot.on('messageCreate', (message) => record(message.content)),
      resumed: () => waitFor(bot, 'shardResume'),
    });
  } finally {
    bot.disconnect({ reconnect: false });
  }
});

test('oceanic.js resumes after op 7 without missing a message', async () => {
  const community = await communityWithBot(server);
  const client = new OceanicClient({
    auth: `Bot ${community.botToken}`,
    rest: { baseURL: `${server.api}/v10` },
    gateway: { intents: ['GUILDS', 'GUILD_MESSAGES', 'MESSAGE_CONTENT'] },
  });
  client.on('error', () => {});
  try {
    const ready = waitFor(client, 'ready');
    await client.connect();
    await ready;
    await survivesReconnect({
      community,
      messages: (record) => client.on('messageCreate', (message) => record(message.content)),
      resumed: () => waitFor(client, 'shardResume'),
    });
  } finally {
    client.disconnect(false);
  }
});
