// Crash durability, many times over: writers flood one channel, the server is SIGKILLed at a random
// point, restarted on the same data dir, and the channel's whole history is audited against what the
// server acknowledged. tests/e2e/node/tests/durability.test.js is the same story, three rounds.
//
//   node bench/crash_durability.mjs [--rounds 50] [--writers 8] [--min-delay-ms 50] [--max-delay-ms 400]
//
// Prints one line: rounds, acknowledged messages, lost (must be 0), duplicates, torn rows, sends
// without a response that were stored anyway, the database's integrity check after the last round,
// and the mean recovery time (spawn of the restarted process to its "listening on" line). Exits 1 if
// anything was lost, duplicated or torn.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { makeDataDir, registerUser } from '../tests/e2e/node/support/accord.js';
import { createGuild } from '../tests/e2e/node/support/community.js';
import { audit, flood, makeLedger, readHistory, startOnDataDir } from '../tests/e2e/node/support/crash.js';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const rounds = Number(args.rounds ?? 50);
const writers = Number(args.writers ?? 8);
const minDelayMs = Number(args['min-delay-ms'] ?? 50);
const maxDelayMs = Number(args['max-delay-ms'] ?? 400);
const verbose = process.env.BENCH_VERBOSE === '1';

// SQLite's own check of the file, with the sqlite3 shell if there is one.
function integrityCheck(dataDir) {
  const result = spawnSync('sqlite3', [join(dataDir, 'accord.db'), 'PRAGMA integrity_check;'], { encoding: 'utf8' });
  if (result.error) return 'skipped';
  return (result.stdout.trim() || result.stderr.trim()).replace(/\s+/g, ' ');
}

const dataDir = makeDataDir();
let server = await startOnDataDir(dataDir);
const owner = await registerUser(server, 'benchowner');
const { general } = await createGuild(server, owner);
const ledger = makeLedger();
const totals = { acknowledged: 0, lost: 0, duplicates: 0, torn: 0, inDoubtCommitted: 0, refused: 0, earlyDeaths: 0 };
const recoveryMs = [];

try {
  for (let round = 1; round <= rounds; round++) {
    const flooding = flood(server, ledger, { channelId: general.id, token: owner.token, writers, round });
    await flooding.firstAcknowledged;
    await delay(minDelayMs + Math.random() * (maxDelayMs - minDelayMs));
    const ended = await server.kill();
    const sent = await flooding.done;
    if (ended.signal !== 'SIGKILL') totals.earlyDeaths++;
    totals.acknowledged += sent.acknowledged.length;
    totals.refused += sent.refused.length;

    server = await startOnDataDir(dataDir);
    recoveryMs.push(server.startupMs);
    const found = audit(await readHistory(server, general.id, owner.token), ledger,
      { channelId: general.id, authorId: owner.id });
    // Counts of what is wrong now, not summed over rounds: a message lost stays lost.
    totals.lost = found.lost.length;
    totals.duplicates = found.duplicates.length;
    totals.torn = found.torn.length;
    totals.inDoubtCommitted = found.inDoubtCommitted;
    if (verbose || found.lost.length || found.duplicates.length || found.torn.length) {
      console.error(`round ${round}: ${sent.acknowledged.length} acknowledged, ${found.stored} stored, ` +
        `recovery ${server.startupMs.toFixed(1)} ms`, JSON.stringify({
        lost: found.lost.slice(0, 5), duplicates: found.duplicates.slice(0, 5), torn: found.torn.slice(0, 5),
      }));
    }
  }
} finally {
  await server.stop();
}
const integrity = integrityCheck(dataDir);
rmSync(dataDir, { recursive: true, force: true });

const mean = recoveryMs.reduce((sum, ms) => sum + ms, 0) / recoveryMs.length;
console.log(`rounds=${rounds} writers=${writers} acknowledged=${totals.acknowledged} lost=${totals.lost} ` +
  `duplicates=${totals.duplicates} torn=${totals.torn} in_doubt_stored=${totals.inDoubtCommitted} ` +
  `refused=${totals.refused} early_deaths=${totals.earlyDeaths} integrity=${integrity} ` +
  `mean_recovery_ms=${mean.toFixed(1)}`);
if (totals.lost || totals.duplicates || totals.torn || totals.refused || totals.earlyDeaths || !['ok', 'skipped'].includes(integrity)) {
  process.exitCode = 1;
}
