/**
 * npm run loadtest [-- --events 1000000 --connections 50 --seconds 30]
 * Full load test on loopback: a store of N sample events, the production server,
 * N concurrent clients on the overview, key page, events and raw-event APIs for a
 * bounded time, while an ingest of new files (1% of N) runs through the server.
 * Passes only with 0 errors and no lost or duplicated events. Writes
 * bench/results/loadtest-<date>-<events>.{md,json}. (`npm test` runs a short variant.)
 */
import { spawn } from 'node:child_process';
import { buildIfStale } from './build';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Database } from '../lib/engines/duckdb/database';
import { ingestPaths } from '../lib/ingest/ingest';
import { runLoad } from '../lib/load/run-load';
import { generateSampleTrail } from '../lib/sample/generate';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const EVENTS = arg('events', 1_000_000);
const CONNECTIONS = arg('connections', 50);
const SECONDS = Math.min(arg('seconds', 30), 300);
const root = path.resolve(__dirname, '..');
const work = path.join(root, 'bench/.work/loadtest');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

async function main(): Promise<void> {
  fs.rmSync(work, { recursive: true, force: true });
  const now = new Date();
  console.log(`Generating ${EVENTS.toLocaleString('en-US')} events…`);
  await generateSampleTrail({ outDir: path.join(work, 'logs'), now: new Date(now.getTime() - 86_400_000), events: EVENTS });
  await generateSampleTrail({ outDir: path.join(work, 'new'), now, days: 1, seed: 99, events: Math.max(1000, Math.round(EVENTS / 100)) });
  const dbPath = path.join(work, 'store.duckdb');
  const db = await Database.open(dbPath);
  const first = await ingestPaths(db, [path.join(work, 'logs')], { sample: true });
  db.close();
  console.log(`Store: ${first.storeEvents.toLocaleString('en-US')} KMS events.`);

  buildIfStale();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    KEYTRAIL_DB: dbPath,
    KEYTRAIL_SAMPLE: 'off',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  const server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    env,
    stdio: 'ignore',
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 120; i++) {
      if (
        await fetch(`${base}/api/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const ev = ((await (await fetch(`${base}/api/events?range=7d&limit=25`)).json()) as { events: { eventId: string }[] }).events[0]
      .eventId;
    const key = encodeURIComponent('alias/app-data');
    const paths = [
      '/?range=7d',
      '/api/keys?range=7d',
      `/api/keys/${key}/timeline?range=7d`,
      `/api/keys/${key}/principals?range=7d`,
      '/api/events?range=7d&limit=50',
      `/api/events/${ev}`,
    ];
    const ingest = new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/ingest-extra.ts', path.join(work, 'new')], {
        cwd: root,
        env,
        stdio: 'inherit',
      });
      child.on('exit', resolve);
    });
    console.log(`Load: ${CONNECTIONS} connections for ${SECONDS} s on ${base}, with an ingest of new files running…`);
    const [load, code] = await Promise.all([runLoad({ url: base, paths, connections: CONNECTIONS, durationSec: SECONDS }), ingest]);
    const health = (await (await fetch(`${base}/api/health`)).json()) as { events: number };
    // No lost or duplicated events: the store must hold exactly the KMS eventIDs of both folders,
    // counted here in plain JS (gunzip + JSON.parse), not by KeyTrail.
    const expected = kmsEventIds([path.join(work, 'logs'), path.join(work, 'new')]).size;
    const report = {
      date: now.toISOString(),
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
      command: `npm run loadtest -- --events ${EVENTS} --connections ${CONNECTIONS} --seconds ${SECONDS}`,
      storeEventsBefore: first.storeEvents,
      storeEventsAfter: health.events,
      expectedEvents: expected,
      ingestExitCode: code,
      cacheSeconds: env.KEYTRAIL_CACHE_SECONDS ?? '10 (default)',
      load,
    };
    const ok = load.errors === 0 && load.non2xx === 0 && code === 0 && health.events === expected;
    const md = [
      `# Load test ${now.toISOString().slice(0, 10)} (${EVENTS.toLocaleString('en-US')} events)`,
      '',
      `Command: \`${report.command}\`; machine: ${report.machine.cores} cores, ${report.machine.memoryGiB} GiB, ${report.machine.cpu}.`,
      '',
      '| figure | value |',
      '|---|---|',
      `| requests | ${load.requests} (${load.requestsPerSec.toFixed(1)}/s) |`,
      `| latency p50 / p95 / p99 / max | ${load.latencyMs.p50.toFixed(0)} / ${load.latencyMs.p95.toFixed(0)} / ${load.latencyMs.p99.toFixed(0)} / ${load.latencyMs.max.toFixed(0)} ms |`,
      `| errors / non-2xx | ${load.errors} / ${load.non2xx} |`,
      `| query cache (KEYTRAIL_CACHE_SECONDS) | ${env.KEYTRAIL_CACHE_SECONDS ?? '10 (default)'} s |`,
      `| store before → after the concurrent ingest | ${first.storeEvents} → ${health.events} (expected ${expected}, a plain count of distinct KMS eventIDs in the files) |`,
      '',
      ok ? 'Result: **pass** (0 errors).' : 'Result: **FAIL**.',
    ].join('\n');
    const out = path.join(root, 'bench/results', `loadtest-${now.toISOString().slice(0, 10)}-${EVENTS}`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // Formatted as the repository's Prettier config would, so `npm run format:check` stays clean.
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(`${out}.json`)) ?? {};
    fs.writeFileSync(`${out}.json`, await prettier.format(JSON.stringify(report), { ...options, parser: 'json' }));
    fs.writeFileSync(`${out}.md`, md + '\n');
    console.log(md);
    if (!ok) process.exitCode = 1;
  } finally {
    server.kill('SIGTERM');
  }
}

/** Distinct KMS eventIDs in every delivery file under the folders (digests excluded), by plain gunzip + JSON.parse. */
function kmsEventIds(dirs: string[]): Set<string> {
  const ids = new Set<string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json.gz') && !p.includes('CloudTrail-Digest')) {
        const doc = JSON.parse(zlib.gunzipSync(fs.readFileSync(p)).toString('utf8')) as {
          Records?: { eventSource?: string; eventID?: string }[];
        };
        for (const r of doc.Records ?? []) if (r.eventSource === 'kms.amazonaws.com' && r.eventID) ids.add(r.eventID);
      }
    }
  };
  for (const d of dirs) walk(d);
  return ids;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(2);
});
