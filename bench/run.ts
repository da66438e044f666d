/**
 * npm run bench [-- --events N --days D --runs R --page-runs R --browser-runs R --build]
 * npm run bench -- --report bench/results/<date>-<events>.json   (re-render the Markdown only)
 *
 * Generates N KMS events as real trail files, then measures on those same files in
 * the same run: KeyTrail's ingest against DuckDB's bare read_json (the limit) and
 * Node gunzip + JSON.parse (do-it-yourself); an incremental ingest of ~1% new
 * files; each dashboard API warm against the bare engine running the same SQL;
 * each main page's server render and first render in Chromium; store size and
 * server memory. Writes bench/results/<date>-<events>.{md,json} and prints the
 * Markdown. Targets are reported, never asserted. See bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Inputs } from './baselines';
import { measureBrowser } from './browser';
import { dirBytes, fileMb, numArg, removeStore, root, runPhase, work, type PhaseResult, latestLoadtest } from './common';
import { evaluate, markdown, type Result } from './report';
import { ensureBuild, measureHttp, serverPeakRss, startServer, type Server } from './server';
import { startTwin, type Twin } from './twin';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const argv = process.argv.slice(2);
const EVENTS = Math.round(numArg(argv, 'events', 1_000_000));
const DAYS = numArg(argv, 'days', 30);
const RUNS = Math.round(numArg(argv, 'runs', 20));
const PAGE_RUNS = Math.round(numArg(argv, 'page-runs', RUNS));
const BROWSER_RUNS = Math.round(numArg(argv, 'browser-runs', Math.min(RUNS, 10)));
const REBUILD = argv.includes('--build');

// Only these paths are ever removed: bench/.work is shared with the load test.
const logs = path.join(work, 'logs');
const dbPath = path.join(work, 'store.duckdb');
const serverLog = path.join(work, 'server.log');

const log = (m: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}`);
const secs = (p: PhaseResult) => `${(p.ms / 1000).toFixed(1)} s, peak RSS ${p.maxRssMb} MB`;

function versionOf(pkg: string | null): string {
  const p = pkg ? path.join(root, 'node_modules', pkg, 'package.json') : path.join(root, 'package.json');
  return (JSON.parse(fs.readFileSync(p, 'utf8')) as { version: string }).version;
}

function chromiumVersion(): string {
  const r = spawnSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8', timeout: 20_000 });
  return r.status === 0 ? r.stdout.trim().replace(/^Chromium\s+/, '') : 'unknown';
}

/** Formatted as the repository's Prettier config would, so `npm run format:check` stays clean. */
async function writeJson(file: string, value: unknown): Promise<void> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(file)) ?? {};
  fs.writeFileSync(file, await prettier.format(JSON.stringify(value), { ...options, parser: 'json' }));
}

/** `--report <file.json>`: render the Markdown again from a saved result (after a change to the report's wording). */
async function rerender(file: string): Promise<void> {
  const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Result;
  // Targets are evaluated again, so a corrected reading of the issue applies to saved runs too.
  const loadtest = latestLoadtest(path.dirname(path.resolve(file)), saved.events);
  const result: Result = { ...saved, loadtest, targets: evaluate(saved) };
  await writeJson(file, result);
  const md = markdown(result);
  fs.writeFileSync(file.replace(/\.json$/, '.md'), `${md}\n`);
  console.log(md);
}

async function main(): Promise<void> {
  const reportOnly = argv.indexOf('--report');
  if (reportOnly >= 0) return rerender(argv[reportOnly + 1]);
  const loadAvgStart = os.loadavg();
  fs.mkdirSync(work, { recursive: true });
  fs.rmSync(logs, { recursive: true, force: true });
  removeStore(dbPath);

  // The data ends at the current hour; the incremental trail is the last ~1% of the time span
  // (so ~1% of the files and of the events), generated after the full ingest.
  const end = Math.floor(Date.now() / HOUR) * HOUR;
  const incHours = Math.max(1, Math.round((DAYS * 24) / 100));
  const incEvents = Math.max(1, Math.round((EVENTS * incHours) / (DAYS * 24)));
  const fullEnd = new Date(end - incHours * HOUR).toISOString();

  log(`1. generating ${EVENTS.toLocaleString('en-US')} KMS events over ${DAYS} days into ${path.relative(root, logs)}`);
  const genFull = runPhase('phase-generate.ts', [logs, fullEnd, String(DAYS), '42', String(EVENTS)]);
  log(`   ${genFull.files} files, ${genFull.records} records: ${secs(genFull)}`);
  const logsMb = dirBytes(logs) / 2 ** 20;

  log('2. ingest and its baselines, on the same files');
  const limit = runPhase('phase-limit.ts', ['json', logs]);
  log(`   DuckDB read_json (JSON[]): ${limit.records} records, ${secs(limit)}`);
  const limitTyped = runPhase('phase-limit.ts', ['typed', logs]);
  log(`   DuckDB read_json (CloudTrail schema): ${limitTyped.records} records, ${secs(limitTyped)}`);
  const diy = runPhase('phase-diy.ts', [logs]);
  log(`   Node gunzip + JSON.parse: ${diy.records} records, ${secs(diy)}`);
  removeStore(dbPath);
  // Context, not a target: if it cannot run here (one statement over every file), the report goes without it.
  let floor: PhaseResult | undefined;
  try {
    floor = runPhase('phase-floor.ts', [logs, dbPath, String(limit.records)]);
    log(`   DuckDB alone storing the same table: ${floor.eventsStored} events, ${secs(floor)}`);
  } catch (e) {
    log(`   DuckDB alone storing the same table: failed, left out of the report (${(e as Error).message})`);
  }
  removeStore(dbPath);
  const ingest = runPhase('phase-ingest.ts', [logs, dbPath]);
  log(`   KeyTrail ingest: ${ingest.records} records, ${ingest.eventsAdded} events stored, ${secs(ingest)}`);

  const genInc = runPhase('phase-generate.ts', [logs, new Date(end).toISOString(), String(incHours / 24), '7', String(incEvents)]);
  const incremental = runPhase('phase-ingest.ts', [logs, dbPath]);
  log(`   incremental: ${genInc.files} new files, ${incremental.filesRead} read, ${secs(incremental)}`);
  const storeMb = fileMb(dbPath);
  const storeEvents = Number(incremental.storeEvents);

  log(`3. queries: bare engine (${RUNS} runs each)`);
  const range = { from: new Date(end - 7 * DAY).toISOString(), to: new Date(end).toISOString() };
  const bare = runPhase('phase-bare.ts', [dbPath, range.from, range.to, String(RUNS)]) as PhaseResult & {
    inputs: Inputs & { keys: number };
  };
  const inputs: Inputs = {
    ...range,
    keyArn: bare.inputs.keyArn,
    eventId: bare.inputs.eventId,
    eventTime: bare.inputs.eventTime,
    deepCursor: bare.inputs.deepCursor,
  };

  const build = ensureBuild(REBUILD);
  if (build.stale) log('   note: the build is older than the sources (pass --build to rebuild first)');
  log('   starting the production server');
  let server: Server | null = null;
  let twin: Twin | null = null;
  let http: Result['http'];
  let browser: Result['browser'];
  let browserFloor: Result['browserFloor'] = null;
  let processes: Result['server']['processes'];
  try {
    // The copy is taken before the server opens the store (and writes its format stamp to it).
    twin = await startTwin(dbPath, inputs);
    server = await startServer(dbPath, serverLog);
    log(`   ${server.base}: API (each call paired with the bare engine's on a copy of the store) and page server render`);
    http = await measureHttp(server.base, inputs, RUNS, PAGE_RUNS, twin);
    await twin.stop();
    twin = null;
    log('4. pages in headless Chromium');
    try {
      const b = await measureBrowser(server.base, inputs, BROWSER_RUNS);
      browser = b.pages;
      browserFloor = b.floor;
    } catch (e) {
      browser = { error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
      log(`   browser run failed: ${browser.error}`);
    }
    processes = serverPeakRss(server.proc.pid ?? 0);
  } finally {
    await twin?.stop();
    await server?.stop();
  }
  // Again, now the file is free: the HTTP runs sit between the two bare runs (see bareP50).
  log('   bare engine again, after the server');
  let bareAfter: Result['bareAfter'];
  try {
    bareAfter = runPhase('phase-bare.ts', [dbPath, range.from, range.to, String(RUNS)]) as unknown as Result['bareAfter'];
  } catch (e) {
    // The report stands on the first bare run alone (bareP50), rather than losing a long run.
    log(`   bare engine after the server: failed, the ratios use the first run only (${(e as Error).message})`);
  }

  const partial: Omit<Result, 'targets'> = {
    date: new Date().toISOString(),
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    events: EVENTS,
    days: DAYS,
    runs: { api: RUNS, pages: PAGE_RUNS, browser: BROWSER_RUNS },
    range,
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      loadAvgStart,
      loadAvgEnd: os.loadavg(),
    },
    versions: {
      node: process.version,
      duckdb: String(limit.duckdb),
      '@duckdb/node-api': versionOf('@duckdb/node-api'),
      next: versionOf('next'),
      react: versionOf('react'),
      '@playwright/test': versionOf('@playwright/test'),
      chromium: chromiumVersion(),
      keytrail: versionOf(null),
    },
    build,
    generate: { full: genFull, incremental: genInc },
    ingest: { keytrail: ingest, limit, limitTyped, diy, floor, incremental },
    // The bare phase's JSON line, in the shape phase-bare.ts writes (JSON.parse is untyped).
    bare: bare as unknown as Result['bare'],
    bareAfter,
    http,
    browser,
    browserFloor,
    server: { processes, peakRssMb: Math.max(...processes.map((p) => p.vmHwmMb)) },
    size: { storeMb, storeEvents, mbPerMillionEvents: (storeMb / storeEvents) * 1e6, logsMb },
    loadtest: latestLoadtest(path.join(root, 'bench/results'), EVENTS),
  };
  const result: Result = { ...partial, targets: evaluate(partial) };
  const md = markdown(result);
  const out = path.join(root, 'bench/results', `${result.date.slice(0, 10)}-${EVENTS}`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await writeJson(`${out}.json`, result);
  fs.writeFileSync(`${out}.md`, `${md}\n`);
  log(`5. report: ${path.relative(root, out)}.md and .json\n`);
  console.log(md);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
