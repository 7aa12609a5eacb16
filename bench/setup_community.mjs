// Makes what bench/run-all measures against: a person who owns a guild and a bot in it. Prints one
// JSON object: {owner_token, bot_token, guild_id, channel_id}. Plain fetch through the test support's
// `call` (no npm packages), so it runs on a machine that only built the server.
//
//   node bench/setup_community.mjs http://127.0.0.1:PORT
import { call, registerUser, createBot } from '../tests/e2e/node/support/accord.js';

const url = process.argv[2];
const server = { url, api: `${url}/api` };

function ok(response, what) {
  if (response.status >= 300) throw new Error(`${what} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

const owner = await registerUser(server, 'benchowner');
const guild = ok(await call(server, 'POST', '/guilds', { token: owner.token, body: { name: 'Bench Guild' } }), 'create guild');
const general = guild.channels.find((channel) => channel.type === 0);
const { application, token } = await createBot(server, owner, 'Bench Bot');
ok(await call(server, 'POST', `/oauth2/authorize?client_id=${application.id}&scope=bot&permissions=0`, {
  token: owner.token,
  body: { guild_id: guild.id, permissions: '0', authorize: true },
}), 'add the bot');
console.log(JSON.stringify({ owner_token: owner.token, bot_token: token, guild_id: guild.id, channel_id: general.id }));
