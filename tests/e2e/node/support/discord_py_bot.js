// Runs discord_py_bot.py (discord.py on Debian's /usr/bin/python3) in a child process and reads its
// JSON event lines. `events` holds every line so far; waitForEvent waits for one that matches.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';

export const python = process.env.ACCORD_TEST_PYTHON ?? '/usr/bin/python3';
const script = resolve(import.meta.dirname, 'discord_py_bot.py');

// `url`: where discord.py sends REST and opens the gateway (a node, or a load balancer).
export function startDiscordPyBot({ url, token, channelId }) {
  const child = spawn(python, [script], {
    env: { ...process.env, ACCORD_URL: url, BOT_TOKEN: token, CHANNEL_ID: channelId, PYTHONUNBUFFERED: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const emitter = new EventEmitter();
  const events = [];
  let stderr = '';
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    pending += chunk;
    let newline;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (!line) continue;
      let event;
      try {
        event = JSON.parse(line);
      } catch {
        event = { event: 'unparsed', line };
      }
      events.push(event);
      emitter.emit('event', event);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  child.stdin.on('error', () => {});
  let nextRef = 0;

  const bot = {
    events,
    pid: child.pid,
    stderrTail: (lines = 30) => stderr.trimEnd().split('\n').slice(-lines).join('\n'),
    // The first event (already seen or still to come) that `predicate` accepts.
    waitForEvent(predicate, description, timeoutMs = 20_000) {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolveEvent, reject) => {
        const gaveUp = events.find((event) => event.event === 'error');
        const fail = (why) => {
          cleanup();
          reject(new Error(`discord.py: ${why} waiting for ${description}\n` +
            `events so far: ${JSON.stringify(events)}\nstderr:\n${bot.stderrTail()}`));
        };
        const timer = setTimeout(() => fail(`timed out after ${timeoutMs} ms`), timeoutMs);
        const onEvent = (event) => {
          if (event.event === 'error') return fail(`discord.py gave up (${event.error})`);
          if (!predicate(event)) return;
          cleanup();
          resolveEvent(event);
        };
        const onExit = () => fail('the process exited');
        const cleanup = () => {
          clearTimeout(timer);
          emitter.off('event', onEvent);
          child.off('exit', onExit);
        };
        if (gaveUp) return fail(`discord.py gave up (${gaveUp.error})`);
        if (child.exitCode !== null || child.signalCode !== null) return fail('the process had exited');
        emitter.on('event', onEvent);
        child.once('exit', onExit);
      });
    },
    // Posts `content` to the channel through discord.py; resolves with the message's id.
    async send(content) {
      const ref = String(++nextRef);
      const answer = bot.waitForEvent((e) => (e.event === 'sent' || e.event === 'send_failed') && e.ref === ref,
        `the answer to sending ${JSON.stringify(content)}`);
      child.stdin.write(`${JSON.stringify({ send: content, ref })}\n`);
      const event = await answer;
      if (event.event === 'send_failed') throw new Error(`discord.py could not send: ${event.error}`);
      return event.id;
    },
    // Closes stdin (the script then logs out); SIGKILL if it has not exited after 5 s.
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return bot;
}
