// Crashing on purpose: a server on a data dir the caller owns, that can be SIGKILLed and started again
// on the same dir; writers that flood a channel until it dies and remember what it acknowledged; and
// an audit of the channel's history against that memory after the restart.
import { randomBytes } from 'node:crypto';
import { call, spawnAccord } from './accord.js';

// Starts accord as startAccord does, but keeps the child: kill() can then wait for the exit it caused.
// `startupMs` runs from the spawn to the "listening on" line, so after a crash it is the recovery time.
export async function startOnDataDir(dataDir, { env = {} } = {}) {
  const { child, url, exited, startupMs, output } = await spawnAccord(dataDir, env);
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    api: `${url}/api`,
    pid: child.pid,
    startupMs,
    output: () => output,
    alive: running,
    exited,
    // SIGKILL: no destructor, no checkpoint, no flush. Resolves with how the process ended, which is
    // { signal: 'SIGKILL' } unless it had already died on its own.
    async kill() {
      if (running()) process.kill(child.pid, 'SIGKILL');
      return exited;
    },
    async stop() {
      if (running()) child.kill('SIGTERM');
      return exited;
    },
  };
}

// What the writers sent, across every round on one data dir: content → { nonce, id? }. Contents and
// nonces are unique, so a row's content says which send it came from.
export function makeLedger() {
  return { sent: new Map(), acknowledged: new Map() };
}

// Contents of uneven length (a few bytes to most of a page), random so a torn or mixed row cannot
// pass for another send.
function messageContent(label) {
  return `${label} ${randomBytes(8 + Math.floor(Math.random() * 1000)).toString('base64url')}`;
}

// One send, recorded before it leaves: acknowledged (2xx, the id it got), refused (another status) or
// failed (no response: the connection was reset or refused).
export async function sendRecorded(server, ledger, { channelId, token, label }) {
  const content = messageContent(label);
  const nonce = label.slice(0, 25);
  const entry = { nonce, label };
  ledger.sent.set(content, entry);
  try {
    const response = await call(server, 'POST', `/channels/${channelId}/messages`, {
      token, body: { content, nonce },
    });
    if (response.status >= 200 && response.status < 300) {
      entry.id = response.body.id;
      ledger.acknowledged.set(response.body.id, content);
      return { outcome: 'acknowledged', id: response.body.id, content };
    }
    return { outcome: 'refused', status: response.status, body: response.body, content };
  } catch (error) {
    return { outcome: 'failed', error: error.cause?.code ?? error.message, content };
  }
}

// `writers` concurrent loops of sends into one channel, each until its first send gets no response
// (the server is gone). `firstAcknowledged` resolves once the server has acknowledged a message.
export function flood(server, ledger, { channelId, token, writers = 4, round = 0 }) {
  const result = { acknowledged: [], refused: [], failed: [] };
  let onFirst;
  const firstAcknowledged = new Promise((resolveFirst) => { onFirst = resolveFirst; });
  const writer = async (w) => {
    for (let seq = 0; ; seq++) {
      const sent = await sendRecorded(server, ledger, { channelId, token, label: `r${round}w${w}s${seq}` });
      result[sent.outcome].push(sent);
      if (sent.outcome === 'acknowledged') onFirst();
      if (sent.outcome === 'failed') return;
    }
  };
  const done = Promise.all(Array.from({ length: writers }, (_, w) => writer(w))).then(() => {
    onFirst();  // nothing acknowledged at all: let the caller go on and see it
    return result;
  });
  return { firstAcknowledged, done };
}

// The whole history of a channel, newest first, paged with `before` as a client scrolls back.
export async function readHistory(server, channelId, token) {
  const history = [];
  let before = '';
  for (;;) {
    const page = await call(server, 'GET', `/channels/${channelId}/messages?limit=100${before}`, { token });
    if (page.status !== 200) throw new Error(`history page: ${page.status} ${JSON.stringify(page.body)}`);
    history.push(...page.body);
    if (page.body.length < 100) return history;
    before = `&before=${page.body.at(-1).id}`;
  }
}

// Compares a channel's history with the ledger. lost: acknowledged but absent (or changed);
// duplicates: an id or a content stored twice; torn: a row that is not exactly one send (unknown
// content, wrong nonce, author or channel); inDoubtCommitted: sends without a response that were
// stored anyway, which is allowed.
export function audit(history, ledger, { channelId, authorId }) {
  const byId = new Map();
  const contentsSeen = new Set();
  const duplicates = [];
  const torn = [];
  let inDoubtCommitted = 0;
  for (const message of history) {
    if (byId.has(message.id)) duplicates.push({ id: message.id, why: 'id twice' });
    else if (contentsSeen.has(message.content)) duplicates.push({ id: message.id, why: 'content twice' });
    byId.set(message.id, message);
    contentsSeen.add(message.content);
    const sent = ledger.sent.get(message.content);
    const problems = [];
    if (!sent) problems.push('content matches no send');
    else if (message.nonce !== sent.nonce) problems.push(`nonce ${message.nonce} for ${sent.nonce}`);
    if (message.author?.id !== authorId) problems.push(`author ${message.author?.id}`);
    if (message.channel_id !== channelId) problems.push(`channel ${message.channel_id}`);
    if (problems.length) torn.push({ id: message.id, problems, content: message.content.slice(0, 60) });
    else if (sent.id === undefined) inDoubtCommitted++;
  }
  const lost = [];
  for (const [id, content] of ledger.acknowledged) {
    const stored = byId.get(id);
    if (!stored) lost.push({ id, label: ledger.sent.get(content).label, why: 'missing' });
    else if (stored.content !== content) lost.push({ id, label: ledger.sent.get(content).label, why: 'content changed' });
  }
  const ordered = history.every((message, i) => i === 0 || BigInt(history[i - 1].id) > BigInt(message.id));
  return { stored: history.length, lost, duplicates, torn, inDoubtCommitted, ordered };
}
