// Slash commands with discord.js: a bot registers /weather in its guild, a person runs it from their
// client (POST /interactions, watching their own gateway), and the bot answers with a button, an
// update, a follow-up, an ephemeral or deferred reply, suggestions and a form; and the ways it goes wrong.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ActionRowBuilder, ApplicationCommandOptionType as Option, ButtonBuilder, ButtonStyle, Client, Events,
  GatewayIntentBits, MessageFlags, PermissionFlagsBits as P,
} from 'discord.js';
import { call, createBot, expectError, registerUser, startAccord } from '../support/accord.js';
import { communityWithBot, joinGuild, waitFor } from '../support/community.js';
import { connect, gatewayUrl } from '../support/gateway_client.js';

let server;
const shortLived = []; // servers with their own timings, stopped last: their bots are gone by then
before(async () => { server = await startAccord(); });
after(async () => {
  for (const each of [server, ...shortLived]) assert.ok(each.alive(), 'the server survived every interaction');
  for (const each of [server, ...shortLived]) await each.stop();
});

async function serverWith(env) {
  const started = await startAccord({ env });
  shortLived.push(started);
  return started;
}

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;

const WEATHER = {
  name: 'weather',
  description: 'Tells the weather in a city',
  options: [
    { type: Option.String, name: 'city', description: 'Which city', required: true, autocomplete: true },
    { type: Option.User, name: 'friend', description: 'Who else should know' },
  ],
};

async function botOnline(t, srv, botToken) {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: srv.api, cdn: srv.url }, waitGuildTimeout: 3_000 });
  t.after(() => client.destroy());
  const ready = waitFor(client, Events.ClientReady);
  await client.login(botToken);
  await ready;
  return client;
}

// A person's own client, connected as the official client connects (no intents: everything).
async function personWatching(t, srv, person) {
  const gateway = await connect(gatewayUrl(srv));
  t.after(() => gateway.close());
  await gateway.next((p) => p.op === 10);
  gateway.send(2, { token: person.token, properties: { os: 'linux', browser: 'test' } });
  const ready = await gateway.dispatch('READY');
  return { gateway, sessionId: ready.d.session_id };
}

// The cast of most stories: an owner, their guild, a bot online that registered /weather there, a
// person who joined and watches their gateway, and their friend who joined too.
async function cast(t, srv = server) {
  const community = await communityWithBot(srv, { botName: 'Weather Bot' });
  const person = await joinGuild(srv, community.owner, community.general.id, 'person');
  const friend = await joinGuild(srv, community.owner, community.general.id, 'friend');
  const client = await botOnline(t, srv, community.botToken);
  const registered = await client.guilds.cache.get(community.guild.id).commands.set([WEATHER]);
  const command = registered.find((each) => each.name === 'weather');
  const { gateway, sessionId } = await personWatching(t, srv, person);
  return { ...community, srv, person, friend, client, botId: client.user.id, command, watcher: gateway, sessionId };
}

let nonces = 0;
function nonce() {
  return String(((BigInt(Date.now()) - 1420070400000n) << 22n) + BigInt(++nonces));
}

// What the official client posts when someone uses an application in #general; answered 204. With
// `multipart` it goes as the official client sends it: a form whose payload_json is the JSON.
async function interact(c, type, data, options = {}) {
  const { user = c.person, sessionId = c.sessionId, application = c.application, extra = {}, multipart = false } = options;
  const body = {
    type, application_id: application.id, guild_id: c.guild.id, channel_id: c.general.id, session_id: sessionId,
    nonce: nonce(), data, ...extra,
  };
  const form = `--b0undary\r\ncontent-disposition: form-data; name="payload_json"\r\n\r\n${JSON.stringify(body)}\r\n--b0undary--\r\n`;
  const sent = multipart ? { raw: form, headers: { 'content-type': 'multipart/form-data; boundary=b0undary' } } : { body };
  return { ...await call(c.srv, 'POST', '/interactions', { token: user.token, ...sent }), nonce: body.nonce };
}

function slash(command, options) {
  return { version: command.version, id: command.id, name: command.name, type: 1, options, attachments: [] };
}

function nextInteraction(client, predicate) {
  const seen = waitFor(client, Events.InteractionCreate, predicate);
  seen.catch(() => {}); // awaited by the caller, unless the request already failed
  return seen;
}

// The person runs /weather; resolves once the bot's client has the interaction.
async function personRuns(c, options = [{ type: Option.String, name: 'city', value: 'Lisbon' }]) {
  const seen = nextInteraction(c.client, (interaction) => interaction.isChatInputCommand());
  const run = await interact(c, 2, slash(c.command, options));
  assert.equal(run.status, 204, JSON.stringify(run.body));
  return { run, interaction: await seen };
}

// The first dispatch `t` whose data matches, whether it came already or is still to come.
async function eventually(gateway, t, predicate = () => true, timeoutMs = 5_000) {
  const matches = (p) => p.op === 0 && p.t === t && predicate(p.d);
  const already = gateway.received.find(matches);
  return already ? already.d : (await gateway.next(matches, { timeoutMs })).d;
}

async function say(srv, user, channelId, content) {
  const sent = await call(srv, 'POST', `/channels/${channelId}/messages`, { token: user.token, body: { content } });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  return sent.body;
}

async function historyOf(c, user) {
  const listed = await call(c.srv, 'GET', `/channels/${c.general.id}/messages?limit=50`, { token: user.token });
  assert.equal(listed.status, 200, JSON.stringify(listed.body));
  return listed.body;
}

function callback(srv, id, token, body) {
  return call(srv, 'POST', `/interactions/${id}/${token}/callback`, { body });
}

test('a bot registers /weather in its guild and a member finds it in the command index', async (t) => {
  const c = await cast(t);
  const { command, application, guild, botToken, person } = c;
  assert.equal(command.applicationId, application.id);
  assert.equal(command.guildId, guild.id);
  assert.equal(command.name, 'weather');
  assert.deepEqual(command.options.map((option) => [option.type, option.name]), [[Option.String, 'city'], [Option.User, 'friend']]);

  const listed = await call(server, 'GET', `/applications/${application.id}/guilds/${guild.id}/commands`, { token: `Bot ${botToken}` });
  assert.equal(listed.status, 200, JSON.stringify(listed.body));
  assert.equal(listed.body.length, 1);
  const raw = listed.body[0];
  assert.equal(raw.id, command.id);
  assert.equal(raw.application_id, application.id);
  assert.equal(raw.guild_id, guild.id);
  assert.equal(raw.type, 1, 'CHAT_INPUT');
  assert.equal(raw.description, 'Tells the weather in a city');
  assert.equal(raw.default_member_permissions, null);
  assert.equal(raw.nsfw, false);
  assert.match(raw.version, /^\d+$/);
  assert.equal(raw.options[0].required, true);
  assert.equal(raw.options[0].autocomplete, true);

  const index = await call(server, 'GET', `/guilds/${guild.id}/application-command-index`, { token: person.token });
  assert.equal(index.status, 200, JSON.stringify(index.body));
  assert.ok(index.body.applications.some((app) => app.id === application.id), JSON.stringify(index.body));
  assert.deepEqual(index.body.application_commands.map((each) => each.id), [command.id]);
});

test('a person runs /weather and the bot sees the command, its options, the friend and the member', async (t) => {
  const c = await cast(t);
  const { interaction, run } = await personRuns(c, [
    { type: Option.String, name: 'city', value: 'Lisbon' },
    { type: Option.User, name: 'friend', value: c.friend.id },
  ]);
  assert.equal(interaction.commandName, 'weather');
  assert.equal(interaction.commandId, c.command.id);
  assert.equal(interaction.commandGuildId, c.guild.id, 'data.guild_id names the guild the command is registered to');
  assert.equal(interaction.applicationId, c.application.id);
  assert.equal(interaction.guildId, c.guild.id);
  assert.equal(interaction.channelId, c.general.id);
  assert.equal(interaction.version, 1);
  assert.equal(interaction.authorizingIntegrationOwners.guildId, c.guild.id);
  assert.equal(interaction.options.getString('city'), 'Lisbon');
  const friend = interaction.options.getUser('friend');
  assert.equal(friend.id, c.friend.id);
  assert.equal(friend.username, c.friend.username, 'the user comes resolved');
  assert.equal(interaction.options.getMember('friend')?.id, c.friend.id, 'and so does the member');
  assert.equal(interaction.user.id, c.person.id);
  assert.equal(interaction.member.id, c.person.id);
  assert.ok(interaction.memberPermissions.has(P.UseApplicationCommands));

  const created = await eventually(c.watcher, 'INTERACTION_CREATE', (d) => d.nonce === run.nonce);
  assert.equal(created.id, interaction.id, 'the person\'s client learns the interaction id from its nonce');
  assert.ok(interaction.appPermissions.has(P.SendMessages), 'app_permissions: the bot\'s permissions in the channel');
  const answer = await interaction.reply({ content: 'Sunny in Lisbon', withResponse: true });
  assert.equal(answer.interaction.id, interaction.id, '?with_response=true returns {interaction, resource}');
  assert.equal(answer.resource.type, 4);
  assert.equal(answer.resource.message.content, 'Sunny in Lisbon');
  assert.equal(answer.interaction.responseMessageId, answer.resource.message.id);
  const success = await eventually(c.watcher, 'INTERACTION_SUCCESS', (d) => d.nonce === run.nonce);
  assert.equal(success.id, interaction.id);
});

test('the bot answers with a button, the click updates its message and a follow-up arrives', async (t) => {
  const c = await cast(t);
  const { interaction } = await personRuns(c, [{ type: Option.String, name: 'city', value: 'Porto' }]);
  const refresh = new ButtonBuilder().setCustomId('refresh').setLabel('Refresh').setStyle(ButtonStyle.Primary);
  await interaction.reply({ content: 'Porto: 21°C, cloudy', components: [new ActionRowBuilder().addComponents(refresh)] });

  const posted = await eventually(c.watcher, 'MESSAGE_CREATE', (d) => d.content === 'Porto: 21°C, cloudy');
  assert.equal(posted.type, 20, 'CHAT_INPUT_COMMAND');
  assert.equal(posted.channel_id, c.general.id);
  assert.equal(posted.author.id, c.botId);
  assert.equal(posted.application_id, c.application.id);
  assert.equal(posted.webhook_id, c.application.id);
  assert.deepEqual(posted.components.map((row) => row.type), [1]);
  const [button] = posted.components[0].components;
  assert.deepEqual([button.type, button.style, button.custom_id, button.label], [2, 1, 'refresh', 'Refresh']);
  assert.equal(posted.interaction.id, interaction.id);
  assert.equal(posted.interaction.type, 2);
  assert.equal(posted.interaction.name, 'weather');
  assert.equal(posted.interaction.user.id, c.person.id);
  assert.equal(posted.interaction_metadata.id, interaction.id);
  assert.equal(posted.interaction_metadata.type, 2);
  assert.equal(posted.interaction_metadata.user.id, c.person.id);
  assert.deepEqual(posted.interaction_metadata.authorizing_integration_owners, { 0: c.guild.id });

  const clicked = nextInteraction(c.client, (each) => each.isButton());
  const click = await interact(c, 3, { component_type: 2, custom_id: 'refresh' },
    { extra: { message_id: posted.id, message_flags: posted.flags }, multipart: true });
  assert.equal(click.status, 204, JSON.stringify(click.body));
  const press = await clicked;
  assert.equal(press.customId, 'refresh');
  assert.equal(press.message.id, posted.id, 'the bot gets the message the button is on');
  assert.equal(press.user.id, c.person.id);
  await press.update({ content: 'Porto: 22°C, sunny', components: [] });
  const updated = await eventually(c.watcher, 'MESSAGE_UPDATE', (d) => d.id === posted.id);
  assert.equal(updated.content, 'Porto: 22°C, sunny');
  assert.deepEqual(updated.components, []);
  assert.equal((await eventually(c.watcher, 'INTERACTION_SUCCESS', (d) => d.nonce === click.nonce)).id, press.id);

  const followUp = await press.followUp('Tomorrow: rain after noon');
  const arrived = await eventually(c.watcher, 'MESSAGE_CREATE', (d) => d.id === followUp.id);
  assert.equal(arrived.content, 'Tomorrow: rain after noon');
  assert.equal(arrived.author.id, c.botId);
  assert.equal(arrived.webhook_id, c.application.id);
  assert.deepEqual((await historyOf(c, c.person)).map((m) => m.content), ['Tomorrow: rain after noon', 'Porto: 22°C, sunny']);
});

test('an ephemeral answer reaches only the person who asked and stays out of the history', async (t) => {
  const c = await cast(t);
  const friendWatching = (await personWatching(t, server, c.friend)).gateway;
  const { interaction } = await personRuns(c);
  await interaction.reply({ content: 'Only you will get wet', flags: MessageFlags.Ephemeral });

  const secret = await eventually(c.watcher, 'MESSAGE_CREATE', (d) => d.content === 'Only you will get wet');
  assert.equal(secret.flags & EPHEMERAL, EPHEMERAL);
  assert.equal(secret.interaction_metadata.user.id, c.person.id);
  const marker = await say(server, c.owner, c.general.id, 'Anyone for lunch?');
  await eventually(friendWatching, 'MESSAGE_CREATE', (d) => d.id === marker.id);
  assert.ok(!friendWatching.received.some((p) => p.t === 'MESSAGE_CREATE' && p.d.id === secret.id), 'the friend never got it');

  for (const user of [c.person, c.friend]) {
    assert.deepEqual((await historyOf(c, user)).map((m) => m.content), ['Anyone for lunch?'], user.username);
  }
  expectError(await call(server, 'GET', `/channels/${c.general.id}/messages/${secret.id}`, { token: c.person.token }), 404, 10008);
});

test('a deferred answer shows as loading until the bot edits it', async (t) => {
  const c = await cast(t);
  const { interaction, run } = await personRuns(c, [{ type: Option.String, name: 'city', value: 'Reykjavik' }]);
  await interaction.deferReply();
  const loading = await eventually(c.watcher, 'MESSAGE_CREATE', (d) => d.author?.id === c.botId);
  assert.equal(loading.flags & LOADING, LOADING, 'the person sees "Weather Bot is thinking..."');
  assert.equal(loading.content, '');
  assert.equal((await eventually(c.watcher, 'INTERACTION_SUCCESS', (d) => d.nonce === run.nonce)).id, interaction.id);

  const edited = await interaction.editReply('Reykjavik: -3°C, snow');
  assert.equal(edited.id, loading.id);
  const done = await eventually(c.watcher, 'MESSAGE_UPDATE', (d) => d.id === loading.id && d.content === 'Reykjavik: -3°C, snow');
  assert.equal(done.flags & LOADING, 0, 'no longer loading');
  assert.equal((await interaction.fetchReply()).content, 'Reykjavik: -3°C, snow');
  assert.deepEqual((await historyOf(c, c.friend)).map((m) => m.content), ['Reykjavik: -3°C, snow']);
});

test('the bot suggests cities while the person is still typing', async (t) => {
  const c = await cast(t);
  const asked = nextInteraction(c.client, (interaction) => interaction.isAutocomplete());
  const typing = await interact(c, 4, slash(c.command, [{ type: Option.String, name: 'city', value: 'Ber', focused: true }]));
  assert.equal(typing.status, 204, JSON.stringify(typing.body));
  const interaction = await asked;
  assert.equal(interaction.commandName, 'weather');
  assert.equal(interaction.options.getFocused(), 'Ber');
  assert.equal(interaction.options.getFocused(true).name, 'city');

  await interaction.respond([{ name: 'Berlin', value: 'berlin' }, { name: 'Bern', value: 'bern' }]);
  const suggestions = await eventually(c.watcher, 'APPLICATION_COMMAND_AUTOCOMPLETE_RESPONSE', (d) => d.nonce === typing.nonce);
  assert.deepEqual(suggestions.choices.map(({ name, value }) => ({ name, value })),
    [{ name: 'Berlin', value: 'berlin' }, { name: 'Bern', value: 'bern' }]);
});

test('the bot opens a form, the person fills it in and the bot reads what they wrote', async (t) => {
  const c = await cast(t);
  const { interaction, run } = await personRuns(c, [{ type: Option.String, name: 'city', value: 'Oslo' }]);
  await interaction.showModal({
    custom_id: 'trip-form',
    title: 'Plan a trip',
    components: [{ type: 1, components: [{ type: 4, custom_id: 'packing', style: 2, label: 'What should we pack?' }] }],
  });
  const modal = await eventually(c.watcher, 'INTERACTION_MODAL_CREATE', (d) => d.nonce === run.nonce);
  assert.equal(modal.custom_id, 'trip-form');
  assert.equal(modal.title, 'Plan a trip');
  assert.equal(modal.components[0].components[0].custom_id, 'packing');
  assert.equal(modal.application.id, c.application.id);

  const submitted = nextInteraction(c.client, (each) => each.isModalSubmit());
  const submit = await interact(c, 5, {
    id: modal.id,
    custom_id: 'trip-form',
    components: [{ type: 1, components: [{ type: 4, custom_id: 'packing', value: 'Umbrella and wool socks' }] }],
  });
  assert.equal(submit.status, 204, JSON.stringify(submit.body));
  const form = await submitted;
  assert.equal(form.customId, 'trip-form');
  assert.equal(form.fields.getTextInputValue('packing'), 'Umbrella and wool socks');
  assert.equal(form.user.id, c.person.id);
  await form.reply({ content: 'Noted: umbrella and wool socks', flags: MessageFlags.Ephemeral });
  assert.equal((await eventually(c.watcher, 'INTERACTION_SUCCESS', (d) => d.nonce === submit.nonce)).id, form.id);
  await eventually(c.watcher, 'MESSAGE_CREATE', (d) => d.content === 'Noted: umbrella and wool socks');
});

test('an interaction is answered once, and only by whoever holds its token', async (t) => {
  const c = await cast(t);
  const { interaction } = await personRuns(c);
  const forged = interaction.token.slice(0, -1) + (interaction.token.endsWith('A') ? 'B' : 'A');
  expectError(await callback(server, interaction.id, forged, { type: 4, data: { content: 'Forged forecast' } }), 404, 10062);
  expectError(await callback(server, '1234567890123456789', interaction.token, { type: 4, data: { content: 'Lost' } }), 404, 10062);

  await interaction.reply('Lisbon: 25°C');
  const again = await callback(server, interaction.id, interaction.token, { type: 4, data: { content: 'Lisbon: 26°C' } });
  expectError(again, 400, 40060);
  assert.deepEqual((await historyOf(c, c.person)).map((m) => m.content), ['Lisbon: 25°C']);
});

test('an interaction the bot leaves unanswered fails for the person and a late answer is refused', async (t) => {
  const quick = await serverWith({ ACCORD_INTERACTIONS_RESPONSE_SECONDS: '1' });
  const c = await cast(t, quick);
  const { interaction, run } = await personRuns(c);

  const failure = await eventually(c.watcher, 'INTERACTION_FAILURE', (d) => d.nonce === run.nonce);
  assert.equal(failure.id, interaction.id);
  await assert.rejects(interaction.reply('Sorry, I dozed off'), (error) => error.status === 404 && error.code === 10062);
  assert.ok(!c.watcher.received.some((p) => p.t === 'INTERACTION_SUCCESS'), 'never a success');
  assert.deepEqual(await historyOf(c, c.person), []);
});

test('a follow-up after the interaction token has expired is refused', async (t) => {
  const brief = await serverWith({ ACCORD_INTERACTIONS_TOKEN_SECONDS: '2' });
  const c = await cast(t, brief);
  const { interaction } = await personRuns(c);
  await interaction.deferReply();
  const inTime = await interaction.followUp('Checking the radar');
  assert.equal(inTime.content, 'Checking the radar');

  // The token's lifetime is the only clock here: wait until the server says it has run out.
  const original = `/webhooks/${c.application.id}/${interaction.token}/messages/@original`;
  const deadline = Date.now() + 10_000;
  let read = await call(brief, 'GET', original);
  while (read.status === 200 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    read = await call(brief, 'GET', original);
  }
  expectError(read, 401, 50027);
  await assert.rejects(interaction.followUp('Too late'), (error) => error.status === 401 && error.code === 50027);
  await assert.rejects(interaction.editReply('Too late'), (error) => error.status === 401 && error.code === 50027);
});

test('a bot cannot register or read the commands of another application', async () => {
  const { owner, guild, botToken } = await communityWithBot(server);
  const other = await createBot(server, owner, 'Other Bot');
  const asBot = { token: `Bot ${botToken}` };
  for (const [method, path, body] of [
    ['POST', `/applications/${other.application.id}/guilds/${guild.id}/commands`, WEATHER],
    ['PUT', `/applications/${other.application.id}/guilds/${guild.id}/commands`, [WEATHER]],
    ['POST', `/applications/${other.application.id}/commands`, WEATHER],
    ['PUT', `/applications/${other.application.id}/commands`, [WEATHER]],
    ['GET', `/applications/${other.application.id}/commands`, undefined],
  ]) {
    const refused = await call(server, method, path, { ...asBot, body });
    assert.equal(`${refused.status} ${refused.body?.code}`, '403 50001', `${method} ${path}: ${JSON.stringify(refused.body)}`);
  }
  const own = await call(server, 'GET', `/applications/${other.application.id}/commands`, { token: `Bot ${other.token}` });
  assert.deepEqual(own.body, [], 'nothing was registered for it');
});

test('a person cannot run a command the bot has since deleted', async (t) => {
  const c = await cast(t);
  const guildCommands = c.client.guilds.cache.get(c.guild.id).commands;
  const forecast = await guildCommands.create({ name: 'forecast', description: 'Five days ahead' });
  await guildCommands.delete(forecast.id);
  expectError(await call(server, 'GET', `/applications/${c.application.id}/guilds/${c.guild.id}/commands/${forecast.id}`,
    { token: `Bot ${c.botToken}` }), 404, 10063);
  expectError(await interact(c, 2, slash(forecast, [])), 404, 10063);
});

test('a person cannot run the command of an application whose bot is not in the guild', async (t) => {
  const c = await cast(t);
  const outsider = await createBot(server, await registerUser(server, 'outsiderdev'), 'Outsider Bot');
  const registered = await call(server, 'POST', `/applications/${outsider.application.id}/commands`,
    { token: `Bot ${outsider.token}`, body: WEATHER });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  const run = await interact(c, 2, slash(registered.body, [{ type: Option.String, name: 'city', value: 'Rome' }]),
    { application: outsider.application });
  expectError(run, 404, 10002);
});

test('a member denied USE_APPLICATION_COMMANDS in a channel cannot run /weather there', async (t) => {
  const c = await cast(t);
  const denied = await call(server, 'PUT', `/channels/${c.general.id}/permissions/${c.person.id}`, {
    token: c.owner.token, body: { type: 1, allow: '0', deny: String(P.UseApplicationCommands) },
  });
  assert.equal(denied.status, 204, JSON.stringify(denied.body));

  const seen = nextInteraction(c.client, () => true);
  expectError(await interact(c, 2, slash(c.command, [{ type: Option.String, name: 'city', value: 'Nice' }])), 403, 50013);
  const allowed = await interact(c, 2, slash(c.command, [{ type: Option.String, name: 'city', value: 'Nice' }]), { user: c.friend, sessionId: undefined });
  assert.equal(allowed.status, 204, JSON.stringify(allowed.body));
  const first = await seen;
  assert.equal(first.user.id, c.friend.id, 'the bot never heard of the refused one');
  await first.reply('Nice: 19°C');
});

test('overwriting the command list keeps ids by name, and posting a known name replaces it', async () => {
  const { application, guild, botToken } = await communityWithBot(server);
  const asBot = { token: `Bot ${botToken}` };
  const path = `/applications/${application.id}/guilds/${guild.id}/commands`;
  const ids = (list) => Object.fromEntries(list.map((command) => [command.name, command.id]));
  const ping = { name: 'ping', description: 'Checks the bot is awake' };
  const news = { name: 'news', description: 'Today\'s headlines' };

  const first = await call(server, 'PUT', path, { ...asBot, body: [WEATHER, ping] });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const original = ids(first.body);
  const second = await call(server, 'PUT', path, { ...asBot, body: [{ ...WEATHER, description: 'Weather and wind' }, news] });
  assert.equal(second.status, 200, JSON.stringify(second.body));
  const afterPut = ids(second.body);
  assert.equal(afterPut.weather, original.weather, 'same name, same command');
  assert.ok(afterPut.news && !Object.values(original).includes(afterPut.news), 'a new name is a new command');
  assert.equal(second.body.find((command) => command.name === 'weather').description, 'Weather and wind');
  const listed = await call(server, 'GET', path, asBot);
  assert.deepEqual(listed.body.map((command) => command.name).sort(), ['news', 'weather']);
  expectError(await call(server, 'GET', `${path}/${original.ping}`, asBot), 404, 10063);

  const replaced = await call(server, 'POST', path, { ...asBot, body: { ...WEATHER, description: 'Weather, again' } });
  assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
  assert.equal(replaced.body.id, original.weather);
  assert.equal(replaced.body.description, 'Weather, again');
  const created = await call(server, 'POST', path, { ...asBot, body: ping });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.notEqual(created.body.id, original.ping, 'a deleted command does not come back with its old id');
  assert.equal((await call(server, 'GET', path, asBot)).body.length, 3);
});
