/**
 * npm start: load sample data into an empty store, build if the build is
 * missing or stale, then serve the dashboard (loopback only unless opted in).
 */
import '../lib/owner-only-files';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { authConfig } from '../lib/auth/config';
import { listenPlan } from '../lib/auth/listen';
import { loadConfig } from '../lib/config';
import { safeMessage } from '../lib/redact';
import { Database } from '../lib/engines/duckdb/database';
import { findRunningServer } from '../lib/ingest/delegate';
import { runIngestCli } from '../lib/ingest/cli-runner';
import { pendingReload } from '../lib/ingest/reload';
import { formatSummary } from '../lib/ingest/summary';
import { buildIfStale } from './build';
import { loadSample } from './load-sample';

const root = path.resolve(__dirname, '..');
/** One open of the store at start: whether it holds any event, and whether an upgrade left files to read again. */
async function storeState(dbPath: string): Promise<{ empty: boolean; reload: boolean }> {
  const db = await Database.open(dbPath);
  try {
    const empty = await db.withConnection(
      async (c) => Number((await c.runAndReadAll('SELECT count(*) FROM kms_events')).getRows()[0][0]) === 0,
    );
    return { empty, reload: (await pendingReload(db)) !== null };
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  // Fails fast, naming the setting, when sign-in is half-configured: before a sample load or a build.
  const plan = listenPlan(authConfig(), process.env);
  const running = findRunningServer(config.dbPath);
  if (running) throw new Error(`KeyTrail is already running (pid ${running.pid}) at ${running.url} with ${config.dbPath}.`);

  let { empty, reload } = await storeState(config.dbPath);
  // An upgrade that changed the store's format: read the user's log files again before anything
  // else, so the store is not found empty and given the sample instead.
  if (reload) {
    const s = await runIngestCli([]);
    console.log(formatSummary(s));
    empty = s.storeEvents === 0;
  }

  if (config.KEYTRAIL_SAMPLE === 'auto' && !config.KEYTRAIL_LOGS && empty) {
    console.log('The store is empty: loading sample data (set KEYTRAIL_SAMPLE=off to skip).');
    console.log(formatSummary(await loadSample()));
  }

  buildIfStale();

  const { port, host } = plan;
  for (const line of plan.lines) (line.level === 'warn' ? console.warn : console.log)(line.text);

  const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', port, '-H', host], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, PORT: port },
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((e: unknown) => {
  console.error(`KeyTrail could not start: ${safeMessage(e)}`);
  process.exit(1);
});
