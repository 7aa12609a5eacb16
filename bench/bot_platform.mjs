// Bot platform benchmark: how long a slash command takes from the person's POST /interactions to
// the bot's answer arriving on the person's gateway, and how many messages a webhook posts per
// second. A load generator, not a test: it prints figures and asserts nothing.
//
//   node bench/bot_platform.mjs [--invocations 300] [--webhook-messages 1000] [--concurrency 8]
//
// Run after scripts/build. One fresh server (Release build, SQLite); the bot answers over raw
// WebSocket + fetch, so the figures are the server's, not a library's.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { startAccord, call, registerUser, createBot } from '../tests/e2e/node/support/accord.js';
import { createGuild, authorizeBot } from '../tests/e2e/node/support/community.js';

const require = createRequire(new URL('../tests/e2e/node/package.json', import.meta.url));
const WebSocket = require('ws');

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const invocations = Number(args.invocations ?? 300);
const webhookMessages = Number(args['webhook-messages'] ?? 1000);
const concurrency = Number(args.concurrency ?? 8);

// A gateway session that hands every dispatch to `onDispatch`; resolves once READY arrived.
function connect(server, token, intents, onDispatch) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/?v=10&encoding=json`);
    ws.on('message', (data) => {
      const payload = JSON.parse(data.toString());
      // People's clients send no intents (they get everything); bots name theirs.
      const d = intents === undefined ? { token, properties: {} } : { token, intents, properties: {} };
      if (payload.op === 10) ws.send(JSON.stringify({ op: 2, d }));
      if (payload.t === 'READY') resolve(ws);
      if (payload.op === 0) onDispatch(payload);
    });
    ws.on('error', reject);
  });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const server = await startAccord();
try {
  const owner = await registerUser(server, 'benchowner');
  const { guild, general } = await createGuild(server, owner);
  const { application, token } = await createBot(server, owner, 'Bench Bot');
  await authorizeBot(server, owner, application, guild.id);
  const botToken = `Bot ${token}`;
  const commands = await call(server, 'PUT', `/applications/${application.id}/guilds/${guild.id}/commands`, {
    token: botToken, body: [{ name: 'ping', description: 'Answers pong' }],
  });
  const commandId = commands.body[0].id;

  // The bot answers every interaction at once.
  const bot = await connect(server, botToken, 1, (payload) => {
    if (payload.t !== 'INTERACTION_CREATE') return;
    const { id, token: interactionToken } = payload.d;
    fetch(`${server.api}/v10/interactions/${id}/${interactionToken}/callback`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'pong' } }),
    });
  });
  let answered = null;
  const person = await connect(server, owner.token, undefined, (payload) => {
    if (payload.t === 'MESSAGE_CREATE' && payload.d.interaction_metadata && answered) answered(payload.d);
  });

  const latencies = [];
  const started = performance.now();
  for (let i = 0; i < invocations; i++) {
    const arrived = new Promise((resolve) => { answered = resolve; });
    const t0 = performance.now();
    await fetch(`${server.api}/v10/interactions`, {
      method: 'POST', headers: { authorization: owner.token, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 2, application_id: application.id, guild_id: guild.id, channel_id: general.id,
        nonce: String(i), data: { id: commandId, name: 'ping', type: 1 } }),
    });
    await arrived;
    latencies.push(performance.now() - t0);
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(`interactions: ${invocations} slash commands, one at a time: ` +
    `p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms ` +
    `(invoke -> bot -> callback -> person's MESSAGE_CREATE), ${(invocations / elapsed).toFixed(0)}/s`);
  bot.close();
  person.close();

  const webhook = await call(server, 'POST', `/channels/${general.id}/webhooks`, {
    token: owner.token, body: { name: 'Bench Hook' },
  });
  const url = `${server.api}/v10/webhooks/${webhook.body.id}/${webhook.body.token}?wait=true`;
  let next = 0;
  const postStarted = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < webhookMessages) {
      next += 1;
      const response = await fetch(url, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: `event ${next}`, username: 'CI' }),
      });
      await response.arrayBuffer();
    }
  }));
  const postSeconds = (performance.now() - postStarted) / 1000;
  console.log(`webhooks: ${webhookMessages} messages with wait=true, ${concurrency} at a time: ` +
    `${(webhookMessages / postSeconds).toFixed(0)} messages/s persisted`);
} finally {
  await server.stop();
}
