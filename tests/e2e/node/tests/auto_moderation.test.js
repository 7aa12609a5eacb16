// Auto moderation: a guild's managers (a bot with discord.js, or the owner by hand) keep keyword and
// mention-spam rules; a member's message that breaks one is blocked with an explanation, reported in
// a moderators' channel, or costs its author a timeout; managers hear every rule change and every
// action, members hear none of it; and the rules stay within Discord's limits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuditLogEvent, AutoModerationActionType as Action, AutoModerationRuleEventType, AutoModerationRuleTriggerType as Trigger,
  Events, GatewayIntentBits, MessageType, Partials, PermissionFlagsBits as P,
} from 'discord.js';
import { call, expectError, expectOk, registerUser, startAccord } from '../support/accord.js';
import { botOnline, communityWithBot, createGuild, joinGuild, nextEvent, waitFor } from '../support/community.js';
import { connectAs } from '../support/gateway_client.js';

let server;
before(async () => { server = await startAccord(); });
after(async () => {
  assert.ok(server.alive(), 'the server survived every rule');
  await server.stop();
});

const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent,
  GatewayIntentBits.GuildMembers, GatewayIntentBits.AutoModerationConfiguration, GatewayIntentBits.AutoModerationExecution];

const block = (custom_message) => ({ type: Action.BlockMessage, metadata: custom_message ? { custom_message } : {} });
const alertIn = (channel) => ({ type: Action.SendAlertMessage, metadata: { channel_id: channel.id } });
const timeout = (duration_seconds) => ({ type: Action.Timeout, metadata: { duration_seconds } });

function keywordRule(name, keyword_filter, actions = [block()], extra = {}) {
  const trigger_metadata = { keyword_filter };
  return { name, event_type: 1, trigger_type: Trigger.Keyword, trigger_metadata, actions, enabled: true, ...extra };
}

function mentionRule(name, mention_total_limit, actions = [block()]) {
  const trigger_metadata = { mention_total_limit };
  return { name, event_type: 1, trigger_type: Trigger.MentionSpam, trigger_metadata, actions, enabled: true };
}

const rulesPath = (guild) => `/guilds/${guild.id}/auto-moderation/rules`;
const makeRule = (user, guild, body) => call(server, 'POST', rulesPath(guild), { token: user.token, body });
const say = (user, channel, content) =>
  call(server, 'POST', `/channels/${channel.id}/messages`, { token: user.token, body: { content } });

async function ownerMakesRule(owner, guild, body) {
  return expectOk(await makeRule(owner, guild, body), 200);
}

async function createChannel(owner, guild, name, extra = {}) {
  const made = await call(server, 'POST', `/guilds/${guild.id}/channels`, { token: owner.token, body: { name, ...extra } });
  return expectOk(made, 200, 201);
}

async function giveRole(owner, guild, person, name, permissions = 0n) {
  const role = expectOk(await call(server, 'POST', `/guilds/${guild.id}/roles`, {
    token: owner.token, body: { name, permissions: String(permissions) },
  }), 200);
  expectOk(await call(server, 'PUT', `/guilds/${guild.id}/members/${person.id}/roles/${role.id}`, { token: owner.token }), 204);
  return role;
}

// An owner, their guild, a member, and a bot that manages the guild and may time members out.
async function cast(t) {
  const community = await communityWithBot(server, { permissions: String(P.ManageGuild | P.ModerateMembers) });
  const client = await botOnline(server, t, community.botToken, { intents: INTENTS, partials: [Partials.GuildMember] });
  const member = await joinGuild(server, community.owner, community.general.id, 'member');
  return { ...community, client, member };
}

test('a bot with MANAGE_GUILD makes a keyword rule with discord.js and hears it made, changed and removed', async (t) => {
  const { owner, guild, client } = await cast(t);
  const rules = client.guilds.cache.get(guild.id).autoModerationRules;
  const announced = waitFor(client, Events.AutoModerationRuleCreate);
  const rule = await rules.create({
    name: 'No scams', eventType: AutoModerationRuleEventType.MessageSend, triggerType: Trigger.Keyword,
    triggerMetadata: { keywordFilter: ['free nitro', 'crypto*'] },
    actions: [{ type: Action.BlockMessage, metadata: { customMessage: 'No scams here, please.' } }],
    enabled: true, reason: 'A scam wave',
  });
  assert.equal((await announced).id, rule.id);
  assert.equal(rule.creatorId, client.user.id);
  assert.deepEqual(rule.triggerMetadata.keywordFilter, ['free nitro', 'crypto*']);

  const stored = expectOk(await call(server, 'GET', `${rulesPath(guild)}/${rule.id}`, { token: owner.token }), 200);
  const { id, guild_id, creator_id, name, event_type, trigger_type, enabled, exempt_roles, exempt_channels } = stored;
  assert.deepEqual({ id, guild_id, creator_id, name, event_type, trigger_type, enabled, exempt_roles, exempt_channels }, {
    id: rule.id, guild_id: guild.id, creator_id: client.user.id, name: 'No scams', event_type: 1, trigger_type: 1,
    enabled: true, exempt_roles: [], exempt_channels: [],
  });
  assert.deepEqual(stored.trigger_metadata.keyword_filter, ['free nitro', 'crypto*']);
  assert.deepEqual(stored.actions, [{ type: 1, metadata: { custom_message: 'No scams here, please.' } }]);

  const changed = nextEvent(client, Events.AutoModerationRuleUpdate, (_old, now) => now.id === rule.id);
  const edited = await rules.edit(rule, {
    name: 'No scams or raffles', triggerMetadata: { keywordFilter: ['free nitro', '*raffle*'] },
  });
  assert.equal(edited.name, 'No scams or raffles');
  const [, now] = await changed;
  assert.equal(now.name, 'No scams or raffles');
  assert.deepEqual(now.triggerMetadata.keywordFilter, ['free nitro', '*raffle*']);
  const listed = await rules.fetch({ force: true });
  assert.deepEqual([...listed.keys()], [rule.id]);

  const removed = waitFor(client, Events.AutoModerationRuleDelete, (gone) => gone.id === rule.id);
  await rules.delete(rule.id);
  await removed;
  expectError(await call(server, 'GET', `${rulesPath(guild)}/${rule.id}`, { token: owner.token }), 404, 10066);
});

test('a member\'s message with a blocked phrase is refused with the rule\'s explanation and reaches nobody', async (t) => {
  const { owner, guild, general, client, member } = await cast(t);
  const rule = await ownerMakesRule(owner, guild, keywordRule('No scams', ['free nitro'], [block('No scams here, please.')]));
  const fromMember = [];
  client.on(Events.MessageCreate, (message) => { if (message.author.id === member.id) fromMember.push(message.content); });

  const executed = waitFor(client, Events.AutoModerationActionExecution);
  const refused = await say(member, general, 'Claim your FREE Nitro here');
  expectError(refused, 400, 200000);
  assert.equal(refused.body.message, 'No scams here, please.');
  const execution = await executed;
  assert.deepEqual(
    [execution.action.type, execution.ruleId, execution.ruleTriggerType, execution.userId, execution.channelId],
    [Action.BlockMessage, rule.id, Trigger.Keyword, member.id, general.id]);
  assert.equal(execution.content, 'Claim your FREE Nitro here');
  assert.equal(execution.matchedKeyword, 'free nitro');
  assert.equal(execution.matchedContent, 'FREE Nitro');
  assert.equal(execution.messageId, null, 'a blocked message never got an id');

  const apology = waitFor(client, Events.MessageCreate, (message) => message.content === 'sorry, wrong link');
  expectOk(await say(member, general, 'sorry, wrong link'), 200);
  await apology;
  assert.deepEqual(fromMember, ['sorry, wrong link'], 'the blocked message was never dispatched');
  const history = expectOk(await call(server, 'GET', `/channels/${general.id}/messages`, { token: owner.token }), 200);
  assert.ok(!history.some((message) => /nitro/i.test(message.content)), 'nor stored');
});

test('keywords match as Discord documents: whole words, prefixes, suffixes, anywhere, phrases and patterns', async (t) => {
  const { owner, guild, general, member } = await cast(t);
  const words = {
    keyword_filter: ['cat', 'dog*', '*bird', '*fish*', 'free nitro'], regex_patterns: ['\\d{3}-\\d{4}'], allow_list: ['catfish'],
  };
  await ownerMakesRule(owner, guild, keywordRule('Words', [], [block()], { trigger_metadata: words }));
  const samples = [
    ['my cat sleeps', true], ['MY CAT SLEEPS', true], ['two cats', false], ['concatenate the files', false],
    ['dogmatic views', true], ['a hotdog please', false], ['a blackbird sang', true], ['birdhouse for sale', false],
    ['that is selfishness', true], ['we ate catfish', false], ['get free nitro now', true], ['free nitrogen tanks', false],
    ['call 555-0199', true], ['call me maybe', false],
  ];
  const verdicts = [];
  for (const [content] of samples) {
    const response = await say(member, general, content);
    verdicts.push([content, response.status === 400 && response.body?.code === 200000]);
    if (response.status === 400) assert.equal(response.body.message, 'Message was blocked by AutoMod', 'the default explanation');
  }
  assert.deepEqual(verdicts, samples);
});

test('an alert rule lets the message through and posts an AutoMod message in the moderators\' channel', async (t) => {
  const { owner, guild, general, client, member } = await cast(t);
  const modLog = await createChannel(owner, guild, 'mod-log');
  const rule = await ownerMakesRule(owner, guild, keywordRule('Spoilers', ['spoiler*'], [alertIn(modLog)]));
  const alerted = waitFor(client, Events.MessageCreate, (message) => message.channelId === modLog.id);
  const executed = waitFor(client, Events.AutoModerationActionExecution);
  const sent = expectOk(await say(member, general, 'Spoilers: the butler did it'), 200);

  const alert = await alerted;
  assert.equal(alert.type, MessageType.AutoModerationAction);
  assert.equal(alert.author.id, member.id, 'the alert quotes the member');
  const [embed] = alert.embeds;
  assert.equal(embed.data.type, 'auto_moderation_message');
  assert.equal(embed.description, 'Spoilers: the butler did it');
  assert.deepEqual(Object.fromEntries(embed.fields.map((field) => [field.name, field.value])), {
    rule_name: 'Spoilers', channel_id: general.id, keyword: 'spoiler*', keyword_matched_content: 'Spoilers',
  });
  const execution = await executed;
  assert.equal(execution.action.type, Action.SendAlertMessage);
  assert.equal(execution.action.metadata.channelId, modLog.id);
  assert.equal(execution.ruleId, rule.id);
  assert.equal(execution.alertSystemMessageId, alert.id);
  assert.equal(execution.messageId, sent.id, 'the message that was let through is named');
});

test('a timeout rule silences the member: the bot hears the timeout and their next message is refused', async (t) => {
  const { owner, guild, general, client, member } = await cast(t);
  await ownerMakesRule(owner, guild, keywordRule('Scams', ['scam*'], [block(), timeout(600)]));
  const timedOut = nextEvent(client, Events.GuildMemberUpdate,
    (_old, now) => now.id === member.id && now.communicationDisabledUntilTimestamp);
  const executions = [];
  client.on(Events.AutoModerationActionExecution, (execution) => executions.push(execution.action.type));
  const before = Date.now();
  expectError(await say(member, general, 'scammers everywhere, join my server'), 400, 200000);
  const [, now] = await timedOut;
  const until = now.communicationDisabledUntilTimestamp;
  assert.ok(until >= before + 595_000 && until <= Date.now() + 605_000, `timed out until ${new Date(until).toISOString()}`);
  const stored = expectOk(await call(server, 'GET', `/guilds/${guild.id}/members/${member.id}`, { token: owner.token }), 200);
  assert.equal(Date.parse(stored.communication_disabled_until), until);

  expectError(await say(member, general, 'hello? can anyone read this?'), 403, 50013);
  const ping = waitFor(client, Events.MessageCreate, (message) => message.content === 'all quiet now');
  expectOk(await say(owner, general, 'all quiet now'), 200);
  await ping;
  assert.deepEqual(executions.sort(), [Action.BlockMessage, Action.Timeout], 'one execution per action');
});

test('a manager without MODERATE_MEMBERS may not set up a timeout action', async (t) => {
  const { owner, guild, general } = await cast(t);
  const manager = await joinGuild(server, owner, general.id, 'manager');
  await giveRole(owner, guild, manager, 'Managers', P.ManageGuild);
  expectError(await makeRule(manager, guild, keywordRule('Harsh', ['scam*'], [timeout(60)])), 403, 50013);
  expectOk(await makeRule(manager, guild, keywordRule('Gentle', ['scam*'], [block()])), 200);
});

test('mention spam: up to the limit of unique mentions is allowed, one more is blocked', async (t) => {
  const { owner, guild, general, client, member } = await cast(t);
  const friend = await joinGuild(server, owner, general.id, 'friend');
  const rule = await ownerMakesRule(owner, guild, mentionRule('Mention spam', 2));
  assert.equal(rule.trigger_metadata.mention_total_limit, 2);
  const bot = client.user.id;
  expectOk(await say(member, general, `<@${owner.id}> <@${bot}> lunch?`), 200);
  expectOk(await say(member, general, `<@${owner.id}> <@${owner.id}> <@${owner.id}> <@${bot}> lunch??`), 200);
  const executed = waitFor(client, Events.AutoModerationActionExecution);
  expectError(await say(member, general, `<@${owner.id}> <@${bot}> <@${friend.id}> LUNCH`), 400, 200000);
  const execution = await executed;
  assert.equal(execution.ruleTriggerType, Trigger.MentionSpam);
  assert.equal(execution.userId, member.id);
});

test('a member\'s edit that adds a blocked phrase is refused and the message stays as it was', async (t) => {
  const { owner, guild, general, member } = await cast(t);
  await ownerMakesRule(owner, guild, keywordRule('No scams', ['free nitro']));
  const message = expectOk(await say(member, general, 'hello everyone'), 200);
  const edit = await call(server, 'PATCH', `/channels/${general.id}/messages/${message.id}`, {
    token: member.token, body: { content: 'hello everyone, free nitro in my bio' },
  });
  expectError(edit, 400, 200000);
  const stored = expectOk(await call(server, 'GET', `/channels/${general.id}/messages/${message.id}`, { token: owner.token }), 200);
  assert.equal(stored.content, 'hello everyone');
});

test('exempt roles, exempt channels and the guild\'s managers are not moderated', async (t) => {
  const { owner, guild, general, member } = await cast(t);
  const memes = await createChannel(owner, guild, 'memes');
  const trusted = expectOk(await call(server, 'POST', `/guilds/${guild.id}/roles`, {
    token: owner.token, body: { name: 'Trusted' },
  }), 200);
  const exempt = { exempt_roles: [trusted.id], exempt_channels: [memes.id] };
  await ownerMakesRule(owner, guild, keywordRule('Language', ['heck'], [block()], exempt));

  expectError(await say(member, general, 'what the heck'), 400, 200000);
  expectOk(await say(member, memes, 'what the heck'), 200);
  expectOk(await say(owner, general, 'what the heck'), 200);
  const manager = await joinGuild(server, owner, general.id, 'manager');
  await giveRole(owner, guild, manager, 'Managers', P.ManageGuild);
  expectOk(await say(manager, general, 'what the heck'), 200);
  expectOk(await call(server, 'PUT', `/guilds/${guild.id}/members/${member.id}/roles/${trusted.id}`, { token: owner.token }), 204);
  expectOk(await say(member, general, 'what the heck'), 200);
});

test('a rule is disabled unless asked otherwise, and a disabled rule blocks no one', async (t) => {
  const { owner, guild, general, member } = await cast(t);
  const { enabled: _on, ...body } = keywordRule('Draft', ['heck']);
  const rule = await ownerMakesRule(owner, guild, body);
  assert.equal(rule.enabled, false);
  expectOk(await say(member, general, 'what the heck'), 200);
  expectOk(await call(server, 'PATCH', `${rulesPath(guild)}/${rule.id}`, { token: owner.token, body: { enabled: true } }), 200);
  expectError(await say(member, general, 'what the heck'), 400, 200000);
});

test('a guild keeps at most six keyword rules and one mention-spam rule, within Discord\'s sizes', async (t) => {
  const { owner, guild } = await cast(t);
  for (let n = 1; n <= 6; n += 1) await ownerMakesRule(owner, guild, keywordRule(`List ${n}`, [`word${n}`]));
  expectError(await makeRule(owner, guild, keywordRule('List 7', ['word7'])), 400, 50035);
  await ownerMakesRule(owner, guild, mentionRule('Mentions', 5));
  expectError(await makeRule(owner, guild, mentionRule('Mentions again', 5)), 400, 50035);

  const other = await createGuild(server, owner, 'Second Guild');
  const refused = [
    { ...keywordRule('Spam', []), trigger_type: 3, trigger_metadata: {} },
    { ...keywordRule('Presets', []), trigger_type: 4, trigger_metadata: { presets: [1] } },
    keywordRule('Too long', ['x'.repeat(61)]),
    keywordRule('Too many', Array.from({ length: 1001 }, (_, n) => `w${n}`)),
    { ...keywordRule('Patterns', []), trigger_metadata: { regex_patterns: Array.from({ length: 11 }, (_, n) => `a{${n + 1}}`) } },
    mentionRule('Too many mentions', 51),
    keywordRule('Long timeout', ['x'], [timeout(2419201)]),
  ];
  for (const body of refused) expectError(await makeRule(owner, other.guild, body), 400, 50035);
  expectOk(await makeRule(owner, other.guild, keywordRule('Sixty', ['x'.repeat(60)])), 200);
  const listed = expectOk(await call(server, 'GET', rulesPath(other.guild), { token: owner.token }), 200);
  assert.deepEqual(listed.map((rule) => rule.name), ['Sixty']);
});

test('a member without MANAGE_GUILD neither reads nor changes rules, nor hears of them', async (t) => {
  const { owner, guild, general, client, member } = await cast(t);
  const rule = await ownerMakesRule(owner, guild, keywordRule('No scams', ['free nitro']));
  const gateway = await connectAs(server, t, member.token);
  const as = { token: member.token };
  expectError(await call(server, 'GET', rulesPath(guild), as), 403, 50013);
  expectError(await makeRule(member, guild, keywordRule('Mine', ['x'])), 403, 50013);
  expectError(await call(server, 'GET', `${rulesPath(guild)}/${rule.id}`, as), 403, 50013);
  expectError(await call(server, 'PATCH', `${rulesPath(guild)}/${rule.id}`, { ...as, body: { enabled: false } }), 403, 50013);
  expectError(await call(server, 'DELETE', `${rulesPath(guild)}/${rule.id}`, as), 403, 50013);
  const stranger = await registerUser(server, 'stranger');
  const outside = await call(server, 'GET', rulesPath(guild), { token: stranger.token });
  assert.ok(['403 50001', '404 10004'].includes(`${outside.status} ${outside.body?.code}`), JSON.stringify(outside.body));

  const botHeard = waitFor(client, Events.AutoModerationActionExecution);
  expectError(await say(member, general, 'free nitro?'), 400, 200000);
  await botHeard;
  const changed = waitFor(client, Events.AutoModerationRuleUpdate);
  expectOk(await call(server, 'PATCH', `${rulesPath(guild)}/${rule.id}`, { token: owner.token, body: { name: 'Scams' } }), 200);
  await changed;
  const marker = expectOk(await say(member, general, 'ok, no nitro'), 200);
  await gateway.next((p) => p.t === 'MESSAGE_CREATE' && p.d.id === marker.id);
  assert.deepEqual(gateway.received.filter((p) => p.t?.startsWith('AUTO_MODERATION')).map((p) => p.t), [], 'the member heard nothing');
});

test('a rule of another guild, or none at all, is 404 Unknown Auto Moderation Rule', async (t) => {
  const { owner, guild } = await cast(t);
  const other = await createGuild(server, owner, 'Second Guild');
  const elsewhere = await ownerMakesRule(owner, other.guild, keywordRule('Elsewhere', ['x']));
  for (const id of [elsewhere.id, '1234567890123456789']) {
    expectError(await call(server, 'GET', `${rulesPath(guild)}/${id}`, { token: owner.token }), 404, 10066);
    expectError(await call(server, 'PATCH', `${rulesPath(guild)}/${id}`, { token: owner.token, body: { name: 'y' } }), 404, 10066);
    expectError(await call(server, 'DELETE', `${rulesPath(guild)}/${id}`, { token: owner.token }), 404, 10066);
  }
});

test('making, changing and removing a rule is in the audit log with the reason given', async (t) => {
  const { owner, guild } = await cast(t);
  const because = (reason, body) => ({ token: owner.token, body, headers: { 'X-Audit-Log-Reason': encodeURIComponent(reason) } });
  const raid = keywordRule('Raid words', ['raid*']);
  const kept = expectOk(await call(server, 'POST', rulesPath(guild), because('Raid last night', raid)), 200);
  expectOk(await call(server, 'PATCH', `${rulesPath(guild)}/${kept.id}`, because('Calmer now', { enabled: false })), 200);
  const gone = await ownerMakesRule(owner, guild, keywordRule('Temporary', ['tmp']));
  expectOk(await call(server, 'DELETE', `${rulesPath(guild)}/${gone.id}`, because('Not needed')), 204);

  const log = expectOk(await call(server, 'GET', `/guilds/${guild.id}/audit-logs`, { token: owner.token }), 200);
  const entries = log.audit_log_entries.filter((entry) => entry.action_type >= 140 && entry.action_type <= 142);
  assert.deepEqual(entries.map((e) => [e.action_type, e.target_id, e.user_id, e.reason ?? null]), [
    [AuditLogEvent.AutoModerationRuleDelete, gone.id, owner.id, 'Not needed'],
    [AuditLogEvent.AutoModerationRuleCreate, gone.id, owner.id, null],
    [AuditLogEvent.AutoModerationRuleUpdate, kept.id, owner.id, 'Calmer now'],
    [AuditLogEvent.AutoModerationRuleCreate, kept.id, owner.id, 'Raid last night'],
  ]);
  const update = entries[2].changes.find((c) => c.key === 'enabled');
  assert.deepEqual([update?.old_value, update?.new_value], [true, false], JSON.stringify(entries[2]));
  assert.deepEqual(log.auto_moderation_rules.map((rule) => rule.id), [kept.id], 'the rule still there is among the rules');
});
