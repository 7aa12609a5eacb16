// Makes what bench/run-all measures against: a person who owns a guild and a bot in it. Prints one
// JSON object: {owner_token, bot_token, guild_id, channel_id}. The test support's accord.js needs no
// npm packages, so it runs on a machine that only built the server.
//
//   node bench/setup_community.mjs http://127.0.0.1:PORT
import { authorizeBot, createBot, createGuild, registerUser } from '../tests/e2e/node/support/accord.js';

const url = process.argv[2];
const server = { url, api: `${url}/api` };

const owner = await registerUser(server, 'benchowner');
const { guild, general } = await createGuild(server, owner, 'Bench Guild');
const { application, token } = await createBot(server, owner, 'Bench Bot');
await authorizeBot(server, owner, application, guild.id);
console.log(JSON.stringify({ owner_token: owner.token, bot_token: token, guild_id: guild.id, channel_id: general.id }));
