// Presence (op 3, IDENTIFY's presence) and voice states (op 4) as a bot sees them through discord.js.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { call, registerUser, startAccord } from '../support/accord.js';
import { communityWithBot, waitFor } from '../support/community.js';
import { connect, gatewayUrl } from '../support/gateway_client.js';

let server;
before(async () => { server = await startAccord(); });
after(async () => { if (!server.alive()) console.log(server.output()); await server.stop(); });

// A person joins the bot's guild and connects the way the official client does (no intents).
async function personInGuild(owner, guild, general, name) {
  const person = await registerUser(server, name);
  const invite = await call(server, 'POST', `/channels/${general.id}/invites`, { token: owner.token, body: {} });
  await call(server, 'POST', `/invites/${invite.body.code}`, { token: person.token, body: {} });
  return person;
}

async function personConnects(person, presence) {
  const gateway = await connect(gatewayUrl(server));
  await gateway.next((p) => p.op === 10);
  gateway.send(2, { token: person.token, properties: { os: 'linux', browser: 'test' }, presence });
  await gateway.dispatch('READY');
  return gateway;
}

// discord.js passes (old, new) for updates; these tests want the new state.
function waitForUpdate(client, event, predicate) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), 10_000);
    const listener = (old, now) => {
      if (!predicate(now)) return;
      clearTimeout(timer);
      client.off(event, listener);
      resolve(now);
    };
    client.on(event, listener);
  });
}

async function botOnline(botToken, intents) {
  const client = new Client({ intents, rest: { api: server.api } });
  const ready = waitFor(client, Events.ClientReady);
  await client.login(botToken);
  await ready;
  return client;
}

test('a bot sees a person come online, change status, and go offline when they close the app', async () => {
  const { owner, guild, general, botToken } = await communityWithBot(server);
  const person = await personInGuild(owner, guild, general, 'presencer');
  const client = await botOnline(botToken, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildPresences]);
  try {
    const online = waitForUpdate(client, Events.PresenceUpdate, (now) => now.userId === person.id);
    const gateway = await personConnects(person, { status: 'dnd', since: null, afk: false, activities: [] });
    assert.equal((await online).status, 'dnd');

    const idle = waitForUpdate(client, Events.PresenceUpdate, (now) => now.userId === person.id && now.status === 'idle');
    gateway.send(3, { status: 'idle', since: 0, afk: true, activities: [{ name: 'Chess', type: 0 }] });
    const changed = await idle;
    assert.equal(changed.activities[0].name, 'Chess');

    const offline = waitForUpdate(client, Events.PresenceUpdate, (now) => now.userId === person.id && now.status === 'offline');
    await gateway.close(1000);
    await offline;
  } finally {
    await client.destroy();
  }
});

test('an invisible person never shows as online', async () => {
  const { owner, guild, general, botToken } = await communityWithBot(server);
  const person = await personInGuild(owner, guild, general, 'invisible');
  const visible = await personInGuild(owner, guild, general, 'visible');
  const client = await botOnline(botToken, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildPresences]);
  try {
    const seen = [];
    // Only these two people matter here (the bot's own presence may arrive too).
    const watched = [person.id, visible.id];
    client.on(Events.PresenceUpdate, (_old, now) => {
      if (watched.includes(now.userId)) seen.push([now.userId, now.status]);
    });
    const hidden = await personConnects(person, { status: 'invisible', since: null, afk: false, activities: [] });
    const marker = waitForUpdate(client, Events.PresenceUpdate, (now) => now.userId === visible.id);
    const shown = await personConnects(visible, { status: 'online', since: null, afk: false, activities: [] });
    await marker;
    assert.deepEqual(seen, [[visible.id, 'online']]);
    await hidden.close(1000);
    await shown.close(1000);
  } finally {
    await client.destroy();
  }
});

test('a person joins and leaves a voice channel and the bot sees it', async () => {
  const { owner, guild, general, botToken } = await communityWithBot(server);
  const voice = guild.channels.find((channel) => channel.type === 2);
  const person = await personInGuild(owner, guild, general, 'talker');
  const client = await botOnline(botToken, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates]);
  try {
    const gateway = await personConnects(person, undefined);
    const joined = waitForUpdate(client, Events.VoiceStateUpdate, (now) => now.id === person.id && now.channelId === voice.id);
    gateway.send(4, { guild_id: guild.id, channel_id: voice.id, self_mute: true, self_deaf: false });
    const state = await joined;
    assert.equal(state.selfMute, true);
    assert.equal(client.guilds.cache.get(guild.id).voiceStates.cache.get(person.id).channelId, voice.id);

    const left = waitForUpdate(client, Events.VoiceStateUpdate, (now) => now.id === person.id && now.channelId === null);
    gateway.send(4, { guild_id: guild.id, channel_id: null, self_mute: false, self_deaf: false });
    await left;
    await gateway.close(1000);
  } finally {
    await client.destroy();
  }
});

test('joining a text channel as voice, or a voice channel one may not connect to, changes nothing', async () => {
  const { owner, guild, general, botToken } = await communityWithBot(server);
  const voice = guild.channels.find((channel) => channel.type === 2);
  const person = await personInGuild(owner, guild, general, 'silenced');
  await call(server, 'PUT', `/channels/${voice.id}/permissions/${person.id}`, {
    token: owner.token, body: { type: 1, allow: '0', deny: String(1 << 20) },
  });
  const client = await botOnline(botToken, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates]);
  try {
    const seen = [];
    client.on(Events.VoiceStateUpdate, (_old, now) => seen.push(now.id));
    const gateway = await personConnects(person, undefined);
    gateway.send(4, { guild_id: guild.id, channel_id: general.id, self_mute: false, self_deaf: false });
    gateway.send(4, { guild_id: guild.id, channel_id: voice.id, self_mute: false, self_deaf: false });
    // The owner joining afterwards is the marker that everything before it was processed.
    const ownerGateway = await personConnects(owner, undefined);
    const marker = waitForUpdate(client, Events.VoiceStateUpdate, (now) => now.id === owner.id);
    ownerGateway.send(4, { guild_id: guild.id, channel_id: voice.id, self_mute: false, self_deaf: false });
    await marker;
    assert.deepEqual(seen, [owner.id]);
    await gateway.close(1000);
    await ownerGateway.close(1000);
  } finally {
    await client.destroy();
  }
});

test('GUILD_CREATE carries the presences and voice states of the moment', async () => {
  const { owner, guild, general, botToken } = await communityWithBot(server);
  const voice = guild.channels.find((channel) => channel.type === 2);
  const gateway = await personConnects(owner, { status: 'online', since: null, afk: false, activities: [] });
  gateway.send(4, { guild_id: guild.id, channel_id: voice.id, self_mute: false, self_deaf: true });
  await gateway.dispatch('VOICE_STATE_UPDATE');
  const client = await botOnline(botToken, [
    GatewayIntentBits.Guilds, GatewayIntentBits.GuildPresences, GatewayIntentBits.GuildVoiceStates,
  ]);
  try {
    const cached = client.guilds.cache.get(guild.id);
    assert.equal(cached.presences.cache.get(owner.id)?.status, 'online');
    assert.equal(cached.voiceStates.cache.get(owner.id)?.channelId, voice.id);
    assert.equal(cached.voiceStates.cache.get(owner.id)?.selfDeaf, true);
  } finally {
    await client.destroy();
    await gateway.close(1000);
  }
});
