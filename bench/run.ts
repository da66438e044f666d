/**
 * npm run bench [-- --events 1000000]
 * Generates N KMS events as real trail files, then measures on the same files in the same run:
 * KeyTrail's ingest against DuckDB's bare read_json parse (the limit) and Node gunzip+JSON.parse
 * (do-it-yourself); an incremental ingest of ~1% new files; each dashboard API warm (p50/p95)
 * against the bare engine running the same SQL; page server render; store size and server RSS.
 * Writes bench/results/<date>-<events>.{md,json}. Measured, never asserted.
 */
import { spawn, spawnSync } from 'node:child_process';
import { buildIfStale } from '../scripts/build';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../lib/engines/duckdb/database';
import { createDuckdbEngine } from '../lib/engines/duckdb/engine';
import * as Q from '../lib/queries/catalog';
import { runQuery } from '../lib/queries/define';
import { generateSampleTrail } from '../lib/sample/generate';
import { keyArn, keyByName } from '../lib/sample/scenario';
import pkg from '../package.json';

const arg = (n: string, d: number) => (process.argv.includes(`--${n}`) ? Number(process.argv[process.argv.indexOf(`--${n}`) + 1]) : d);
const EVENTS = arg('events', 1_000_000);
const RUNS = arg('runs', 20);
const root = path.resolve(__dirname, '..');
const work = path.join(root, 'bench/.work');
const logs = path.join(work, 'logs');
const dbPath = path.join(work, 'store.duckdb');

type Phase = { ms: number; maxRssMb: number; records?: number; kms?: number; added?: number };
function phase(...a: string[]): Phase {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/phase.ts', ...a], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`phase ${a[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Phase;
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
async function time(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  return { p50: pct(t, 0.5), p95: pct(t, 0.95) };
}
const freePort = () =>
  new Promise<number>((res) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => res(p));
    });
  });

async function main(): Promise<void> {
  fs.rmSync(work, { recursive: true, force: true });
  const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const g0 = performance.now();
  await generateSampleTrail({ outDir: logs, now: new Date(now.getTime() - 86_400_000), events: EVENTS });
  const genMs = performance.now() - g0;
  console.log(`generated ${EVENTS} events in ${(genMs / 1000).toFixed(1)} s`);

  const limit = phase('duckdb-parse', logs);
  const diy = phase('diy', logs);
  const ingest = phase('ingest', logs, dbPath);
  // ~1% new files: a later day of the same organisation.
  await generateSampleTrail({ outDir: logs, now, days: 1, seed: 77, events: Math.round(EVENTS / 100) });
  const incremental = phase('ingest', logs, dbPath);
  console.log('ingest', ingest, 'limit', limit, 'diy', diy, 'incremental', incremental);

  // Bare engine: the same catalog queries in-process, as the API routes run them.
  const r = { from: new Date(now.getTime() - 7 * 86_400_000), to: now };
  const key = keyArn(keyByName('app-data'));
  const db = await Database.open(dbPath);
  const e = createDuckdbEngine(db);
  const firstEvent = (await runQuery(e, Q.eventsPage, { ...r })).rows[0].eventId;
  const bare: Record<string, { p50: number; p95: number }> = {
    keys: await time(() => runQuery(e, Q.keysOverview, r)),
    timeline: await time(() => runQuery(e, Q.usageTimeline, { ...r, keyArn: key, bucket: 'day' })),
    principals: await time(() => runQuery(e, Q.topPrincipals, { ...r, keyArn: key, limit: 10 })),
    heatmap: await time(() => runQuery(e, Q.failuresByHour, r)),
    events: await time(() => runQuery(e, Q.eventsPage, r)),
    raw: await time(() => runQuery(e, Q.eventRaw, { eventId: firstEvent })),
  };
  db.close();
  const sizeMb = fs.statSync(dbPath).size / 2 ** 20;

  buildIfStale();
  const port = await freePort();
  const server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), KEYTRAIL_DB: dbPath, KEYTRAIL_SAMPLE: 'off', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  const rq = `from=${r.from.toISOString()}&to=${r.to.toISOString()}`;
  try {
    for (
      let i = 0;
      i < 120 &&
      !(await fetch(`${base}/api/health`).then(
        (x) => x.ok,
        () => false,
      ));
      i++
    )
      await new Promise((s) => setTimeout(s, 500));
    const get = (u: string) => async () => {
      const res = await fetch(base + u);
      if (!res.ok) throw new Error(`${u}: ${res.status}`);
      await res.arrayBuffer();
    };
    const k = encodeURIComponent(key);
    const api: Record<string, { p50: number; p95: number }> = {
      keys: await time(get(`/api/keys?${rq}`)),
      timeline: await time(get(`/api/keys/${k}/timeline?${rq}&bucket=day`)),
      principals: await time(get(`/api/keys/${k}/principals?${rq}`)),
      heatmap: await time(get(`/api/failures/heatmap?${rq}`)),
      events: await time(get(`/api/events?${rq}&limit=50`)),
      raw: await time(get(`/api/events/${firstEvent}`)),
    };
    // Deep paging: follow the cursor 20 pages and time the last page.
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const body = (await (await fetch(`${base}/api/events?${rq}&limit=50${cursor ? `&cursor=${cursor}` : ''}`)).json()) as {
        nextCursor: string | null;
      };
      cursor = body.nextCursor;
    }
    const deep = cursor ? await time(get(`/api/events?${rq}&limit=50&cursor=${cursor}`)) : null;
    const pages: Record<string, { p50: number; p95: number }> = {};
    for (const p of ['/', `/keys/${k}`, '/failures', '/events', '/health']) pages[p] = await time(get(`${p}?${rq}`));
    const rss = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

    const rate = (p: Phase) => Math.round(((p.records ?? 0) / p.ms) * 1000);
    const result = {
      date: new Date().toISOString(),
      command: `npm run bench -- --events ${EVENTS}`,
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
      versions: { node: process.version, keytrail: pkg.version, duckdb: pkg.dependencies['@duckdb/node-api'], next: pkg.dependencies.next },
      generateMs: Math.round(genMs),
      ingest: {
        keytrail: { ...ingest, recordsPerSec: rate(ingest) },
        duckdbReadJson: { ...limit, recordsPerSec: rate(limit) },
        nodeDiy: { ...diy, recordsPerSec: rate(diy) },
      },
      incremental: { ...incremental, shareOfFull: incremental.ms / ingest.ms },
      api: Object.fromEntries(Object.keys(api).map((n) => [n, { keytrail: api[n], bare: bare[n], ratioP50: api[n].p50 / bare[n].p50 }])),
      deepPage: deep,
      pages,
      storeMbPerMillionEvents: (sizeMb / (ingest.added ?? 1)) * 1e6,
      serverPeakRssMb: Math.round(rss),
    };
    const f = (n: number) => n.toFixed(1);
    const md = [
      `# KeyTrail bench ${result.date.slice(0, 10)}: ${EVENTS.toLocaleString('en-US')} events`,
      '',
      `\`${result.command}\` on ${result.machine.cores} cores, ${result.machine.memoryGiB} GiB (${result.machine.cpu}); Node ${process.version}, DuckDB ${result.versions.duckdb}, Next ${result.versions.next}.`,
      '',
      '## Ingest (same files, same run)',
      '',
      '| | time | records/s | peak RSS | vs KeyTrail |',
      '|---|---|---|---|---|',
      `| KeyTrail ingest | ${f(ingest.ms / 1000)} s | ${rate(ingest)} | ${ingest.maxRssMb} MB | 1.00× |`,
      `| DuckDB bare read_json (the limit) | ${f(limit.ms / 1000)} s | ${rate(limit)} | ${limit.maxRssMb} MB | KeyTrail at ${f((rate(ingest) / rate(limit)) * 100)}% of it (target ≥ 80%) |`,
      `| Node gunzip + JSON.parse (DIY) | ${f(diy.ms / 1000)} s | ${rate(diy)} | ${diy.maxRssMb} MB | KeyTrail ${f(rate(ingest) / rate(diy))}× its rate (target > 1×) |`,
      `| incremental, ~1% new files | ${f(incremental.ms / 1000)} s | | | ${f(result.incremental.shareOfFull * 100)}% of the full ingest (target < 5%) |`,
      '',
      '## API, warm (ms), against the bare engine running the same SQL',
      '',
      '| API | KeyTrail p50 / p95 | bare p50 / p95 | ratio p50 (target ≤ 1.25) |',
      '|---|---|---|---|',
      ...Object.entries(result.api).map(
        ([n, v]) => `| ${n} | ${f(v.keytrail.p50)} / ${f(v.keytrail.p95)} | ${f(v.bare.p50)} / ${f(v.bare.p95)} | ${f(v.ratioP50)} |`,
      ),
      deep ? `| events, page 21 (cursor) | ${f(deep.p50)} / ${f(deep.p95)} | | vs first page ${f(deep.p50 / api.events.p50)}× |` : '',
      '',
      '## Pages, server render of the full HTML (ms)',
      '',
      '| page | p50 | p95 |',
      '|---|---|---|',
      ...Object.entries(pages).map(([p, v]) => `| ${p} | ${f(v.p50)} | ${f(v.p95)} |`),
      '',
      `Store: ${f(result.storeMbPerMillionEvents)} MB per million events. Server peak RSS: ${result.serverPeakRssMb} MB (target < 1,500 MB at 10M).`,
      '',
      `Generating the trail took ${f(genMs / 1000)} s (not a target).`,
    ].join('\n');
    const out = path.join(root, 'bench/results', `${result.date.slice(0, 10)}-${EVENTS}`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(`${out}.json`, JSON.stringify(result, null, 2));
    fs.writeFileSync(`${out}.md`, md + '\n');
    console.log(md);
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
