// Builds the small community most gateway tests start from: an owner, a guild, and a bot in it.
import { Client, Events } from 'discord.js';
import { authorizeBot, call, createBot, createGuild, registerUser } from './accord.js';

// Kept in accord.js (no npm packages there, so bench/ can use them too); re-exported for the tests.
export { createGuild, authorizeBot };

export async function communityWithBot(server, { permissions = '0', botName = 'Helper Bot' } = {}) {
  const owner = await registerUser(server, 'owner');
  const { guild, general } = await createGuild(server, owner);
  const { application, token } = await createBot(server, owner, botName);
  await authorizeBot(server, owner, application, guild.id, permissions);
  return { owner, guild, general, application, botToken: token };
}

// The first argument of the next `event` that `predicate` accepts.
export async function waitFor(emitter, event, predicate = () => true, timeoutMs = 10_000) {
  return (await nextEvent(emitter, event, predicate, timeoutMs))[0];
}

// A person registers and joins the guild through an invite to `channelId`, as a friend would.
export async function joinGuild(server, owner, channelId, name = 'member') {
  const person = await registerUser(server, name);
  const invite = await call(server, 'POST', `/channels/${channelId}/invites`, { token: owner.token, body: {} });
  if (invite.status !== 200) throw new Error(`invite failed: ${JSON.stringify(invite.body)}`);
  const joined = await call(server, 'POST', `/invites/${invite.body.code}`, { token: person.token, body: {} });
  if (joined.status !== 200) throw new Error(`join failed: ${JSON.stringify(joined.body)}`);
  return person;
}

// Like waitFor, but resolves with every argument of the event, for events such as
// autoModerationRuleUpdate(old, new) or guildScheduledEventUserAdd(event, user).
export function nextEvent(emitter, event, predicate = () => true, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const listener = (...args) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(args);
    };
    emitter.on(event, listener);
  });
}

// A discord.js bot logged in and ready; it is destroyed when test `t` ends.
export async function botOnline(server, t, botToken, { intents, partials = [] }) {
  const client = new Client({ intents, partials, rest: { api: server.api, cdn: server.url }, waitGuildTimeout: 3_000 });
  t.after(() => client.destroy());
  const ready = waitFor(client, Events.ClientReady);
  await client.login(botToken);
  await ready;
  return client;
}
